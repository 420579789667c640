"""The scan figures of the report: every figure tagged with the query that re-derives it.

The template sections (``sections.py``) and every renderer read this model; nothing
else queries the store.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from provscan import __version__
from provscan.aggregate import dedup as D
from provscan.aggregate import queries as Q
from provscan.report.tags import jsonable, mm_yyyy, scan
from provscan.scan.urls import psl_version
from provscan.store import Catalog

TEXT_BINS = ("Less than 1 billion tokens", "1 billion to 10 trillion tokens",
             "More than 10 trillion tokens")
IMAGE_BINS = ("Less than 1 million images", "1 million to 1 billion images",
              "More than 1 billion images")
HOURS_BINS = ("Less than 10,000 hours", "10,000 to 1 million hours",
              "More than 1 million hours")
BINS = {"text": TEXT_BINS, "image": IMAGE_BINS, "audio": HOURS_BINS, "video": HOURS_BINS}

#: The 24 official languages of the European Union (ISO 639-1).
EU_LANGUAGES = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu",
                "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv")

LARGE_SHARE = 0.03
"""The template's "large" publicly available dataset: more than 3 % of all publicly
available data used for its modality."""


def token_bin(tokens: int | None) -> str | None:
    """The template's size bin for a text token count (the bounds as the template words
    them: under 1e9; 1e9 to 1e13 inclusive; above 1e13)."""
    if tokens is None:
        return None
    if tokens < 1_000_000_000:
        return TEXT_BINS[0]
    return TEXT_BINS[1] if tokens <= 10_000_000_000_000 else TEXT_BINS[2]


def display_path(path: str | Path) -> str:
    """A path as reports print it: relative to the working directory when below it,
    else the file name only (reports are published; they carry no machine paths)."""
    p = Path(path).absolute()
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return p.name


def build_summary(catalog: Catalog, sme: bool = False,
                  now: datetime | None = None) -> dict[str, Any]:
    """The scan figures of a store (``now``: the report time, for reproducible output)."""
    catalog.db.execute("set TimeZone = 'UTC'")
    totals = Q.rows(catalog, Q.TOTALS)[0]
    n_domains = int(totals["domains"] or 0)
    k, rule = Q.top_domain_count(n_domains, sme)
    status = {r["status"]: r for r in Q.rows(catalog, Q.UNIT_STATUS)}
    docs = int(totals["documents"])
    dups = int(totals["exact_duplicates"])
    all_tokens = bool(Q.rows(catalog, Q.SIZE_MEASURE)[0]["all_tokens"])
    measure = "tokens" if all_tokens else "bytes"
    per_source = Q.PER_SOURCE.replace("$measure", measure)
    modalities = Q.rows(catalog, Q.PER_MODALITY)
    for m in modalities:
        m["size_bin"] = token_bin(m["tokens"]) if m["modality"] == "text" else None
    profiles = Q.rows(catalog, Q.PROFILES)
    generated = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    model: dict[str, Any] = jsonable({
        "provscan_version": __version__,
        "generated_at": generated.replace(microsecond=0),
        "store": {
            "units_done": int(status.get("done", {}).get("units", 0)),
            "units_partial": int(status.get("partial", {}).get("units", 0)),
            "units_failed": int(status.get("failed", {}).get("units", 0)),
            "units_pending": int(status.get("pending", {}).get("units", 0)),
            "profiles": scan(profiles, Q.PROFILES),
        },
        "totals": {
            "documents": scan(docs, Q.TOTALS),
            "bytes": scan(int(totals["bytes"]), Q.TOTALS),
            "tokens": scan(totals["tokens"], Q.TOTALS),
            "token_method": scan([r["token_method"] for r in Q.rows(catalog, Q.TOKEN_METHODS)]
                                 or None, Q.TOKEN_METHODS),
            "unique_documents": scan(int(totals["unique_documents"]), Q.TOTALS),
            "exact_duplicates": scan(dups, Q.TOTALS),
            "exact_duplicate_rate": scan(dups / docs if docs else 0.0, Q.TOTALS),
            "documents_with_url": scan(int(totals["documents_with_url"]), Q.TOTALS),
        },
        "size_measure": scan(measure, Q.SIZE_MEASURE),
        "size_per_modality": scan(modalities, Q.PER_MODALITY),
        "acquisition_period": {
            "earliest": scan(totals["earliest_date"], Q.TOTALS),
            "latest": scan(totals["latest_date"], Q.TOTALS),
        },
        "sources": scan(_sources(catalog, per_source), per_source),
        "classes": scan(Q.rows(catalog, Q.CLASSES), Q.CLASSES),
        "class_languages": scan(Q.rows(catalog, Q.CLASS_LANGUAGES), Q.CLASS_LANGUAGES),
        "class_optout": scan(Q.rows(catalog, Q.CLASS_OPTOUT), Q.CLASS_OPTOUT),
        "declared_sources": Q.rows(catalog, Q.DECLARED_SOURCES),
        "monthly": scan(Q.rows(catalog, Q.MONTHLY), Q.MONTHLY),
        "domains": {
            "total": scan(n_domains, Q.DOMAIN_COUNT),
            "rule": rule,
            "sme": sme,
            "listed": k,
            "size_measure": "bytes of UTF-8 text per registrable domain (eTLD+1)",
            "public_suffix_list": psl_version(),
            "top": scan(Q.rows(catalog, Q.TOP_DOMAINS, k=k),
                        Q.TOP_DOMAINS.replace("$k", str(k))),
            "tlds": scan(Q.rows(catalog, Q.TLDS), Q.TLDS),
        },
        "detectors": _detectors(catalog, docs),
        "near_duplicates": _near_duplicates(catalog),
    })
    la = model["acquisition_period"]["latest"]
    la_mm = scan(mm_yyyy(la["value"]), Q.TOTALS)
    model["acquisition_period"]["latest_mm_yyyy"] = la_mm
    return model


def _sources(catalog: Catalog, sql: str) -> list[dict[str, Any]]:
    rows = Q.rows(catalog, sql)
    found: dict[str, list[str]] = {}
    for r in Q.rows(catalog, Q.SOURCE_LICENCES):
        found.setdefault(r["source"], []).append(f"{r['licence']} ({r['documents']})")
    classes: dict[str, list[str]] = {}
    for r in Q.rows(catalog, Q.SOURCE_LICENCE_CLASSES):
        classes.setdefault(r["source"], []).append(f"{r['licence_class']} ({r['documents']})")
    cards: dict[str, dict[str, Any]] = {}
    has_cards = catalog.db.execute(
        "select count(*) from information_schema.tables where table_name = 'dataset_licences'"
    ).fetchone()
    if has_cards and has_cards[0]:  # stores scanned before dataset licences have no table
        cards = {r["source"]: r for r in Q.rows(catalog, Q.DATASET_LICENCES)}
    for r in rows:
        r["detected_licences"] = found.get(r["source"], [])
        r["detected_licence_classes"] = classes.get(r["source"], [])
        card = cards.get(r["source"], {})
        for k in ("dataset_licence", "dataset_licence_class", "dataset_licence_conflict"):
            r[k] = card.get(k)
    return rows


def _detectors(catalog: Catalog, docs: int) -> dict[str, Any]:
    """Languages, opt-outs, licences and personal data, as measured per document."""
    from provscan.detect.language import language_name

    d = Q.rows(catalog, Q.DETECTED)[0]
    langs = Q.rows(catalog, Q.LANGUAGES)
    for r in langs:
        r["name"] = language_name(r["language"])
        r["eu_official"] = r["language"] in EU_LANGUAGES
    checked = int(d["documents_checked"])
    return {
        "documents_checked": scan(checked, Q.DETECTED),
        "measured": "all" if docs and checked == docs else ("some" if checked else "none"),
        "methods": _methods(catalog) if checked else None,
        "languages": scan(langs, Q.LANGUAGES),
        "documents_with_language": scan(int(d["documents_with_language"]), Q.DETECTED),
        "optout": {
            "documents_reserved": scan(int(d["documents_reserved"]), Q.DETECTED),
            "bytes_reserved": scan(int(d["bytes_reserved"]), Q.DETECTED),
            "by_signal": scan(Q.rows(catalog, Q.OPTOUT_BY_SIGNAL), Q.OPTOUT_BY_SIGNAL),
            "robots_states": scan(Q.rows(catalog, Q.ROBOTS_STATES), Q.ROBOTS_STATES),
            "documents_with_host": scan(int(d["documents_with_host"]), Q.DETECTED),
            "documents_with_robots_capture": scan(
                int(d["documents_with_robots_capture"]), Q.DETECTED),
        },
        "licences": {
            "documents_with_licence": scan(int(d["documents_with_licence"]), Q.DETECTED),
            "classes": scan(Q.rows(catalog, Q.LICENCE_CLASSES), Q.LICENCE_CLASSES),
            "top": scan(Q.rows(catalog, Q.TOP_LICENCES), Q.TOP_LICENCES),
        },
        "personal_data": {
            k: scan(int(d[k]), Q.DETECTED)
            for k in ("documents_with_email", "documents_with_phone", "documents_with_ip",
                      "emails", "phones", "ip_addresses")
        },
        "person_names": _person_names(catalog),
    }


def _person_names(catalog: Catalog) -> dict[str, Any] | None:
    """The estimate of documents naming a person, from the sampled documents."""
    found = Q.rows(catalog, Q.PERSON_NAMES)
    if not found:
        return None
    r = found[0]
    for k in ("estimated_documents", "estimated_documents_low", "estimated_documents_high"):
        r[k] = int(r[k])
    r["confidence"] = 0.95
    r["methods"] = name_methods(catalog)
    return scan(r, Q.PERSON_NAMES)


def _full_settings(catalog: Catalog) -> list[dict[str, Any]]:
    """The distinct settings the finished full-profile units were scanned with."""
    rows = catalog.db.execute(
        "select distinct settings from units where status in ('done', 'partial') "
        "and profile = 'full'"
    ).fetchall()
    return [json.loads(s or "{}") for (s,) in rows]


def name_methods(catalog: Catalog) -> list[str]:
    """How the full-profile units counted names: provscan's rules or a named pipeline."""
    from importlib.metadata import PackageNotFoundError, version

    from provscan.detect.names import rules_method

    out: set[str] = set()
    for settings in _full_settings(catalog):
        opts = settings.get("person_names") or {}
        if not opts.get("enabled"):  # switched off, or scanned before names were counted
            continue
        if opts.get("pipeline"):
            out.add(f"spaCy pipeline {opts['pipeline']} (NER)")
            continue
        try:
            out.add(rules_method(version("spacy")))
        except PackageNotFoundError:  # pragma: no cover
            out.add(rules_method("(not installed)"))
    return sorted(out)


