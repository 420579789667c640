"""A report given an exclusion set (``provscan report --exclusions NAME``): every figure
over the kept documents, and the removals measured by reason and by signal.

``use_exclusions`` narrows the catalog's ``manifest`` and ``evidence`` views to the kept
documents before any figure is computed (``aggregate.exclusions``), so every query of the
report, unchanged, gives the figure of what was trained on. ``exclusion_figures`` measures
what was removed; the template's sections 1.3 and 3.1, ``sources.csv`` and the annex show
it.
"""

from __future__ import annotations

import json

from pydantic import JsonValue

from provscan.aggregate import exclusions as X
from provscan.aggregate import queries as Q
from provscan.exclude import exclusion_set_path, set_info, set_is_current
from provscan.report.figure import Figure, Frozen, scan
from provscan.report.formatting import n, pct
from provscan.report.rows import fetch
from provscan.store import Catalog


class RemovalTotals(Frozen):
    documents_before: int
    bytes_before: int
    tokens_before: int | None
    documents_removed: int
    bytes_removed: int
    tokens_removed: int | None
    documents_after: int
    bytes_after: int
    tokens_after: int | None
    set_rows_without_document: int


class RemovalRow(Frozen):
    reason: str
    documents: int
    bytes: int
    tokens: int | None


class RemovalSignalRow(Frozen):
    reason: str
    signal: str
    documents: int
    bytes: int
    tokens: int | None


class SourceBeforeAfterRow(Frozen):
    source: str
    documents_before: int
    bytes_before: int
    tokens_before: int | None
    documents_after: int
    bytes_after: int
    tokens_after: int | None


class Exclusions(Frozen):
    """The exclusion set a report was computed with, and what it removed."""

    name: str
    rules: dict[str, JsonValue]
    keep_rule: str
    robots_time: str | None
    current: bool  # built from the store as it is now
    kept_view: str  # the definition of ``manifest`` in every query of this report
    totals: Figure[RemovalTotals]
    by_reason: Figure[tuple[RemovalRow, ...]]
    by_signal: Figure[tuple[RemovalSignalRow, ...]]
    sources: Figure[tuple[SourceBeforeAfterRow, ...]]


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def use_exclusions(catalog: Catalog, name: str) -> None:
    """Narrow ``manifest`` and ``evidence`` (temporary views of this connection) to the
    documents the set ``name`` keeps; ``manifest_all`` keeps every document."""
    path = exclusion_set_path(catalog.layout.root, name)
    db = catalog.db
    db.execute(X.SET_VIEW.replace("$path", _q(str(path))))
    db.execute(X.ALL_VIEW.replace("$manifest", catalog.manifest_sql()))
    db.execute(X.EVIDENCE_ALL_VIEW.replace("$evidence", catalog.evidence_sql()))
    db.execute(X.KEPT_VIEW)
    db.execute(X.KEPT_EVIDENCE_VIEW)


def exclusion_figures(catalog: Catalog, name: str) -> Exclusions:
    """What the set removed, measured over the store (``use_exclusions`` first)."""
    info = set_info(catalog, name)
    Q.rows(catalog, Q.UTC)
    return Exclusions(
        name=name, rules=json.loads(json.dumps(info.rules)), keep_rule=info.keep_rule,
        robots_time=info.robots_time,
        current=set_is_current(catalog, name), kept_view=X.KEPT_VIEW,
        totals=scan(fetch(catalog, RemovalTotals, X.REMOVAL_TOTALS)[0], X.REMOVAL_TOTALS),
        by_reason=scan(fetch(catalog, RemovalRow, X.REMOVALS_BY_REASON),
                       X.REMOVALS_BY_REASON),
        by_signal=scan(fetch(catalog, RemovalSignalRow, X.REMOVALS_BY_SIGNAL),
                       X.REMOVALS_BY_SIGNAL),
        sources=scan(fetch(catalog, SourceBeforeAfterRow, X.SOURCES_BEFORE_AFTER),
                     X.SOURCES_BEFORE_AFTER))


def _tok(v: int | None) -> str:
    return "tokens not counted" if v is None else f"{n(v)} tokens"


def size_lines(e: Exclusions) -> list[str]:
    """Section 1.3: the sizes are after pre-processing, and what it removed."""
    t = e.totals.value
    return [f"Sizes are after pre-processing: the exclusion set {e.name} removed "
            f"{n(t.documents_removed)} of {n(t.documents_before)} documents "
            f"({_tok(t.tokens_removed)}, {n(t.bytes_removed)} bytes), leaving "
            f"{n(t.documents_after)} documents ({_tok(t.tokens_after)}). Before "
            f"pre-processing: {_tok(t.tokens_before)}, {n(t.bytes_before)} bytes."]


def removal_lines(e: Exclusions) -> list[str]:
    """Section 3.1: the removals measured, by reason and, for reservations, by signal."""
    t = e.totals.value
    lines = [f"Removed from the training data before training (exclusion set {e.name}): "
             f"{n(t.documents_removed)} of {n(t.documents_before)} documents "
             f"({pct(t.documents_removed / t.documents_before) if t.documents_before else '0 %'}"
             f"; {_tok(t.tokens_removed)}). A document removed for several reasons counts "
             "under each."]
    signals = e.by_signal.value
    for r in e.by_reason.value:
        of = [s for s in signals if s.reason == r.reason]
        by = "; by signal: " + ", ".join(
            f"{s.signal} {n(s.documents)} documents ({_tok(s.tokens)})" for s in of) if of else ""
        lines.append(f"Reason {r.reason}: {n(r.documents)} documents ({_tok(r.tokens)}){by}.")
    if e.robots_time:
        lines.append(f"robots.txt captures judged by the rule {e.robots_time} "
                     "(--robots-time).")
    lines.append(f"Duplicates: {e.keep_rule}.")
    return lines


def check_messages(e: Exclusions) -> list[str]:
    """Warnings to clear before publishing a report computed with this set."""
    out = []
    if not e.current:
        out.append(f"the exclusion set {e.name} was built before the store last changed: "
                   f"rebuild it (provscan exclude --name {e.name} with the same rules) so "
                   "that it covers every document scanned")
    rows = e.totals.value.set_rows_without_document
    if rows:
        out.append(f"{n(rows)} documents of the exclusion set {e.name} are no longer in "
                   "the store")
    return out


__all__ = [
    "Exclusions",
    "RemovalRow",
    "RemovalSignalRow",
    "RemovalTotals",
    "SourceBeforeAfterRow",
    "check_messages",
    "exclusion_figures",
    "removal_lines",
    "size_lines",
    "use_exclusions",
]
