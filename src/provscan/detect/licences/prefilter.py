"""Which documents of a batch tier 1 parses, and with which parsers: Arrow (RE2) only.

One pass over the whole batch (``PREFILTER``) keeps the documents that may carry a licence;
a few more passes over those rows only (``groups``) say which parsers each needs. A row no
group claims (a "driving licence" page, say) is never turned into a Python string.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from provscan.detect.licences._data import load

#: Every tier-1 pattern needs one of these strings; the upper-case names (case-sensitive)
#: catch "released under the GPL".
#: Permission notices without a licence's name or the word "licence" (the FSF's all-permissive
#: notice, TU-Berlin, Zed, NIST, the TeX packages' one-paragraph terms): their grant words.
PERMISSION: Final = (
    r"(?i:permitted\s+(?:provided|as\s+long|in\s+any\s+medium)"
    r"|(?:provided|as\s+long\s+as|so\s+long\s+as)\s+(?:that\s+)?(?:this|the|these|all)"
    r"\s+(?:above\s+|entire\s+)?(?:copyright\s+|permission\s+)?(?:notices?|legend|comment)"
    r"|may\s+(?:be\s+)?freely\s+(?:used|copied|distributed|redistributed|transmitted)"
    r"|unlimited\s+permission|(?:reproduction|and)\s+use\s+rights"
    r"|(?:granted|grant)\s+(?:the\s+)?(?:right|permission)\s+to"
    r"|you\s+may\s+(?:freely\s+)?(?:use|copy|redistribute|distribute)"
    r"|(?:use|copy),\s+modify,?\s+(?:and(?:/or)?\s+)?(?:re)?distribute"
    r"|(?:software|file|code|program|works?|package)\s+(?:is|are)\s+permitted"
    r"|disclaims?\s+(?:all\s+)?copyright|retain\s+this\s+notice)"
)
#: A licence's title on a line of its own ("THE BEER-WARE LICENSE", "SOFA Software License"):
#: looked for with ``PERMISSION`` in ``route`` (``PREFILTER`` keeps such a text for "licen").
TITLE: Final = (
    r"(?m:^[ \t#*/;\"'-]*(?:[A-Z][A-Za-z0-9.-]*[ \t]+)+(?:License|LICENSE|Licence|LICENCE)\b)")
PREFILTER: Final = (
    r"(?i:licen[cs]|creative\s?commons|cc[\s-]?by|cc-?0\b|cc[\s-]zero|public[\s*#/;!%>|-]+domain"
    r"|hereby\s+granted|permission\s+(?:to\s+use|is\s+granted)|redistribution\s+and\s+use"
    r"|lizenz|licentie)"
    r"|\b(?:MIT|[AL]?GPL(?:v\d)?|BSD|MPL|ISC|Apache|WTFPL|EUPL|ODbL)\b|" + PERMISSION
)

# Parser groups, one bit each.
SPDX: Final = 1  # SPDX-License-Identifier lines
CC: Final = 2  # CC URLs and names
REL: Final = 4  # rel="license" / meta licence markup
TEXT: Final = 8  # licence phrases, notices and texts (anchors of licence_phrases.json)
GRANT: Final = 16  # names after "released under", "License:", before "licensed"
NEAR: Final = 32  # some legal vocabulary: tier 2 reads windows around the licence words
WHOLE: Final = 64  # dense legal vocabulary, a licence file: tier 2 reads the whole text
REF: Final = 128  # names after "governed by", "according to the terms of", "This file is"
ALL: Final = SPDX | CC | REL | TEXT | GRANT | NEAR | REF
#: The RE2 passes over the rows ``PREFILTER`` kept: the three cheap parsers (SPDX lines, CC,
#: HTML markup) share one pass, since an alternation runs about as fast as one of its parts;
#: a row it claims runs all three, and each finds nothing where its own group does not match
#: (it reads a subset of what its pattern matches), so the findings are those of one pass
#: per group. The phrase, grant and reference grammars keep a pass each: their Python costs
#: more per row than a pass costs per kept row.
PASSES: Final = (SPDX | CC | REL, TEXT, GRANT, REF)

#: Words of licence texts and notices; their count per document opens tier 2 (``route``).
LEGAL_WORDS: Final = (
    r"(?i)\b(?:licen[cs]\w*|sublicens\w*|copyright\w*|warrant(?:y|ies)|liabilit(?:y|ies)"
    r"|liable|merchantability|infring\w*|redistribut\w*|permission|permitted|royalty"
    r"|patent\w*|hereby|notwithstanding|indemnif\w*|disclaim\w*|terms|conditions"
    r"|provided|distribut\w*|modif\w*|derivative|grant(?:s|ed)?|rights"
    # the same in the languages of the SPDX list's Creative Commons ports (de, nl, fr)
    r"|lizenz\w*|urheberrecht\w*|haftung|bedingungen|rechte|licentie\w*|voorwaarden"
    r"|auteursrecht\w*|droits?|auteur)\b")
NEAR_WORDS: Final = 3  # at least this many legal words: windows around "licen", ...
WHOLE_WORDS: Final = 40  # at least this many ...
WHOLE_DENSITY: Final = 1 / 200  # ... and one per 200 characters: the whole text
SHORT: Final = 8_000  # a short text with legal words or a permission notice goes whole


# What a space in a grant pattern stands for, in RE2: a superset of ``phrases._GAP``
# (white space, comment markers, "&nbsp;") that keeps the automaton small.
_GAP: Final = r"(?:\W|nbsp)+"
# The same for the words of a phrase anchor ("public\n// domain"): ``model.GAP`` in RE2.
_COMMENT_GAP: Final = r"[\s*#/;!%>|\\-]+"


def _grant_patterns(keys: tuple[str, ...], extra: tuple[str, ...] = ()) -> str:
    """Grant patterns of ``licence_phrases.json`` as one RE2 pattern, a superset of what
    ``phrases._grants`` accepts. Only the rows it finds pay for the Python grammar: the
    words alone ("by", "is", "under") are in almost every web page."""
    g = load("licence_phrases")["grant"]
    grammar = [g[k].removesuffix(r"\Z").strip() + (" under" if k.startswith("verbs") else "")
               for k in keys]
    # a bounded repetition ("{0,60}?") becomes unbounded: a superset, and RE2's automaton
    # stays small (it counts a bounded one out in states)
    parts = [re.sub(r"\{\d*,\d+\}\??", "*", p).replace(" ", _GAP) for p in grammar]
    parts += list(extra)
    return "(?i)" + "|".join(f"(?:{p})" for p in parts)


@cache
def groups() -> tuple[tuple[int, str], ...]:
    """(bit, RE2 pattern) per parser group."""
    anchors = sorted({p["anchor"] for p in load("licence_phrases")["phrases"]})
    grant = load("licence_phrases")["grant"]
    return (
        (SPDX, r"(?i)spdx-license-identifier|license-expression:"),
        (CC, r"(?i:creative|licensebuttons|cc-by|domain\s+mark)|CC"),
        (REL, r"(?i)<(?:a|link|area|meta)\b[^>]*?(?:license|dc\.rights)"),
        (TEXT, "(?i)" + "|".join(a.replace(" ", _COMMENT_GAP) for a in anchors)),
        # "<verb> under", a ``License:`` label, "MIT licensed", "license applies to",
        # "(see LICENSE)", "<url> (MIT License)", "/*! x. MIT License. */"
        (GRANT, _grant_patterns(("verbs", "verbs_far"), (
            r"licen[cs]e(?:__)?[\"']?[ \t]*[:=]", grant["suffix_pattern"],
            r"licen[cs]e(?:,? v(?:ersion)?\s*[\d.]+)?[ \t]+appl(?:y|ies)[ \t]+to",
            grant["see_pattern"].removeprefix(r"[ \t]*(?:licen[cs]e[ \t]*)?"),
            # a notice alone (``grants._named_alone``)
            r"https?://[^\s()]+[ \t]*\(",
            r"(?:[.;|][ \t]+|/\*![ \t]*|(?:\([cC]\)|©)[ \t]*\d{4}[\w \t,–-]*?[ \t])"
            r"[A-Z][\w .+-]*licen[cs]e[ \t]*(?:\.|\*/|\n|$)"))),
        (REF, _grant_patterns(("by_pattern", "terms_pattern", "is_pattern", "work_pattern"))),
    )


@cache
def passes() -> tuple[tuple[int, str], ...]:
    """(bits, RE2 pattern) per pass of ``route`` (``PASSES``)."""
    return tuple((bits, "|".join(f"(?:{p})" for b, p in groups() if b & bits))
                 for bits in PASSES)


def route(text: pa.Array, legal: bool = True) -> tuple[list[int], list[int], pa.Array]:
    """Rows to parse, the parser groups each needs, and their texts; ``legal=False``
    leaves out the legal-word count that opens tier 2 (``NEAR``, ``WHOLE``)."""
    mask = pc.fill_null(pc.match_substring_regex(text, PREFILTER), False)
    rows = pc.indices_nonzero(mask)
    if len(rows) == 0:
        return [], [], text.slice(0, 0)
    sub = pc.take(text, rows)
    bits = np.zeros(len(sub), dtype=np.int64)
    for bit, pattern in passes():
        hit = pc.fill_null(pc.match_substring_regex(sub, pattern), False)
        bits |= hit.to_numpy(zero_copy_only=False).astype(np.int64) * bit
    if legal:
        words = pc.count_substring_regex(sub, LEGAL_WORDS).to_numpy(zero_copy_only=False)
        size = pc.utf8_length(sub).to_numpy(zero_copy_only=False)
        bits |= np.where(words >= NEAR_WORDS, NEAR, 0)
        bits |= np.where((words >= WHOLE_WORDS) & (words >= size * WHOLE_DENSITY), WHOLE, 0)
        # windows around the licence words would cut a short licence text (SOFA's 3.9 KB):
        # a short text with some legal vocabulary goes whole
        bits |= np.where((bits & NEAR > 0) & (size <= SHORT), WHOLE, 0)
        # a permission notice (looked for where tier 2 does not read the whole text yet): a
        # short text goes whole, a longer one opens windows around its words (``_CUES``)
        rest = np.flatnonzero(bits & WHOLE == 0)
        if len(rest):
            part = pc.take(sub, pa.array(rest)) if len(rest) < len(sub) else sub
            permit = pc.fill_null(pc.match_substring_regex(part, f"{PERMISSION}|{TITLE}"),
                                  False).to_numpy(
                zero_copy_only=False)
            bits[rest] |= np.where(permit, np.where(size[rest] <= SHORT, WHOLE, NEAR), 0)
    keep = np.flatnonzero(bits)
    picked = pc.take(sub, pa.array(keep)) if len(keep) < len(sub) else sub
    return rows.to_numpy()[keep].tolist(), bits[keep].tolist(), picked
