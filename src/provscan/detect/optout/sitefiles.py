"""Site-level opt-out files: ``/.well-known/tdmrep.json`` (TDMRep) and ``/ai.txt``
(Spawning). Each is parsed once per capture (``from_capture``) and then evaluated for
any number of URLs of its host (``evaluate``); neither step raises on bad input.

States (``state``), from the capture's HTTP status:

- ``parsed``: a 2xx body that was read (a body without a status counts as 2xx);
- ``malformed`` (tdmrep.json only): a 2xx body that is not a TDMRep file; ``evaluate``
  returns one ``UNKNOWN`` finding that says what is wrong, never silence;
- ``other_format`` (ai.txt only): a 2xx body in another ``ai.txt`` format (aitxt.ing
  Markdown, an HTML soft-404): no opt-out meaning, no findings;
- ``no_rules``: 4xx, the file does not exist: no findings;
- ``unreachable``: 5xx or a failed fetch (no status, no body): one ``UNKNOWN`` finding;
  TDMRep treats a file it cannot get as absent, so this is evidence, not a reservation;
- ``missing``: nothing to read (a redirect whose target was not captured, a 2xx
  without a stored body): no findings.

Matching (both files): the URL's path plus query, as robots.txt matches (RFC 9309);
``*`` matches any run and a final ``$`` anchors the end, with Google's matcher from
``gpyrobotstxt``; case-sensitive. Both sides are normalised first: percent-encoded
unreserved characters are decoded (TDMRep §3.1), other escapes upper-cased, non-ASCII
characters percent-encoded as UTF-8, and a literal ``*``/``$`` in the URL encoded as
``%2A``/``%24`` (so ``/foo-%24`` matches ``/foo-$``, the spec's example).
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from gpyrobotstxt.robotsmatchstrategy import RobotsMatchStrategy
from gpyrobotstxt.robotstxtparser import RobotsTxtParser

from provscan.detect.optout.model import ALLOWED, RESERVED, UNKNOWN, Finding
from provscan.detect.optout.page import finding

#: A tdmrep.json larger than this is recorded as malformed, not parsed.
MAX_TDMREP_BYTES: Final = 512 * 1024
#: ai.txt content beyond this is ignored, as robots.txt parsers may (RFC 9309 §2.5).
MAX_AITXT_BYTES: Final = 500 * 1024

_UNRESERVED: Final = frozenset(string.ascii_letters + string.digits + "-._~")
_HEX: Final = frozenset(string.hexdigits)
_MATCHER: Final = RobotsMatchStrategy()


def normalise(text: str, *, pattern: bool) -> str:
    """``text`` (a URL path or a rule pattern) in the form both are compared in."""
    if text.isascii() and "%" not in text and (pattern or not ("*" in text or "$" in text)):
        return text  # the common case, without a loop over characters
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        hexa = text[i + 1 : i + 3] if c == "%" else ""
        if len(hexa) == 2 and set(hexa) <= _HEX:
            char = chr(int(hexa, 16))
            out.append(char if char in _UNRESERVED else "%" + hexa.upper())
            i += 3
            continue
        if not c.isascii():
            out.append("".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass")))
        elif not pattern and c in "*$":
            out.append("%2A" if c == "*" else "%24")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def target(url: str) -> str | None:
    """The normalised path and query of ``url`` (or of a bare path), None if unusable."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return normalise(path if path.startswith("/") else "/" + path, pattern=False)


def matches(path: str, pattern: str) -> bool:
    """Whether a normalised ``pattern`` matches a normalised ``path`` (robots.txt rules)."""
    return bool(_MATCHER.matches(path, pattern))


def _status_state(status: int | None, body: bytes | None) -> tuple[str | None, str]:
    """(state, why) from a capture's status; state None means: read the body."""
    if status is None:
        return (None, "") if body is not None else ("unreachable", "the fetch failed")
    if 200 <= status < 300:
        return (None, "") if body is not None else ("missing", f"HTTP {status}, no body stored")
    if 300 <= status < 400:
        return "missing", f"HTTP {status} redirect, its target not captured"
    if 400 <= status < 500:
        return "no_rules", f"HTTP {status}: no file"
    return "unreachable", f"HTTP {status}"


@dataclass(frozen=True)
class _TdmRule:
    index: int
    location: str
    raw: str  # the rule object as JSON text
    reservation: object
    policy: object
    misnamed_policy: bool = False  # 'policy' written for 'tdm-policy'


