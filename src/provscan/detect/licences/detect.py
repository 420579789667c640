"""Document-level licence detection over a batch: tier 1 on every document, tier 2 on
the spans tier 1 flagged.

Tier 1 is one Arrow (RE2) prefilter over the whole batch; only the rows it keeps are
turned into Python strings and parsed exactly: SPDX-License-Identifier lines, CC URLs and
names, ccREL markup, licence phrases and names after a grant. Phrases that look like a
licence text or header open a window that tier 2 (``matcher.TextMatcher``) reads.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from typing import ParamSpec, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from provscan.detect.licences import _data, doctypes
from provscan.detect.licences.cc import find_cc, find_rel_license, link_hit
from provscan.detect.licences.classes import licence_class, most_restrictive
from provscan.detect.licences.lists import listed
from provscan.detect.licences.matcher import RuleMatcher, TextMatcher
from provscan.detect.licences.model import CLASSES, Hit, LicenceFinding, excerpt
from provscan.detect.licences.names import licence_url
from provscan.detect.licences.phrases import find_phrases
from provscan.detect.licences.prefilter import (
    ALL,
    CC,
    GRANT,
    NEAR,
    REF,
    REL,
    SPDX,
    TEXT,
    WHOLE,
    route,
)
from provscan.detect.licences.spdx import find_spdx_lines

log = logging.getLogger(__name__)
_P = ParamSpec("_P")
_T = TypeVar("_T")

# When two findings of the same licence overlap, the first of these is kept.
_PRIORITY = {m: i for i, m in enumerate(
    ("spdx_id", "cc_rel_license", "cc_url", "text_match", "cc_phrase", "phrase"))}
_FAMILY_REF = "LicenseRef-provscan-"
_FAMILY_TOKEN = re.compile(r"LicenseRef-provscan-[A-Za-z0-9.-]+")
_QUALIFIERS = doctypes.QUALIFIERS
_GNU_VERSION = re.compile(
    r"(?P<fam>A?GPL|LGPL|GFDL)-(?P<v>\d\.\d)(?:-no-invariants)?(?:-only|-or-later)")
# Words around which tier 2 reads a window when a document has some legal vocabulary
# (``prefilter.NEAR``), and how far before and after them.
_CUES = ("licen", "copyright", "permission", "redistribut", "public domain", "permitted",
         "freely", "you may")
_CUE_BEFORE, _CUE_AFTER = 1500, 2500
# Tier-1 findings a whole licence text found by tier 2 absorbs (its own mentions of other
# licences: the GFDL's "CC-BY-SA", the MPL's "Secondary Licenses", the EUPL's appendix).
_ABSORBED = frozenset({"phrase", "cc_phrase", "cc_url"})


class LicenceDetector:
    """Licences found in each document of a batch (see ``detect``).

    ``text_matcher=False`` runs tier 1 only. ``matcher`` replaces the default tier-2
    matcher (``RuleMatcher``), e.g. with ``LicenseClassifierMatcher`` or
    ``ScanCodeMatcher``. Tier 2 reads at most ``max_windows`` windows of at most
    ``max_window_chars`` characters per document.
    """

    def __init__(self, text_matcher: bool = True, matcher: TextMatcher | None = None,
                 max_windows: int = 8, max_window_chars: int = 65_536) -> None:
        self.matcher: TextMatcher | None = None
        if text_matcher:
            self.matcher = matcher if matcher is not None else RuleMatcher()
        self.max_windows = max_windows
        self.max_window_chars = max_window_chars
        self.errors = 0  # documents whose parsing raised (skipped, logged)
        tier2 = f" + tier 2 ({self.matcher.name})" if self.matcher else ""
        self.name = f"provscan licences: tier 1 ({_data.versions()}){tier2}"

    def detect(self, text: pa.Array | pa.ChunkedArray,
               links: pa.Array | pa.ChunkedArray | None = None,
               ) -> tuple[pa.Array, pa.Array, list[LicenceFinding]]:
        """``(licences, licence_class, findings)`` for a batch of documents.

        ``licences``: list<string> per document, distinct and sorted, empty when none;
        ``licence_class``: string per document, the most restrictive class of its
        licences, null when none; ``findings``: the evidence. ``links`` is an optional
        list<string> per document of ``rel="license"`` hrefs. Null texts have no licence.
        """
        arr = _as_text(text)
        n = len(text)
        found: dict[int, list[Hit]] = {}
        findings: list[LicenceFinding] = []
        if n and arr is not None:
            rows, bits, docs = route(arr, legal=self.matcher is not None)
            for row, group, doc in zip(rows, bits, docs.to_pylist(), strict=True):
                hits = self._guard(self.scan_text, doc, groups=group)
                if hits:
                    found[row] = hits
                    findings.extend(_findings(row, doc, hits))
        if links is not None:
            self._links(links, n, found, findings)
        return (*_columns(n, found), findings)

    def scan_text(self, text: str, whole: bool = False, groups: int = ALL) -> list[Hit]:
        """Tier 1 (+ tier 2) on one text; ``whole`` sends the whole text (up to
        ``max_window_chars``) to tier 2, as for a LICENSE file; ``groups`` limits tier 1 to
        the parsers ``prefilter.route`` found a reason to run."""
        low = _lower(text)
        hits: list[Hit] = []
        if groups & SPDX:
            hits += find_spdx_lines(text, low)
        if groups & CC:
            hits += find_cc(text, low)
        if groups & REL:
            hits += find_rel_license(text, licence_url)
        if groups & (TEXT | GRANT | REF):
            hits += find_phrases(text, low, phrases=bool(groups & TEXT),
                                 grants=bool(groups & GRANT), refs=bool(groups & REF))
        windows = [h.window for h in hits if h.window is not None]
        if (whole or groups & WHOLE) and text.strip():
            windows += [(a, min(len(text), a + self.max_window_chars))
                        for a in range(0, len(text), self.max_window_chars)]
        elif groups & NEAR:
            windows += _cue_windows(text, low)
        if self.matcher is not None and windows:
            hits += self._tier2(text, windows, hits)
        record = doctypes.RECORD.match(text)
        if record is not None:  # a licence database record applies none of what it quotes
            hits = [h for h in hits if h.start >= record.end()]
        if doctypes.CHANGELOG.match(text):  # a Debian changelog reports packaging changes
            return []
        if doctypes.is_log(text, low):  # the items of a NEWS file or a GNU ChangeLog report changes
            hits = [h for h in hits if not doctypes.news_item(text, h.start)]
        return _resolve(text, [h for h in hits if h.licence is not None])

    def _tier2(self, text: str, windows: list[tuple[int, int]], tier1: list[Hit],
               ) -> list[Hit]:
        assert self.matcher is not None
        out: list[Hit] = []
        merged = _merge(windows, self.max_window_chars)[: self.max_windows]
        for a, b in merged:
            out += self._match(text, a, b)
        if doctypes.STANZA.search(text):
            # A Debian copyright file: a stanza with a licence text that tier 1 saw and
            # tier 2 did not place there (often a repeated text: ``doctypes.stanzas``) is read
            # again alone, and its findings replace those the whole window placed in it.
            for a, b in (part for w in merged for part in doctypes.stanzas(text, *w)):
                if any(h.window is not None and a <= h.start < b
                       and not any(_overlaps(h, t) for t in out) for h in tier1):
                    out = [t for t in out if not (a < t.end and t.start < b)]
                    out += self._match(text, a, b)
            return out
        # Elsewhere, a licence text that tier 1 sees again after one tier 2 placed (three
        # MIT texts, each with its holder's name clause) is read again from where it opens.
        placed = [h for h in tier1 if h.licence is not None
                  and any(_overlaps(h, t) for t in out)]
        again = [(h.start, h.window[1]) for h in tier1 if h.window is not None
                 and h.licence is not None and not any(_overlaps(h, t) for t in out)
                 and any(o.licence == h.licence and o.start < h.start for o in placed)]
        for a, b in again[: self.max_windows]:
            out += self._match(text, a, b)
        return out

    def _match(self, text: str, a: int, b: int) -> list[Hit]:
        assert self.matcher is not None
        try:
            matches = self.matcher.match(text[a:b])
        except Exception:  # a matcher bug must not stop the scan
            log.exception("tier-2 licence matcher failed on a %d-char window", b - a)
            self.errors += 1
            return []
        return [Hit(m.licence, "text_match", a + m.start, a + m.end,
                    whole_text=m.kind == "text") for m in matches]

    def _links(self, links: pa.Array | pa.ChunkedArray, n: int, found: dict[int, list[Hit]],
               findings: list[LicenceFinding]) -> None:
        arr = links.combine_chunks() if isinstance(links, pa.ChunkedArray) else links
        if len(arr) != n or not (pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type)):
            log.warning("links column ignored: %s of length %d for %d documents",
                        arr.type, len(arr), n)
            return
        flat = pc.list_flatten(arr)
        if len(flat) == 0:
            return
        parents = pc.list_parent_indices(arr).to_pylist()
        for row, link in zip(parents, flat.to_pylist(), strict=True):
            if not isinstance(link, str):
                continue
            hit = self._guard(link_hit, link, licence_url)
            if hit is not None:
                found.setdefault(row, []).append(hit)
                findings.append(_finding(row, link, hit))

    def _guard(self, fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T | None:
        try:
            return fn(*args, **kwargs)
        except Exception:  # one odd document must not stop the scan
            log.exception("licence detection failed on one document; skipped")
            self.errors += 1
            return None


def _as_text(text: pa.Array | pa.ChunkedArray) -> pa.Array | None:
    """One string array for the batch (string views and dictionaries decoded), or None
    for a column that holds no text."""
    arr = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    t = arr.type
    if pa.types.is_dictionary(t):
        t = t.value_type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return arr if t == arr.type else arr.cast(t)
    if pa.types.is_string_view(t):
        return arr.cast(pa.large_string())
    return None


def _lower(text: str) -> str:
    """``text.lower()`` with the same length, so offsets found in it hold in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _cue_windows(text: str, low: str) -> list[tuple[int, int]]:
    """Windows around the licence words of a document (see ``_CUES``)."""
    n = len(text)
    out = []
    for cue in _CUES:
        i = low.find(cue)
        while i != -1:
            out.append((max(0, i - _CUE_BEFORE), min(n, i + _CUE_AFTER)))
            i = low.find(cue, i + _CUE_AFTER)
    return out


