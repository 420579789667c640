"""Building an exclusion set: the rules' SQL over the manifest, written to
``STORE/exclusions/<name>.parquet`` and recorded, with its counts, in the catalog.

All of it runs in DuckDB, and the file is written from Arrow batches (no document as a
Python object; the SQL is in ``query``). The per-document rules of a shard whose manifest
parts are the ones the set was last built from are not evaluated again: their findings
are taken from the previous set. The duplicate rules and the file always cover the whole
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
import pyarrow as pa
import xxhash

from provscan import __version__
from provscan.errors import duckdb_interrupt
from provscan.exclude.config import ExclusionSpec
from provscan.exclude.errors import ExclusionError
from provscan.exclude.query import add_duplicates, hits_sql, keyed, q, write_set
from provscan.exclude.read import ReasonCount, SetInfo, set_info
from provscan.exclude.rules import KEEP_RULE, RULES, rule_tables
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


def _parts(catalog: Catalog, units: list[tuple[object, ...]]
           ) -> tuple[dict[tuple[str, str], int], dict[str, list[tuple[str, int]]]]:
    """Each shard's number, in ``(source, shard)`` order (the high bits of the key
    ``k``), and the manifest parts of each shard that are in the store, with it."""
    numbers = {key: i for i, key in enumerate(sorted({(str(u[1]), str(u[2])) for u in units}))}
    parts: dict[str, list[tuple[str, int]]] = {}
    for u in units:
        if u[3] and (p := catalog.layout.resolve(str(u[3]))).exists():
            parts.setdefault(str(u[2]), []).append((str(p), numbers[(str(u[1]), str(u[2]))]))
    return numbers, parts


def _write(db: duckdb.DuckDBPyConnection, manifest: str, shards: list[tuple[str, str]],
           out: Path) -> tuple[int, str]:
    """The set's file, written under a temporary name and moved into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path(out)
    try:
        write_set(db, manifest, shards, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    checksum, size = file_xxh3(tmp), tmp.stat().st_size
    publish(tmp, out)
    return size, checksum


def _record(catalog: Catalog, spec: ExclusionSpec, scan_time: str | None,
            state: dict[str, object], out: Path, size: int, checksum: str) -> None:
    db = catalog.db
    # the counts the writer took of the rows it wrote, by combination of reasons
    total = db.execute("select coalesce(sum(documents), 0), coalesce(sum(bytes), 0), "
                       "sum(tokens) from combo_counts").fetchone()
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
    db.execute("""insert into exclusion_counts
        select ?, reason, null, sum(documents), sum(bytes), sum(tokens)
        from (select unnest(reasons) as reason, documents, bytes, tokens from combo_counts)
        group by reason
        union all
        select ?, split_part(s, ':', 1), substr(s, strpos(s, ':') + 1), sum(documents),
               sum(bytes), sum(tokens)
        from (select unnest(signals) as s, documents, bytes, tokens from combo_counts)
        group by s""", [spec.name, spec.name])


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
        numbers, parts_by_shard = _parts(catalog, units)
        reuse, todo = _changed_shards(prev[0], state) \
            if prev and prev[0].get("tables") == state["tables"] else (set(), set(parts_by_shard))
        tmp = catalog.layout.root / "tmp"
        tmp.mkdir(exist_ok=True)
        db.execute(f"set memory_limit = {q(memory_limit)}")
        db.execute(f"set temp_directory = {q(str(tmp))}")
        db.execute("set preserve_insertion_order = false")  # the output is sorted anyway
        db.register("shard_numbers", pa.table({
            "source": pa.array([s for s, _ in numbers], pa.string()),
            "shard": pa.array([s for _, s in numbers], pa.string()),
            "shard_no": pa.array(list(numbers.values()), pa.int64())}))
        db.execute("create or replace temp table shard_ids as select * from shard_numbers")
        db.unregister("shard_numbers")
        empty = catalog.manifest_sql([])
        everything = keyed([p for ps in parts_by_shard.values() for p in ps], empty)
        try:
            fresh = [p for s, ps in parts_by_shard.items() if s not in reuse for p in ps]
            hits = hits_sql(spec, scan_time, keyed(fresh, empty),
                            f"({catalog.evidence_of_parts([p for p, _ in fresh])})",
                            sorted(reuse), prev[1] if prev else None)
            db.execute(f"create or replace temp table hits as {hits}")
            add_duplicates(db, spec, everything, manifest, catalog.layout.near_duplicates,
                           near_is_current(catalog))
            out = catalog.layout.exclusion_set(spec.name)
            size, checksum = _write(db, everything, list(numbers), out)
        except (duckdb.InterruptException, RuntimeError) as e:
            if not duckdb_interrupt(e):
                raise
            raise KeyboardInterrupt from e
        except (duckdb.Error, pa.ArrowException) as e:
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
