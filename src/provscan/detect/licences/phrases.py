"""Licence phrases, notices and names in text (tier 1 ``phrase`` findings).

Three kinds, all data in ``licence_phrases.json``:

* grant phrases and standard notices ("Permission is hereby granted, free of charge", the
  Apache/GNU/GFDL/MPL headers, the first lines of full licence texts), some built from
  named groups (GNU family, version, "or later"); a bare licence name is not a notice;
* licence names (read by ``names.name_at``), but only where ``grants`` finds a grant
  ("released under the MIT License", "dual-licensed under Apache-2.0 or MIT") or a
  ``License:`` label; a bare mention is not a grant;
* licence URLs (opensource.org, gnu.org, apache.org, ...) after a grant or label, and in
  ``rel="license"`` links (see ``cc.find_rel_license``).

Phrases that look like licence texts or headers carry a window for the tier-2 matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from provscan.detect.licences._data import load
from provscan.detect.licences.grants import find_grants
from provscan.detect.licences.model import GAP, Hit, lowered_pattern
from provscan.detect.licences.names import fill
from provscan.detect.licences.spdx import normalise

_DEFAULT_BEFORE = 600
_DEFAULT_AFTER = 3000
_LEAD_MAX = 160  # characters a phrase's lead may take before its anchor


@dataclass(frozen=True)
class _Phrase:
    id: str
    anchor: str
    rx: re.Pattern[str]
    licence: str | None
    template: str | None
    groups: dict[str, dict[str, str | None]]
    tier2: bool
    full_text: bool
    before: int
    after: int
    lead: re.Pattern[str] | None  # what may stand before the anchor (``_matches``)


@cache
def _phrases() -> list[_Phrase]:
    out = []
    for p in load("licence_phrases")["phrases"]:
        # matched in the lower-cased text, case-sensitively: ``re``'s fast literal scan
        pattern = lowered_pattern(p["pattern"]).replace(" ", GAP)
        out.append(_Phrase(
            id=p["id"], anchor=p["anchor"], rx=re.compile(pattern),
            licence=p.get("licence"), template=p.get("template"), groups=p.get("groups", {}),
            tier2=bool(p.get("tier2")), full_text=bool(p.get("full_text")),
            before=int(p.get("before", _DEFAULT_BEFORE)),
            after=int(p.get("after", _DEFAULT_AFTER)),
            lead=re.compile(f"(?:{lowered_pattern(p['lead']).replace(' ', GAP)})\\Z")
            if p.get("lead") is not None else None,
        ))
    return out


def _matches(p: _Phrase, low: str) -> Iterator[re.Match[str]]:
    """The matches of phrase ``p`` in ``low``, as ``p.rx.finditer(low)`` gives them. A
    phrase whose anchor word is not its first (the GNU notice: "under the terms of the
    Lesser GNU …") is tried only where its ``lead`` ends at an anchor: ``re`` cannot scan
    for a pattern that starts with optional words, it tries them at every position."""
    if p.lead is None:
        yield from p.rx.finditer(low)
        return
    done = 0
    i = low.find(p.anchor)
    while i != -1:
        head = p.lead.search(low, max(done, i - _LEAD_MAX), i) if i >= done else None
        m = p.rx.match(low, head.start()) if head is not None else None
        if m is not None and m.end() > i:
            done = m.end()
            yield m
        i = low.find(p.anchor, i + 1)


@cache
def _anchors() -> dict[str, re.Pattern[str] | None]:
    """Each anchor, with a pattern for those of several words ("public domain"): their
    words may wrap over comment lines ("public\\n// domain"), which a substring test misses."""
    return {p.anchor: re.compile(p.anchor.replace(" ", GAP)) if " " in p.anchor else None
            for p in _phrases()}


def _present(low: str) -> set[str]:
    """The anchors that occur in ``low``."""
    return {a for a, rx in _anchors().items()
            if (a in low if rx is None else rx.search(low) is not None)}


def find_phrases(text: str, low: str | None = None, phrases: bool = True,
                 grants: bool = True, refs: bool = True) -> list[Hit]:
    """Tier-1 phrase findings and tier-2 cue windows in ``text``, and licence names after
    grants. ``low`` is ``text.lower()`` (same length), for the anchor tests; ``phrases``,
    ``grants``, ``refs``: which parts to look for (see ``_grants``)."""
    low = text.lower() if low is None else low
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []  # spans of phrases found so far
    full: list[tuple[int, int]] = []  # extents of whole licence texts
    n = len(text)
    present = _present(low) if phrases else set()
    for p in _phrases() if phrases else ():
        if p.anchor not in present:
            continue
        for m in _matches(p, low):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            lic = p.licence
            if p.template is not None:
                filled = fill(p.template, p.groups, m, text)
                lic = normalise(filled) if filled else None
                if lic is None:
                    continue
            window = (max(0, s - p.before), min(n, e + p.after)) if p.tier2 else None
            hits.append(Hit(lic, "phrase", s, e, window))
            if lic is not None:
                taken.append((s, e))
            if p.full_text:  # a whole licence text: its own sample notice is part of it
                full.append((s, min(n, e + p.after)))
                taken.append(full[-1])
    hits.extend(h for h in find_grants(text, low, grants, refs)
                if not any(s <= h.start < e for s, e in full))
    return hits
