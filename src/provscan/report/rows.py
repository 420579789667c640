"""One model per row of the report's queries (``provscan.aggregate``): the columns in the
query's order, then what the report adds to the row. Dates are ISO strings (UTC), as
``summary.json`` holds them."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TypeVar

from provscan.aggregate import queries as Q
from provscan.report.figure import Frozen
from provscan.store import Catalog

R = TypeVar("R", bound=Frozen)


def iso(v: object) -> object:
    """Dates and timestamps as ISO strings (timestamps in UTC); anything else as it is."""
    if isinstance(v, datetime):
        return (v.astimezone(timezone.utc) if v.tzinfo else v).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v


def dicts(catalog: Catalog, sql: str, **params: object) -> list[dict[str, object]]:
    """The rows of ``sql`` as dictionaries, dates as ISO strings: to complete before
    they become models."""
    return [{k: iso(v) for k, v in r.items()} for r in Q.rows(catalog, sql, **params)]


def fetch(catalog: Catalog, model: type[R], sql: str, **params: object) -> tuple[R, ...]:
    """The rows of ``sql`` as ``model`` instances."""
    return tuple(model.model_validate(r) for r in dicts(catalog, sql, **params))


class ProvenanceRow(Frozen):
    """What produced one source's units (``aggregate.provenance.PROVENANCE``); null where
    the units predate the record."""

    source: str
    profile: str | None
    provscan: str | None
    public_suffix_list: str | None
    language: str | None
    licences: str | None
    person_names: str | None
    robots_parser: str | None
    crawler_tokens: str | None
    robots_time: str | None
    token_method: str | None
    units: int
    documents: int | None


class TokenListRow(Frozen):
    label: str
    file: str | None
    content: str | None


class PresentRow(Frozen):
    present: bool


class SettingsRow(Frozen):
    settings: str | None


class SizeMeasureRow(Frozen):
    all_tokens: bool


class TokenMethodRow(Frozen):
    token_method: str


class StaleRow(Frozen):
    rows_without_document: int


class TotalsRow(Frozen):
    documents: int
    bytes: int
    tokens: int | None
    unique_documents: int
    exact_duplicates: int
    documents_with_url: int
    domains: int
    earliest_date: str | None
    latest_date: str | None


class StatusRow(Frozen):
    status: str
    units: int
    documents: int | None


class ProfileRow(Frozen):
    profile: str
    units: int
    documents: int | None


class ModalityRow(Frozen):
    modality: str
    documents: int
    bytes: int
    tokens: int | None
    unique_documents: int
    size_bin: str | None = None  # the template's size range (text only)


class SourceRow(Frozen):
    """A source: declared metadata, measured size and shares, licences found."""

    source: str
    modality: str
    template_class: str | None
    link: str | None
    version: str | None
    declared_licence: str | None
    description: str | None
    documents: int
    bytes: int
    tokens: int | None
    exact_duplicates: int
    domains: int
    earliest_date: str | None
    latest_date: str | None
    share_of_modality: float | None
    share_of_public_data: float | None
    large: bool | None
    detected_licences: tuple[str, ...] = ()
    detected_licence_classes: tuple[str, ...] = ()
    dataset_licence: str | None = None
    dataset_licence_class: str | None = None
    dataset_licence_conflict: bool | None = None


class SourceLicenceRow(Frozen):
    source: str
    licence: str
    documents: int


class SourceLicenceClassRow(Frozen):
    source: str
    licence_class: str
    documents: int


class DatasetLicenceRow(Frozen):
    source: str
    dataset_licence: str | None
    dataset_licence_class: str | None
    dataset_licence_conflict: bool | None


class ClassRow(Frozen):
    template_class: str
    modality: str
    sources: int
    documents: int
    bytes: int
    tokens: int | None
    earliest_date: str | None
    latest_date: str | None


class ClassLanguageRow(Frozen):
    template_class: str
    language: str
    bytes: int


class ClassOptoutRow(Frozen):
    template_class: str
    documents: int
    documents_checked: int
    documents_reserved: int
    documents_with_robots_capture: int


class DeclaredSourceRow(Frozen):
    source: str
    template_class: str | None
    modality: str
    link: str | None
    version: str | None
    declared_licence: str | None
    description: str | None


class MonthRow(Frozen):
    month: str
    documents: int
    bytes: int
    tokens: int | None


class DomainRow(Frozen):
    rank: int
    domain: str
    bytes: int
    tokens: int | None
    documents: int
    share: float | None
    cumulative_share: float | None
    first_seen: str | None
    last_seen: str | None


class TldRow(Frozen):
    tld: str
    domains: int
    documents: int
    bytes: int
    share_of_bytes: float | None


class LanguageRow(Frozen):
    language: str
    documents: int
    bytes: int
    tokens: int | None
    share_of_bytes: float | None
    name: str = ""
    eu_official: bool = False


class DetectedRow(Frozen):
    documents_checked: int
    documents_reserved: int
    bytes_reserved: int
    documents_with_host: int
    documents_with_robots_capture: int
    documents_with_language: int
    documents_with_licence: int
    documents_with_email: int
    documents_with_phone: int
    documents_with_ip: int
    emails: int
    phones: int
    ip_addresses: int


class SignalRow(Frozen):
    signal: str
    documents: int
    bytes: int


class RobotsStateRow(Frozen):
    robots_state: str
    documents: int


class LicenceClassRow(Frozen):
    licence_class: str
    documents: int
    bytes: int


class LicenceRow(Frozen):
    licence: str
    documents: int


class PersonNamesEstimate(Frozen):
    """Documents naming a person, estimated from the sample (docs/summary.md)."""

    sampled_documents: int
    sampled_with_names: int
    names_found: int
    documents_checked: int
    strata: int
    documents_in_unsampled_strata: int
    share: float
    share_ci95_low: float
    share_ci95_high: float
    estimated_documents: int
    estimated_documents_low: int
    estimated_documents_high: int
    confidence: float
    methods: tuple[str, ...]


class NearDuplicateTotals(Frozen):
    clusters: int
    clustered_documents: int
    dropped_documents: int
    documents_after: int
    tokens: int | None
    tokens_after: int | None
    bytes: int | None  # sums are null in a store without documents
    bytes_after: int | None


class NearDuplicateSourceRow(Frozen):
    source: str
    documents: int
    clustered_documents: int
    near_duplicate_rate: float
    dropped_documents: int
    tokens: int | None
    tokens_after: int | None
    bytes: int
    bytes_after: int | None


class OverlapRow(Frozen):
    source_a: str
    source_b: str
    documents_a: int
    share: float
