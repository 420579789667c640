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

from gpyrobotstxt.robots_cc import RobotsMatcher
from gpyrobotstxt.robotsmatchstrategy import RobotsMatchStrategy

_MATCH: Final = RobotsMatchStrategy()
_MAX_STARS: Final = 2  # more stars: Google's matcher (linear), not a regular expression
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


@dataclass(frozen=True)
class _Kind:
    """The patterns of one kind (Allow or Disallow), longest first, then by line."""

    fast: re.Pattern[str] | None  # one alternative per pattern, in that order
    fast_rank: tuple[tuple[int, int, int], ...]  # (priority, order, line) per alternative
    slow: tuple[tuple[int, int, int, str], ...]  # (priority, order, line, pattern)

    @staticmethod
    def build(entries: list[tuple[int, int, int, str]]) -> _Kind:
        entries.sort(key=lambda e: (-e[0], e[1]))
        fast = [e for e in entries if e[3].count("*") <= _MAX_STARS]
        slow = tuple(e for e in entries if e[3].count("*") > _MAX_STARS)
        rx = (re.compile("|".join(f"({_regex(e[3])})" for e in fast), re.DOTALL)
              if fast else None)
        return _Kind(rx, tuple((p, o, ln) for p, o, ln, _ in fast), slow)

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


__all__ = ["CompiledRules", "Decision", "Event", "path_of", "replay"]
