"""Licence phrases, notices and names in text (tier 1 ``phrase`` findings).

Three kinds, all data in ``licence_phrases.json``:

* grant phrases and standard notices ("Permission is hereby granted, free of charge", the
  Apache/GNU/MPL headers, the first lines of full licence texts), some built from named
  groups (GNU family, version, "or later");
* licence names (read by ``names.name_at``), but only after a grant ("released under the
  MIT License", "dual-licensed under Apache-2.0 or MIT") or a ``License:`` label; a bare
  mention is not a grant;
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
from provscan.detect.licences.model import Hit, lowered_pattern, positions
from provscan.detect.licences.names import fill, may_end_name, name_at
from provscan.detect.licences.spdx import normalise

# What a space in a phrase pattern stands for: white space and comment markers, so that
# notices wrapped over "#", "//", " * ", ";;", "--" or "!" lines still match.
_GAP = r"(?:[\s*#/;!%>|-]|\\\\|&nbsp;)+"
_DEFAULT_BEFORE = 600
_DEFAULT_AFTER = 3000
_LEAD_MAX = 160  # characters a phrase's lead may take before its anchor
_OR = re.compile(r"\bor\b(?!/)", re.IGNORECASE)  # "or", not "and/or"
_REF_TAIL = re.compile(r"[\s-]*licen[cs]ed?\b|\s+as\s+found\b|\s*[,(]?\s*see\b|\s*[.;:]?\s*$",
                       re.IGNORECASE | re.MULTILINE)
_LICENCE_WORD = re.compile(r"licen[cs]e", re.IGNORECASE)
_WORD_START = re.compile(r"(?<![\w.+-])[A-Za-z0-9]")


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
        pattern = lowered_pattern(p["pattern"]).replace(" ", _GAP)
        out.append(_Phrase(
            id=p["id"], anchor=p["anchor"], rx=re.compile(pattern),
            licence=p.get("licence"), template=p.get("template"), groups=p.get("groups", {}),
            tier2=bool(p.get("tier2")), full_text=bool(p.get("full_text")),
            before=int(p.get("before", _DEFAULT_BEFORE)),
            after=int(p.get("after", _DEFAULT_AFTER)),
            lead=re.compile(f"(?:{lowered_pattern(p['lead']).replace(' ', _GAP)})\\Z")
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
def _anchors() -> frozenset[str]:
    return frozenset(p.anchor for p in _phrases())


@dataclass(frozen=True)
class _Grant:
    verbs: re.Pattern[str]  # ends at the word "under" (searched with endpos)
    tail: re.Pattern[str]  # "under the terms of the", matched at "under"
    label: re.Pattern[str]  # "License:", matched at "licen"
    label_prefix: re.Pattern[str]  # what may precede a label on its line
    joiners: re.Pattern[str]  # between two names: ", ", " or ", " and/or the "
    listed: re.Pattern[str]  # "Licensed under either of", matched at "licen"
    bullet: re.Pattern[str]
    # the next three in the lower-cased text, matched a few words back from "by", "terms"
    # and " is " (``_around``)
    by: re.Pattern[str]  # "governed by a"
    terms: re.Pattern[str]  # "according to the terms of the"
    suffix: re.Pattern[str]  # " licensed" after a name ("MIT licensed")
    is_: re.Pattern[str]  # "This file is"


def _ws(pattern: str, gap: str = r"\s+") -> re.Pattern[str]:
    return re.compile(pattern.replace(" ", gap), re.IGNORECASE)


def _low(pattern: str) -> re.Pattern[str]:
    """A grant pattern for the lower-cased text (faster than ``re.IGNORECASE``)."""
    return re.compile(lowered_pattern(pattern).replace(" ", _GAP))


@cache
def _grant() -> _Grant:
    g = load("licence_phrases")["grant"]
    # grant words may wrap over comment lines ("terms and conditions\n# from the")
    return _Grant(_ws(g["verbs"], _GAP), _ws(g["tail"], _GAP), _ws(g["line_pattern"]),
                  re.compile(g["line_prefix"]), _ws(g["joiners"]), _ws(g["list_pattern"]),
                  re.compile(g["bullet"]), _low(g["by_pattern"]), _low(g["terms_pattern"]),
                  # "MIT licensed" on one line: the class holds a space, not a gap
                  re.compile(g["suffix_pattern"], re.IGNORECASE), _low(g["is_pattern"]))


def _grants(text: str, low: str, strict: list[int], referred: list[int], grants: bool = True,
            refs: bool = True) -> list[tuple[int, bool]]:
    """Where licence names may start: after "<verb> under the" or a "License:" label
    (``(pos, False)``), or in the bullets after "Licensed under either of" (``(pos, True)``).
    After "governed by the" or "according to the terms of the" (appended to ``strict``)
    a name counts only as a licence name: "the BSD license", "a MIT-license"; after "This
    file is" (appended to ``referred``) only before "licensed", "as found in", "see" or the
    end of a sentence. ``grants``/``refs``: look for the first two kinds / the last two
    (``prefilter.GRANT``, ``prefilter.REF``)."""
    g = _grant()
    starts: list[tuple[int, bool]] = []
    for i in positions(low, "under") if grants else ():
        if g.verbs.search(text, max(0, i - 60), i) is not None:
            m = g.tail.match(text, i)
            if m is not None:
                starts.append((m.end(), False))
    for i in positions(low, "licen") if grants else ():
        m = g.label.match(text, i)
        if m is not None:
            line = text.rfind("\n", 0, i) + 1
            if g.label_prefix.fullmatch(text, line, i):
                starts.append((m.end(), False))
        m = g.listed.match(text, i)
        if m is not None:
            starts.append((m.end(), True))
    for word, rx, back, words in ((" by ", g.by, 40, 1), (" terms of ", g.terms, 40, 4),
                                  (" is ", g.is_, 30, 2)) if refs else ():
        for i in positions(low, word):
            i_end = i + (24 if word == " is " else len(word) + 12)
            m = _around(rx, low, i, i_end, back, words)
            if m is not None:
                (referred if word == " is " else strict).append(m.end())
    return starts


def _around(rx: re.Pattern[str], low: str, i: int, end: int, back: int,
            words: int) -> re.Match[str] | None:
    """A match of ``rx`` (a grant pattern through position ``i``) that starts one of the
    ``words`` words before ``i`` on its line: a few anchored attempts instead of a search
    over ``back`` characters; the search only when the words wrap over lines."""
    lo = max(0, i - back)
    j = i
    for _ in range(words):
        j = low.rfind(" ", lo, j)
        if j == -1 or "\n" in low[j:i]:
            m = rx.search(low, lo, end)
            return m if m is not None and m.start() <= i < m.end() else None
        m = rx.match(low, j + 1, end)
        if m is not None and m.end() > i:
            return m
    return None


def _named_before(text: str, low: str, hits: list[Hit]) -> None:
    """A licence named right before "licensed" ("MIT licensed", "an Apache2 licensed
    library", "BSD-licensed"): the name must end where the suffix starts."""
    suffix = _grant().suffix
    for i in positions(low, "licen"):
        m = suffix.match(text, i - 1) if i else None
        if m is None or low[max(0, i - 5):i - 1].endswith(("dual", "re")):
            continue
        end = i - 1
        if not may_end_name(text, end):
            continue
        for start in _word_starts(text, max(0, end - 40), end):
            got = name_at(text, start)
            if got is not None and got[2] == end:
                hits.append(Hit(got[0], "phrase", got[1], got[2]))
                break


def _word_starts(text: str, lo: int, hi: int) -> list[int]:
    """Starts of the words in ``text[lo:hi]``, leftmost first (longest candidate name)."""
    return [m.start() for m in _WORD_START.finditer(text, lo, hi)]


def _listed_after(text: str, pos: int, hits: list[Hit]) -> None:
    """Licences named at the start of the (up to 4) bullets that follow ``pos``."""
    bullet = _grant().bullet
    nl = text.find("\n", pos)
    items: list[Hit] = []
    while nl != -1 and len(items) < 4:
        start = nl + 1
        nl = text.find("\n", start)
        b = bullet.match(text, start)
        if b is not None:
            got: list[Hit] = []
            _named_after(text, b.end(), got)
            items.extend(got[:1])
        elif text[start:nl if nl != -1 else len(text)].strip():
            break
    if len(items) > 1:  # "either of" these: the licensee chooses, one OR expression
        expr = " OR ".join(f"({h.licence})" if " " in str(h.licence) else str(h.licence)
                           for h in items)
        hits.append(Hit(normalise(expr) or expr, "phrase", items[0].start, items[-1].end))
    else:
        hits.extend(items)


def _named_after(text: str, pos: int, hits: list[Hit]) -> None:
    """Licences named right after a grant or label at ``pos`` ("MIT or Apache-2.0")."""
    joiners = _grant().joiners
    chain: list[tuple[str, int, int]] = []
    choice = False  # joined by "or": the licensee chooses, one OR expression
    for _ in range(3):
        got = name_at(text, pos)
        if got is None:
            break
        chain.append(got)
        j = joiners.match(text, got[2])
        if j is None:
            break
        choice = choice or _OR.search(j.group(0)) is not None
        pos = j.end()
    if choice and len(chain) > 1:
        expr = " OR ".join(f"({x})" if " " in x else x for x, _, _ in chain)
        hits.append(Hit(normalise(expr) or expr, "phrase", chain[0][1], chain[-1][2]))
    else:
        hits.extend(Hit(lic, "phrase", start, end) for lic, start, end in chain)


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
    present = {a for a in _anchors() if a in low} if phrases else set()
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
    named: list[Hit] = []
    strict: list[int] = []
    referred: list[int] = []
    for pos, listed in _grants(text, low, strict, referred, grants, refs):
        if listed:
            _listed_after(text, pos, named)
        else:
            _named_after(text, pos, named)
    for pos in strict:
        got: list[Hit] = []
        _named_after(text, pos, got)
        named.extend(h for h in got if _LICENCE_WORD.search(text, h.start, h.end + 12))
    for pos in referred:
        got = []
        _named_after(text, pos, got)
        named.extend(h for h in got if _REF_TAIL.match(text, h.end))
    if grants:
        _named_before(text, low, named)
    # a name read twice (as a grant and as the first of an "either of" list) is the list's
    named = [h for h in named if not any(
        o is not h and o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
        for o in named)]
    hits.extend(h for h in named if not any(s <= h.start < e for s, e in full))
    return hits
