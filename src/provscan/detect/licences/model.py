"""What the licence detector returns: findings, and the names used in them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: Classes, most restrictive first (see ``licence_classes.json`` ``order``).
CLASSES: Final = (
    "unknown",
    "proprietary",
    "non-commercial",
    "no-derivatives",
    "copyleft",
    "permissive",
    "public-domain",
)

#: How a finding was made, as it appears in ``LicenceFinding.matcher``.
MATCHERS: Final = (
    "spdx_id",  # SPDX-License-Identifier: line, parsed as an SPDX expression
    "cc_url",  # a creativecommons.org licence / badge URL in the text
    "cc_rel_license",  # a rel="license" link (HTML markup or the links column), CC or known URL
    "cc_phrase",  # a CC licence named in prose ("CC BY-NC 4.0", "Creative Commons Attribution")
    "phrase",  # a grant phrase, notice, or a name after a grant ("released under the MIT License")
    "text_match",  # tier 2: the text matcher recognised a licence text or header
)

EXCERPT_CHARS: Final = 200
#: What a space in a phrase or grant pattern stands for: white space and comment markers,
#: so that notices wrapped over "#", "//", " * ", ";;", "--" or "!" lines still match.
GAP: Final = r"(?:[\s*#/;!%>|-]|\\\\|&nbsp;)+"


@dataclass(frozen=True)
class LicenceFinding:
    """One piece of licence evidence in one document of a batch.

    ``start``/``end`` are character offsets of the evidence in the document text, or in
    the link for ``cc_rel_license`` findings that come from the ``links`` column.
    """

    row: int
    licence: str
    licence_class: str
    matcher: str
    start: int
    end: int
    excerpt: str


@dataclass(frozen=True)
class Hit:
    """A finding before it is tied to a row: what tier 1 or tier 2 found in one text.

    ``window`` is the span to hand to the tier-2 matcher, when the hit looks like a
    licence text or header; ``licence`` is None for cue phrases that only open a window.
    ``whole_text``: tier 2 matched a whole licence text here; the names and notices
    inside it are part of that text, not grants of their own.
    """

    licence: str | None
    matcher: str
    start: int
    end: int
    window: tuple[int, int] | None = None
    whole_text: bool = False


def excerpt(text: str, start: int, end: int) -> str:
    """The evidence text, cut to ``EXCERPT_CHARS``."""
    s = text[start:min(end, start + EXCERPT_CHARS)]
    return s if end - start <= EXCERPT_CHARS else s[: EXCERPT_CHARS - 1] + "…"


def positions(haystack: str, needle: str) -> list[int]:
    """Every start of ``needle`` in ``haystack`` (a fast substring scan, no regex)."""
    out = []
    i = haystack.find(needle)
    while i != -1:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def lowered_pattern(pattern: str) -> str:
    """``pattern`` for lower-cased text, compiled without ``re.IGNORECASE``: its literals
    lower-cased, escapes (``\\S``, ``\\B``) and group names kept. Case-insensitive
    matching disables the fast literal scan of ``re``; on the lower-cased copy of a text
    (same length, so offsets hold) a pattern that starts with a literal is found about
    20 times faster."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):
            j = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:j + 1])
            i = j + 1
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)