def _tdm_rules(body: bytes) -> tuple[list[_TdmRule], str]:
    """The rules of a tdmrep.json body, or an empty list and why it is malformed."""
    if len(body) > MAX_TDMREP_BYTES:
        return [], f"file of {len(body)} bytes, over the {MAX_TDMREP_BYTES} read"
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return [], f"not UTF-8 (byte {err.start})"
    if text.lstrip()[:1] == "<":
        return [], "an HTML or XML page, not JSON (a soft 404?)"
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        return [], f"not JSON ({str(err)[:200]})"
    if isinstance(data, dict):
        keys = ", ".join(repr(k) for k in list(data)[:5])
        return [], f"a JSON object (keys {keys}) wrapping the rules; TDMRep wants a top-level array"
    if not isinstance(data, list):
        return [], f"a JSON {type(data).__name__}, not an array of rules"
    rules: list[_TdmRule] = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            return [], f"rules[{i}] is a JSON {type(item).__name__}, not an object"
        location = item.get("location")
        if not isinstance(location, str):
            return [], f"rules[{i}] has no string 'location'"
        raw = json.dumps(item, ensure_ascii=False)
        # A 'policy' key for 'tdm-policy' (seen in third-party guides) misnames an optional
        # field only: the reservation itself is valid, so it is kept and the slip flagged.
        misnamed = "policy" in item and "tdm-policy" not in item
        policy = item.get("policy") if misnamed else item.get("tdm-policy")
        rules.append(_TdmRule(i, location, raw, item.get("tdm-reservation"), policy, misnamed))
    return rules, ""


class TdmrepFile:
    """A captured ``/.well-known/tdmrep.json``: the first rule whose ``location``
    matches a URL decides (TDMRep: "the most specific match is the first in
    sequence", unlike robots.txt's longest match); no match says nothing.

    ``tdm-reservation`` must be 0 or 1; the strings ``"0"``/``"1"`` that sites publish
    are accepted and flagged in the rule; anything else (``true``, ``2``, missing) is a
    protocol error: the matching rule then gives ``UNKNOWN`` (unset), and later rules
    are not consulted. An empty ``location`` matches nothing.
    """

    def __init__(
        self,
        state: str,
        detail: str = "",
        rules: tuple[_TdmRule, ...] = (),
        url: str = "",
        head: str = "",
    ) -> None:
        self.state = state
        self.detail = detail
        self.rules = rules
        self.head = head  # the start of a malformed body, as evidence
        self.url = url or "/.well-known/tdmrep.json"
        self._patterns = [normalise(r.location, pattern=True) for r in rules]

    @classmethod
    def from_capture(cls, status: int | None, body: bytes | None, url: str = "") -> TdmrepFile:
        state, why = _status_state(status, body)
        if state is not None or body is None:
            return cls(state or "missing", why, url=url)
        data = bytes(body)
        rules, why = _tdm_rules(data)
        if why:
            return cls("malformed", why, url=url, head=data[:200].decode("utf-8", "replace"))
        return cls("parsed", "", tuple(rules), url)

    def _finding(self, verdict: str, value: str, rule: str) -> Finding:
        return finding("tdmrep_wellknown", verdict, value, rule)

    def evaluate(self, url: str) -> list[Finding]:
        if self.state == "malformed":
            return [self._finding(UNKNOWN, self.head, f"{self.url} is malformed: {self.detail}")]
        if self.state == "unreachable":
            return [self._finding(UNKNOWN, "", f"{self.url} unreachable ({self.detail})")]
        if self.state != "parsed":
            return []
        path = target(url)
        if path is None:
            return [self._finding(UNKNOWN, url, f"URL {url!r} cannot be parsed")]
        for rule, pattern in zip(self.rules, self._patterns, strict=True):
            if pattern and matches(path, pattern):
                return [self._verdict(rule, path)]
        return []

    def _verdict(self, rule: _TdmRule, path: str) -> Finding:
        value = rule.reservation
        at = f"{self.url} rules[{rule.index}] location {rule.location!r}"
        at += f" is the first to match {path!r}"
        flag = ""
        if isinstance(value, str) and value.strip() in ("0", "1"):
            value, flag = int(value.strip()), " (written as a string; accepted)"
        if type(value) is not int or value not in (0, 1):
            said = "missing" if value is None else f"{value!r}, not 0 or 1"
            why = f"{at}: tdm-reservation {said}, a protocol error, so unset"
            return self._finding(UNKNOWN, rule.raw, why)
        policy = rule.policy if isinstance(rule.policy, str) else None
        if rule.misnamed_policy:
            flag += " (malformed: 'policy' key where TDMRep says 'tdm-policy')"
        if value == 1:
            tail = f"; tdm-policy {policy}" if policy else ""
            why = f"{at}: tdm-reservation 1{flag}, TDM rights reserved{tail}"
            return self._finding(RESERVED, rule.raw, why)
        return self._finding(ALLOWED, rule.raw, f"{at}: tdm-reservation 0{flag}, not reserved")


