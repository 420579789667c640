"""Near-duplicate clusters over a whole store, from the per-unit MinHash parts.

Reads only ``STORE/minhash/<source>/<unit>.parquet`` (columns ``source, shard, row,
doc_id, content_hash, bands``) and writes ``near_duplicates.parquet``: one row per
document in a cluster of two or more.

Two documents are linked when they share a ``content_hash`` (exact duplicates after
normalisation) or any LSH band key; clusters are the connected components of those
links. Each band-key group (and each content-hash group) links its members to the
group's smallest id only: a star with n - 1 edges instead of n^2 / 2 pairs, with the
same components. Candidates are not verified against an estimated Jaccard similarity:
that needs the full signatures (120 values per document instead of 12 keys) and a pass
over every candidate pair; the band S-curve (see ``MinHashParams``) is the filter.

The band-key groups are found with numpy in radix partitions sized to half of
``memory_limit`` (``bands.py``); the rest runs in an in-memory DuckDB database with
``memory_limit`` set and spilling to ``tmp_dir``, so memory stays bounded whatever the
store's size and no document is held in Python.

Determinism: a document's id is ``shard_number << 32 | row``, where shard numbers
follow the order of ``(source, shard)``; ids therefore sort like the documents' keys
and do not depend on file or executor order. A cluster is named after its smallest
``(source, shard, row)``: the first 16 hex characters of md5(source \\x1f shard \\x1f row).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from provscan.dedup.bands import band_edges
from provscan.dedup.components import connected_components
from provscan.dedup.memory import PeakRss
from provscan.errors import StoreError
from provscan.schema import MINHASH_PART_KEY

OUTPUT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("shard", pa.string()),
        ("row", pa.int64()),
        ("content_hash", pa.string()),
        ("cluster", pa.string()),  # 16 hex chars naming the cluster's first document
        ("cluster_size", pa.int64()),
        ("representative", pa.bool_()),  # the cluster's first document (keep one)
        ("exact", pa.bool_()),  # another document in the store has the same content_hash
    ]
)
"""The columns of ``near_duplicates.parquet``, sorted by ``source, shard, row``."""

# md5 is in every SQL engine and fixed forever, unlike DuckDB's hash().
CLUSTER_NAME_SQL = "substr(md5(r.source || chr(31) || r.shard || chr(31) || r.row::varchar), 1, 16)"


@dataclass(frozen=True)
class ClusterStats:
    """What one clustering run found and cost."""

    documents: int  # documents in the parts
    clustered: int  # documents in clusters of two or more (rows written)
    clusters: int
    exact: int  # clustered documents that have an exact duplicate
    edges: int  # distinct links (star edges) between documents
    rounds: int  # label-propagation rounds until stable
    seconds: float
    peak_rss_mb: float | None  # peak RSS of this process during the run; None off Linux


def cluster(
    parts: list[str],
    out_path: str,
    tmp_dir: str,
    memory_limit: str = "192MB",
    threads: int | None = None,
) -> ClusterStats:
    """Cluster every document of ``parts`` and write ``out_path`` (see module doc)."""
    t0 = time.perf_counter()
    with PeakRss() as rss, _database(tmp_dir, memory_limit, threads) as con:
        numbers = _shards(con, parts)
        # the band links first, before DuckDB holds the documents: the two never hold
        # their memory at the same time
        band = band_edges(parts, numbers, tmp_dir, _bytes(memory_limit) // 2)
        documents = _load(con, parts)
        edges = _link(con, band) if documents else 0
        del band
        rounds = connected_components(con, "edges", "labels") if edges else 0
        clustered, clusters, exact = _write(con, Path(out_path), edges > 0)
    return ClusterStats(
        documents=documents, clustered=clustered, clusters=clusters, exact=exact,
        edges=edges, rounds=rounds, seconds=time.perf_counter() - t0,
        peak_rss_mb=rss.peak_mb,
    )


@contextmanager
def _database(
    tmp_dir: str, memory_limit: str, threads: int | None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A throw-away in-memory DuckDB database with bounded memory, spilling to a
    directory in ``tmp_dir`` that is removed afterwards."""
    Path(tmp_dir).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dedup-", dir=tmp_dir))
    # In memory, not a database file: DuckDB still keeps to memory_limit by spilling
    # blocks to temp_directory, and loading the parts no longer writes them to a file
    # first (0.8 -> 0.35 s for 385,726 documents).
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = '{_size(memory_limit)}'")
        con.execute(f"SET temp_directory = '{_quote(str(work / 'spill'))}'")
        con.execute("SET preserve_insertion_order = false")
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        yield con
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def _shards(con: duckdb.DuckDBPyConnection, parts: list[str]) -> dict[tuple[str, str], int]:
    """``shards(source, shard, shard_no)``, returned as a dict; the parts' MinHash settings
    checked to be one."""
    if not parts:
        con.execute("create table shards (source varchar, shard varchar, shard_no bigint)")
        return {}
    settings = con.execute(
        f"""select distinct decode(value) from parquet_kv_metadata($parts)
        where decode(key) = '{MINHASH_PART_KEY}' order by 1""",
        {"parts": parts},
    ).fetchall()
    if len(settings) > 1:
        found = "; ".join(str(r[0]) for r in settings)
        raise StoreError(
            f"minhash parts were computed with different settings ({found}); their band "
            "keys cannot be compared: re-scan the store with one setting"
        )
    con.execute(
        """create table shards as
        select source, shard, row_number() over (order by source, shard) - 1 as shard_no
        from (select distinct source, shard from read_parquet($parts))""",
        {"parts": parts},
    )
    return {(src, shard): int(no) for src, shard, no in
            con.execute("select source, shard, shard_no from shards").fetchall()}


