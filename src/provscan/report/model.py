"""The typed summary model: the scan figures (``ScanFigures``, each a ``Figure``: its value,
its tag and the query that re-derives it), grouped as ``summary.json`` groups them, and
what the report adds (``Summary``: the template's answers, the checks, the changes, the
evidence index).

The renderers (Markdown, HTML, CSV, evidence, MDF, Croissant) read attributes of these
frozen models, so mypy checks every lookup. ``summary.json`` is their serialisation
(``to_json``), key for key as docs/summary.md describes it.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, JsonValue, SerializerFunctionWrapHandler, model_serializer

from provscan.report.exclusions import Exclusions
from provscan.report.figure import Figure, Frozen
from provscan.report.rows import (
    ClassLanguageRow,
    ClassOptoutRow,
    ClassRow,
    DeclaredSourceRow,
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
    ProfileRow,
    ProvenanceRow,
    RobotsStateRow,
    SignalRow,
    SourceRow,
    TldRow,
)
from provscan.report.template_model import Template

# -- the scan figures (``build_summary``) ------------------------------------------------


class StoreStatus(Frozen):
    """Work units by status, and the profiles the finished ones were scanned with."""

    units_done: int
    units_partial: int
    units_failed: int
    units_pending: int
    profiles: Figure[tuple[ProfileRow, ...]]


class Totals(Frozen):
    documents: Figure[int]
    bytes: Figure[int]
    tokens: Figure[int | None]
    token_method: Figure[tuple[str, ...] | None]
    unique_documents: Figure[int]
    exact_duplicates: Figure[int]
    exact_duplicate_rate: Figure[float]
    documents_with_url: Figure[int]


class AcquisitionPeriod(Frozen):
    """First and last document date (ISO, UTC), and the last as the template's MM/YYYY."""

    earliest: Figure[str | None]
    latest: Figure[str | None]
    latest_mm_yyyy: Figure[str | None]


class Domains(Frozen):
    """The template's list of top domains (its rule, how many) and the top-level domains."""

    total: Figure[int]
    rule: str
    sme: bool
    listed: int
    size_measure: str
    public_suffix_list: str
    top: Figure[tuple[DomainRow, ...]]
    tlds: Figure[tuple[TldRow, ...]]


class CrawlerTokenList(Frozen):
    """One AI crawler token list the scan judged robots.txt for."""

    file: str
    version: str | None
    date: str | None
    source: str
    tokens: tuple[str, ...]


class Methods(Frozen):
    """The detectors, lists and settings that produced the data, as each unit recorded
    them when it was scanned; where units differ, each value lists every version, and
    ``by_source`` says which source has which."""

    language: str
    licences: str
    robots_parser: str
    crawler_tokens: tuple[CrawlerTokenList, ...]
    robots_time: tuple[str, ...]
    by_source: Figure[tuple[ProvenanceRow, ...]]


class Optout(Frozen):
    documents_reserved: Figure[int]
    bytes_reserved: Figure[int]
    by_signal: Figure[tuple[SignalRow, ...]]
    robots_states: Figure[tuple[RobotsStateRow, ...]]
    documents_with_host: Figure[int]
    documents_with_robots_capture: Figure[int]


class Licences(Frozen):
    documents_with_licence: Figure[int]
    classes: Figure[tuple[LicenceClassRow, ...]]
    top: Figure[tuple[LicenceRow, ...]]


class PersonalData(Frozen):
    """Counts of matches (documents with one, and matches in all)."""

    documents_with_email: Figure[int]
    documents_with_phone: Figure[int]
    documents_with_ip: Figure[int]
    emails: Figure[int]
    phones: Figure[int]
    ip_addresses: Figure[int]

    def items(self) -> list[tuple[str, Figure[int]]]:
        """(key, figure) in the order of summary.json."""
        return [(k, getattr(self, k)) for k in type(self).model_fields]


class Detectors(Frozen):
    """Languages, opt-outs, licences and personal data, as measured per document;
    ``measured``: whether all, some or none of the documents went through them."""

    documents_checked: Figure[int]
    measured: Literal["all", "some", "none"]
    methods: Methods | None
    languages: Figure[tuple[LanguageRow, ...]]
    documents_with_language: Figure[int]
    optout: Optout
    licences: Licences
    personal_data: PersonalData
    person_names: Figure[PersonNamesEstimate] | None


