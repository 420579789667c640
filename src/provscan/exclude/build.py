"""Building an exclusion set: the rules' SQL over the manifest, written to
``STORE/exclusions/<name>.parquet`` and recorded, with its counts, in the catalog.

All of it runs in DuckDB (no document in Python). The per-document rules of a shard whose
manifest parts are the ones the set was last built from are not evaluated again: their
findings are taken from the previous set. The duplicate rules always run over the whole
store, because one document kept per group depends on every member. A re-run over an
unchanged store with the same rules does nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import xxhash

from provscan import __version__
from provscan.exclude.config import ExclusionSpec
from provscan.exclude.errors import ExclusionError
from provscan.exclude.read import ReasonCount, SetInfo, set_info
from provscan.exclude.rules import KEEP_ORDER, KEEP_RULE, RULES, per_document_sql, rule_tables
from provscan.store import Catalog
from provscan.store.catalog import READ_STATUSES
from provscan.store.layout import file_xxh3, part_intact, publish, tmp_path

_UNITS = (f"select unit_key, source, shard, part, part_xxh3, profile, prov_robots_time "
          f"from units where status in {READ_STATUSES} order by unit_key")


@dataclass(frozen=True)
class ExclusionResult:
    """What ``build_exclusion_set`` did."""

    info: SetInfo
    unchanged: bool  # the store and rules are those of the recorded set: nothing done
    shards_reused: int  # shards whose per-document findings came from the previous set
    shards_evaluated: int
    seconds: float


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _scan_robots_time(units: list[tuple[object, ...]], spec: ExclusionSpec) -> str | None:
    """The robots time the scan judged with; checks that ``spec`` can use it."""
    times = sorted({str(u[6]) for u in units if u[6]})
    if "reserved" not in spec.reasons:
        return times[0] if len(times) == 1 else None
    if len(times) > 1 and spec.robots_time is None:
        raise ExclusionError(f"the store's units were scanned with different robots times "
                             f"({', '.join(times)}): give the one to apply with --robots-time")
    scan_time = times[0] if times else None
    if spec.robots_time not in (None, scan_time) and scan_time != "any":
        raise ExclusionError(
            f"--robots-time {spec.robots_time}: the scan judged robots.txt with "
            f"{scan_time}, so it kept no evidence of the other captures. Re-scan with "
            f"--robots-time any (or {spec.robots_time}), or leave --robots-time out")
    return scan_time


def _check(catalog: Catalog, spec: ExclusionSpec, units: list[tuple[object, ...]],
           manifest: str) -> None:
    """Refuse rules the store cannot answer before anything is written."""
    fast = sorted({str(u[1]) for u in units if u[5] == "fast"})
    full_only = [r for r in spec.reasons if RULES[r].needs_full]
    if fast and full_only:
        raise ExclusionError(
            f"{', '.join(full_only)}: needs the full profile, but source(s) "
            f"{', '.join(fast)} were scanned with --profile fast (no opt-out, PII, licence "
            "or MinHash columns). Re-scan them with --profile full, or drop by --where")
    if "near_duplicate" in spec.reasons and not catalog.layout.near_duplicates.exists():
        raise ExclusionError(f"{catalog.layout.near_duplicates}: no near-duplicate clusters "
                             "in this store. Run: provscan dedup --store STORE")
    if spec.where is not None:
        try:
            catalog.db.execute(f"select count(*) from ({manifest}) where ({spec.where}) "
                               "limit 0").fetchall()
        except duckdb.Error as e:
            raise ExclusionError(f"--where {spec.where!r}: not a valid condition over the "
                                 f"manifest ({str(e).splitlines()[0]}). The columns are "
                                 "those of docs/manifest.md") from e


def _state(catalog: Catalog, units: list[tuple[object, ...]],
           tables: tuple[str, ...] = ()) -> dict[str, object]:
    """What the set is built from: every unit's part checksum, the clustering, and a
    digest of the other catalog tables its rules read."""
    have = {r[0] for r in catalog.db.execute("select table_name from duckdb_tables()"
                                             ).fetchall()}
    digests = {}
    for t in tables:
        row = catalog.db.execute(
            f"select md5(coalesce(string_agg(x::varchar, chr(10) order by x::varchar), '')) "
            f"from {t} x").fetchone() if t in have else None
        digests[t] = row[0] if row else None
    return {"units": {str(u[0]): [u[2], u[4]] for u in units},
            "near_duplicates": catalog.get_meta("near_duplicates_of"), "tables": digests}


def _previous(catalog: Catalog, spec: ExclusionSpec) -> tuple[dict[str, object], Path] | None:
    """The recorded state of this set when its rules are ``spec``'s and its file is
    intact; None otherwise (the set is then built from scratch)."""
    row = catalog.db.execute(
        "select rules, state, path, part_bytes, part_xxh3 from exclusion_sets where name = ?",
        [spec.name]).fetchone()
    if row is None or json.loads(row[0]) != spec.rules_json():
        return None
    path = catalog.layout.resolve(row[2])
    if not part_intact(path, row[3], row[4]):
        return None
    return json.loads(row[1]), path


def _changed_shards(old: dict[str, object], new: dict[str, object]) -> tuple[set[str], set[str]]:
    """(shards whose units are all as before, shards to evaluate)."""
    old_units = old.get("units") or {}
    new_units = new["units"]
    assert isinstance(old_units, dict) and isinstance(new_units, dict)
    by_shard: dict[str, bool] = {}
    for key, (shard, xxh3) in new_units.items():
        same = old_units.get(key) == [shard, xxh3]
        by_shard[shard] = by_shard.get(shard, True) and same
    return ({s for s, same in by_shard.items() if same},
            {s for s, same in by_shard.items() if not same})


def _keyed(manifest: str) -> str:
    """The manifest with each document's integer key ``k``: its shard's number (in
    ``(source, shard)`` order, table ``shard_ids``) << 32 | its row."""
    return (f"(select (s.shard_no << 32) | m.row as k, m.* from ({manifest}) m "
            "join shard_ids s using (source, shard))")


def _hits_sql(catalog: Catalog, spec: ExclusionSpec, scan_time: str | None,
              parts_by_shard: dict[str, list[str]], reuse: set[str], previous: Path | None,
              ) -> str:
    """The per-document findings (``k, reason, signal``): evaluated over the parts of the
    shards not reused, taken from the previous set for the others."""
    todo = [p for s, ps in sorted(parts_by_shard.items()) if s not in reuse for p in ps]
    fresh = per_document_sql(spec, scan_time, _keyed(catalog.manifest_sql(todo)),
                             f"({catalog.evidence_of_parts(todo)})")
    if not reuse or previous is None:
        return fresh
    shards = "[" + ", ".join(_q(s) for s in sorted(reuse)) + "]"
    prev = (f"(select (s.shard_no << 32) | p.row as k, p.* from read_parquet("
            f"{_q(str(previous))}) p join shard_ids s using (source, shard) "
            f"where list_contains({shards}, p.shard))")
    sql = f"""{fresh}
