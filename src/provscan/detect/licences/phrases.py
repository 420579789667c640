"""Licence phrases, notices and names in text (tier 1 ``phrase`` findings).

Three kinds, all data in ``licence_phrases.json``:

* grant phrases and standard notices ("Permission is hereby granted, free of charge", the
  Apache/GNU/MPL headers, the first lines of full licence texts), some built from named
  groups (GNU family, version, "or later");
* licence names, but only after a grant ("released under the MIT License", "dual-licensed
  under Apache-2.0 or MIT") or a ``License:`` label; a bare mention is not a grant;
* licence URLs (opensource.org, gnu.org, apache.org, ...) after a grant or label, and in
  ``rel="license"`` links (see ``cc.find_rel_license``).

Phrases that look like licence texts or headers carry a window for the tier-2 matcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from provscan.detect.licences._data import load
from provscan.detect.licences.model import Hit, positions
from provscan.detect.licences.spdx import normalise, token_id

# What a space in a phrase pattern stands for: white space and comment markers, so that
# notices wrapped over "#", "//", " * ", ";;", "--" or "!" lines still match.
_GAP = r"(?:[\s*#/;!%>|-]|\\\\|&nbsp;)+"
_DEFAULT_BEFORE = 600
_DEFAULT_AFTER = 3000
_NAME_SEP = re.compile(r"[\s,_-]+")
_FOLD = re.compile(r"(?:[\s*#/;!%>|]|\\\\)+")


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


def _fill(template: str, groups: dict[str, dict[str, str | None]],
          m: re.Match[str]) -> str | None:
    """Build a licence id from ``template`` and the named groups of ``m``."""
    values: dict[str, str] = {}
    for name in re.findall(r"\{(\w+)\}", template):
        raw = m.group(name)
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


@cache
def _phrases() -> list[_Phrase]:
    out = []
    for p in load("licence_phrases")["phrases"]:
        pattern = p["pattern"].replace(" ", _GAP)
        out.append(_Phrase(
            id=p["id"], anchor=p["anchor"], rx=re.compile(pattern, re.IGNORECASE),
            licence=p.get("licence"), template=p.get("template"), groups=p.get("groups", {}),
            tier2=bool(p.get("tier2")), full_text=bool(p.get("full_text")),
            before=int(p.get("before", _DEFAULT_BEFORE)),
            after=int(p.get("after", _DEFAULT_AFTER)),
        ))
    return out


@cache
def _anchors() -> frozenset[str]:
    return frozenset(p.anchor for p in _phrases())


def _name_key(name: str) -> str:
    return _NAME_SEP.sub("", name.lower())


@cache
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {k: v for k, v in load("licence_phrases")["names"].items() if k != "note"}
    by_key = {_name_key(k): v for k, v in table.items()}
    alts = []
    for name in sorted(table, key=len, reverse=True):
        tokens = [re.escape(t) for t in _NAME_SEP.split(name) if t]
        alts.append(r"[\s,_-]*".join(tokens))
    rx = re.compile(r"(?:the\s+)?(?P<name>" + "|".join(alts) + r")(?![\w+])", re.IGNORECASE)
    return rx, by_key


@dataclass(frozen=True)
class _Grant:
    verbs: re.Pattern[str]  # ends at the word "under" (searched with endpos)
    tail: re.Pattern[str]  # "under the terms of the", matched at "under"
    label: re.Pattern[str]  # "License:", matched at "licen"
    label_prefix: re.Pattern[str]  # what may precede a label on its line
    joiners: re.Pattern[str]  # between two names: ", ", " or ", " and/or the "
    listed: re.Pattern[str]  # "Licensed under either of", matched at "licen"
    bullet: re.Pattern[str]


def _ws(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace(" ", r"\s+"), re.IGNORECASE)


@cache
def _grant() -> _Grant:
    g = load("licence_phrases")["grant"]
    return _Grant(_ws(g["verbs"]), _ws(g["tail"]), _ws(g["line_pattern"]),
                  re.compile(g["line_prefix"]), _ws(g["joiners"]), _ws(g["list_pattern"]),
                  re.compile(g["bullet"]))


def _grants(text: str, low: str) -> list[tuple[int, bool]]:
    """Where licence names may start: after "<verb> under the" or a "License:" label
    (``(pos, False)``), or in the bullets after "Licensed under either of" (``(pos, True)``)."""
    g = _grant()
    starts: list[tuple[int, bool]] = []
    for i in positions(low, "under"):
        if g.verbs.search(text, max(0, i - 60), i) is not None:
            m = g.tail.match(text, i)
            if m is not None:
                starts.append((m.end(), False))
    for i in positions(low, "licen"):
        m = g.label.match(text, i)
        if m is not None:
            line = text.rfind("\n", 0, i) + 1
            if g.label_prefix.fullmatch(text, line, i):
                starts.append((m.end(), False))
        m = g.listed.match(text, i)
        if m is not None:
            starts.append((m.end(), True))
    return starts


def _listed_after(text: str, pos: int, hits: list[Hit]) -> None:
    """Licences named at the start of the (up to 4) bullets that follow ``pos``."""
    bullet = _grant().bullet
    nl = text.find("\n", pos)
    items = 0
    while nl != -1 and items < 4:
        start = nl + 1
        nl = text.find("\n", start)
        b = bullet.match(text, start)
        if b is not None:
            _named_after(text, b.end(), hits)
            items += 1
        elif text[start:nl if nl != -1 else len(text)].strip():
            break


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
        got = _fill(u["template"], u.get("groups", {}), m)
        if got is None:
            continue
        if u.get("spdx_group"):
            return token_id(got)
        return normalise(got)
    return None


_URL_AT = re.compile(r"[<(\[]?\s*(?P<url>https?://[^\s<>()\[\]\"']+)")
_ID_AT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+]")


def name_at(text: str, pos: int = 0) -> tuple[str, int, int] | None:
    """A licence named at ``pos`` (a name, GNU name, licence URL or SPDX id):
    (licence, start, end), or None."""
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


def _named_after(text: str, pos: int, hits: list[Hit]) -> None:
    """Licences named right after a grant or label at ``pos`` ("MIT or Apache-2.0")."""
    joiners = _grant().joiners
    for _ in range(3):
        got = name_at(text, pos)
        if got is None:
            return
        lic, start, end = got
        hits.append(Hit(lic, "phrase", start, end))
        j = joiners.match(text, end)
        if j is None:
            return
        pos = j.end()


def find_phrases(text: str, low: str | None = None, phrases: bool = True,
                 grants: bool = True) -> list[Hit]:
    """Tier-1 phrase findings and tier-2 cue windows in ``text``, and licence names after
    grants. ``low`` is ``text.lower()`` (same length), for the anchor tests."""
    low = text.lower() if low is None else low
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []  # spans of phrases found so far
    full: list[tuple[int, int]] = []  # extents of whole licence texts
    n = len(text)
    present = {a for a in _anchors() if a in low} if phrases else set()
    for p in _phrases() if phrases else ():
        if p.anchor not in present:
            continue
        for m in p.rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            lic = p.licence
            if p.template is not None:
                filled = _fill(p.template, p.groups, m)
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
    for pos, listed in _grants(text, low) if grants else ():
        if listed:
            _listed_after(text, pos, named)
        else:
            _named_after(text, pos, named)
    hits.extend(h for h in named if not any(s <= h.start < e for s, e in full))
    return hits
