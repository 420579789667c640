"""Licence -> class: permissive, copyleft, non-commercial, no-derivatives, public-domain,
proprietary or unknown, plus flags (attribution, share_alike, nc, nd, field_of_use, ...).

The mapping is data (``licence_classes.json``): explicit ids first, then id patterns (CC
units, GNU families), then the ScanCode LicenseDB category shipped with
``license-expression``. SPDX expressions combine per the reference's section 5.5: ``OR``
takes the least restrictive branch, ``AND`` the most restrictive; ``WITH`` keeps the class
of the licence (an exception only widens it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

import boolean  # type: ignore[import-untyped]
import license_expression

from provscan.detect.licences._data import load
from provscan.detect.licences.model import CLASSES

_RANK = {c: i for i, c in enumerate(CLASSES)}  # 0 = most restrictive


@cache
def _licensing() -> license_expression.Licensing:
    return license_expression.get_spdx_licensing()


@cache
def _patterns() -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    out = []
    for p in load("licence_classes")["patterns"]:
        flags = re.IGNORECASE if p.get("ignore_case") else 0
        out.append((re.compile(p["match"], flags), p["class"], tuple(p["flags"])))
    return out


@cache
def _ids() -> dict[str, tuple[str, tuple[str, ...]]]:
    ids = load("licence_classes")["ids"]
    return {k.lower(): (v["class"], tuple(v["flags"])) for k, v in ids.items()}


@cache
def _scancode_categories() -> dict[str, str]:
    """SPDX id or LicenseRef-scancode id (lower case) -> provscan class, from the
    ScanCode LicenseDB index that ships with license-expression."""
    mapping = load("licence_classes")["scancode_categories"]
    path = resources.files("license_expression").joinpath(
        "data/scancode-licensedb-index.json"
    )
    out: dict[str, str] = {}
    try:
        index = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):  # a trimmed install: explicit ids and patterns still work
        return out
    for entry in index:
        cls = mapping.get(entry.get("category", ""), "unknown")
        for key in (entry.get("spdx_license_key"), *entry.get("other_spdx_license_keys", [])):
            if key and not entry.get("is_deprecated"):
                out.setdefault(key.lower(), cls)
    return out


@lru_cache(maxsize=4096)
def _id_info(licence_id: str) -> tuple[str, tuple[str, ...]]:
    key = licence_id.strip()
    low = key.lower()
    if low in _ids():
        return _ids()[low]
    for rx, cls, flags in _patterns():
        if rx.search(key):
            return cls, flags
    category = _scancode_categories().get(low)
    if category is None and not low.startswith("licenseref-"):
        try:  # deprecated spellings: GPL-2.0 -> GPL-2.0-only, GPL-2.0+ -> -or-later
            norm = str(_licensing().parse(key, validate=False))
        except Exception:  # anything unparsable is simply unknown
            norm = key
        if norm.lower() != low:
            return _id_info(norm)
    if category is None:
        return "unknown", ()
    return category, ("public_domain",) if category == "public-domain" else ()


def class_of_id(licence_id: str) -> str:
    """The class of one licence id (SPDX id or LicenseRef-...)."""
    return _id_info(licence_id)[0]


def most_restrictive(classes: Iterable[str]) -> str | None:
    """The most restrictive of ``classes`` (None for none)."""
    ranked = [c for c in classes if c in _RANK]
    return min(ranked, key=_RANK.__getitem__) if ranked else None


def least_restrictive(classes: Iterable[str]) -> str | None:
    """The least restrictive of ``classes`` (None for none)."""
    ranked = [c for c in classes if c in _RANK]
    return max(ranked, key=_RANK.__getitem__) if ranked else None


def _walk(node: object) -> str:
    if isinstance(node, license_expression.LicenseWithExceptionSymbol):
        return class_of_id(str(node.license_symbol.key))
    if isinstance(node, license_expression.LicenseSymbol):
        return class_of_id(str(node.key))
    if isinstance(node, boolean.OR):
        return least_restrictive(_walk(a) for a in node.args) or "unknown"
    if isinstance(node, boolean.AND):
        return most_restrictive(_walk(a) for a in node.args) or "unknown"
    return "unknown"


@lru_cache(maxsize=8192)
def licence_class(expression: str) -> str:
    """Class of an SPDX expression: ``OR`` takes the least restrictive branch, ``AND`` the
    most restrictive. Unparsable input gives ``unknown``; it never raises."""
    if not isinstance(expression, str) or not expression.strip():
        return "unknown"
    if expression.strip().upper() in ("NOASSERTION", "NONE"):
        return "unknown"
    try:
        parsed = _licensing().parse(expression, validate=False, simple=False)
    except Exception:  # license-expression raises several error types
        return class_of_id(expression)
    if parsed is None:
        return "unknown"
    return _walk(parsed)


@lru_cache(maxsize=8192)
def licence_flags(expression: str) -> frozenset[str]:
    """Union of the flags of every licence named in ``expression`` (attribution,
    share_alike, nc, nd, field_of_use, public_domain, strong/weak_copyleft, version_unknown)."""
    try:
        parsed = _licensing().parse(expression, validate=False)
        keys = [str(s.key) for s in _licensing().license_symbols(parsed, decompose=True)]
    except Exception:  # unparsable: flags of nothing
        keys = [expression]
    flags: set[str] = set()
    for k in keys:
        flags.update(_id_info(k)[1])
    return frozenset(flags)


def document_class(licences: Iterable[str]) -> str | None:
    """Class of a document carrying all of ``licences``: the most restrictive one."""
    return most_restrictive(licence_class(x) for x in licences)
