"""Google's robots.txt verdict for many paths at once: one view's rules compiled once.

``robots.RobotsFile`` records a file's groups once; for each set of groups that applies to
some token (a *view*), Google's matcher decides a path by the longest matching ``Allow`` or
``Disallow`` pattern (``*`` any run of characters, a final ``$`` the end of the path), an
``Allow`` winning ties, the first line winning among equally long patterns of one kind,
and ``/index.htm[l]`` in an ``Allow`` also allowing the bare directory. Replaying the
view's events into gpyrobotstxt's ``RobotsMatcher`` (``replay``, kept as the reference)
runs its pattern matcher in Python for every rule and URL. Here each kind's patterns are
sorted by length (then line) and joined into one regular expression, so a path costs one
``re.match`` per kind: the first alternative that matches is the longest pattern, on the
first line. Patterns with more than two ``*`` (a regular expression could backtrack badly
on them) keep Google's matcher. Same verdicts and lines as the reference: property test
in ``tests/test_robots_rules.py``, and the conformance suite through ``RobotsFile``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from gpyrobotstxt.robots_cc import RobotsMatcher
from gpyrobotstxt.robotsmatchstrategy import RobotsMatchStrategy

_MATCH: Final = RobotsMatchStrategy()
_MAX_STARS: Final = 2  # more stars: Google's matcher (linear), not a regular expression
_MAX_GROUPS: Final = 64  # more patterns of one kind: judged path by path
_PATH_START: Final = re.compile(r"[/?;]")

Event = tuple[str, int, str]  # (kind, line, value); kind is "ua", "allow" or "disallow"
#: (priority, line) of the deciding Allow and Disallow; priority -1 where none matched
Decision = tuple[int, int, int, int]


def path_of(url: str) -> str:
    """The path, parameters and query of ``url`` as Google's matcher sees them (its
    ``GetPathParamsQuery``: no scheme, authority or fragment, always starting with "/")."""
    start = 2 if url.startswith("//") else 0
    m = _PATH_START.search(url, start)
    early = m.start() if m else -1
    proto = url.find("://", start)
    if early < proto:  # a path, parameter or query before "://": not a scheme
        proto = -1
    proto = start if proto == -1 else proto + 3
    m = _PATH_START.search(url, proto)
    if m is None:
        return "/"
    begin = m.start()
    hash_pos = url.find("#", start)
    if hash_pos != -1 and hash_pos < begin:
        return "/"
    end = len(url) if hash_pos == -1 else hash_pos
    return url[begin:end] if url[begin] == "/" else "/" + url[begin:end]


def _regex(pattern: str) -> str:
    out = []
    for i, ch in enumerate(pattern):
        if ch == "*":
            out.append(".*")
        elif ch == "$" and i == len(pattern) - 1:
            out.append(r"\Z")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _re2(pattern: str) -> str:
    """``_regex`` for RE2 (Arrow's regular expressions): every character but letters and
    digits as a code point escape, ``$`` for the end (RE2's ``$`` is the end of text)."""
    out = []
    for i, ch in enumerate(pattern):
        if ch == "*":
            out.append(".*")
        elif ch == "$" and i == len(pattern) - 1:
            out.append("$")
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
        else:
            out.append(f"\\x{{{ord(ch):x}}}")
    return "".join(out)


@dataclass(frozen=True)
class _Kind:
    """The patterns of one kind (Allow or Disallow), longest first, then by line."""

    fast: re.Pattern[str] | None  # one alternative per pattern, in that order
    fast_rank: tuple[tuple[int, int, int], ...]  # (priority, order, line) per alternative
    slow: tuple[tuple[int, int, int, str], ...]  # (priority, order, line, pattern)
    groups: str | None  # the alternatives for RE2, one named group each

    @staticmethod
    def build(entries: list[tuple[int, int, int, str]]) -> _Kind:
        entries.sort(key=lambda e: (-e[0], e[1]))
        fast = [e for e in entries if e[3].count("*") <= _MAX_STARS]
        slow = tuple(e for e in entries if e[3].count("*") > _MAX_STARS)
        rx = (re.compile("|".join(f"({_regex(e[3])})" for e in fast), re.DOTALL)
              if fast else None)
        groups = ("^(?s)(?:" + "|".join(f"(?P<g{i}>{_re2(e[3])})" for i, e in enumerate(fast))
                  + ")") if fast else None
        return _Kind(rx, tuple((p, o, ln) for p, o, ln, _ in fast), slow, groups)

    def best_many(self, paths: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
        """``best`` for many paths at once, in RE2: (priority, line) arrays, -1 and 0 where
        no pattern matched. None when this kind has patterns only Google's matcher takes
        (more than two ``*``) or more than ``_MAX_GROUPS``.

        A path matched only by the empty pattern (priority 0) is given -1: it decides
        nothing either way, so the facts are the same (see ``RobotsFile._judge``)."""
        n = len(paths)
        pri, line = np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=np.int64)
        if self.slow or len(self.fast_rank) > _MAX_GROUPS:
            return None
        if self.groups is None:
            return pri, line
        try:
            found = pc.extract_regex(paths, self.groups)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        which = np.full(n, -1, dtype=np.int64)
        for i in range(len(self.fast_rank)):
            text = found.field(i)
            hit = np.asarray(pc.fill_null(pc.greater(pc.binary_length(text), 0), False))
            which[(which < 0) & hit] = i
        rank = np.array(self.fast_rank, dtype=np.int64).reshape(-1, 3)
        matched = which >= 0
        pri[matched] = rank[which[matched], 0]
        line[matched] = rank[which[matched], 2]
        return pri, line

    def best(self, path: str) -> tuple[int, int]:
        """(priority, line) of the deciding pattern for ``path``; (-1, 0) when none."""
        hit: tuple[int, int, int] | None = None
        if self.fast is not None:
            m = self.fast.match(path)
            if m is not None and m.lastindex is not None:
                hit = self.fast_rank[m.lastindex - 1]
        for p, o, ln, pattern in self.slow:
            if hit is not None and (p, -o) <= (hit[0], -hit[1]):
                break  # sorted: nothing after this beats the hit
            if _MATCH.matches(path, pattern):
                hit = (p, o, ln)
                break
        return (hit[0], hit[2]) if hit is not None else (-1, 0)


@dataclass(frozen=True)
class CompiledRules:
    """The ``Allow`` and ``Disallow`` lines of one view, ready for many paths."""

    allow: _Kind
    disallow: _Kind

    @staticmethod
    def build(events: Sequence[Event]) -> CompiledRules:
        allow: list[tuple[int, int, int, str]] = []
        disallow: list[tuple[int, int, int, str]] = []
        for order, (kind, line, value) in enumerate(events):
            if kind == "allow":
                allow.append((len(value), 2 * order, line, value))
                slash = value.rfind("/")
                if slash != -1 and value[slash:].startswith("/index.htm"):
                    # Google: tried only when the pattern itself fails, which the longer
                    # pattern's earlier place in the order gives for free
                    bare = value[: slash + 1] + "$"
                    allow.append((len(bare), 2 * order + 1, line, bare))
            elif kind == "disallow":
                disallow.append((len(value), 2 * order, line, value))
        return CompiledRules(_Kind.build(allow), _Kind.build(disallow))

    def decide(self, path: str) -> Decision:
        """(allow priority, allow line, disallow priority, disallow line) for ``path``."""
        return (*self.allow.best(path), *self.disallow.best(path))

    def decide_many(self, paths: pa.Array) -> np.ndarray | None:
        """``decide`` for many paths as an (n, 4) array, an empty pattern's match given
        as none (see ``_Kind.best_many``); None where RE2 cannot take these rules."""
        allow = self.allow.best_many(paths)
        deny = self.disallow.best_many(paths) if allow is not None else None
        if allow is None or deny is None:
            return None
        return np.stack([*allow, *deny], axis=1)


#: URLs whose path ``paths_of`` takes in RE2: a scheme, "://", an authority without
#: ``/?;#``, then the path, parameters and query up to any fragment.
_URL_PATH: Final = r"^[A-Za-z][A-Za-z0-9+.\-]*://[^/?;#]*(?P<p>[/?;][^#]*)?"


def paths_of(urls: pa.Array) -> pa.Array:
    """``path_of`` of every URL, in Arrow for URLs of the usual form (``_URL_PATH``) and
    by ``path_of`` for the others (no scheme, "//" starts, odd characters)."""
    found = pc.extract_regex(urls, _URL_PATH)
    usual = np.asarray(pc.fill_null(found.is_valid(), False))
    part = found.field("p")
    slash = pc.starts_with(part, "/")
    path = pc.if_else(pc.equal(pc.binary_length(part), 0), pa.scalar("/"),
                      pc.if_else(slash, part, pc.binary_join_element_wise("/", part, "")))
    if usual.all():
        return path
    odd = np.flatnonzero(~usual)
    values = path.to_pylist()
    for i, u in zip(odd.tolist(), urls.take(pa.array(odd)).to_pylist(), strict=True):
        values[i] = path_of(u or "")
    return pa.array(values, pa.string())


def replay(events: Sequence[Event], path: str, agent: str) -> Decision:
    """The reference: ``events`` replayed into Google's ``RobotsMatcher`` for ``agent``
    (the view's user-agent events name either ``*`` or ``agent``)."""
    m = RobotsMatcher()
    m.init_user_agents_and_path([agent], path)
    m.handle_robots_start()
    for kind, line, value in events:
        if kind == "ua":
            m.handle_user_agent(line, value)
        elif kind == "allow":
            m.handle_allow(line, value)
        else:
            m.handle_disallow(line, value)
    a, d = (m._allow._global, m._disallow._global) if all(
        v == "*" for k, _, v in events if k == "ua") else (m._allow._specific,
                                                           m._disallow._specific)
    return (a.priority, a.line, d.priority, d.line)


__all__ = ["CompiledRules", "Decision", "Event", "path_of", "paths_of", "replay"]