def _merge(windows: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Union of overlapping windows, each cut to ``limit`` characters."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(windows):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return [(a, min(b, a + limit)) for a, b in out]


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _resolve(text: str, hits: list[Hit]) -> list[Hit]:
    """One finding per piece of evidence.

    * tier 2 overrides tier-1 phrases it overlaps (it tells BSD-2 from BSD-3, "or later"),
      and a whole licence text absorbs the names and URLs inside it;
    * ids in a list (``lists.listed``) are not grants;
    * overlapping findings of one licence collapse to the most exact matcher;
    * a family without a version ("GPL", "CC BY-SA") is dropped when the document also
      names a versioned member of that family, and an unported CC id when it names the
      port ("CC BY-SA 3.0 DE" next to ``…/by-sa/3.0/de/``).
    """
    if len(hits) < 2:  # nothing to override, collapse or supersede
        return listed(text, hits)
    t2 = [h for h in hits if h.matcher == "text_match"]
    refined = [(h, t) for h in hits if h.matcher == "phrase" for t in t2 if not t.whole_text
               and _overlaps(h, t) and _refines(str(h.licence), str(t.licence))]
    t2 = [t for t in t2 if not any(t is r for _, r in refined)]
    texts = [h for h in t2 if h.whole_text]
    labels = doctypes.labels_of_texts(text, hits)
    kept = [h for h in listed(text, hits) if not any(h is r for _, r in refined)
            and not any(h is x for x in labels) and not (
        h.matcher in ("phrase", "cc_phrase") and any(_overlaps(h, t) for t in t2)) and not (
        h.matcher in _ABSORBED and any(t.start <= h.start and h.end <= t.end for t in texts))]
    kept.sort(key=lambda h: (_PRIORITY[h.matcher], h.start))
    out: list[Hit] = []
    for h in kept:
        if not any(o.licence == h.licence and _overlaps(o, h) for o in out):
            out.append(h)
    names = {h.licence for h in out if h.licence}
    out = [_member_of_family(h, names) for h in out if not _superseded(str(h.licence), names)]
    return sorted(out, key=lambda h: (h.start, h.end))


def _member_of_family(h: Hit, names: set[str]) -> Hit:
    """``h``, with a family inside an expression ("LicenseRef-provscan-Artistic OR
    GPL-1.0-or-later", Debian's ``License: Artistic or GPL-1+``) replaced by the one member
    of that family the document names on its own (the Artistic-1.0-Perl text below)."""
    lic = str(h.licence)
    if " " not in lic or _FAMILY_REF not in lic:
        return h
    singles = [x for x in names if " " not in x]

    def member(m: re.Match[str]) -> str:
        family = m.group(0)[len(_FAMILY_REF):]
        found = {x for x in singles if x.startswith(f"{family}-")}
        return found.pop() if len(found) == 1 and not any(
            c.isdigit() for c in family) else m.group(0)

    refined = _FAMILY_TOKEN.sub(member, lic)
    return h if refined == lic else replace(h, licence=refined)


def _refines(phrase: str, matched: str) -> bool:
    """Tier 1's grammar read a qualifier tier 2's containment cannot see (the extra words
    "or later", "with no Invariant Sections" leave a shorter notice fully covered): the
    phrase's id is the matched id plus "-or-later" or "-no-invariants", or the same GNU
    licence with the version the notice states."""
    if phrase == matched or not phrase.endswith(("-or-later", "-only")):
        return False
    fam, other = _GNU_VERSION.fullmatch(phrase), _GNU_VERSION.fullmatch(matched)
    if fam and other and fam["fam"] == other["fam"] and fam["v"] != other["v"]:
        # the notice's own words "version 2.1 of the License" against a notice rule of
        # version 2.0 that matches nearly as well: the grammar read the number
        return True
    base = _QUALIFIERS.sub("", phrase)
    gained = set(_QUALIFIERS.findall(phrase)) - set(_QUALIFIERS.findall(matched))
    return base == _QUALIFIERS.sub("", matched) and bool(gained & {"-or-later",
                                                                  "-no-invariants"})


def _superseded(licence: str, names: set[str]) -> bool:
    if licence.startswith("CC-"):  # the unported id, when the port is also named
        return any(x.startswith(f"{licence}-") for x in names)
    if not licence.startswith(_FAMILY_REF):
        return False
    family = licence[len(_FAMILY_REF):]
    if any(ch.isdigit() for ch in family):
        return False
    prefixes: tuple[str, ...] = (f"{family}-", f"{_FAMILY_REF}{family}-")
    if family == "CC":
        prefixes = ("CC", f"{_FAMILY_REF}CC-", "LicenseRef-scancode-cc")
    elif family.startswith("CC-"):  # a version of this unit ("CC-BY-4.0"), not "CC-BY-SA"
        return any(x != licence and x.startswith(p) and x[len(p):len(p) + 1].isdigit()
                   for x in names for p in prefixes)
    return any(x != licence and x.startswith(prefixes) for x in names)


def _finding(row: int, text: str, h: Hit) -> LicenceFinding:
    lic = str(h.licence)
    return LicenceFinding(row, lic, licence_class(lic), h.matcher, h.start, h.end,
                          excerpt(text, h.start, h.end))


def _findings(row: int, text: str, hits: list[Hit]) -> list[LicenceFinding]:
    return [_finding(row, text, h) for h in hits]


def _columns(n: int, found: dict[int, list[Hit]]) -> tuple[pa.Array, pa.Array]:
    """The ``licences`` list column and the ``licence_class`` column."""
    counts = np.zeros(n + 1, dtype=np.int32)
    codes = np.full(n, -1, dtype=np.int8)
    values: list[str] = []
    rank = {c: i for i, c in enumerate(CLASSES)}
    for row in sorted(found):
        names = sorted({str(h.licence) for h in found[row]})
        counts[row + 1] = len(names)
        values += names
        cls = most_restrictive(licence_class(x) for x in names)
        if cls is not None:
            codes[row] = rank[cls]
    offsets = pa.array(np.cumsum(counts, dtype=np.int32))
    licences = pa.ListArray.from_arrays(offsets, pa.array(values, pa.string()))
    classes = pc.take(pa.array(CLASSES, pa.string()), pa.array(codes, mask=codes < 0))
    return licences, classes
