"""Creative Commons: licence URLs, ccREL ``rel="license"`` markup and licence names in prose.

The grammar (units, versions, ports, retired units, SPDX ids) is data: ``licence_cc.json``,
after the reference's section 3. A CC licence without a version ("CC BY-SA") is reported
as ``LicenseRef-provscan-CC-BY-SA``: the unit, and so the class, is known; the version is not
guessed. A port without its own SPDX id is reported as the unported id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, Final

from provscan.detect.licences._data import load
from provscan.detect.licences.model import Hit, positions

_URL: Final = re.compile(
    r"(?:https?:)?(?://)?(?:www\.|i\.|mirrors\.)?(?:creativecommons\.org|licensebuttons\.net)"
    r"/(?P<path>(?:licenses|publicdomain|l|p)/[A-Za-z0-9._+/-]{0,100})",
    re.IGNORECASE,
)
# Tier 1 finds literal words first (``positions``) and matches these patterns only there.
_HOSTS = ("creativecommons.org", "licensebuttons.net")
_URL_HEAD: Final = re.compile(r"(?:https?:)?(?://)?(?:www\.|i\.|mirrors\.)?\Z", re.IGNORECASE)
_URL_PATH: Final = re.compile(
    r"/(?P<path>(?:licenses|publicdomain|l|p)/[A-Za-z0-9._+/-]{0,100})", re.IGNORECASE)
_ELEMENT = r"(?:Non[\s-]?Commercial|No[\s-]?Deriv(?:ative)?s?(?:\s+Works)?|Share[\s-]?Alike)"
_LONG: Final = re.compile(  # at "creative"
    r"Creative\s+Commons\s+(?:(?:Legal\s+Code|Licen[cs]e)\s*:?\s+)?"
    rf"(?P<els>Attribution(?:[\s,–—-]{{1,3}}{_ELEMENT}){{0,2}})"
    r"(?:[\s,]+(?:Public\s+)?Licen[cs]e)?"
    r"(?:[\s,(]{1,3}(?:Version\s+|v\.?\s?)?(?P<v>[1-4]\.[05])(?!\d))?",
    re.IGNORECASE,
)
# Abbreviations are case-sensitive ("CC BY-SA 4.0", "CC-BY-NC-4.0"); the lower-case HF tag
# form needs its version ("cc-by-nc-sa-4.0").
_SHORT: Final = re.compile(  # at "CC" or "Creative"
    r"(?:CC|Creative\s+Commons)[\s-](?P<els>BY(?:[\s-](?:NC|ND|SA)){0,2})"
    r"(?![\w]|[\s-](?:NC|ND|SA)\b)(?:[\s-]?(?:v(?:ersion)?\s?)?(?P<v>[1-4]\.[05])(?![\d]))?"
    r"(?(v)|(?!\s+licen[cs]es\b))"  # "CC BY-NC licenses prohibit ...": a kind, not a grant
)
_TAG: Final = re.compile(  # at "cc-by"
    r"cc-(?P<els>by(?:-(?:nc|nd|sa)){0,2})-(?P<v>[1-4]\.[05])(?![\w]|\.\d)", re.IGNORECASE)
_ZERO: Final = re.compile(  # at "CC" or "Creative"
    r"(?:CC0|CC-0|CC[\s-]Zero)(?![\w])(?:[\s-]?(?:v\s?)?1\.0)?(?:\s+Universal)?"
    r"|Creative\s+Commons\s+Zero(?:\s+v?1\.0)?(?:\s+Universal)?"
)
_PDM: Final = re.compile(r"Public\s+Domain\s+Mark(?:\s+1\.0)?", re.IGNORECASE)  # at "public"
_GENERIC_HEAD: Final = re.compile(r"under\s+(?:a|the|an|one\s+of\s+the)\s+\Z", re.IGNORECASE)
_GENERIC: Final = re.compile(r"Creative\s+Commons\s+licen[cs]es?(?![\w])", re.IGNORECASE)
_NOT_BEFORE = frozenset("_#/.-")
# An abbreviation named as an example ("e.g. 'CC BY 4.0'"), or unversioned abbreviations
# that are the subject of what follows ("CC-BY or CC-BY-SA which are 98% similar"), are
# talked about, not applied.
_EXAMPLE: Final = re.compile(
    r"(?:e\.g\.|i\.e\.|such as|for example|example:)[ \t]*[\"'`(]?[ \t]*\Z", re.IGNORECASE)
_SUBJECT: Final = re.compile(r"[ \t]+(?:are|is|which|vs\.?|versus)\b", re.IGNORECASE)
_LIST_JOIN: Final = re.compile(r"[ \t]*(?:,|\bor\b|\band\b)[ \t]*", re.IGNORECASE)
_REL_TAG: Final = re.compile(
    r"<(?:a|link|area)\b[^>]{0,600}?\brel\s*=\s*[\"']?[^\"'>]{0,80}?\blicense\b[^>]{0,600}>"
    r"|<meta\b[^>]{0,300}?\b(?:name|property)\s*=\s*[\"']?(?:dc\.rights|dcterms[.:]license"
    r"|license|cc:license)[\"']?[^>]{0,600}>",
    re.IGNORECASE,
)
_HREF: Final = re.compile(r"\b(?:href|content)\s*=\s*[\"']?(?P<url>[^\"'\s>]+)", re.IGNORECASE)
_JURISDICTION = re.compile(r"[a-z]{2,9}")


@cache
def _grammar() -> dict[str, Any]:
    g = dict(load("licence_cc"))
    g["spdx"] = frozenset(g["spdx_ids"])
    g["ported"] = frozenset(g["ported_spdx_ids"])
    return g


def _unversioned(prefix: str) -> str:
    return str(_grammar()["unversioned"]).format(unit=prefix)


def _versioned(prefix: str, version: str, port: str | None = None) -> str:
    g = _grammar()
    base = f"{prefix}-{version}"
    if port:
        ported = f"{base}-{port.upper()}"
        if ported in g["ported"]:
            return ported
        if base not in g["spdx"]:  # 2.1 exists only as ports
            return f"LicenseRef-provscan-{ported}"
    return base if base in g["spdx"] else f"LicenseRef-provscan-{base}"


def parse_cc_path(path: str) -> str | None:
    """Licence of a creativecommons.org path (``licenses/by-nc-sa/3.0/de/``,
    ``publicdomain/zero/1.0/``, ``l/by/4.0/88x31.png``), or None when it names none."""
    g = _grammar()
    parts = [p for p in path.lower().split("/") if p]
    if len(parts) < 2:
        return None
    kind, unit, rest = parts[0], parts[1], parts[2:]
    if kind in ("publicdomain", "p"):
        got = g["publicdomain"].get(unit)
        return str(got) if got else None
    if unit == "publicdomain":
        return str(g["legacy_publicdomain_path"])
    if unit in g["retired_units"]:
        return str(g["retired_units"][unit])
    prefix = g["units"].get(unit)
    if prefix is None:
        return None
    if not rest or rest[0] not in g["versions"]:
        return _unversioned(prefix)
    port = None
    if len(rest) > 1 and _JURISDICTION.fullmatch(rest[1]) and not rest[1].startswith(
        ("deed", "legalcode", "rdf")
    ):
        port = rest[1]
    return _versioned(prefix, rest[0], port)


def parse_cc_url(url: str) -> str | None:
    """Licence of a CC URL (any scheme, host variant or badge form), or None."""
    m = _URL.search(url)
    return parse_cc_path(m.group("path")) if m else None


def _prefix_of(elements: list[str]) -> str:
    g = _grammar()
    order = g["unit_order"]
    units = sorted(set(elements), key=lambda e: order.index(e) if e in order else 99)
    return "CC-" + "-".join(units)


def _prose_elements(text: str) -> list[str]:
    table: dict[str, str] = _grammar()["prose_elements"]
    out = []
    for raw in re.split(r"[\s,–—]*(?=Non|No|Share)|[\s,–—-]{2,}", text, flags=re.IGNORECASE):
        key = re.sub(r"\s+", " ", raw.strip(" -,").lower())
        if key in table:
            out.append(table[key])
    return out


def _short_elements(text: str) -> list[str]:
    return [e.upper() for e in re.split(r"[\s-]+", text) if e]


def _cc_id(elements: list[str], version: str | None) -> str:
    prefix = _prefix_of(elements)
    return _versioned(prefix, version) if version else _unversioned(prefix)


def _free(text: str, i: int) -> bool:
    """No word character (or ``#/.-``) right before ``i``: a token starts there."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in _NOT_BEFORE)


def _urls(text: str, low: str, hits: list[Hit]) -> None:
    for host in _HOSTS:
        for i in positions(low, host):
            m = _URL_PATH.match(text, i + len(host))
            lic = parse_cc_path(m.group("path")) if m else None
            if m is not None and lic:
                head = _URL_HEAD.search(text, max(0, i - 14), i)
                hits.append(Hit(lic, "cc_url", head.start() if head else i, m.end()))


def _named(text: str, low: str, hits: list[Hit]) -> None:
    starts = [i for i in positions(text, "CC") if _free(text, i)]
    creative = positions(low, "creative")
    for i in creative:
        m = _LONG.match(text, i)
        if m is not None:
            lic = _cc_id(_prose_elements(m.group("els")), m.group("v"))
            hits.append(Hit(lic, "cc_phrase", i, m.end()))
        m = _GENERIC.match(text, i)
        head = _GENERIC_HEAD.search(text, max(0, i - 30), i) if m else None
        if m is not None and head is not None:
            hits.append(Hit(_unversioned("CC"), "cc_phrase", head.start(), m.end()))
    short: list[tuple[re.Match[str], Hit]] = []
    for i in sorted(starts + creative):
        m = _SHORT.match(text, i)
        if m is not None:
            lic = _cc_id(_short_elements(m.group("els")), m.group("v"))
            short.append((m, Hit(lic, "cc_phrase", i, m.end())))
        m = _ZERO.match(text, i)
        if m is not None:
            hits.append(Hit("CC0-1.0", "cc_phrase", i, m.end()))
    for i in positions(low, "cc-by"):
        m = _TAG.match(text, i) if _free(text, i) else None
        if m is not None:
            lic = _cc_id(_short_elements(m.group("els")), m.group("v"))
            hits.append(Hit(lic, "cc_phrase", i, m.end()))
    for i in positions(low, "public"):
        m = _PDM.match(text, i)
        if m is not None:
            hits.append(Hit("CC-PDM-1.0", "cc_phrase", i, m.end()))
    hits.extend(_applied(text, short))


def _applied(text: str, short: list[tuple[re.Match[str], Hit]]) -> list[Hit]:
    """The abbreviations of ``short`` (in text order) that are not talked about: an
    example ("e.g. 'CC BY 4.0'"), or unversioned ones joined in a list whose last item is
    the subject of what follows ("CC-BY or CC-BY-SA which are similar")."""
    out: list[Hit] = []
    run: list[Hit] = []
    for k, (m, h) in enumerate(short):
        line = text.rfind("\n", 0, h.start) + 1
        if _EXAMPLE.search(text, max(line, h.start - 24), h.start) is not None:
            continue
        run.append(h)
        nxt = short[k + 1][1] if k + 1 < len(short) else None
        join = _LIST_JOIN.fullmatch(text, h.end, nxt.start) if nxt is not None else None
        if m.group("v") is None and join is not None:
            continue  # the list goes on
        if m.group("v") is not None or _SUBJECT.match(text, h.end) is None:
            out.extend(run)
        run = []
    return out + run


def find_cc(text: str, low: str | None = None) -> list[Hit]:
    """CC URLs (``cc_url``) and CC licences named in prose (``cc_phrase``). ``low`` is
    ``text.lower()`` of the same length, where the literal words are looked up."""
    low = text.lower() if low is None else low
    hits: list[Hit] = []
    _urls(text, low, hits)
    _named(text, low, hits)
    return hits


def find_rel_license(text: str, url_licence: Callable[[str], str | None]) -> list[Hit]:
    """``<a|link rel="license" href=…>`` and ``<meta name="license|dcterms.license" …>`` in
    raw HTML: the licence of the linked URL (CC grammar, else ``url_licence``)."""
    hits: list[Hit] = []
    if "<" not in text:
        return hits
    for tag in _REL_TAG.finditer(text):
        href = _HREF.search(tag.group(0))
        if href is None:
            continue
        url = href.group("url")
        lic = parse_cc_url(url) or url_licence(url)
        if lic:
            s = tag.start() + href.start("url")
            hits.append(Hit(lic, "cc_rel_license", s, s + len(url)))
    return hits


def link_hit(link: str, url_licence: Callable[[str], str | None]) -> Hit | None:
    """The licence of one ``rel="license"`` href from the links column (offsets in the link)."""
    m = _URL.search(link)
    if m is not None:
        lic = parse_cc_path(m.group("path"))
        if lic:
            return Hit(lic, "cc_rel_license", m.start(), m.end())
    lic = url_licence(link)
    return Hit(lic, "cc_rel_license", 0, len(link)) if lic else None