class NearDuplicates(Frozen):
    totals: Figure[NearDuplicateTotals]
    per_source: Figure[tuple[NearDuplicateSourceRow, ...]]
    overlap: Figure[tuple[OverlapRow, ...]]
    stale_rows: Figure[int]


class ScanFigures(Frozen):
    """What the scan measured: every figure of ``summary.json`` before the template."""

    provscan_version: str
    generated_at: str
    store: StoreStatus
    totals: Totals
    size_measure: Figure[Literal["tokens", "bytes"]]
    size_per_modality: Figure[tuple[ModalityRow, ...]]
    acquisition_period: AcquisitionPeriod
    sources: Figure[tuple[SourceRow, ...]]
    classes: Figure[tuple[ClassRow, ...]]
    class_languages: Figure[tuple[ClassLanguageRow, ...]]
    class_optout: Figure[tuple[ClassOptoutRow, ...]]
    declared_sources: tuple[DeclaredSourceRow, ...]
    monthly: Figure[tuple[MonthRow, ...]]
    domains: Domains
    detectors: Detectors
    near_duplicates: NearDuplicates | None
    #: With ``--exclusions``: the set, and what it removed (every other figure is over
    #: the documents it keeps).
    exclusions: Exclusions | None = None


# -- what the report adds: checks, changes, the evidence index -------------------------


class Check(Frozen):
    """Something to clear before publishing."""

    level: Literal["warning", "note", "todo"]
    message: str


class FigureChange(Frozen):
    figure: str
    previous: JsonValue
    current: JsonValue
    change: str


class SourceChange(Frozen):
    """A source added, removed, or changed (``fields``: name -> [previous, current])."""

    source: str
    change: Literal["added", "removed", "changed"]
    fields: dict[str, tuple[JsonValue, JsonValue]] | None = None

    @model_serializer(mode="wrap")
    def _json(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        out: dict[str, object] = handler(self)
        if self.fields is None:
            del out["fields"]
        return out


class AnswerChange(Frozen):
    field: str
    previous: JsonValue
    current: JsonValue


class Changes(Frozen):
    """What changed since a previous summary, and whether it is due for an update."""

    previous_generated_at: str | None
    previous_date: str
    age_days: int
    warning: str | None
    figures: tuple[FigureChange, ...]
    sources: tuple[SourceChange, ...]
    languages_added: tuple[str, ...]
    languages_removed: tuple[str, ...]
    top_domains_added: tuple[str, ...]
    top_domains_removed: tuple[str, ...]
    answers: tuple[AnswerChange, ...]
    possibly_material: tuple[str, ...]


class EvidenceFile(Frozen):
    rows: int
    what: str
    query: str


class TieOut(Frozen):
    """A count taken from the evidence and from the manifest: they must be equal."""

    what: str
    evidence: int | None
    manifest: int | None
    ok: bool
    evidence_query: str
    manifest_query: str


class TokenListFile(Frozen):
    """A crawler token file as the evidence lists it (``readable`` False: gone or broken;
    then only ``file`` and ``readable`` are written)."""

    file: str
    readable: bool = True
    version: JsonValue = None
    date: JsonValue = None
    source: JsonValue = None
    tokens: int = 0

    @model_serializer(mode="wrap")
    def _json(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        out: dict[str, object] = handler(self)
        if not self.readable:
            return {"file": self.file, "readable": False}
        del out["readable"]
        return out


class EvidenceIndex(Frozen):
    """``evidence/index.json``: the files written, the tie-outs, the token lists used."""

    files: dict[str, EvidenceFile]
    tie_outs: tuple[TieOut, ...]
    shard_paths: str
    crawler_token_lists: tuple[TokenListFile, ...] = ()
    robots_parser: str | None = None
    robots_time: tuple[str, ...] | None = None
    measured: str = "none"


class Summary(ScanFigures):
    """The whole of ``summary.json``: the scan figures, the template's answers, the checks,
    the changes since a previous summary (if one was given) and the evidence index."""

    template: Template
    checks: tuple[Check, ...]
    changes: Changes | None
    evidence: EvidenceIndex


def to_json(model: BaseModel) -> str:
    """A model as the report files hold it: indented, UTF-8 as is, one final newline."""
    return json.dumps(model.model_dump(), indent=2, ensure_ascii=False) + "\n"