def crawler_token_files(catalog: Catalog) -> list[str | None]:
    """The crawler token files the full-profile units were scanned with (None: packaged)."""
    files: set[str | None] = set()
    for settings in _full_settings(catalog):
        stamp = settings.get("crawler_tokens")
        files.add(stamp[0] if stamp else None)
    return sorted(files, key=lambda f: f or "")


def robots_times(catalog: Catalog) -> list[str]:
    return sorted({s.get("robots_time") or "any" for s in _full_settings(catalog)})


def _methods(catalog: Catalog) -> dict[str, Any]:
    """The detectors as installed, and the crawler token lists the scan used."""
    from importlib.metadata import PackageNotFoundError, version

    from provscan.detect.language import LanguageDetector
    from provscan.detect.licences import LicenceDetector
    from provscan.detect.optout.robots import CrawlerTokens
    from provscan.errors import ConfigError

    lists: list[dict[str, Any]] = []
    for f in crawler_token_files(catalog):
        try:
            t = CrawlerTokens.load(f)
            lists.append({"file": display_path(f) if f else "provscan/data/ai_crawlers.json",
                          "version": t.version, "date": t.date, "source": t.source,
                          "tokens": list(t.tokens)})
        except ConfigError:
            lists.append({"file": display_path(f or ""), "version": None, "date": None,
                          "source": "no longer readable", "tokens": []})
    try:
        parser = f"gpyrobotstxt {version('gpyrobotstxt')} (port of Google's robots.txt parser)"
    except PackageNotFoundError:  # pragma: no cover
        parser = "gpyrobotstxt"
    return {"language": LanguageDetector().name, "licences": LicenceDetector().name,
            "robots_parser": parser, "crawler_tokens": lists,
            "robots_time": robots_times(catalog)}


def _near_duplicates(catalog: Catalog) -> dict[str, Any] | None:
    """Near-duplicate figures, or None when the store has no near_duplicates.parquet."""
    path = catalog.layout.near_duplicates
    if not path.exists():
        return None
    catalog.db.execute(D.VIEW.replace("$path", "'" + str(path).replace("'", "''") + "'"))
    return {
        "totals": scan(Q.rows(catalog, D.TOTALS)[0], D.TOTALS),
        "per_source": scan(Q.rows(catalog, D.PER_SOURCE), D.PER_SOURCE),
        "overlap": scan(Q.rows(catalog, D.OVERLAP), D.OVERLAP),
        "stale_rows": scan(int(Q.rows(catalog, D.STALE)[0]["rows_without_document"]),
                           D.STALE),
    }
