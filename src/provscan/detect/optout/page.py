"""Page-level opt-out signals: HTTP response headers and HTML ``<meta>`` tags.

Input is what a web capture holds: the response headers exactly as sent (repeated
headers as separate items) and the ``(name, content)`` pairs of the page's meta tags.
Output is a list of ``Finding`` (see ``model.py``); nothing here decides ``optout``.
Bad input (huge values, garbage, undecodable text) never raises: it gives an
``UNKNOWN`` finding that says what was wrong, or is ignored when it is not a signal.

Decisions (reference: ``optout-signals.md`` §2, §3, §5; tested in
``tests/test_page_signals.py``):

- ``noai``, ``noimageai`` and the rare ``noml`` in ``X-Robots-Tag`` or
  ``<meta name="robots">`` are reservations. Directives are split on commas and
  semicolons, then on spaces, and compared case-insensitively; lines and tags combine
  as a union (one finding per line or tag and crawler scope). ``noimageai`` reserves
  the images only; it still counts, and its rule says so.
- A crawler scope (``X-Robots-Tag: spawningbot: noai``, ``<meta name="CCBot"
  content="noai">``) applies to the directives after it, up to the next scope.
  **A scoped ``noai`` counts whatever the crawler**: ``noai`` has no meaning other
  than "no AI use", so naming any crawler with it states an AI reservation, and the
  corpus usually does not say which crawler collected it. The rule names the crawler,
  so a stricter reading can filter on it. ``unavailable_after:``, ``max-snippet:``
  and the other valued directives are not crawler names.
- A meta tag whose name is neither ``robots`` nor a TDMRep name counts as a crawler
  scope only when its name looks like a crawler token and its content is nothing but
  robots directives (so ``<meta name="keywords" content="noai, art">`` is not one).
- TDMRep (``tdm-reservation``/``tdm-policy``, header names and meta names compared
  case-insensitively): every line or tag is split on commas (libraries join repeated
  headers as ``1, 0``). All valid parts agree: that value; ``1`` and ``0`` both: a
  ``CONFLICT``. Parts other than ``0``/``1`` (``2``, ``"1"``, ``yes``) are protocol
  errors, i.e. unset: ignored next to valid parts, ``UNKNOWN`` alone. ``tdm-policy``
  goes into the finding's value and rule; it never reserves by itself. The ``TDM-a``
  header of the spec's own server examples is not a TDMRep header and is ignored.
- ``Content-Usage`` (AIPREF, draft-ietf-aipref-vocab-07): all lines are joined as one
  RFC 9651 dictionary and parsed with ``http_sf``; a parse failure (``Train-AI=n``)
  makes every preference unknown. Only the tokens ``y``/``n`` count; parameters and
  unknown labels are ignored; a repeated key keeps its last value.
- Historical AIPREF labels (see ``LEGACY_LABELS``) deployed by early adopters: ``n``
  on a label whose draft meaning includes training is a reservation, named with its
  draft in the rule. A broad label (``tdm``, ``all``, ``bots``) with ``n`` is set
  aside (``UNKNOWN``) when a training label says ``y`` in the same dictionary: our
  reading of those drafts' hierarchy, where a child category refines its parent.
  ``y`` on a historical label is ``UNKNOWN``: permission is only read from the
  current vocabulary.
- ``value`` is the header line(s) as ``Name: value``, or the meta tag(s) rebuilt as
  ``<meta name="…" content="…">``, joined by newlines; values and rules are clipped to
  ``MAX_VALUE`` characters.
- ``resolve_tdmrep`` applies the TDMRep order meta > header > ``tdmrep.json``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Final

import http_sf

from provscan.detect.optout.model import (
    ALLOWED,
    CONFLICT,
    OVERRIDDEN,
    RESERVED,
    UNKNOWN,
    Finding,
)

#: Header lines and meta contents longer than this are not parsed (servers reject
#: header fields far smaller; a longer value is garbage or an attack).
MAX_FIELD: Final = 64 * 1024
#: A finding's ``value`` is clipped to this many characters (the rule says so).
MAX_VALUE: Final = 2048
#: The AIPREF vocabulary draft whose processing rules are applied.
AIPREF_DRAFT: Final = "draft-ietf-aipref-vocab-07"

#: Directives that reserve AI use.
NOAI: Final = frozenset({"noai", "noimageai", "noml"})
#: Directives of the form ``name: value``; their name is not a crawler scope.
_VALUED: Final = frozenset(
    {"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"}
)
_ROBOTS_WORDS: Final = NOAI | {
    "all", "none", "index", "noindex", "follow", "nofollow", "noarchive", "nocache",
    "nosnippet", "noimageindex", "notranslate", "noodp", "noydir", "indexifembedded",
}  # fmt: skip
#: Meta names that are never crawler scopes, whatever their content.
_NOT_CRAWLERS: Final = frozenset(
    {"description", "keywords", "news_keywords", "author", "generator", "subject",
     "title", "abstract", "summary", "category", "classification", "copyright", "tags"}
)  # fmt: skip
_CRAWLER: Final = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")

#: Historical AIPREF labels -> (drafts, draft meaning, broad parent category?).
LEGACY_LABELS: Final = {
    "tdm": ("-01", "text and data mining, parent of ai and genai", True),
    "ai": ("-01", "AI training", False),
    "genai": ("-01", "generative AI training", False),
    "all": ("-02", "all automated processing", True),
    "train-genai": ("-02/-03", "generative AI training", False),
    "bots": ("-03/-04", "automated processing", True),
}
_TRAINING_LABELS: Final = frozenset({"train-ai", "ai", "genai", "train-genai"})

#: TDMRep precedence, highest last.
TDMREP_ORDER: Final = ("tdmrep_wellknown", "tdmrep_header", "tdmrep_meta")
_EFFECTIVE: Final = frozenset({RESERVED, ALLOWED, CONFLICT})

_Line = tuple[int, str, str]  # position (1-based), raw text, value


def clip(text: str) -> str:
    """``text``, cut to ``MAX_VALUE`` characters with a note of how much was cut."""
    if len(text) <= MAX_VALUE:
        return text
    return f"{text[:MAX_VALUE]}… [clipped, {len(text)} characters in all]"


def finding(signal: str, verdict: str, value: str, rule: str) -> Finding:
    """A ``Finding`` with its value and rule clipped (bad input can be megabytes)."""
    return Finding(signal, verdict, clip(value), clip(rule))


def _text(value: object) -> str:
    """A header or attribute value as text, whatever the caller handed over."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("latin-1")  # HTTP field octets, never fails
    return "" if value is None else str(value)