def _load(con: duckdb.DuckDBPyConnection, parts: list[str]) -> int:
    """``docs(id, source, shard, row, doc_id, content_hash)``."""
    if not parts:
        con.execute(
            "create table docs (id bigint, source varchar, shard varchar, row bigint, "
            "doc_id varchar, content_hash varchar)"
        )
        return 0
    src = "read_parquet($parts)"
    con.execute(
        f"""create table docs as
        select (s.shard_no << 32) | p.row as id, p.source, p.shard, p.row, p.doc_id,
               p.content_hash
        from {src} p join shards s using (source, shard)""",
        {"parts": parts},
    )
    bad = con.execute(
        """select source, shard, row, count(*) from docs
        group by all having count(*) > 1 or row < 0 or row >= 4294967296 limit 1"""
    ).fetchone()
    if bad is not None:
        raise StoreError(
            f"minhash parts: document {bad[0]} {bad[1]} row {bad[2]} appears {bad[3]} times "
            "or has a row number outside 0..2^32; the store holds stale parts: re-run the "
            "scan of that shard"
        )
    n = con.execute("select count(*) from docs").fetchall()  # all: no result left open
    return int(n[0][0]) if n else 0


def _link(con: duckdb.DuckDBPyConnection, band: pa.Table) -> int:
    """``edges(src, dst)``: every member of a band-key or content-hash group to the
    group's smallest id. The band-key links come from numpy (``bands.band_edges``), the
    content-hash ones from SQL. Returns the number of distinct edges."""
    con.register("band_edges", band)
    con.execute(
        """create table edges as
        with hash_groups as (
            select content_hash, min(id) as root from docs
            where content_hash is not null group by content_hash having count(*) > 1
        )
        select distinct src, dst from (
            select src, dst from band_edges
            union all
            select d.id, g.root from docs d join hash_groups g using (content_hash)
            where d.id <> g.root
        )"""
    )
    con.unregister("band_edges")
    n = con.execute("select count(*) from edges").fetchone()
    return int(n[0]) if n else 0


def _write(con: duckdb.DuckDBPyConnection, out: Path, any_edges: bool) -> tuple[int, int, int]:
    """Write the clustered documents; return (documents, clusters, exact)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    if not any_edges:
        pq.write_table(OUTPUT_SCHEMA.empty_table(), tmp)
        tmp.replace(out)
        return 0, 0, 0
    con.execute(
        f"""create table result as
        with sizes as (select label, count(*) as cluster_size from labels group by label),
        dup as (
            select content_hash from docs where content_hash is not null
            group by content_hash having count(*) > 1
        )
        select d.doc_id, d.source, d.shard, d.row, d.content_hash,
               {CLUSTER_NAME_SQL} as cluster, s.cluster_size,
               d.id = l.label as representative, dup.content_hash is not null as exact
        from labels l
        join docs d on d.id = l.node
        join docs r on r.id = l.label
        join sizes s on s.label = l.label
        left join dup on dup.content_hash = d.content_hash"""
    )
    sql = "select * from result order by source, shard, row"
    reader: pa.RecordBatchReader = con.sql(sql).to_arrow_reader(65_536)
    with pq.ParquetWriter(tmp, OUTPUT_SCHEMA, compression="zstd") as w:
        for batch in reader:
            w.write_batch(batch.cast(OUTPUT_SCHEMA))
    tmp.replace(out)
    row = con.execute(
        "select count(*), count(distinct cluster), count(*) filter (where exact) from result"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def _quote(s: str) -> str:
    return s.replace("'", "''")


def _size(limit: str) -> str:
    """Accept only DuckDB size literals such as '1GB' or '512MB' (no SQL injection)."""
    s = limit.strip()
    num = s.rstrip("KMGTBkmgtbi ")
    if not num.replace(".", "", 1).isdigit() or s[len(num):].strip().upper() not in {
        "", "B", "KB", "MB", "GB", "TB", "KIB", "MIB", "GIB", "TIB",
    }:
        raise ValueError(f"memory_limit {limit!r}: use a size such as '1GB' or '512MB'")
    return s


def _bytes(limit: str) -> int:
    """A DuckDB size literal (checked by ``_size``) in bytes."""
    s = _size(limit).upper().replace(" ", "")
    num = s.rstrip("KMGTBI")
    unit = s[len(num):]
    scale = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
             "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}[unit]
    return int(float(num) * scale)
