"""The catalog: a DuckDB database of sources, work units (with fingerprints and
status), runs and input problems, plus the ``manifest`` view over completed parts.

Only the coordinating process writes it. A unit's part is written first and its
``done`` record last, so a crash leaves at worst a part that the next run redoes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import xxhash

from provscan import __version__
from provscan.config import SourceSpec
from provscan.detect.registry import MANIFEST_SCHEMA
from provscan.errors import StoreError
from provscan.schema import EVIDENCE_SCHEMA
from provscan.store.complaints import COMPLAINT_DDL, COMPLAINT_TABLES
from provscan.store.layout import Layout

SCHEMA_VERSION = "1"
#: The typed provenance of a unit (``scan.provenance.Provenance``), one column a field.
PROVENANCE_COLUMNS = ("prov_provscan", "prov_psl", "prov_language", "prov_licences",
                      "prov_person_names", "prov_robots_parser", "prov_crawler_tokens",
                      "prov_robots_time")
#: Unit statuses whose manifest part is in the store: ``partial`` units lost some input
#: (a truncated file, a broken record) and keep everything read intact.
READ_STATUSES = "('done', 'partial')"

#: Exclusion sets and exports (``exclude/``, ``export/``): what each recorded, with its rules
#: and counts; the documents of a set are in ``STORE/exclusions/<name>.parquet``.
EXCLUSION_DDL = """
create table if not exists exclusion_sets(name varchar primary key, rules varchar,
    robots_time varchar, keep_rule varchar, state varchar, path varchar, part_bytes bigint,
    part_xxh3 varchar, manifest_documents bigint, documents bigint, bytes bigint,
    tokens bigint, provscan_version varchar, created_at timestamptz,
    updated_at timestamptz);
create table if not exists exclusion_counts(name varchar, reason varchar, signal varchar,
    documents bigint, bytes bigint, tokens bigint);
create table if not exists exports(export_id bigint primary key, exclusions varchar,
    out_dir varchar, format varchar, settings varchar, status varchar, rules varchar,
    set_xxh3 varchar, inputs varchar, documents bigint, bytes bigint, tokens bigint,
    removed_documents bigint, provscan_version varchar, started_at timestamptz,
    finished_at timestamptz, error varchar);
create table if not exists export_counts(export_id bigint, reason varchar,
    documents bigint, bytes bigint, tokens bigint);
create table if not exists export_files(export_id bigint, task varchar, path varchar,
    documents bigint, bytes bigint, file_bytes bigint, xxh3 varchar);
"""
_EXCLUSION_TABLES = ("exclusion_sets", "exclusion_counts", "exports", "export_counts",
                     "export_files")

_DDL = """
create table if not exists meta(key varchar primary key, value varchar);
create table if not exists sources(
    name varchar primary key, format varchar, paths varchar, columns varchar,
    template_class varchar, link varchar, version varchar, licence varchar,
    modality varchar, description varchar, updated_at timestamptz);
create table if not exists units(
    unit_key varchar primary key, source varchar, shard varchar, format varchar,
    fingerprint varchar, settings varchar, unit_index integer, unit_count integer,
    status varchar, docs bigint, bytes bigint, tokens bigint, problems bigint,
    error varchar, token_method varchar, profile varchar, run_id bigint,
    finished_at timestamptz, seconds double, part varchar, sample_part varchar);
create table if not exists runs(
    run_id bigint primary key, started_at timestamptz, finished_at timestamptz,
    provscan_version varchar, command varchar, units_planned integer,
    units_skipped integer, units_done integer, units_failed integer,
    docs bigint, bytes bigint, status varchar);
create table if not exists problems(
    run_id bigint, unit_key varchar, shard varchar, kind varchar, line bigint,
    message varchar);
create table if not exists skipped_files(run_id bigint, source varchar, path varchar,
    reason varchar);
alter table units add column if not exists part_bytes bigint;
alter table units add column if not exists part_xxh3 varchar;
alter table runs add column if not exists shards_added integer;
alter table runs add column if not exists shards_changed integer;
alter table runs add column if not exists shards_removed integer;
alter table runs add column if not exists units_redone integer;
alter table runs add column if not exists error varchar;
alter table units add column if not exists prov_provscan varchar;
alter table units add column if not exists prov_psl varchar;
alter table units add column if not exists prov_language varchar;
alter table units add column if not exists prov_licences varchar;
alter table units add column if not exists prov_person_names varchar;
alter table units add column if not exists prov_robots_parser varchar;
alter table units add column if not exists prov_crawler_tokens varchar;
alter table units add column if not exists prov_robots_time varchar;
create table if not exists crawler_token_lists(label varchar primary key, file varchar,
    content varchar);