def _noai_scopes(text: str, crawler: str | None) -> dict[str | None, list[str]]:
    """AI directives per crawler scope (None: all crawlers) in one robots value."""
    found: dict[str | None, list[str]] = {}
    scope = crawler
    for item in text.replace(";", ",").split(","):
        head, colon, rest = item.partition(":")
        if colon:
            name = head.strip()
            if name.lower() in _VALUED or not _CRAWLER.fullmatch(name):
                continue  # "unavailable_after: <date>", date fragments, garbage
            scope, item = name, rest
        for word in item.split():
            directive = word.lower()
            if directive in NOAI and directive not in found.setdefault(scope, []):
                found[scope].append(directive)
    return {k: v for k, v in found.items() if v}


def _only_directives(text: str) -> bool:
    """Whether ``text`` is a list of robots directives and nothing else."""
    words = [w.lower() for item in text.replace(";", ",").split(",") for w in item.split()]
    return bool(words) and all(w in _ROBOTS_WORDS for w in words)


def _noai_findings(
    signal: str, where: str, raw: str, text: str, crawler: str | None
) -> list[Finding]:
    out = []
    for scope, directives in _noai_scopes(text, crawler).items():
        who = f"for crawler {scope!r} (a scoped noai counts)" if scope else "for all crawlers"
        note = "; noimageai reserves the images only" if directives == ["noimageai"] else ""
        rule = f"{where}: {', '.join(directives)} {who}{note}"
        out.append(finding(signal, RESERVED, raw, rule))
    return out


def _where(lines: Sequence[_Line], kind: str) -> str:
    return f"{kind} {', '.join(str(p) for p, _, _ in lines)}"