union all
select k, split_part(s, ':', 1) as reason, substr(s, strpos(s, ':') + 1) as signal
from (select k, unnest(signals) as s from {prev})"""
    if "where" in spec.reasons:  # the one per-document rule without signals
        sql += f"""
union all
select k, r, null from (select k, unnest(reasons) as r from {prev}) where r = 'where'"""
    return sql


def near_is_current(catalog: Catalog) -> bool:
    """Whether ``near_duplicates.parquet`` covers every document of the store as it is
    now: every completed unit has its MinHash part, and the clustering was made from
    those parts (the state ``dedup.cluster_store`` records)."""
    layout = catalog.layout
    if not layout.near_duplicates.exists():
        return False
    done = catalog.done_parts()
    parts = [str(m) for p in done if (m := layout.minhash_of(p)).exists()]
    if len(parts) != len(done):
        return False
    state = xxhash.xxh3_64_hexdigest("\n".join(
        f"{Path(p).relative_to(layout.root)}:{os.stat(p).st_mtime_ns}" for p in parts
    ).encode())
    return catalog.get_meta("near_duplicates_of") == state


def _duplicates(db: duckdb.DuckDBPyConnection, spec: ExclusionSpec, manifest: str,
                near: Path, near_current: bool) -> None:
    """Add the duplicate rules' findings to ``hits``: every member of a group but the
    one the keep rule keeps (``KEEP_ORDER``, over the documents no other rule drops)."""
    if not {"exact_duplicate", "near_duplicate"} & set(spec.reasons):
        return
    db.execute("create or replace temp table dropped as select distinct k from hits")
    keyed = _keyed(manifest)
    cols = "k, source, shard, row, date, doc_id"
    groups = []
    if "exact_duplicate" in spec.reasons and near_current:
        # the clustering lists every document that has an exact duplicate (``exact``)
        groups.append(("exact_duplicate", f"""
            select {", ".join("m." + c for c in cols.split(", "))}, m.content_hash as grp
            from {keyed} m join (select source, shard, row from read_parquet(
                {_q(str(near))}) where exact) nd using (source, shard, row)"""))
    elif "exact_duplicate" in spec.reasons:
        # candidates by a 64-bit hash of the content hash (fast to group), then grouped
        # by the content hash itself
        groups.append(("exact_duplicate", f"""
            select {cols}, content_hash as grp from {keyed} where hash(content_hash) in (
                select hash(content_hash) from ({manifest}) group by 1 having count(*) > 1)"""))
    if "near_duplicate" in spec.reasons:
        groups.append(("near_duplicate", f"""
            select {", ".join("m." + c for c in cols.split(", "))}, nd.cluster as grp
            from {keyed} m join read_parquet({_q(str(near))}) nd using (source, shard, row)"""))
    for reason, members in groups:
        db.execute(f"""insert into hits
            select k, '{reason}', null from (
                select g.*, row_number() over (partition by grp order by {KEEP_ORDER}) as rank
                from (select x.*, d.k is not null as dropped from ({members}) x
                      left join dropped d using (k)) g)
            where rank > 1""")


def _write(db: duckdb.DuckDBPyConnection, manifest: str, out: Path) -> tuple[int, str]:
    """The set's file: the findings per document, with the manifest's columns."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path(out)
    # reasons as a bit mask (an integer aggregate is much cheaper than a list of strings)
    names = "[" + ", ".join(_q(r) for r in sorted(RULES)) + "]"
    db.execute(f"""create or replace temp table found as
        select k, bit_or(1 << (list_position({names}, reason) - 1)) as mask,
               list(reason || ':' || signal) filter (where signal is not null) as sigs
        from hits group by k""")
    db.execute(f"""create or replace temp table masks as
        select mask, list_filter({names}, lambda r, i: (mask >> (i - 1)) & 1 = 1) as reasons
        from (select distinct mask from found)""")
    db.execute(f"""copy (
        select m.doc_id, m.source, m.shard, m.row, m.url, x.reasons,
               case when len(f.sigs) > 1 then list_sort(list_distinct(f.sigs))
                    else coalesce(f.sigs, []::varchar[]) end as signals,
               m.bytes, m.tokens, m.content_hash
        from {_keyed(manifest)} m join found f using (k) join masks x using (mask)
        order by k
    ) to {_q(str(tmp))} (format parquet, compression zstd)""")
    checksum, size = file_xxh3(tmp), tmp.stat().st_size
    publish(tmp, out)
    return size, checksum


