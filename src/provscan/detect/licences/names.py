"""Licence names in text (tier 1): the names table, GNU names, licence URLs and SPDX ids
of ``licence_phrases.json``, read at a given position (``name_at``) after a grant or a
label, and ``licence_url`` for links. ``phrases`` decides where a name counts."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from provscan.detect.licences._data import load
from provscan.detect.licences.spdx import normalise, token_id

_NAME_SEP = re.compile(r"[\s,_-]+")
_ABBREV = re.compile(r"\([a-z.-]{2,12}\)")  # "(MPL)" between a name and its version
_VERSION_WORD = re.compile(r"version(?=v?\d)")
_VERSION = re.compile(r"v?\d+(?:\.\d+)*")
_FOLD = re.compile(r"(?:[\s*#/;!%>|]|\\\\)+")


def fill(template: str, groups: dict[str, dict[str, str | None]],
          m: re.Match[str], text: str | None = None) -> str | None:
    """Build a licence id from ``template`` and the named groups of ``m`` (read in
    ``text`` when ``m`` was found in its lower-cased copy)."""
    values: dict[str, str] = {}
    for name in re.findall(r"\{(\w+)\}", template):
        raw = m.group(name)
        if raw is not None and text is not None:
            raw = text[m.start(name):m.end(name)]
        # comment markers inside a wrapped name ("General Public\n * License") fold away
        key = "" if raw is None else _FOLD.sub(" ", raw.lower()).strip()
        table = groups.get(name)
        if table is None:
            values[name] = raw or ""
            continue
        if key.startswith("the "):
            key = key[4:]
        if key in table:
            got = table[key]
        elif key and "*" in table:
            got = table["*"]
        else:
            return None
        values[name] = (raw or "") if got is None else got
    return template.format(**values)


def _name_key(name: str) -> str:
    key = _NAME_SEP.sub("", _ABBREV.sub("", name.lower()))
    return _VERSION_WORD.sub("", key)


@cache
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {k: v for k, v in load("licence_phrases")["names"].items() if k != "note"}
    by_key = {_name_key(k): v for k, v in table.items()}
    alts = []
    for name in sorted(table, key=len, reverse=True):
        tokens = [re.escape(t) for t in _NAME_SEP.split(name) if t]
        if len(tokens) > 1 and _VERSION.fullmatch(tokens[-1].replace("\\", "")):
            # "Mozilla Public License (MPL) version 1.1"
            tokens[-1] = r"(?:\([A-Za-z.-]{2,12}\)[\s,_-]*)?(?:version\s*)?" + tokens[-1]
        alts.append(r"[\s,_-]*".join(tokens))
    rx = re.compile(r"(?:the\s+)?(?P<name>" + "|".join(alts) + r")(?![\w+])", re.IGNORECASE)
    return rx, by_key


@cache
def _gnu() -> tuple[re.Pattern[str], dict[str, Any]]:
    g = load("licence_phrases")["gnu_names"]
    return re.compile(g["pattern"].replace(" ", r"\s+"), re.IGNORECASE), g


@cache
def _urls() -> list[tuple[re.Pattern[str], dict[str, Any]]]:
    return [(re.compile(u["pattern"], re.IGNORECASE), u) for u in load("licence_phrases")["urls"]]


def licence_url(url: str) -> str | None:
    """Licence of a non-CC licence URL (opensource.org, gnu.org, apache.org, ...), or None."""
    for rx, u in _urls():
        m = rx.search(url)
        if m is None:
            continue
        if "licence" in u:
            return str(u["licence"])
        got = fill(u["template"], u.get("groups", {}), m)
        if got is None:
            continue
        if u.get("spdx_group"):
            return token_id(got)
        return normalise(got)
    return None


_URL_AT = re.compile(r"[<(\[]?\s*(?P<url>https?://[^\s<>()\[\]\"']+)")
_ID_AT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+]")


@cache
def _dep5() -> tuple[re.Pattern[str], dict[str, Any]]:
    d = load("licence_phrases")["dep5"]
    return re.compile(d["pattern"], re.IGNORECASE), d


def _dep5_licence(m: re.Match[str], d: dict[str, Any]) -> str | None:
    """The licence of a Debian short name (``GFDL-NIV-1.3+``, ``Expat``, ``Apache-2.0``)."""
    name, v = m.group("name").lower(), m.group("v")
    template = d["versioned"].get(name) if v else None
    if template is None:
        got = d["unversioned"].get(name)
        return str(got) if got else None
    later = d["later"]["*" if m.group("later") else ""]
    got = normalise(template.format(v=v, later=later))
    if got is not None and got.startswith("LicenseRef-") and "." not in v:
        # "MPL-2", "Apache-2": the list spells the version "2.0"
        dotted = normalise(template.format(v=f"{v}.0", later=later))
        return dotted if dotted is not None and not dotted.startswith("LicenseRef-") else got
    return got


def name_at(text: str, pos: int = 0, dep5: bool = False) -> tuple[str, int, int] | None:
    """A licence named at ``pos`` (a name, GNU name, licence URL or SPDX id):
    (licence, start, end), or None. ``dep5``: Debian's short names count too (the value
    of a ``License:`` field)."""
    if dep5:
        rx, d = _dep5()
        m = rx.match(text, pos)
        lic = _dep5_licence(m, d) if m is not None else None
        if m is not None and lic:
            return lic, m.start(), m.end()
    gnu_rx, gnu = _gnu()
    m = gnu_rx.match(text, pos)
    if m is not None:
        lic = _gnu_licence(m, gnu)
        if lic:
            return lic, m.start(), m.end()
    names_rx, by_key = _names()
    m = names_rx.match(text, pos)
    if m is not None:
        return by_key[_name_key(m.group("name"))], m.start(), m.end()
    m = _URL_AT.match(text, pos)
    if m is not None:
        lic = licence_url(m.group("url"))
        return (lic, m.start("url"), m.end("url")) if lic else None
    m = _ID_AT.match(text, pos)
    if m is not None:
        lic = token_id(m.group(0))
        if lic:
            return lic, m.start(), m.end()
    return None


def _gnu_licence(m: re.Match[str], gnu: dict[str, Any]) -> str | None:
    """GPL/LGPL/AGPL id from a GNU licence name: family, version, "or later"."""
    fam_raw = _FOLD.sub(" ", m.group("fam").lower()).strip().removeprefix("the ")
    fam_raw = re.sub(r"^(affero |lesser |library )gnu ", r"\1", fam_raw)  # "Lesser GNU ..."
    fam_raw = re.sub(r"^gnu (?=(?:affero |lesser |library )?general)", "", fam_raw)
    groups = gnu["groups"]
    fam = groups["fam"].get(fam_raw.replace("licence", "license"))
    if fam is None:
        return None
    if not m.group("v"):
        return str(gnu["unversioned"][fam])
    version = groups["v"].get(m.group("v"))
    if version is None or (fam == "GPL" and version == "2.1"):
        return None
    later = groups["later"]["*" if m.group("later") else ""]
    return normalise(f"{fam}-{version}{later}")


_LAST_WORD = re.compile(r"[A-Za-z0-9.+-]*[A-Za-z0-9+]\Z")  # searched with an endpos
_NAME_END_WORDS = frozenset({"license", "licence", "gpl", "lgpl", "agpl", "later", "newer",
                             "higher", "version", "only"})  # GNU names end in these


@cache
def _name_ends() -> frozenset[str]:
    """The words a licence name can end with (lower case), apart from versions and ids."""
    names = (k for k in load("licence_phrases")["names"] if k != "note")
    return _NAME_END_WORDS | {re.findall(r"[a-z0-9+]+", k.lower())[-1] for k in names}


def may_end_name(text: str, end: int) -> bool:
    """Whether a licence name can end at ``end``: the word before it is a version, an
    SPDX id or the last word of a name. A cheap test before trying every word start."""
    if not end or not (text[end - 1].isalnum() or text[end - 1] == "+"):
        return True  # unusual: let the full search decide
    lo = max(0, end - 40)
    start = max(text.rfind(c, lo, end) for c in " \n\t(/,") + 1  # the last word, roughly
    m = _LAST_WORD.search(text, max(start, lo), end)
    if m is None:
        return True
    word = m.group(0)
    low = word.lower()
    return (any(c.isdigit() for c in word) or low in _name_ends()
            or low.rsplit("-", 1)[-1] in _name_ends() or token_id(word) is not None)