def _tdm_finding(signal: str, kind: str, res: list[_Line], pol: list[_Line]) -> Finding:
    """One TDMRep finding from all ``tdm-reservation`` and ``tdm-policy`` lines."""
    value = clip("\n".join(raw for _, raw, _ in sorted(res + pol)))
    policies = list(dict.fromkeys(v.strip() for _, _, v in pol if v.strip()))
    policy = f"; tdm-policy {', '.join(policies)}" if policies else ""
    if not res:
        rule = f"tdm-policy ({_where(pol, kind)}) without tdm-reservation: reserves nothing"
        return finding(signal, UNKNOWN, value, rule)
    parts = [p.strip() for _, _, v in res for p in v.split(",")]
    parts = [p for p in parts if p] or [""]
    valid = {p for p in parts if p in ("0", "1")}
    invalid = [p for p in parts if p not in ("0", "1")]
    at = f"tdm-reservation ({_where(res, kind)})"
    if len(parts) > 1:
        at += f", {len(parts)} parts"
    invalid = invalid[:5] + (["…"] if len(invalid) > 5 else [])
    ignored = f"; ignored invalid part(s) {invalid} (protocol error: unset)" if invalid else ""
    if not valid:
        why = f"{at}: {invalid} is not 0 or 1, a protocol error, so the property is unset"
        return finding(signal, UNKNOWN, value, why + policy)
    if valid == {"0", "1"}:
        why = f"{at}: parts disagree (1 and 0), a conflict; counted as reserved (conservative)"
        return finding(signal, CONFLICT, value, why + ignored + policy)
    if valid == {"1"}:
        why = f"{at}: 1, TDM rights reserved (DSM Art. 4(3) opt-out)"
        return finding(signal, RESERVED, value, why + ignored + policy)
    unused = f"; tdm-policy {', '.join(policies)} ignored as reservation is 0" if policies else ""
    return finding(signal, ALLOWED, value, f"{at}: 0, TDM rights not reserved" + ignored + unused)


def _describe(member: object) -> str:
    """How an SF dictionary member reads in words (for rules)."""
    item = member[0] if isinstance(member, tuple) and member else member
    if isinstance(item, http_sf.Token):
        return f"the token {str(item)!r}"
    if item is True:
        return "a bare key (boolean true)"
    if isinstance(item, str):
        return f"the string {item!r}"
    if isinstance(item, list):
        return "an inner list"
    return f"a {type(item).__name__} ({item!r})"


def _token(member: object) -> str | None:
    item = member[0] if isinstance(member, tuple) and member else None
    return str(item) if isinstance(item, http_sf.Token) else None


def _content_usage(lines: list[_Line]) -> list[Finding]:
    """Findings for the ``train-ai`` preference of all ``Content-Usage`` lines."""
    value = clip("\n".join(raw for _, raw, _ in lines))
    at = f"Content-Usage ({_where(lines, 'header')})"
    combined = ", ".join(v.strip() for _, _, v in lines if v.strip())

    def unknown(why: str) -> list[Finding]:
        return [finding("content_usage", UNKNOWN, value, f"{at}: {why}")]

    try:
        parsed = http_sf.parse(combined.encode("ascii"), tltype="dictionary")
    except UnicodeEncodeError:
        return unknown("non-ASCII bytes, not a structured field; all preferences unknown")
    except Exception as err:  # a parser bug must not stop a scan
        return unknown(f"not an RFC 9651 dictionary ({err}); all preferences unknown")
    if not isinstance(parsed, dict):
        return unknown("not an RFC 9651 dictionary; all preferences unknown")
    out: list[Finding] = []
    member = parsed.get("train-ai")
    if member is not None:
        token = _token(member)
        verdict = {"y": ALLOWED, "n": RESERVED}.get(token or "", UNKNOWN)
        meaning = {ALLOWED: "AI training allowed", RESERVED: "AI training disallowed",
                   UNKNOWN: "only the tokens y and n count, so unknown"}[verdict]  # fmt: skip
        rule = f"{at}: train-ai is {_describe(member)}: {meaning} ({AIPREF_DRAFT})"
        out.append(finding("content_usage", verdict, value, rule))
    specific_yes = sorted(k for k in _TRAINING_LABELS if _token(parsed.get(k)) == "y")
    for label, (drafts, meaning, broad) in LEGACY_LABELS.items():
        if label not in parsed:
            continue
        token = _token(parsed[label])
        said = f"{at}: historical label {label!r} (vocab draft {drafts}: {meaning}) is "
        said += _describe(parsed[label])
        if token == "n" and broad and specific_yes:
            why = f"{said}, overridden by the more specific {specific_yes[0]}=y"
            out.append(finding("content_usage", UNKNOWN, value, why))
        elif token == "n":
            why = f"{said}: its draft meaning includes AI training, read as a reservation"
            out.append(finding("content_usage", RESERVED, value, why))
        else:
            why = f"{said}: permission is only read from the current label train-ai"
            out.append(finding("content_usage", UNKNOWN, value, why))
    if not out:
        labels = ", ".join(parsed) or "none"
        out = unknown(f"no train-ai preference (labels: {labels}), so unknown")
    return out


