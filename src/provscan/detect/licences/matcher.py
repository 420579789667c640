"""Tier 2: an accurate licence-text matcher, run only on spans tier 1 flagged.

``TextMatcher`` is the interface; three implementations:

* ``RuleMatcher`` (default): provscan's own 5-gram matcher over every SPDX licence text and
  ScanCode's licence notices (``rules.py``, data ``licence_rules.json.gz``); numpy only,
  ~1 s to load, ~25 MB of arrays.
* ``LicenseClassifierMatcher``: PyPI ``licenseclassifier``, a pure-Python port of
  Google's licensecheck (1.8 MB, loads in ~0.2 s). It recognises licence texts and the
  standard headers, with character offsets, and is tuned against false positives.
* ``ScanCodeMatcher`` (optional extra ``scancode-toolkit-mini``): ScanCode's licensedcode
  index. More complete (notices, tags, names) but 731 MB installed and ~1.4 GB RSS per
  process. **Interface only: not installed or measured in provscan's test runs.**

Both return SPDX expressions normalised the same way as tier 1.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Protocol

from provscan.detect.licences._data import load
from provscan.detect.licences.spdx import licence_ref, normalise


@dataclass(frozen=True)
class TextMatch:
    """A licence recognised in a text: SPDX expression, character span, score if any;
    ``kind`` "text" for a whole licence text (it absorbs the names inside it), else
    "notice"."""

    licence: str
    start: int
    end: int
    score: float | None = None
    kind: str = "notice"


class TextMatcher(Protocol):
    """What tier 2 needs from a licence-text matcher."""

    name: str

    def match(self, text: str) -> list[TextMatch]:
        """Every licence recognised in ``text``, with offsets into ``text``."""
        ...


@cache
def _tier2_ids() -> dict[str, str | None]:
    table = dict(load("licence_phrases")["tier2_ids"])
    table.pop("note", None)
    return table


def map_id(raw: str) -> str | None:
    """A matcher's licence id as provscan reports it (None: not a licence)."""
    table = _tier2_ids()
    if raw in table:
        return table[raw]
    return normalise(raw) or licence_ref(raw)


class RuleMatcher:
    """Tier 2 with provscan's rule base (``rules.RuleIndex``): SPDX licence texts and
    ScanCode notices, matched by shared word 5-grams. ``score`` is the rule's coverage."""

    def __init__(self) -> None:
        from provscan.detect.licences.rules import rule_base_version

        # the index is built on the first text that reaches tier 2: a worker whose units
        # hold no legal vocabulary never pays for it
        self.name = f"licence_rules@{rule_base_version()}"

    def match(self, text: str) -> list[TextMatch]:
        from provscan.detect.licences.rules import rule_index

        out = []
        for m in rule_index().match(text):
            lic = map_id(m.licence)
            if lic is not None:
                out.append(TextMatch(lic, m.start, m.end, m.coverage, m.kind))
        return out


class LicenseClassifierMatcher:
    """Tier 2 with PyPI ``licenseclassifier`` (Google licensecheck, pure Python).

    ``coverage_threshold`` is 0: windows hold other text around the licence, and the
    matcher only reports whole licence texts/headers anyway (its patterns must match).
    """

    def __init__(self, coverage_threshold: float = 0.0) -> None:
        import licenseclassifier

        self._identify = licenseclassifier.identify_license
        self.coverage_threshold = coverage_threshold
        self.name = f"licenseclassifier {licenseclassifier.__version__}"

    def match(self, text: str) -> list[TextMatch]:
        out = []
        for r in self._identify(text, self.coverage_threshold):
            lic = map_id(r.id)
            if lic is not None:
                out.append(TextMatch(lic, r.start, r.end))
        return out


class ScanCodeMatcher:
    """Tier 2 with ScanCode's ``licensedcode`` index (``pip install scancode-toolkit-mini``,
    plus system libmagic and ``pluggy<1.6``; see docs/licences.md).

    Interface only: written against scancode-toolkit 32.x (``get_index().match``,
    ``LicenseMatch.rule.spdx_license_expression()``, ``start_line``/``end_line``,
    ``score()``) but not installed or measured in provscan's tests. Offsets are whole
    lines: ScanCode reports matches by line.
    """

    def __init__(self, min_score: float = 80.0, timeout_s: float = 5.0) -> None:
        from licensedcode.cache import get_index  # type: ignore[import-not-found]

        self._index: Any = get_index()  # 5-10 s and ~1.4 GB RSS, once per process
        self.min_score = min_score
        self.timeout_s = timeout_s
        try:
            from importlib.metadata import version

            v = version("scancode-toolkit-mini")
        except Exception:  # the version is informative only
            v = "unknown"
        self.name = f"scancode-toolkit-mini {v} (unmeasured)"

    def match(self, text: str) -> list[TextMatch]:
        starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                starts.append(i + 1)
        matches = self._index.match(query_string=text, min_score=self.min_score,
                                    deadline=time.time() + self.timeout_s)
        out = []
        for m in matches:
            expr = str(m.rule.spdx_license_expression())
            lic = normalise(expr) or licence_ref(expr)
            s = starts[min(max(m.start_line - 1, 0), len(starts) - 1)]
            e = starts[m.end_line] if 0 <= m.end_line < len(starts) else len(text)
            out.append(TextMatch(lic, s, max(e, s), float(m.score())))
        return out


def get_matcher(kind: Literal["rules", "licenseclassifier", "scancode"] = "rules",
                ) -> TextMatcher:
    """The tier-2 matcher ``kind``; ScanCode must be installed separately."""
    if kind == "scancode":
        return ScanCodeMatcher()
    if kind == "licenseclassifier":
        return LicenseClassifierMatcher()
    return RuleMatcher()