create table if not exists skipped_records(run_id bigint, unit_key varchar, shard varchar,
    reason varchar, records bigint);
create table if not exists dataset_licences(source varchar primary key, licence varchar,
    licence_class varchar, conflict boolean, evidence varchar);
alter table sources add column if not exists delta_version integer;
""" + EXCLUSION_DDL + COMPLAINT_DDL

_DUCK_TYPES = {"string": "varchar", "int64": "bigint", "bool": "boolean",
               "timestamp[us, tz=UTC]": "timestamptz", "int32": "integer",
               "list<item: string>": "varchar[]"}


def _select_parts(parts: list[str], schema: pa.Schema) -> str:
    """A ``select`` over Parquet parts with every column of ``schema``: parts written
    before a column was added (and stores with no parts) read it as null."""
    cols = ", ".join(
        f"cast(null as {_DUCK_TYPES[str(f.type)]}) as \"{f.name}\"" for f in schema
    )
    empty = f"select {cols} where false"
    if not parts:
        return empty
    files = ", ".join("'" + p.replace("'", "''") + "'" for p in parts)
    return (f"select * from read_parquet([{files}], union_by_name = true) "
            f"union all by name ({empty})")


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class ShardRecord:
    unit_key: str
    fingerprint: str
    settings: str
    status: str
    part: str | None = None
    part_bytes: int | None = None
    part_xxh3: str | None = None


class Catalog:
    """Open (or create) the catalog of a store directory."""

    def __init__(self, root: str | Path, *, create: bool = False, read_only: bool = False):
        self.layout = Layout(root)
        path = self.layout.catalog
        if not path.exists():
            if not create:
                raise StoreError(
                    f"{self.layout.root}: no provscan store here (no {path.name}). "
                    "Create one with: provscan scan PATH --store DIR"
                )
            self.layout.root.mkdir(parents=True, exist_ok=True)
        try:
            self.db = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as e:
            raise StoreError(
                f"{path}: cannot open the catalog ({e}). Another provscan process may be "
                "using this store; wait for it to finish."
            ) from e
        if not read_only:
            self.db.execute(_DDL)
            self.db.execute(
                "insert or ignore into meta values ('schema_version', ?)", [SCHEMA_VERSION]
            )
        else:
            self._compat()

    def _compat(self) -> None:
        """A store written by an older provscan, opened read-only, is not migrated: the
        tables added since are empty temporary ones, so every query runs."""
        tables = {r[0] for r in self.db.execute(
            "select table_name from duckdb_tables()").fetchall()}
        if "skipped_records" not in tables:
            self.db.execute(
                "create temp table skipped_records(run_id bigint, unit_key varchar, "
                "shard varchar, reason varchar, records bigint)")
        if "crawler_token_lists" not in tables:
            self.db.execute("create temp table crawler_token_lists(label varchar, "
                            "file varchar, content varchar)")
        for ddl, names in ((EXCLUSION_DDL, _EXCLUSION_TABLES), (COMPLAINT_DDL, COMPLAINT_TABLES)):
            if any(t not in tables for t in names):  # before exclusion sets, complaints
                self.db.execute(ddl.replace("create table if not exists",
                                            "create temp table if not exists"))
        have = {r[0] for r in self.db.execute(
            "select column_name from duckdb_columns() where table_name = 'units' "
            "and schema_name = 'main'").fetchall()}
        missing = [c for c in PROVENANCE_COLUMNS if c not in have]
        if have and missing:  # the units of an older store: no provenance recorded
            name = self.db.execute("select current_database()").fetchone()
            nulls = ", ".join(f"null::varchar as {c}" for c in missing)
            self.db.execute(f'create temp view units as select *, {nulls} '
                            f'from "{name[0] if name else "catalog"}".main.units')

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs ---------------------------------------------------------------------------
    def begin_run(self, command: str) -> int:
        row = self.db.execute("select coalesce(max(run_id), 0) + 1 from runs").fetchone()
        run_id = int(row[0]) if row else 1
        self.db.execute(
            "insert into runs (run_id, started_at, provscan_version, command, status) "
            "values (?, ?, ?, ?, 'running')",
            [run_id, _now(), __version__, command],
        )
        return run_id

    def end_run(self, run_id: int, **counts: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in counts)
        self.db.execute(
            f"update runs set finished_at = ?, {sets} where run_id = ?",
            [_now(), *counts.values(), run_id],
        )

    # -- sources and units --------------------------------------------------------------
    def upsert_source(self, spec: SourceSpec) -> None:
        d = spec.declared
        self.db.execute(
            "insert or replace into sources (name, format, paths, columns, template_class, "
            "link, version, licence, modality, description, updated_at, delta_version) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [spec.name, spec.format, json.dumps(list(spec.paths)),
             spec.columns.model_dump_json(), d.template_class, d.link, d.version,
             d.licence, d.modality, d.description, _now(), spec.delta_version],
        )

    def record_dataset_licence(self, source: str, found: Any) -> None:
        """The licence of a source from its dataset card or licence files (or none)."""
        self.db.execute("delete from dataset_licences where source = ?", [source])
        if found is None:
            return
        evidence = json.dumps([
            {"file": Path(e.file).name, "field": e.field, "raw": e.raw, "licence": e.licence,
             "matcher": e.matcher} for e in found.evidence])
        self.db.execute("insert into dataset_licences values (?, ?, ?, ?, ?)",
                        [source, found.licence, found.licence_class, found.conflict, evidence])

    def units_of(self, shard_uris: list[str]) -> dict[str, ShardRecord]:
        if not shard_uris:
            return {}
        rows = self.db.execute(
            "select unit_key, fingerprint, settings, status, part, part_bytes, part_xxh3 "
            "from units where shard in (select unnest(?))",
            [shard_uris],
        ).fetchall()
        return {r[0]: ShardRecord(*r) for r in rows}

    def shards_known(self, source: str) -> set[str]:
        rows = self.db.execute("select distinct shard from units where source = ?",
                               [source]).fetchall()
        return {r[0] for r in rows}

    def stale_units(self, source: str, keep: set[str]) -> list[tuple[str, str, str]]:
        """Units of ``source`` the current plan (``keep``) no longer has: their file is
        gone (retired) or their split changed. (unit_key, part, sample_part)."""
        rows = self.db.execute(
            "select unit_key, part, sample_part from units where source = ?",
            [source]).fetchall()
        return [(k, p or "", s or "") for k, p, s in rows if k not in keep]

    def drop_units(self, keys: list[str]) -> None:
        if keys:
            self.db.execute("delete from units where unit_key in (select unnest(?))", [keys])

    def mark_pending(self, run_id: int, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            self.db.execute(
                "insert or replace into units (unit_key, source, shard, format, fingerprint, "
                "settings, unit_index, unit_count, status, run_id, profile, part, sample_part) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                [r["unit_key"], r["source"], r["shard"], r["format"], r["fingerprint"],
                 r["settings"], r["unit_index"], r["unit_count"], run_id, r["profile"],
                 r["part"], r["sample_part"]],
            )

    def record(self, run_id: int, key: str, result: dict[str, Any],
               problems: list[tuple[str, int | None, str]], shard: str,
               skipped: dict[str, int] | None = None) -> None:
        """The completion record of one unit: written after its part is in place. Its
        provenance (``prov_*`` columns: what produced the rows) is written with it; a
        failed unit has none."""
        prov = [result.get(c) for c in PROVENANCE_COLUMNS]
        self.db.execute(
            "update units set status = ?, docs = ?, bytes = ?, tokens = ?, problems = ?, "
            "error = ?, token_method = ?, run_id = ?, finished_at = ?, seconds = ?, "
            "part_bytes = ?, part_xxh3 = ?, "
            + ", ".join(f"{c} = ?" for c in PROVENANCE_COLUMNS) + " where unit_key = ?",
            [result["status"], result["docs"], result["bytes"], result["tokens"],
             result["problems"], result["error"], result["token_method"], run_id, _now(),
             result["seconds"], result.get("part_bytes"), result.get("part_xxh3"), *prov,
             key],
        )
        self.db.execute("delete from problems where unit_key = ?", [key])
        if problems:
            self.db.executemany(
                "insert into problems values (?, ?, ?, ?, ?, ?)",
                [(run_id, key, shard, k, line, msg) for k, line, msg in problems],
            )
        self.db.execute("delete from skipped_records where unit_key = ?", [key])
        if skipped:
            self.db.executemany(
                "insert into skipped_records values (?, ?, ?, ?, ?)",
                [(run_id, key, shard, reason, n) for reason, n in sorted(skipped.items())],
            )

    def record_token_list(self, label: str, file: str, content: str) -> None:
        """The AI-crawler token list a scan judges robots.txt with, as it read it: units
        name it in ``prov_crawler_tokens``, the report lists its tokens from here."""
        self.db.execute("insert or replace into crawler_token_lists values (?, ?, ?)",
                        [label, file, content])

    def record_capture_problems(self, run_id: int, problems: list[Any]) -> None:
        """Problems of the ``--site-captures`` inputs (``CaptureProblem``s), kept as
        problems of the pseudo-unit ``site-captures`` until the next ingest."""
        self.db.execute("delete from problems where unit_key = 'site-captures'")
        if problems:
            self.db.executemany(
                "insert into problems values (?, 'site-captures', ?, 'capture_damage', "
                "null, ?)", [(run_id, p.origin, p.message) for p in problems])

    def record_skipped(self, run_id: int, source: str, files: list[tuple[str, str]]) -> None:
        self.db.execute("delete from skipped_files where source = ?", [source])
        if files:
            self.db.executemany(
                "insert into skipped_files values (?, ?, ?, ?)",
                [(run_id, source, p, r) for p, r in files],
            )

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("insert or replace into meta values (?, ?)", [key, value])

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("select value from meta where key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    # -- the manifest view --------------------------------------------------------------
    def done_parts(self) -> list[str]:
        rows = self.db.execute(
            f"select part from units where status in {READ_STATUSES} order by part"
        ).fetchall()
        parts = (self.layout.resolve(r[0]) for r in rows if r[0])
        return [str(p) for p in parts if p.exists()]

    def manifest_sql(self, parts: list[str] | None = None) -> str:
        """A ``select`` over the completed manifest parts (empty but typed if none), or
        over ``parts`` only (a subset of them)."""
        return _select_parts(self.done_parts() if parts is None else parts, MANIFEST_SCHEMA)

    def evidence_of_parts(self, parts: list[str]) -> str:
        """A ``select`` over the evidence parts of the given manifest parts."""
        found = [str(e) for p in parts if (e := self.layout.evidence_of(p)).exists()]
        return _select_parts(found, EVIDENCE_SCHEMA)

    def evidence_sql(self) -> str:
        """A ``select`` over the evidence parts of completed units."""
        parts = [str(e) for p in self.done_parts() if (e := self.layout.evidence_of(p)).exists()]
        return _select_parts(parts, EVIDENCE_SCHEMA)

    def refresh_views(self) -> None:
        """(Re)create the ``manifest`` and ``evidence`` views users query with DuckDB."""
        self.db.execute(f"create or replace view manifest as {self.manifest_sql()}")
        self.db.execute(f"create or replace view evidence as {self.evidence_sql()}")


#: The catalog's content that a run changes only when it changes the store; the run
#: history (``runs``), times and run ids are left out.
_DIGEST_TABLES = {"sources": "exclude (updated_at)", "units": "", "problems": "exclude (run_id)",
                  "skipped_files": "exclude (run_id)", "dataset_licences": "", "meta": "",
                  "skipped_records": "exclude (run_id)", "crawler_token_lists": "",
                  "exclusion_sets": "exclude (created_at, updated_at)",
                  "exclusion_counts": "", "exports": "exclude (started_at, finished_at)",
                  "export_counts": "", "export_files": "",
                  "complaints": "exclude (created_at, matched_at)", "complaint_documents": ""}


def catalog_digest(path: Path) -> str | None:
    """A digest of what the catalog says about the store (not of its bytes)."""
    if not path.exists():
        return None
    con = duckdb.connect(str(path), read_only=True)
    try:
        h = xxhash.xxh3_128()
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        for table, cols in _DIGEST_TABLES.items():
            if table not in tables:
                continue
            row = con.execute(
                f"select string_agg(x::varchar, chr(10) order by x::varchar) "
                f"from (select * {cols} from {table}) x").fetchone()
            h.update(f"{table}\n{row[0] if row and row[0] else ''}\n".encode())
        return str(h.hexdigest())
    finally:
        con.close()