_HEADER_SIGNAL: Final = {
    "x-robots-tag": "x_robots_noai",
    "tdm-reservation": "tdmrep_header",
    "tdm-policy": "tdmrep_header",
    "content-usage": "content_usage",
}


def header_findings(headers: Sequence[tuple[str, str]]) -> list[Finding]:
    """Findings from HTTP response headers (repeated headers as separate items)."""
    out: list[Finding] = []
    res: list[_Line] = []
    pol: list[_Line] = []
    usage: list[_Line] = []
    for pos, pair in enumerate(headers, 1):
        try:
            name, raw_value = pair
        except (TypeError, ValueError):
            continue
        name = _text(name)
        key = name.strip().lower()
        signal = _HEADER_SIGNAL.get(key)
        if signal is None:
            continue
        value = _text(raw_value)
        raw = f"{name}: {value}"
        if len(value) > MAX_FIELD:
            why = f"{name} header {pos}: {len(value)} characters, over {MAX_FIELD}; not parsed"
            out.append(finding(signal, UNKNOWN, raw, why))
        elif key == "x-robots-tag":
            out += _noai_findings(signal, f"X-Robots-Tag header {pos}", raw, value, None)
        elif key == "content-usage":
            usage.append((pos, raw, value))
        else:
            (res if key == "tdm-reservation" else pol).append((pos, raw, value))
    if res or pol:
        out.append(_tdm_finding("tdmrep_header", "header", res, pol))
    if usage:
        out += _content_usage(usage)
    return out


def meta_findings(metas: Sequence[tuple[str, str]]) -> list[Finding]:
    """Findings from the ``(name, content)`` pairs of a page's ``<meta>`` tags."""
    out: list[Finding] = []
    res: list[_Line] = []
    pol: list[_Line] = []
    for pos, pair in enumerate(metas, 1):
        try:
            raw_name, raw_content = pair
        except (TypeError, ValueError):
            continue
        name, content = _text(raw_name).strip(), _text(raw_content)
        key = name.lower()
        raw = f'<meta name="{name}" content="{content}">'
        crawler = key not in _NOT_CRAWLERS and _CRAWLER.fullmatch(name) is not None
        if key not in ("robots", "tdm-reservation", "tdm-policy") and not crawler:
            continue
        if len(content) > MAX_FIELD:
            signal = "tdmrep_meta" if key.startswith("tdm-") else "meta_noai"
            why = f"meta tag {pos} ({name}): {len(content)} characters, over {MAX_FIELD}"
            out.append(finding(signal, UNKNOWN, raw, why + "; not parsed"))
        elif key == "robots":
            out += _noai_findings("meta_noai", f"meta robots tag {pos}", raw, content, None)
        elif key in ("tdm-reservation", "tdm-policy"):
            (res if key == "tdm-reservation" else pol).append((pos, raw, content))
        elif _only_directives(content):
            where = f"meta tag {pos} named for a crawler"
            out += _noai_findings("meta_noai", where, raw, content, name)
    if res or pol:
        out.append(_tdm_finding("tdmrep_meta", "meta tag", res, pol))
    return out


def resolve_tdmrep(findings: Sequence[Finding]) -> list[Finding]:
    """The findings, with TDMRep ones below the highest technique present re-issued
    as ``OVERRIDDEN`` (meta > header > ``tdmrep.json``, TDMRep §"precedence").

    Only ``RESERVED``, ``ALLOWED`` and ``CONFLICT`` take part: an ``UNKNOWN`` value is
    unset, and absence at a later step does not reset an earlier value. Order and all
    other findings are kept as they are.
    """
    rank = {signal: i for i, signal in enumerate(TDMREP_ORDER)}
    live = [f for f in findings if f.signal in rank and f.verdict in _EFFECTIVE]
    if not live:
        return list(findings)
    top = max(rank[f.signal] for f in live)
    winner = next(f for f in live if rank[f.signal] == top)
    by = f"overridden by {winner.signal} ({winner.verdict}: {clip(winner.value)!r})"
    return [
        replace(f, verdict=OVERRIDDEN, rule=clip(f"{by}, which takes precedence; {f.rule}"))
        if f.signal in rank and f.verdict in _EFFECTIVE and rank[f.signal] < top
        else f
        for f in findings
    ]


__all__ = [
    "AIPREF_DRAFT",
    "LEGACY_LABELS",
    "MAX_FIELD",
    "MAX_VALUE",
    "NOAI",
    "TDMREP_ORDER",
    "clip",
    "finding",
    "header_findings",
    "meta_findings",
    "resolve_tdmrep",
]