def _record(catalog: Catalog, spec: ExclusionSpec, scan_time: str | None,
            state: dict[str, object], out: Path, size: int, checksum: str) -> None:
    db = catalog.db
    src = f"read_parquet({_q(str(out))})"
    total = db.execute(f"select count(*), coalesce(sum(bytes), 0), sum(tokens) from {src}"
                       ).fetchone()
    docs = db.execute(f"select count(*) from ({catalog.manifest_sql()})").fetchone()
    assert total is not None and docs is not None
    now = datetime.now(timezone.utc)
    old = db.execute("select created_at from exclusion_sets where name = ?",
                     [spec.name]).fetchone()
    db.execute("delete from exclusion_sets where name = ?", [spec.name])
    db.execute("delete from exclusion_counts where name = ?", [spec.name])
    db.execute(
        "insert into exclusion_sets (name, rules, robots_time, keep_rule, state, path, "
        "part_bytes, part_xxh3, manifest_documents, documents, bytes, tokens, "
        "provscan_version, created_at, updated_at) values "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [spec.name, json.dumps(spec.rules_json(), sort_keys=True),
         spec.robots_time or scan_time, KEEP_RULE, json.dumps(state, sort_keys=True),
         catalog.layout.relative(out), size, checksum, docs[0], total[0], total[1],
         total[2], __version__, old[0] if old else now, now])
    db.execute(f"""insert into exclusion_counts
        select ?, reason, null, count(*), sum(bytes), sum(tokens)
        from (select unnest(reasons) as reason, bytes, tokens from {src}) group by reason
        union all
        select ?, split_part(s, ':', 1), substr(s, strpos(s, ':') + 1), count(*),
               sum(bytes), sum(tokens)
        from (select unnest(signals) as s, bytes, tokens from {src}) group by s""",
               [spec.name, spec.name])


