"""Rightsholder complaints, recorded in the catalog: each request and the documents it
matched. A matched document carries the reservation signal ``rightsholder_request``
(``exclude --drop reserved``, the report's evidence, ``explain``).

The documents are found by ``provscan.lookup`` (which sits above the store) and handed
here; the store only keeps them, so that the stages below the lookup read them as a
table: ``complaint_documents(reference, source, shard, row, ...)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

import duckdb
import pyarrow as pa

#: The reservation signal a complaint puts on the documents it matched.
SIGNAL = "rightsholder_request"

COMPLAINT_DDL = """
create table if not exists complaints(reference varchar primary key, received date,
    kind varchar, value varchar, note varchar, work_text varchar, work_hash varchar,
    created_at timestamptz, matched_at timestamptz, index_state varchar,
    documents bigint);
create table if not exists complaint_documents(reference varchar, source varchar,
    shard varchar, row bigint, doc_id varchar, url varchar, kind varchar, score double);
"""
COMPLAINT_TABLES = ("complaints", "complaint_documents")
DOCS_SCHEMA = pa.schema([("reference", pa.string()), ("source", pa.string()),
                         ("shard", pa.string()), ("row", pa.int64()),
                         ("doc_id", pa.string()), ("url", pa.string()),
                         ("kind", pa.string()), ("score", pa.float64())])


@dataclass(frozen=True)
class Complaint:
    reference: str
    received: date
    kind: str  # url_prefix | domain | work
    value: str  # the prefix, the domain, or the work's name
    note: str | None
    work_text: str | None = None
    work_hash: str | None = None
    created_at: datetime | None = None
    matched_at: datetime | None = None
    index_state: str | None = None
    documents: int = 0


def has_tables(db: duckdb.DuckDBPyConnection) -> bool:
    names = {r[0] for r in db.execute("select table_name from duckdb_tables()").fetchall()}
    return all(t in names for t in COMPLAINT_TABLES)


def ensure_tables(db: duckdb.DuckDBPyConnection, temp: bool = False) -> None:
    """The complaint tables (temporary ones in a read-only catalog that has none)."""
    ddl = COMPLAINT_DDL if not temp else COMPLAINT_DDL.replace(
        "create table if not exists", "create temp table if not exists")
    db.execute(ddl.replace("primary key", "") if temp else ddl)


def complaints(db: duckdb.DuckDBPyConnection, reference: str | None = None) -> list[Complaint]:
    if not has_tables(db):
        return []
    where = "where reference = ?" if reference else ""
    rows = db.execute(
        "select reference, received, kind, value, note, work_text, work_hash, created_at, "
        f"matched_at, index_state, documents from complaints {where} order by received, "
        "reference", [reference] if reference else []).fetchall()
    names = [f for f in Complaint.__dataclass_fields__ if f != "documents"]
    return [Complaint(**dict(zip(names, r[:10], strict=True)), documents=int(r[10] or 0))
            for r in rows]


def record(db: duckdb.DuckDBPyConnection, c: Complaint) -> None:
    """Add (or replace) a complaint; its documents are set by ``set_documents``."""
    ensure_tables(db)
    db.execute("delete from complaints where reference = ?", [c.reference])
    db.execute("insert into complaints values (?, ?, ?, ?, ?, ?, ?, ?, null, null, 0)",
               [c.reference, c.received, c.kind, c.value, c.note, c.work_text, c.work_hash,
                datetime.now(timezone.utc)])


def set_documents(db: duckdb.DuckDBPyConnection, reference: str, docs: pa.Table,
                  index_state: str) -> None:
    """The documents a complaint matches now (replacing those it matched before)."""
    ensure_tables(db)
    db.execute("delete from complaint_documents where reference = ?", [reference])
    db.register("_complaint_docs", docs.select(DOCS_SCHEMA.names).cast(DOCS_SCHEMA))
    try:
        db.execute("insert into complaint_documents select * from _complaint_docs")
    finally:
        db.unregister("_complaint_docs")
    db.execute("update complaints set matched_at = ?, index_state = ?, documents = ? "
               "where reference = ?",
               [datetime.now(timezone.utc), index_state, docs.num_rows, reference])


def documents(db: duckdb.DuckDBPyConnection, reference: str | None = None) -> list[dict[str, Any]]:
    if not has_tables(db):
        return []
    where = "where reference = ?" if reference else ""
    rel = db.execute("select reference, source, shard, row, doc_id, url, kind, score from "
                     f"complaint_documents {where} order by reference, source, shard, row",
                     [reference] if reference else [])
    cols = [d[0] for d in rel.description]
    return [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]


#: SQL of the documents under a rightsholder's request: ``source, shard, row, reference``.
DOCUMENTS_SQL = "select distinct source, shard, row, reference from complaint_documents"

__all__ = [
    "COMPLAINT_DDL",
    "COMPLAINT_TABLES",
    "DOCS_SCHEMA",
    "DOCUMENTS_SQL",
    "SIGNAL",
    "Complaint",
    "complaints",
    "documents",
    "ensure_tables",
    "has_tables",
    "record",
    "set_documents",
]
