"""Kinds of documents whose licence mentions need reading in their own way: Debian
machine-readable copyright files (``License:`` paragraphs), NEWS files and ChangeLogs
(items that report changes), Debian changelogs and licence database records."""

from __future__ import annotations

import re
from itertools import pairwise

from provscan.detect.licences.model import Hit

QUALIFIERS = re.compile(r"-no-invariants|-or-later|-only")
# A Debian copyright file's licence label ("License: BSD-2-clause") right before its text
LABEL_LINE = re.compile(r"(?:^|\n)License: *\Z")
LABEL_GAP = 8
# The start of a Debian copyright file's stand-alone licence paragraph (``stanzas``)
STANZA = re.compile(r"\n\n(?=License: *[^\s]+ *\n )")
# A NEWS file ("* Noteworthy changes in release 1.12", "Major changes from 1.3.5 to
# 1.3.6"): its bulleted items report what changed in a release ("* The manual is now
# distributed under the terms of the GNU Free Documentation License"); the notice it may
# end with ("Permission is granted to copy ... this document") is not an item.
NEWS = re.compile(r"(?mi)^[*#=]{0,3} ?(?:noteworthy |major |user-visible |significant )?"
                  r"changes (?:in|from|since|for) (?:release |version )?v?\d")
# A GNU ChangeLog: entries open with a date and an author's address ("Thu May 22 17:28:07
# 2008 Ken Pizzini <ken@gnu.org>", "2021-08-01  Jim Meyering  <meyering@fb.com>"), their
# items ("\t* All: ... the code is now released under GPL-3") report what changed.
CHANGE_ENTRY = re.compile(
    r"(?m)^(?:\d{4}-\d\d-\d\d|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d [\d:]{8}(?: [A-Z]{3,4})? \d{4})"
    r"[ \t]+[^<>\n]{2,80}<[^<>@\s]+@[^<>\s]+>[ \t]*$")
NEWS_HEAD = 20_000  # characters where release headings and entries are looked for
BULLET = re.compile(r"[ \t]*(?:[*+-]|o(?= ))[ \t]")
# A Debian changelog ("colord (1.4.6-2.2) unstable; urgency=medium"): its entries report
# what changed ("d/copyright: refer to the common licence file for CC0-1.0", "drop the
# CC-BY-SA-2.0 test image"), they apply no licence to a work.
CHANGELOG = re.compile(r"[a-z0-9][a-z0-9.+-]* \([^()\s]+\) [a-z0-9, -]+; urgency=\w+")
# The YAML front matter of a licence database record (ScanCode's LicenseDB ``.LICENSE``
# files: ``key:``, ``spdx_license_key:``, ``standard_notice:``): metadata about a licence,
# quoting its notice, applied to nothing. A licence text after it is still read.
RECORD = re.compile(r"---\n(?=key: [a-z0-9.+_-]+\n)(?=(?:[^\n]*\n){0,12}?(?:short_name|spdx_"
                    r"license_key|category): )(?:.*?\n---(?:\n|\Z)|.*\Z)", re.DOTALL)


def is_log(text: str, low: str) -> bool:
    """A NEWS file or a GNU ChangeLog: two release headings or entry headers (``low``:
    the lower-cased text, for the cheap pre-tests)."""
    return (low.count("changes ", 0, NEWS_HEAD) >= 2
            and len(NEWS.findall(text, 0, NEWS_HEAD)) >= 2) or (
        text.count(">\n", 0, NEWS_HEAD) >= 2
        and len(CHANGE_ENTRY.findall(text, 0, NEWS_HEAD)) >= 2)


def news_item(text: str, pos: int) -> bool:
    """Whether ``pos`` lies in a bulleted item ("* The manual is now distributed under
    ..."): its line, or the line its indented continuation lines hang from, opens with a
    bullet."""
    line = text.rfind("\n", 0, pos) + 1
    while line > 0 and text[line:line + 1] in (" ", "\t") and not BULLET.match(text, line):
        line = text.rfind("\n", 0, line - 1) + 1
    return bool(BULLET.match(text, line))


def stanzas(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Window ``a:b`` cut before each ``License:`` stanza of a Debian copyright file.

    Tier 2 places each distinct 5-gram where it first occurs, so a licence text repeated
    with a variation (the MIT text, then the MIT text with the X11 name clause further
    down) is read as one text with its variation far away; alone, each is whole.
    """
    cuts = [m.start() + 1 for m in STANZA.finditer(text, a, b)]
    if len(cuts) < 2:
        return [(a, b)]
    bounds = [a, *(c for c in cuts if c > a), b]
    return [(x, y) for x, y in pairwise(bounds) if y > x]


def labels_of_texts(text: str, hits: list[Hit]) -> list[Hit]:
    """Debian ``License:`` short names that the licence text of their own paragraph
    refines, so that the short name's id is not a licence of its own, here nor where the
    ``Files:`` paragraphs use it: the text of "License: BSD-2-clause" adds the "views and
    conclusions" paragraph (BSD-2-Clause-Views); the notice under "License: GFDL-NIV-1.3"
    says "or any later version" (Debian's short name without "+" reads as "-only")."""
    labels = [h for h in hits if h.matcher == "phrase"
              and LABEL_LINE.search(text, max(0, h.start - 40), h.start)]
    refined = set()
    for h in labels:
        lic = str(h.licence)
        if lic in refined or not text.startswith("\n ", h.end):
            continue  # a stand-alone licence paragraph: its text follows on indented lines
        end = text.find("\n\n", h.end)
        end = len(text) if end == -1 else end
        for t in hits:
            if t is h or not h.end <= t.start < end or t.licence is None:
                continue
            got = str(t.licence)
            if (t.matcher == "text_match" and t.start - h.end <= LABEL_GAP
                    and got.startswith(f"{lic}-") and not QUALIFIERS.fullmatch(got[len(lic):])
                    and not text[h.end:t.start].strip(" \t\n.")) or (
                    lic.endswith("-only") and got == lic.removesuffix("-only") + "-or-later"):
                refined.add(lic)
                break
    return [h for h in labels if str(h.licence) in refined]