def build_exclusion_set(store: str | Path, spec: ExclusionSpec,
                        memory_limit: str = "1GB") -> ExclusionResult:
    """Build (or bring up to date) the exclusion set ``spec.name`` of ``store``."""
    t0 = time.perf_counter()
    with Catalog(store) as catalog:
        db = catalog.db
        units = db.execute(_UNITS).fetchall()
        manifest = catalog.manifest_sql()
        scan_time = _scan_robots_time(units, spec)
        _check(catalog, spec, units, manifest)
        state = _state(catalog, units, rule_tables(spec))
        prev = _previous(catalog, spec)
        if prev is not None and prev[0] == state:
            return ExclusionResult(set_info(catalog, spec.name), True, 0, 0,
                                   time.perf_counter() - t0)
        parts_by_shard: dict[str, list[str]] = {}
        for u in units:
            if u[3]:
                parts_by_shard.setdefault(str(u[2]), []).append(
                    str(catalog.layout.resolve(str(u[3]))))
        reuse, todo = _changed_shards(prev[0], state) \
            if prev and prev[0].get("tables") == state["tables"] else (set(), set(parts_by_shard))
        tmp = catalog.layout.root / "tmp"
        tmp.mkdir(exist_ok=True)
        db.execute(f"set memory_limit = {_q(memory_limit)}")
        db.execute(f"set temp_directory = {_q(str(tmp))}")
        db.execute("set preserve_insertion_order = false")  # the output is sorted anyway
        db.execute("create or replace temp table shard_ids as select source, shard, "
                   "(row_number() over (order by source, shard) - 1)::bigint as shard_no "
                   f"from (select distinct source, shard from units where status in "
                   f"{READ_STATUSES})")
        try:
            hits = _hits_sql(catalog, spec, scan_time, parts_by_shard, reuse,
                             prev[1] if prev else None)
            db.execute(f"create or replace temp table hits as {hits}")
            _duplicates(db, spec, manifest, catalog.layout.near_duplicates,
                        near_is_current(catalog))
            out = catalog.layout.exclusion_set(spec.name)
            size, checksum = _write(db, manifest, out)
        except duckdb.InterruptException as e:
            raise KeyboardInterrupt from e
        except duckdb.Error as e:
            raise ExclusionError(f"exclusion set {spec.name!r}: the rules' query failed "
                                 f"({str(e).splitlines()[0]})") from e
        finally:
            with contextlib.suppress(OSError):  # DuckDB removes its spill files
                tmp.rmdir()
        _record(catalog, spec, scan_time, state, out, size, checksum)
        return ExclusionResult(set_info(catalog, spec.name), False, len(reuse), len(todo),
                               time.perf_counter() - t0)


def set_is_current(catalog: Catalog, name: str) -> bool:
    """Whether the set ``name`` was built from the store as it is now (same unit parts,
    same near-duplicate clustering)."""
    row = catalog.db.execute("select state, rules from exclusion_sets where name = ?",
                             [name]).fetchone()
    if row is None:
        return False
    units = catalog.db.execute(_UNITS).fetchall()
    spec = ExclusionSpec.model_validate({"name": name, **json.loads(row[1])})
    return bool(json.loads(row[0]) == json.loads(
        json.dumps(_state(catalog, units, rule_tables(spec)))))


__all__ = ["ExclusionResult", "ReasonCount", "build_exclusion_set", "set_is_current"]
