"""Licence names where a text applies them (tier 1 ``phrase`` findings).

A name counts only where the grammar makes it a grant (data: ``licence_phrases.json``
``grant``):

* after "<verb> under the" ("released under the MIT License") or a ``License:`` label
  (where Debian's short names are read too: ``GFDL-NIV-1.3+``, ``Expat``);
* in the bullets after "Licensed under either of";
* after "governed by a" / "according to the terms of the" when it is a licence name
  ("the BSD license"), after "This file is" before "licensed", "as found in" or "see";
* after "the licensing terms for <work>," / "the licence of <work> is" before a comma or
  full stop ("the licensing terms for GTK+, the GNU LGPL, allow");
* right before "licensed" ("MIT licensed", "an Apache2 licensed library"), but not as an
  attribute of other things ("install BSD-licensed header files");
* before "(the) licence applies to" + a work ("The MIT license applies to the files in");
* at the start of a line before a pointer to the licence file ("MIT License (see
  `LICENSE`)").

A bare mention ("the MIT licence is popular") is not a grant. ``prefilter.GRANT`` and
``prefilter.REF`` route to this grammar only the rows that can match it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from provscan.detect.licences._data import load
from provscan.detect.licences.model import GAP, Hit, lowered_pattern, positions
from provscan.detect.licences.names import may_end_name, name_at
from provscan.detect.licences.spdx import normalise, token_id

_OR = re.compile(r"\bor\b(?!/)", re.IGNORECASE)  # "or", not "and/or"
_REF_TAIL = re.compile(r"[\s-]*licen[cs]ed?\b|\s+as\s+found\b|\s*[,(]?\s*see\b|\s*[.;:]?\s*$",
                       re.IGNORECASE | re.MULTILINE)
_LICENCE_WORD = re.compile(r"licen[cs]e", re.IGNORECASE)
_APPOSITIVE_END = re.compile(r"[ \t]*(?:[,.;)]|licen[cs]e\b|$)", re.IGNORECASE | re.MULTILINE)
# "BSD-style open source licenses": kind words between a name and "licence"
_OPEN_LICENCE = re.compile(
    r"(?:[\s-]+(?:open[\s-]?source|free|permissive|software))+[\s-]+licen[cs]e", re.IGNORECASE)
_WORD_START = re.compile(r"(?<![\w.+-])[A-Za-z0-9]")
# "the NumPy (BSD style) license": a project's name, then the licence in parentheses
_PAREN_NAME = re.compile(r"[A-Z][\w.+-]{0,30}\s+\((?=[^()\n]{1,30}\)\s*licen[cs]e\b)")
# "an MIT licensed library", "is BSD-licensed software": what may stand before a name that
# is an attribute; any other word there ("install BSD-licensed header files") makes the
# name describe other things
_ATTRIBUTE_LEAD = frozenset({"a", "an", "is", "are", "was", "be", "being", "its", "fully",
                             "entirely", "also"})
# words after "licensed" that continue a clause instead of naming what is licensed
_CLAUSE_WORDS = frozenset({"and", "or", "but", "under", "by", "as", "since", "from", "in",
                           "on", "with", "for", "to", "at", "except", "unless", "so"})
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
_WRAP = re.compile(r"[*#/;!%>|\\-]|&nbsp;|\\\\")  # what ``GAP`` allows besides white space
# the verbs of ``verbs_far``, looked up before its pattern is tried
_FAR_VERBS = re.compile(r"licen[cs]ed|released|distributed|available|published|provided"
                        r"|offered")
_LONGER_ID = re.compile(r"[-_.]?[A-Za-z0-9]")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]*[A-Za-z0-9+]")
# a licence notice alone (``_named_alone``): "<url> (MIT License)", "/*! x. MIT License. y */"
_URL_PAREN = re.compile(r"https?://[^\s()]+[ \t]*\([ \t]*")
_CLOSE_PAREN = re.compile(r"[ \t]*\)")
_COMMENT_LINE = re.compile(r"[ \t]*(?:/\*|//|#|\*)")
# what may stand before a licence name alone on a comment line: a sentence's end, a
# banner's opening, a copyright year ("Steven Levithan (c) 2008-present MIT License")
_SENTENCE_SEP = re.compile(r"[.;|][ \t]+|/\*![ \t]*|(?:\([cC]\)|©)[ \t]*\d{4}"
                           r"(?:[ \t]*[-–][ \t]*(?:\d{4}|present))?,?[ \t]+")
_SENTENCE_END = re.compile(r"[ \t]*(?:\.(?=\s)|\*/|$)", re.MULTILINE)
# "Classifier: License :: OSI Approved :: MIT License" (a Trove classifier of a Python
# package's metadata, at a line start): the package's licence
_CLASSIFIER = re.compile(r"^Classifier:[ \t]*License[ \t]*::[ \t]*(?:[^:\n]{1,40}::[ \t]*)?",
                         re.MULTILINE)
_PUBLIC_DOMAIN = "LicenseRef-scancode-public-domain"
_FIELD_END = re.compile(r"[ \t]*(?:\([^()\n]{1,20}\))?[ \t]*$", re.MULTILINE)
_SEE_FILE = re.compile(r"see [^\n]{0,30}?(?:licen[cs]e|copying)")  # in the lower-cased text


@dataclass(frozen=True)
class _Ref:
    """A reference pattern, in the lower-cased text, and where to try it (``ref_matches``)."""

    rx: re.Pattern[str]
    marker: str
    words: frozenset[str]
    leads: tuple[str, ...]
    kind: str  # what must follow a name found there (``find_grants``)


@dataclass(frozen=True)
class _Grant:
    verbs: re.Pattern[str]  # ends at the word "under" (searched in ``low`` with endpos)
    verbs_far: re.Pattern[str]  # the same a short phrase before "under" ("released by X as")
    tail: re.Pattern[str]  # "under the terms of the", matched at "under"
    label: re.Pattern[str]  # "License:", matched at "licen"
    label_prefix: re.Pattern[str]  # what may precede a label on its line
    joiners: re.Pattern[str]  # between two names: ", ", " or ", " and/or the "
    listed: re.Pattern[str]  # "Licensed under either of", matched at "licen"
    bullet: re.Pattern[str]
    suffix: re.Pattern[str]  # " licensed" after a name ("MIT licensed")
    applies: re.Pattern[str]  # " license applies to the files", where a name ends
    see: re.Pattern[str]  # " (see `LICENSE`)", where a name ends
    # "governed by a", "according to the terms of the", "This file is", in this order
    refs: tuple[_Ref, ...]


def _ws(pattern: str, gap: str = r"\s+") -> re.Pattern[str]:
    return re.compile(pattern.replace(" ", gap), re.IGNORECASE)


def _low(pattern: str) -> re.Pattern[str]:
    """A grant pattern for the lower-cased text (faster than ``re.IGNORECASE``)."""
    return re.compile(lowered_pattern(pattern).replace(" ", GAP))


@cache
def _grant() -> _Grant:
    g = load("licence_phrases")["grant"]
    # grant words may wrap over comment lines ("terms and conditions\n# from the")
    return _Grant(_low(g["verbs"]), _low(g["verbs_far"]), _ws(g["tail"], GAP),
                  _ws(g["line_pattern"]),
                  re.compile(g["line_prefix"]), _ws(g["joiners"]), _ws(g["list_pattern"]),
                  re.compile(g["bullet"]),
                  # "MIT licensed" on one line: the class holds a space, not a gap
                  re.compile(g["suffix_pattern"], re.IGNORECASE),
                  re.compile(g["applies_pattern"], re.IGNORECASE),
                  re.compile(g["see_pattern"], re.IGNORECASE),
                  tuple(_Ref(_low(g[r.get("pattern", k)]), r["marker"], frozenset(r["words"]),
                             tuple(r["leads"]), r.get("kind", "strict"))
                        for k, r in g["ref_keys"].items()))


@dataclass
class _Starts:
    """Where names may start, by kind (``_starts``)."""

    granted: list[int]  # after "<verb> under the"
    labels: list[int]  # after "License:" (Debian short names too)
    lists: list[int]  # after "Licensed under either of": bullets follow
    strict: list[int]  # after "governed by the", "subject to the terms of": licence names only
    referred: list[int]  # after "This file is": before "licensed", "see", ...
    appositive: list[int]  # after "the licensing terms for GTK+,": before ",", "."


def _starts(text: str, low: str, grants: bool, refs: bool) -> _Starts:
    """Where licence names may start (``_Starts``); ``grants``/``refs``: look for the first
    three kinds / the last two (``prefilter.GRANT``, ``prefilter.REF``)."""
    g = _grant()
    out = _Starts([], [], [], [], [], [])
    for i in positions(low, "under") if grants else ():
        if g.verbs.search(low, max(0, i - 60), i) is not None or (
                _FAR_VERBS.search(low, max(0, i - 140), i - 4) is not None
                and g.verbs_far.search(low, max(0, i - 140), i) is not None):
            m = g.tail.match(text, i)
            if m is not None:
                out.granted.append(m.end())
    for i in positions(low, "licen") if grants else ():
        m = g.label.match(text, i)
        if m is not None:
            line = text.rfind("\n", 0, i) + 1
            if g.label_prefix.fullmatch(text, line, i):
                out.labels.append(m.end())
        m = g.listed.match(text, i)
        if m is not None:
            out.lists.append(m.end())
    for ref in g.refs if refs else ():
        found = ref_matches(low, ref)
        {"referred": out.referred, "appositive": out.appositive}.get(
            ref.kind, out.strict).extend(m.end() for m in found)
    return out


def ref_matches(low: str, ref: _Ref) -> list[re.Match[str]]:
    """The matches of a reference pattern ("governed by a", "according to the terms of the",
    "This file is") in ``low``, tried where its ``marker`` (" by ", " is ") follows one of
    its words: ``re`` cannot scan for a pattern that opens with alternatives, and the words
    "by" and "is" are on every page. A marker after comment markers or a line break
    ("governed\\n# by") is tried by a search over the characters before it."""
    out: list[re.Match[str]] = []
    done = 0
    for i in positions(low, ref.marker):
        if i < done:
            continue
        j = low.rfind(" ", max(0, i - 30), i)
        word = low[j + 1:i]
        if "\n" in word:  # the first word of a line
            j += word.rindex("\n") + 1
            word = low[j + 1:i]
        m = None
        if word in ref.words:
            for lead in ref.leads:
                q = j + 1 - len(lead)
                if q >= 0 and low.startswith(lead, q) and not (q and low[q - 1].isalnum()):
                    m = ref.rx.match(low, q)
                    if m is not None:
                        break
        elif not word.isalpha() and _WRAP.search(word) is not None:  # "governed\n# by"
            m = ref.rx.search(low, max(0, i - 40), i + len(ref.marker) + 12)
            m = m if m is not None and m.start() <= i < m.end() else None
        if m is not None:
            out.append(m)
            done = m.end()
    return out


def _name_ending_at(text: str, end: int) -> tuple[str, int, int] | None:
    """The longest licence name that ends exactly at ``end``."""
    if not may_end_name(text, end):
        return None
    for start in _word_starts(text, max(0, end - 40), end):
        got = name_at(text, start)
        if got is not None and got[2] == end:
            return got
    return None


def _attribute_of_others(text: str, start: int, after: int) -> bool:
    """"install BSD-licensed header files": the name, before "licensed" and a noun, is an
    attribute of other things unless an article or copula stands before it."""
    nxt = _NEXT_WORD.match(text, after)
    if nxt is None or nxt.group(1).lower() in _CLAUSE_WORDS:
        return False  # "MIT licensed", "MIT licensed and ...": said of the work itself
    before = text[max(0, start - 30):start].rstrip(" \t")
    if not before or before[-1] in "\n-–—(:,;[\"'*#/":
        return False
    word = re.search(r"([A-Za-z']+)\Z", before)
    return word is None or word.group(1).lower() not in _ATTRIBUTE_LEAD


def _named_before(text: str, low: str, hits: list[Hit]) -> None:
    """A licence named right before "licensed" ("MIT licensed", "an Apache2 licensed
    library", "BSD-licensed"), or before "license applies to" + a work: the name must end
    where the suffix starts."""
    g = _grant()
    for i in positions(low, "licen"):
        m = g.suffix.match(text, i - 1) if i else None
        if m is None or low[max(0, i - 5):i - 1].endswith(("dual", "re")):
            continue
        got = _name_ending_at(text, i - 1)
        if got is not None and not _attribute_of_others(text, got[1], m.end()):
            hits.append(Hit(got[0], "phrase", got[1], got[2]))
    for i in positions(low, " appl"):
        for end in (i, low.rfind(" licen", max(0, i - 9), i)):
            got = _name_ending_at(text, end) if end > 0 else None
            m = g.applies.match(text, got[2]) if got is not None else None
            if got is not None and m is not None and _LICENCE_WORD.search(
                    text, got[1], m.end()):
                hits.append(Hit(got[0], "phrase", got[1], got[2]))
                break


def _named_at_line_start(text: str, low: str, hits: list[Hit]) -> None:
    """"MIT License (see `LICENSE`)": a name that opens its line (after comment markers)
    and is followed by a pointer to the licence file."""
    g = _grant()
    done = -1
    for i in positions(low, "see "):
        line = text.rfind("\n", 0, i) + 1
        if line <= done or _SEE_FILE.match(low, i) is None:
            continue
        done = line
        prefix = g.label_prefix.match(text, line)
        got = name_at(text, prefix.end() if prefix else line)
        if got is not None and got[2] <= i:
            m = g.see.match(text, got[2])
            if m is not None and m.end() > i:
                hits.append(Hit(got[0], "phrase", got[1], got[2]))


def _named_alone(text: str, low: str, hits: list[Hit]) -> None:
    """A licence name standing alone as a notice: in parentheses right after a URL ("based
    on https://github.com/... (MIT License)"), or as a sentence of its own on a comment
    line ("/*! formdata-polyfill. MIT License. <author> */")."""
    for m in _URL_PAREN.finditer(text) if "://" in text else ():
        got = name_at(text, m.end())
        if got is not None and _CLOSE_PAREN.match(text, got[2]) and (
                _LICENCE_WORD.search(text, got[1], got[2])
                or token_id(text[got[1]:got[2]]) is not None):  # "(MIT)", not "(Apache)"
            hits.append(Hit(got[0], "phrase", got[1], got[2]))
    done = -1
    for i in positions(low, "licen"):
        if i < done or _SENTENCE_END.match(text, i + 7) is None:  # "license." / "licence */"
            continue
        line = text.rfind("\n", 0, i) + 1
        if not _COMMENT_LINE.match(text, line):
            continue
        seps = [m.end() for m in _SENTENCE_SEP.finditer(text, line, i)]
        got = name_at(text, seps[-1]) if seps else None
        if got is not None and got[1] <= i < got[2] and _SENTENCE_END.match(text, got[2]):
            hits.append(Hit(got[0], "phrase", got[1], got[2]))
            done = got[2]


def _classified(text: str, hits: list[Hit]) -> None:
    """The licence of a Trove classifier in Python package metadata."""
    for m in _CLASSIFIER.finditer(text):
        got = name_at(text, m.end())
        if got is None and text.startswith("Public Domain", m.end()):
            got = (_PUBLIC_DOMAIN, m.end(), m.end() + len("Public Domain"))
        if got is not None and _FIELD_END.match(text, got[2]):
            hits.append(Hit(got[0], "phrase", got[1], got[2]))


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


def _named_after(text: str, pos: int, hits: list[Hit], dep5: bool = False) -> None:
    """Licences named right after a grant or label at ``pos`` ("MIT or Apache-2.0");
    ``dep5``: Debian's short names count too (after ``License:``)."""
    joiners = _grant().joiners
    chain: list[tuple[str, int, int]] = []
    choice = False  # joined by "or": the licensee chooses, one OR expression
    for _ in range(3):
        got = name_at(text, pos, dep5)
        if got is None and not chain:
            paren = _PAREN_NAME.match(text, pos)
            got = name_at(text, paren.end()) if paren is not None else None
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


def _labelled(text: str, pos: int, hits: list[Hit]) -> None:
    """Licences named after a ``License:`` label at ``pos``. A name that is only the start
    of a longer id counts as that id if it is an SPDX id ("BSD-2-Clause-Patent"), else
    not at all: "License: MIT-1" is a local short name (a Debian copyright file defines
    its text in a paragraph of its own)."""
    got: list[Hit] = []
    _named_after(text, pos, got, dep5=True)
    for h in got:
        if _LONGER_ID.match(text, h.end) is None:
            hits.append(h)
            continue
        token = _TOKEN.match(text, h.start)
        lic = token_id(token.group(0)) if token is not None else None
        if token is not None and lic is not None:
            hits.append(Hit(lic, "phrase", h.start, token.end()))


def find_grants(text: str, low: str, grants: bool = True, refs: bool = True) -> list[Hit]:
    """Licences named where ``text`` applies them (module docstring); ``low`` is
    ``text.lower()`` of the same length; ``grants``/``refs`` as in ``_starts``."""
    starts = _starts(text, low, grants, refs)
    named: list[Hit] = []
    for pos in starts.granted:
        _named_after(text, pos, named)
    for pos in starts.labels:
        _labelled(text, pos, named)
    for pos in starts.lists:
        _listed_after(text, pos, named)
    for pos in starts.strict:
        got: list[Hit] = []
        _named_after(text, pos, got)
        named.extend(h for h in got if _LICENCE_WORD.search(text, h.start, h.end + 12)
                     or _OPEN_LICENCE.match(text, h.end))
    for pos in starts.referred:
        got = []
        _named_after(text, pos, got)
        named.extend(h for h in got if _REF_TAIL.match(text, h.end))
    for pos in starts.appositive:
        got = []
        _named_after(text, pos, got)
        named.extend(h for h in got if _APPOSITIVE_END.match(text, h.end)
                     or text[h.end - 1:h.end] in (",", ".", ";", ")"))
    if grants:
        _named_before(text, low, named)
        _named_at_line_start(text, low, named)
        _named_alone(text, low, named)
        if "Classifier:" in text:
            _classified(text, named)
    # a name read twice (as a grant and as the first of an "either of" list) is the list's
    return [h for h in named if not any(
        o is not h and o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
        for o in named)]
