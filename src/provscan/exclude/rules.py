"""The rules of an exclusion set: a small table of named rules, each one SQL over the
manifest giving the documents it drops and the signal behind each.

A per-document rule is a ``select $cols, signal`` over the relations ``$manifest`` and
``$evidence`` (the parts being evaluated; ``$cols`` is the document's key ``k``, an
integer ``build`` adds to the manifest so that findings are grouped and joined on one
number, not on strings); the duplicate rules run after
them, over the whole store, because which document of a cluster is kept depends on what
the other rules dropped. A new reason is one entry in ``RULES``; a new kind of
reservation (a rightsholder's request, say) is one entry in ``RESERVATIONS`` and is
dropped by ``--drop reserved`` with every other reservation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from provscan.exclude.config import ExclusionSpec

#: How a reservation's documents are found: SQL giving ``$cols, signal``.
ReservationSql = Callable[[ExclusionSpec, str | None], str]
#: What every rule's rows carry (``$cols``): the document key (shard number << 32 | row).
DOC_COLUMNS = ("k",)


def _reserved_as_scanned(spec: ExclusionSpec, scan_time: str | None) -> str:
    """The manifest's own verdict (``optout``, ``optout_signals``) when the robots time
    is the scan's; else re-judged from the evidence rows the scan kept, by the capture
    they came from (``capture_when``)."""
    if spec.robots_time is None or spec.robots_time == scan_time:
        return ("select $cols, unnest(coalesce(optout_signals, ['unknown'])) as signal "
                "from $manifest where optout")
    when = "" if spec.robots_time == "any" else \
        f" and (capture_when is null or capture_when like '%{spec.robots_time}%')"
    return ("select m.k, e.signal from $manifest m join (select distinct source, shard, row, "
            "signal from $evidence where kind = 'optout' and verdict in ('reserved', "
            f"'conflict'){when}) e using (source, shard, row)")


@dataclass(frozen=True)
class Reservation:
    """One kind of reservation: SQL giving ``$cols, signal`` of the documents it reserves
    (``$manifest`` has the key ``k`` and the manifest's columns), and the catalog tables
    it reads besides the manifest: a change to them rebuilds the sets that use it."""

    sql: ReservationSql
    tables: tuple[str, ...] = ()


def _rightsholder_request(spec: ExclusionSpec, scan_time: str | None) -> str:
    """The documents under a rightsholder's request (``provscan complaint``)."""
    return ("select $cols, 'rightsholder_request' as signal from $manifest semi join "
            "(select distinct source, shard, row from complaint_documents) c "
            "using (source, shard, row)")


#: Every kind of reservation ``--drop reserved`` removes, by name. A new kind (a
#: rightsholder's request recorded in the catalog, say) is one entry here.
RESERVATIONS: dict[str, Reservation] = {
    "optout": Reservation(_reserved_as_scanned),
    "rightsholder_request": Reservation(_rightsholder_request, ("complaint_documents",)),
}

PII_SIGNALS = ("email", "phone", "ip")  # person names: counted on the sample only


def _reserved(spec: ExclusionSpec, scan_time: str | None) -> str:
    return "\nunion all\n".join(f"({r.sql(spec, scan_time)})" for r in RESERVATIONS.values())


def rule_tables(spec: ExclusionSpec) -> tuple[str, ...]:
    """The catalog tables the rules of ``spec`` read besides the manifest."""
    if "reserved" not in spec.reasons:
        return ()
    return tuple(sorted({t for r in RESERVATIONS.values() for t in r.tables}))


def _pii(spec: ExclusionSpec, scan_time: str | None) -> str:
    # one scan per kind: a simple comparison is pushed into the Parquet scan, an OR is not
    return "\nunion all\n".join(f"select $cols, '{s}' as signal from $manifest "
                                 f"where pii_{s} > 0" for s in PII_SIGNALS)


def _licence_class(spec: ExclusionSpec, scan_time: str | None) -> str:
    classes = ", ".join("'" + c.replace("'", "''") + "'" for c in spec.licence_classes)
    return (f"select $cols, licence_class as signal from $manifest "
            f"where licence_class in ({classes})")


def _where(spec: ExclusionSpec, scan_time: str | None) -> str:
    return f"select $cols, null::varchar as signal from $manifest where ({spec.where})"


@dataclass(frozen=True)
class Rule:
    """One reason to drop a document. ``sql`` is None for the duplicate rules, which
    ``build`` runs over whole clusters."""

    reason: str  # recorded in the set's ``reasons`` column
    option: str  # how ``--drop`` names it
    help: str
    sql: Callable[[ExclusionSpec, str | None], str] | None = None
    needs_full: bool = False  # the columns it reads are filled by the full profile only


RULES: dict[str, Rule] = {r.reason: r for r in (
    Rule("reserved", "reserved", "a text-and-data-mining reservation applies (every "
         "reservation signal; robots.txt judged by the robots time)", _reserved, True),
    Rule("pii", "pii", "personal data found in the text (e-mail, phone, IP address)",
         _pii, True),
    Rule("licence_class", "licence-class=CLASS[,CLASS]", "a licence of one of these "
         "classes was found in the text", _licence_class, True),
    Rule("where", "--where SQL", "the SQL condition over the manifest holds", _where),
    Rule("exact_duplicate", "exact-duplicates", "another kept document has the same "
         "content_hash"),
    Rule("near_duplicate", "near-duplicates", "another kept document is in the same "
         "near-duplicate cluster (near_duplicates.parquet)", needs_full=True),
)}

#: The deterministic rule that keeps one document of a duplicate group, as one value per
#: document for ``arg_min`` over the group: documents no other rule drops first
#: (``dropped`` is true for the others), then the earliest date (undated last), then the
#: smallest doc_id, then the smallest (source, shard, row) (``k`` sorts as they do) for
#: ties between sources.
KEEP_KEY = ("(dropped, date is null, coalesce(epoch_us(date), 0), doc_id is null, "
            "coalesce(doc_id, ''), k)")
KEEP_RULE = ("keep one document per group: among those no other rule drops, the earliest "
             "date (undated last), then the smallest doc_id, then the smallest "
             "(source, shard, row)")


def per_document_sql(spec: ExclusionSpec, scan_time: str | None,
                     manifest: str, evidence: str) -> str:
    """``DOC_COLUMNS, reason, signal`` of the per-document rules of ``spec``."""
    cols = ", ".join(DOC_COLUMNS)
    parts = []
    for reason in spec.reasons:
        rule = RULES[reason]
        if rule.sql is None:
            continue
        body = rule.sql(spec, scan_time).replace("$manifest", manifest)
        body = body.replace("$evidence", evidence).replace("$cols", cols)
        parts.append(f"select {cols}, '{reason}' as reason, signal from ({body})")
    if not parts:
        return f"select {cols}, null::varchar as reason, null::varchar as signal " \
               f"from {manifest} where false"
    return "\nunion all\n".join(parts)


__all__ = ["DOC_COLUMNS", "KEEP_KEY", "KEEP_RULE", "RESERVATIONS", "RULES", "Reservation",
           "Rule", "per_document_sql", "rule_tables"]
