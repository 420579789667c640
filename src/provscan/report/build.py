"""The scan figures of the report: every figure tagged with the query that re-derives it.

The template sections (``template*.py``) and every renderer read this model
(``ScanFigures``); nothing else queries the store, and this module queries it only
through ``provscan.aggregate``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from provscan import __version__
from provscan.aggregate import dedup as D
from provscan.aggregate import provenance as P
from provscan.aggregate import queries as Q
from provscan.common.languages import language_name
from provscan.report.exclusions import exclusion_figures, use_exclusions
from provscan.report.figure import Figure, scan
from provscan.report.formatting import mm_yyyy
from provscan.report.model import (
    AcquisitionPeriod,
    CrawlerTokenList,
    Detectors,
    Domains,
    Licences,
    Methods,
    NearDuplicates,
    Optout,
    PersonalData,
    ScanFigures,
    StoreStatus,
    Totals,
)
from provscan.report.rows import (
    ClassLanguageRow,
    ClassOptoutRow,
    ClassRow,
    DatasetLicenceRow,
    DeclaredSourceRow,
    DetectedRow,
    DomainRow,
    LanguageRow,
    LicenceClassRow,
    LicenceRow,
    ModalityRow,
    MonthRow,
    NearDuplicateSourceRow,
    NearDuplicateTotals,
    OverlapRow,
    PersonNamesEstimate,
    PresentRow,
    ProfileRow,
    ProvenanceRow,
    RobotsStateRow,
    SettingsRow,
    SignalRow,
    SizeMeasureRow,
    SourceLicenceClassRow,
    SourceLicenceRow,
    SourceRow,
    StaleRow,
    StatusRow,
    TldRow,
    TokenListRow,
    TokenMethodRow,
    TotalsRow,
    dicts,
    fetch,
    iso,
)
from provscan.store import Catalog

#: What the report says of a version that the store's units did not record (units
#: scanned before provscan kept provenance).
NOT_RECORDED = "not recorded (scanned before provscan kept provenance)"

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
                  now: datetime | None = None, exclusions: str | None = None) -> ScanFigures:
    """The scan figures of a store (``now``: the report time, for reproducible output);
    with ``exclusions``, over the documents that exclusion set keeps."""
    if exclusions is not None:
        use_exclusions(catalog, exclusions)
    Q.rows(catalog, Q.UTC)
    totals = fetch(catalog, TotalsRow, Q.TOTALS)[0]
    k, rule = Q.top_domain_count(totals.domains, sme)
    status = {r.status: r.units for r in fetch(catalog, StatusRow, Q.UNIT_STATUS)}
    docs, dups = totals.documents, totals.exact_duplicates
    all_tokens = fetch(catalog, SizeMeasureRow, Q.SIZE_MEASURE)[0].all_tokens
    measure: Literal["tokens", "bytes"] = "tokens" if all_tokens else "bytes"
    per_source = Q.PER_SOURCE.replace("$measure", measure)
    modalities = tuple(
        m.model_copy(update={"size_bin": token_bin(m.tokens) if m.modality == "text" else None})
        for m in fetch(catalog, ModalityRow, Q.PER_MODALITY))
    methods = tuple(r.token_method for r in fetch(catalog, TokenMethodRow, Q.TOKEN_METHODS))
    prov = provenance(catalog)
    generated = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return ScanFigures(
        provscan_version=__version__,
        generated_at=str(iso(generated.replace(microsecond=0))),
        store=StoreStatus(
            units_done=status.get("done", 0), units_partial=status.get("partial", 0),
            units_failed=status.get("failed", 0), units_pending=status.get("pending", 0),
            profiles=scan(fetch(catalog, ProfileRow, Q.PROFILES), Q.PROFILES)),
        totals=Totals(
            documents=scan(docs, Q.TOTALS),
            bytes=scan(totals.bytes, Q.TOTALS),
            tokens=scan(totals.tokens, Q.TOTALS),
            token_method=scan(methods or None, Q.TOKEN_METHODS),
            unique_documents=scan(totals.unique_documents, Q.TOTALS),
            exact_duplicates=scan(dups, Q.TOTALS),
            exact_duplicate_rate=scan(dups / docs if docs else 0.0, Q.TOTALS),
            documents_with_url=scan(totals.documents_with_url, Q.TOTALS)),
        size_measure=scan(measure, Q.SIZE_MEASURE),
        size_per_modality=scan(modalities, Q.PER_MODALITY),
        acquisition_period=AcquisitionPeriod(
            earliest=scan(totals.earliest_date, Q.TOTALS),
            latest=scan(totals.latest_date, Q.TOTALS),
            latest_mm_yyyy=scan(mm_yyyy(totals.latest_date), Q.TOTALS)),
        sources=scan(_sources(catalog, per_source), per_source),
        classes=scan(fetch(catalog, ClassRow, Q.CLASSES), Q.CLASSES),
        class_languages=scan(fetch(catalog, ClassLanguageRow, Q.CLASS_LANGUAGES),
                             Q.CLASS_LANGUAGES),
        class_optout=scan(fetch(catalog, ClassOptoutRow, Q.CLASS_OPTOUT), Q.CLASS_OPTOUT),
        declared_sources=fetch(catalog, DeclaredSourceRow, Q.DECLARED_SOURCES),
        monthly=scan(fetch(catalog, MonthRow, Q.MONTHLY), Q.MONTHLY),
        domains=Domains(
            total=scan(totals.domains, Q.DOMAIN_COUNT), rule=rule, sme=sme, listed=k,
            size_measure="bytes of UTF-8 text per registrable domain (eTLD+1)",
            public_suffix_list=_one(r.public_suffix_list for r in prov),
            top=scan(fetch(catalog, DomainRow, Q.TOP_DOMAINS, k=k),
                     Q.TOP_DOMAINS.replace("$k", str(k))),
            tlds=scan(fetch(catalog, TldRow, Q.TLDS), Q.TLDS)),
        detectors=_detectors(catalog, docs),
        near_duplicates=_near_duplicates(catalog, exclusions is not None),
        exclusions=None if exclusions is None else exclusion_figures(catalog, exclusions),
    )


def _sources(catalog: Catalog, sql: str) -> tuple[SourceRow, ...]:
    """Per source, with the licences found in its documents and on its dataset card."""
    found: dict[str, list[str]] = {}
    for r in fetch(catalog, SourceLicenceRow, Q.SOURCE_LICENCES):
        found.setdefault(r.source, []).append(f"{r.licence} ({r.documents})")
    classes: dict[str, list[str]] = {}
    for c in fetch(catalog, SourceLicenceClassRow, Q.SOURCE_LICENCE_CLASSES):
        classes.setdefault(c.source, []).append(f"{c.licence_class} ({c.documents})")
    cards: dict[str, DatasetLicenceRow] = {}
    if fetch(catalog, PresentRow, Q.HAS_DATASET_LICENCES)[0].present:
        cards = {r.source: r for r in fetch(catalog, DatasetLicenceRow, Q.DATASET_LICENCES)}
    out = []
    for row in dicts(catalog, sql):
        name = str(row["source"])
        card = cards.get(name)
        out.append(SourceRow.model_validate({
            **row, "detected_licences": tuple(found.get(name, [])),
            "detected_licence_classes": tuple(classes.get(name, [])),
            "dataset_licence": card.dataset_licence if card else None,
            "dataset_licence_class": card.dataset_licence_class if card else None,
            "dataset_licence_conflict": card.dataset_licence_conflict if card else None}))
    return tuple(out)


def _detectors(catalog: Catalog, docs: int) -> Detectors:
    """Languages, opt-outs, licences and personal data, as measured per document."""
    d = fetch(catalog, DetectedRow, Q.DETECTED)[0]
    langs = tuple(r.model_copy(update={"name": language_name(r.language),
                                       "eu_official": r.language in EU_LANGUAGES})
                  for r in fetch(catalog, LanguageRow, Q.LANGUAGES))
    checked = d.documents_checked

    def det(v: int) -> Figure[int]:
        return scan(v, Q.DETECTED)

    return Detectors(
        documents_checked=det(checked),
        measured="all" if docs and checked == docs else ("some" if checked else "none"),
        methods=_methods(catalog) if checked else None,
        languages=scan(langs, Q.LANGUAGES),
        documents_with_language=det(d.documents_with_language),
        optout=Optout(
            documents_reserved=det(d.documents_reserved),
            bytes_reserved=det(d.bytes_reserved),
            by_signal=scan(fetch(catalog, SignalRow, Q.OPTOUT_BY_SIGNAL), Q.OPTOUT_BY_SIGNAL),
            robots_states=scan(fetch(catalog, RobotsStateRow, Q.ROBOTS_STATES),
                               Q.ROBOTS_STATES),
            documents_with_host=det(d.documents_with_host),
            documents_with_robots_capture=det(d.documents_with_robots_capture)),
        licences=Licences(
            documents_with_licence=det(d.documents_with_licence),
            classes=scan(fetch(catalog, LicenceClassRow, Q.LICENCE_CLASSES), Q.LICENCE_CLASSES),
            top=scan(fetch(catalog, LicenceRow, Q.TOP_LICENCES), Q.TOP_LICENCES)),
        personal_data=PersonalData(
            documents_with_email=det(d.documents_with_email),
            documents_with_phone=det(d.documents_with_phone),
            documents_with_ip=det(d.documents_with_ip),
            emails=det(d.emails), phones=det(d.phones), ip_addresses=det(d.ip_addresses)),
        person_names=_person_names(catalog),
    )


def _person_names(catalog: Catalog) -> Figure[PersonNamesEstimate] | None:
    """The estimate of documents naming a person, from the sampled documents."""
    found = dicts(catalog, Q.PERSON_NAMES)
    if not found:
        return None
    r = dict(found[0])
    for k in ("estimated_documents", "estimated_documents_low", "estimated_documents_high"):
        v = r[k]
        r[k] = int(v) if isinstance(v, int | float) else v  # round() gives a double
    r["confidence"] = 0.95
    r["methods"] = tuple(name_methods(catalog))
    return scan(PersonNamesEstimate.model_validate(r), Q.PERSON_NAMES)


def _full_settings(catalog: Catalog) -> list[dict[str, object]]:
    """The distinct settings the finished full-profile units were scanned with."""
    out: list[dict[str, object]] = []
    for r in fetch(catalog, SettingsRow, Q.FULL_SETTINGS):
        settings: object = json.loads(r.settings or "{}")
        out.append(settings if isinstance(settings, dict) else {})
    return out


def name_methods(catalog: Catalog) -> list[str]:
    """How the full-profile units counted names, as they recorded it: provscan's rules
    (with the spaCy version) or a named pipeline."""
    return sorted({r.person_names for r in provenance(catalog) if r.person_names})


def crawler_token_lists(catalog: Catalog) -> list[tuple[str, dict[str, object]]]:
    """The AI-crawler token lists the units were judged with, as the scan read them:
    (file as reports print it, the list's JSON)."""
    out: list[tuple[str, dict[str, object]]] = []
    for r in fetch(catalog, TokenListRow, P.TOKEN_LISTS):
        try:
            doc: object = json.loads(r.content or "")
        except ValueError:
            doc = {}
        f = r.file or ""
        name = f if f.startswith("provscan/") else display_path(f)
        out.append((name, doc if isinstance(doc, dict) else {}))
    return out


def robots_times(catalog: Catalog) -> list[str]:
    """The capture time rules (``--robots-time``) of the full-profile units."""
    return sorted({str(s.get("robots_time") or "any") for s in _full_settings(catalog)})


def provenance(catalog: Catalog) -> tuple[ProvenanceRow, ...]:
    """What produced each source's units, as recorded when they were scanned."""
    return fetch(catalog, ProvenanceRow, P.PROVENANCE)


def _one(values: Iterable[str | None]) -> str:
    """One recorded value, or every one of them when units differ (by_source says
    which source has which)."""
    found = sorted({v for v in values if v})
    if not found:
        return NOT_RECORDED
    return found[0] if len(found) == 1 else "differs by source: " + " | ".join(found)


def _methods(catalog: Catalog) -> Methods:
    """The detectors, lists and settings the full-profile units recorded."""
    prov = provenance(catalog)
    full = [r for r in prov if r.profile == "full"]
    lists: list[CrawlerTokenList] = []
    for name, doc in crawler_token_lists(catalog):
        entries = doc.get("tokens")
        tokens = tuple(str(t.get("token", "")) for t in entries if isinstance(t, dict)) \
            if isinstance(entries, list) else ()
        lists.append(CrawlerTokenList.model_validate({
            "file": name, "version": doc.get("version"), "date": doc.get("date"),
            "source": str(doc.get("source") or "unknown"), "tokens": tokens}))
    times = sorted({r.robots_time for r in full if r.robots_time}) or robots_times(catalog)
    return Methods(language=_one(r.language for r in full),
                   licences=_one(r.licences for r in full),
                   robots_parser=_one(r.robots_parser for r in full),
                   crawler_tokens=tuple(lists), robots_time=tuple(times),
                   by_source=scan(prov, P.PROVENANCE))


def _near_duplicates(catalog: Catalog, kept: bool = False) -> NearDuplicates | None:
    """Near-duplicate figures, or None when the store has no near_duplicates.parquet;
    ``kept``: over the documents an exclusion set keeps (the clusters' other rows left
    out)."""
    path = catalog.layout.near_duplicates
    if not path.exists():
        return None
    Q.rows(catalog, (D.VIEW_KEPT if kept else D.VIEW).replace(
        "$path", "'" + str(path).replace("'", "''") + "'"))
    stale = fetch(catalog, StaleRow, D.STALE)[0].rows_without_document
    return NearDuplicates(
        totals=scan(fetch(catalog, NearDuplicateTotals, D.TOTALS)[0], D.TOTALS),
        per_source=scan(fetch(catalog, NearDuplicateSourceRow, D.PER_SOURCE), D.PER_SOURCE),
        overlap=scan(fetch(catalog, OverlapRow, D.OVERLAP), D.OVERLAP),
        stale_rows=scan(stale, D.STALE),
    )