class _Collector:
    """A ``gpyrobotstxt`` parse handler that keeps the rules of every group."""

    def __init__(self) -> None:
        self.rules: dict[str, list[tuple[int, str, str]]] = {}  # agent key -> rules
        self.names: dict[str, str] = {}  # agent key -> name as first written
        self.agents: list[str] = []
        self.in_rules = False
        self.lines = 0  # User-agent, Allow and Disallow lines seen

    def handle_robots_start(self) -> None: ...

    def handle_robots_end(self) -> None: ...

    def handle_sitemap(self, line: int, value: str) -> None: ...

    def handle_unknown_action(self, line: int, action: str, value: str) -> None: ...

    def handle_user_agent(self, line: int, value: str) -> None:
        self.lines += 1
        if self.in_rules:
            self.agents, self.in_rules = [], False
        name = "*" if value.startswith("*") else (value.split() or [""])[0]
        if name:
            self.agents.append(name.casefold())
            self.names.setdefault(name.casefold(), name)

    def _rule(self, line: int, kind: str, value: str) -> None:
        self.lines += 1
        self.in_rules = True
        if not value:
            return  # "Disallow:" with no value is no rule
        # Rules before any User-agent line are read as applying to all (ai.txt is not
        # robots.txt, and files written by hand often leave the line out).
        if not self.agents:
            self.names.setdefault("*", "*")
        pattern = normalise(value, pattern=True)
        for agent in self.agents or ["*"]:
            self.rules.setdefault(agent, []).append((line, kind, pattern))

    def handle_allow(self, line: int, value: str) -> None:
        self._rule(line, "Allow", value)

    def handle_disallow(self, line: int, value: str) -> None:
        self._rule(line, "Disallow", value)


class AiTxt:
    """A captured Spawning ``/ai.txt``: robots.txt grammar (User-Agent groups,
    ``Allow``/``Disallow``, longest match, ``Allow`` on ties) applied to the asset URL,
    so ``Disallow: *.jpg`` reserves every URL whose path contains ``.jpg``.

    There is no crawler to evaluate for, so every group is evaluated on its own: one
    finding per verdict and matching line, whose rule names the User-Agents it holds
    for. A disallow in any group counts, as a scoped ``noai`` does (see ``page.py``).
    """

    def __init__(
        self,
        state: str,
        detail: str = "",
        collector: _Collector | None = None,
        lines: tuple[str, ...] = (),
        url: str = "",
    ) -> None:
        self.state = state
        self.detail = detail
        self.url = url or "/ai.txt"
        self._rules = collector.rules if collector else {}
        self._names = collector.names if collector else {}
        self._lines = lines

    @classmethod
    def from_capture(cls, status: int | None, body: bytes | None, url: str = "") -> AiTxt:
        state, why = _status_state(status, body)
        if state is not None or body is None:
            return cls(state or "missing", why, url=url)
        data = bytes(body)
        cut = f"content after byte {MAX_AITXT_BYTES} ignored" if len(data) > MAX_AITXT_BYTES else ""
        data = data[:MAX_AITXT_BYTES]
        head = data.lstrip()[:15].lower()
        if head.startswith((b"<!doctype", b"<html", b"<?xml")):
            return cls("other_format", "an HTML or XML page (a soft 404?)", url=url)
        collector = _Collector()
        try:
            RobotsTxtParser(data, collector).parse()
        except Exception as err:  # a parser bug must not stop a scan
            return cls("other_format", f"not readable as robots.txt grammar ({err})", url=url)
        if not collector.lines:
            why = "no User-Agent, Allow or Disallow line (aitxt.ing Markdown or another format)"
            return cls("other_format", why, url=url)
        text = data.decode("utf-8", "replace").removeprefix("\ufeff")
        lines = tuple(re.split(r"\r\n|\r|\n", text))  # as gpyrobotstxt counts them
        return cls("parsed", cut, collector, lines, url)

    def evaluate(self, url: str) -> list[Finding]:
        if self.state == "unreachable":
            return [finding("ai_txt", UNKNOWN, "", f"{self.url} unreachable ({self.detail})")]
        if self.state != "parsed":
            return []
        path = target(url)
        if path is None:
            return [finding("ai_txt", UNKNOWN, url, f"URL {url!r} cannot be parsed")]
        verdicts: dict[tuple[int, str], list[str]] = {}
        for agent, rules in self._rules.items():
            best: tuple[int, bool, int, str] | None = None  # length, is Allow, line, kind
            for line, kind, pattern in rules:
                if matches(path, pattern):
                    rank = (len(pattern), kind == "Allow")  # longest; Allow wins ties
                    if best is None or rank > best[:2]:
                        best = (*rank, line, kind)
            if best is not None:
                verdicts.setdefault((best[2], best[3]), []).append(agent)
        found = sorted(verdicts.items())
        return [self._finding(line, kind, agents, path) for (line, kind), agents in found]

    def _finding(self, line: int, kind: str, agents: list[str], path: str) -> Finding:
        names = [self._names.get(a, a) for a in agents]
        shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
        raw = self._lines[line - 1].strip() if 0 < line <= len(self._lines) else ""
        verdict = ALLOWED if kind == "Allow" else RESERVED
        rule = f"{self.url} line {line} {raw!r} is the longest match for {path!r}"
        rule += f" in the group of User-Agent {shown}"
        if self.detail:
            rule += f" ({self.detail})"
        return finding("ai_txt", verdict, raw, rule)


__all__ = [
    "MAX_AITXT_BYTES",
    "MAX_TDMREP_BYTES",
    "AiTxt",
    "TdmrepFile",
    "matches",
    "normalise",
    "target",
]
