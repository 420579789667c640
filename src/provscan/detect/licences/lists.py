"""Licence ids in a list are not grants.

Source files, JSON and YAML that list licence ids or names (``["MIT", "CC-BY-NC-4.0",
...]``, an SPDX id table, a compatibility matrix, ``allow = [...]`` in a dependency
policy) name many licences and grant none. A tier-1 finding is a *list item* when it is
a single token set off like one: quoted, or between list punctuation (``[ , | ( -``
before, ``, ] | ) :`` after, or a line end). Runs of list items close together are
dropped: three or more quoted items, or four or more unquoted ones (a prose grant names
at most three: "dual-licensed under MIT, Apache-2.0 or BSD-3-Clause"); in a document with
eight or more list items, all of them. The ``License:`` fields of a Debian machine-readable
copyright file (``_DEP5``) are grants, one per ``Files:`` paragraph, never list items.
"""

from __future__ import annotations

import re
from typing import Final

from provscan.detect.licences.model import Hit

_MATCHERS: Final = frozenset({"phrase", "cc_phrase", "cc_url"})
_QUOTES: Final = "\"'`"
_BEFORE: Final = _QUOTES + "[,|(-:\n"
_AFTER: Final = _QUOTES + ",]|):;\n"
_GAP: Final = 160  # characters between two items of one list, at most
_MIN_QUOTED: Final = 3
_MIN_BARE: Final = 4
_MAX_STRING: Final = 120
_ID_CHARS: Final = ".+-_"
_STRING_LINE: Final = re.compile(r"""\s*(?:"[^"\n]{1,120}"|'[^'\n]{1,120}'),?\s*$""")
# A document with this many list items is a licence table: every item is dropped, however
# far apart (an SPDX id table interleaves the CC ids with hundreds of others).
_TABLE: Final = 8
# A Debian machine-readable copyright file (copyright-format 1.0): its format line, or a
# ``Files:`` field and a ``License:`` field at line starts.
_DEP5: Final = re.compile(r"^Format:[ \t]*\S*copyright-format/|^Files:[ \t]+\S", re.MULTILINE)
_DEP5_FIELD: Final = re.compile(r"License:[ \t]")


def _in_string(text: str, h: Hit) -> bool:
    """The finding lies in a short quoted string that is itself an item: ``"License ::
    CC0 1.0 Universal (CC0 1.0) Public Domain Dedication",`` in a list of classifiers."""
    line_start = text.rfind("\n", 0, h.start) + 1
    line_end = text.find("\n", h.end)
    line_end = len(text) if line_end == -1 else line_end
    for q in _QUOTES:
        a = text.rfind(q, line_start, h.start)
        b = text.find(q, h.end, line_end)
        if a == -1 or b == -1 or b - a > _MAX_STRING or text.count(q, a + 1, b):
            continue
        before = text[line_start:a].strip()
        after = text[b + 1:line_end].strip()
        if (not before or before[-1] in "[,(:=") and (not after or after[0] in ",])"):
            prev = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1:max(0, line_start - 1)]
            nxt_end = text.find("\n", line_end + 1)
            nxt = text[line_end + 1:len(text) if nxt_end == -1 else nxt_end]
            return bool(_STRING_LINE.match(prev) or _STRING_LINE.match(nxt))
    return False


def _in_field(text: str, h: Hit) -> bool:
    """``h`` is in the ``License:`` field of a Debian copyright paragraph."""
    return _DEP5_FIELD.match(text, text.rfind("\n", 0, h.start) + 1) is not None


def _quote_on_line(text: str, h: Hit) -> bool:
    """A quote character on the line of ``h`` (needed for it to be a string item)."""
    a = text.rfind("\n", 0, h.start) + 1
    b = text.find("\n", h.end)
    line = text[a:len(text) if b == -1 else b]
    return any(q in line for q in _QUOTES)


def _spaced(text: str, h: Hit) -> bool:
    """The finding is several words (a name, not an id)."""
    return any(c.isspace() for c in text[h.start:h.end].strip())


def _item(text: str, h: Hit) -> tuple[bool, bool]:
    """(is a list item, is quoted); an item in a list of strings counts as a whole run."""
    token = text[h.start:h.end]
    if not token:
        return False, False
    if _spaced(text, h):
        inside = _in_string(text, h)
        return inside, inside
    start, end = h.start, h.end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _ID_CHARS):
        start -= 1  # the whole id: "cc-by-2.5-au", not its "cc-by-2.5"
    while end < len(text) and (text[end].isalnum() or text[end] in _ID_CHARS):
        end += 1
    h = Hit(h.licence, h.matcher, start, end)
    a = h.start - 1
    while a >= 0 and text[a] in " \t":
        a -= 1
    b = h.end
    while b < len(text) and text[b] in " \t":
        b += 1
    before = text[a] if a >= 0 else "\n"
    after = text[b] if b < len(text) else "\n"
    quoted = before in _QUOTES and after in _QUOTES
    return before in _BEFORE and after in _AFTER, quoted


def listed(text: str, hits: list[Hit]) -> list[Hit]:
    """``hits`` without the tier-1 findings that are items of a licence list."""
    dep5 = ("Files:" in text or "Format:" in text) and _DEP5.search(text) is not None
    items = sorted((h for h in hits if h.matcher in _MATCHERS and h.licence
                    and not (dep5 and _in_field(text, h))), key=lambda h: h.start)
    drop: set[int] = set()
    if len(items) < _MIN_QUOTED:  # too few for a run or a table: only names in strings
        drop = {id(h) for h in items if _quote_on_line(text, h) and _spaced(text, h)
                and _in_string(text, h)}
        return [h for h in hits if id(h) not in drop] if drop else hits
    marks = [(h, *_item(text, h)) for h in items]
    run: list[tuple[Hit, bool]] = []

    def close() -> None:
        quoted = sum(q for _, q in run)
        if quoted >= _MIN_QUOTED or len(run) >= _MIN_BARE:
            drop.update(id(h) for h, _ in run)
        run.clear()

    if sum(is_item for _, is_item, _ in marks) >= _TABLE:
        drop.update(id(h) for h, is_item, _ in marks if is_item)
    for h, is_item, quoted in marks:
        if is_item and quoted and _spaced(text, h):
            drop.add(id(h))  # a name inside one string of a list of strings
            continue
        if not is_item:
            close()
            continue
        if run and h.start - run[-1][0].end > _GAP:
            close()
        run.append((h, quoted))
    close()
    return [h for h in hits if id(h) not in drop]
