"""Exclusion sets and export: the targets of docs/exclusions.md, measured.

    python benchmarks/exclude_bench.py build  [--rows 10000000] [--parts 20] [--repeat 3]
    python benchmarks/exclude_bench.py export [--mb 200] [--shards 16] [--workers 2]

``build``: a synthetic store of ``--rows`` manifest rows (full-profile columns: 20 % of the
documents reserved, 3 % exact duplicates, near-duplicate clusters over 5 %, a little
personal data) in ``--parts`` Parquet parts, and the time of ``provscan exclude`` with
every rule (target: at most 5 s per 10 million rows; ``--repeat`` builds from scratch,
as sets of other names, for a best-of on a noisy machine), of a re-run on the unchanged store
(nothing to do), and of a re-run after one part changed (its shard's per-document rules
re-evaluated, duplicates over the whole store). Each build runs in its own process and
prints its peak RSS (VmHWM), so a smaller ``--rows`` shows whether
memory stays bounded.

``export``: a Parquet corpus of ``--mb`` MB of text in ``--shards`` shards, scanned with
the fast profile, then exported without a fifth of its documents (``--where "row % 5 =
0"``), both on a process pool of ``--workers``: the export's time against the scan's
(target: within 2x).

Prints one line per measure; nothing is asserted (timings never decide a test).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import xxhash


def _manifest_part(path: Path, shard: str, n: int, seed: int, dup_pool: int) -> None:
    """``n`` manifest rows of one shard, with the columns the rules read."""
    from provscan.detect.registry import MANIFEST_SCHEMA

    rng = np.random.default_rng(seed)
    rows = np.arange(n, dtype=np.int64)
    hashes = np.char.mod("%032x", rng.integers(0, 2**62, n))
    dup = rng.random(n) < 0.03
    hashes[dup] = np.char.mod("%032x", rng.integers(0, dup_pool, int(dup.sum())))
    reserved = rng.random(n) < 0.2
    signals = pa.array([["robots_txt"] if r else [] for r in reserved],
                       pa.list_(pa.string()))
    cols = {
        "source": pa.array(np.full(n, "web")), "shard": pa.array(np.full(n, shard)),
        "row": pa.array(rows), "doc_id": pa.array(np.char.add(f"{seed}-", rows.astype(str))),
        "url": pa.nulls(n, pa.string()), "host": pa.nulls(n, pa.string()),
        "domain": pa.nulls(n, pa.string()),
        "date": pa.array(rng.integers(1.6e15, 1.7e15, n), pa.timestamp("us", tz="UTC")),
        "bytes": pa.array(rng.integers(100, 5000, n)), "tokens": pa.array(rng.integers(20, 900, n)),
        "content_hash": pa.array(hashes), "sampled": pa.array(np.zeros(n, bool)),
        "optout": pa.array(reserved), "optout_signals": signals,
        "pii_email": pa.array((rng.random(n) < 0.01).astype(np.int32)),
        "pii_phone": pa.array(np.zeros(n, np.int32)), "pii_ip": pa.array(np.zeros(n, np.int32)),
    }
    arrays = [cols[f.name] if f.name in cols else pa.nulls(n, f.type) for f in MANIFEST_SCHEMA]
    pq.write_table(pa.Table.from_arrays(arrays, schema=MANIFEST_SCHEMA), path,
                   compression="zstd", row_group_size=256_000)


def make_store(root: Path, rows: int, parts: int) -> Path:
    from provscan.store import Catalog
    from provscan.store.layout import file_xxh3

    per = rows // parts
    with Catalog(root, create=True) as cat:
        for i in range(parts):
            shard = f"/data/web/part-{i:05d}.parquet"
            key = f"u{i:05d}"
            path = cat.layout.manifest_part("web", key)
            path.parent.mkdir(parents=True, exist_ok=True)
            _manifest_part(path, shard, per, i, per * parts // 50)
            cat.db.execute(
                "insert into units (unit_key, source, shard, format, fingerprint, status, "
                "docs, profile, part, part_bytes, part_xxh3, prov_robots_time) values "
                "(?, 'web', ?, 'parquet', '1:1', 'done', ?, 'full', ?, ?, ?, 'any')",
                [key, shard, per, cat.layout.relative(path), path.stat().st_size,
                 file_xxh3(path)])
        parts_sql = cat.manifest_sql()
        # near-duplicate clusters over 5 % of the documents, about 4 per cluster, and (as
        # a scan's clustering does) every document with an exact duplicate, flagged
        cat.db.execute(f"""copy (
            with dup as (select content_hash from ({parts_sql}) group by 1
                         having count(*) > 1)
            select doc_id, source, shard, row, m.content_hash,
                   case when d.content_hash is not null then left(m.content_hash, 16)
                        else lpad(to_hex(hash(row // 4) % 1000000), 16, '0') end as cluster,
                   4::bigint as cluster_size, row % 4 = 0 as representative,
                   d.content_hash is not null as exact
            from ({parts_sql}) m left join dup d using (content_hash)
            where hash(doc_id) % 20 = 0 or d.content_hash is not null
        ) to '{cat.layout.near_duplicates}' (format parquet)""")
        # the MinHash parts the clustering was made from (empty: only their dates count)
        minhash = [cat.layout.minhash_of(p) for p in cat.done_parts()]
        for m in minhash:
            m.parent.mkdir(parents=True, exist_ok=True)
            m.write_bytes(b"")
        cat.set_meta("near_duplicates_of", xxhash.xxh3_64_hexdigest("\n".join(
            f"{m.relative_to(cat.layout.root)}:{os.stat(m).st_mtime_ns}"
            for m in minhash).encode()))
    return root


def _build(store: str, name: str) -> None:
    """One build in this process; prints seconds and peak memory (child of ``build``)."""
    from provscan.exclude import build_exclusion_set, spec_from_options

    spec = spec_from_options(name, ["reserved", "exact-duplicates", "near-duplicates",
                                    "pii"])
    t0, c0 = time.perf_counter(), time.process_time()
    res = build_exclusion_set(store, spec)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    # VmHWM, not ru_maxrss: the latter is kept across exec from the parent, which wrote
    # the synthetic store
    status = dict(line.split(":", 1) for line in
                  Path("/proc/self/status").read_text().splitlines() if ":" in line)
    hwm = int(status["VmHWM"].split()[0]) // 1024
    print(f"  {dt:6.2f} s (CPU {cpu:5.2f} s)  unchanged={res.unchanged} "
          f"evaluated={res.shards_evaluated} reused={res.shards_reused} "
          f"documents={res.info.documents:,} of "
          f"{res.info.manifest_documents:,}  peak RSS (VmHWM) {hwm} MB", flush=True)


def bench_build(rows: int, parts: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = make_store(Path(tmp) / "store", rows, parts)
        print(f"synthetic store: {rows:,} manifest rows in {parts} parts "
              f"({time.perf_counter() - t0:.0f} s to write)")

        def run(label: str, name: str = "bench") -> None:
            print(label, flush=True)
            subprocess.run([sys.executable, __file__, "_build", str(store), name], check=True)

        from provscan.store import Catalog as _Cat

        with _Cat(store, read_only=True) as cat:  # the floor: one pass over what is read
            t0 = time.perf_counter()
            cat.db.execute(f"select count(distinct content_hash), sum(bytes), "
                           f"count(*) filter (where optout) from ({cat.manifest_sql()})"
                           ).fetchall()
            print(f"floor, one DuckDB pass over the content hashes: "
                  f"{time.perf_counter() - t0:.2f} s", flush=True)
        run("build, every rule (reserved, exact, near, pii):")
        for i in range(1, repeat):  # the same build from scratch, as another set
            run(f"build again from scratch ({i + 1} of {repeat}):", f"bench{i}")
        run("re-run, store unchanged:")
        first = next((store / "manifest" / "web").glob("*.parquet"))
        t = pq.read_table(first)
        pq.write_table(t.slice(0, t.num_rows - 10), first, compression="zstd")
        from provscan.store import Catalog
        from provscan.store.layout import file_xxh3

        with Catalog(store) as cat:
            cat.db.execute("update units set part_xxh3 = ?, part_bytes = ? where part like ?",
                           [file_xxh3(first), first.stat().st_size, f"%{first.name}"])
        run("re-run after one part changed:")


def bench_export(mb: int, shards: int, workers: int) -> None:
    from provscan.config import build_config
    from provscan.exclude import build_exclusion_set, spec_from_options
    from provscan.executors import make_executor
    from provscan.export import ExportOptions, run_export
    from provscan.scan.run import run_scan

    words = np.array(["provenance", "corpus", "licence", "crawl", "robots", "domain",
                      "training", "data", "document", "text", "summary", "evidence"])
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "in"
        d.mkdir()
        rng = np.random.default_rng(0)
        per_shard = mb * 2**20 // shards
        for s in range(shards):
            texts, size = [], 0
            while size < per_shard:
                t = " ".join(words[rng.integers(0, len(words), 120)])
                texts.append(t)
                size += len(t)
            pq.write_table(pa.table({"text": texts}), d / f"s{s:03d}.parquet",
                           row_group_size=20_000)
        cfg = build_config(options={"profile": "fast", "workers": workers},
                           sources=[{"name": "c", "paths": [str(d)]}])
        t0 = time.perf_counter()
        summary = run_scan(cfg, Path(tmp) / "store", make_executor("process", workers))
        scan_s = time.perf_counter() - t0
        build_exclusion_set(Path(tmp) / "store", spec_from_options("x", [], "row % 5 = 0"))
        t0 = time.perf_counter()
        res = run_export(Path(tmp) / "store", ExportOptions(exclusions="x", out=str(
            Path(tmp) / "out"), workers=workers), make_executor("process", workers))
        export_s = time.perf_counter() - t0
        print(f"corpus: {summary.docs:,} documents, {summary.bytes / 2**20:.0f} MB of text in "
              f"{shards} shards; {workers} workers")
        print(f"fast-profile scan: {scan_s:.2f} s")
        print(f"export of {res.documents:,} kept documents into {res.files} files: "
              f"{export_s:.2f} s ({export_s / scan_s:.2f}x the scan)")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_build":
        _build(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    b = sub.add_parser("build")
    b.add_argument("--rows", type=int, default=10_000_000)
    b.add_argument("--parts", type=int, default=20)
    b.add_argument("--repeat", type=int, default=3,
                   help="builds from scratch to run (noisy machines: take the best)")
    e = sub.add_parser("export")
    e.add_argument("--mb", type=int, default=200)
    e.add_argument("--shards", type=int, default=16)
    e.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    if a.what == "build":
        bench_build(a.rows, a.parts, a.repeat)
    else:
        bench_export(a.mb, a.shards, a.workers)


if __name__ == "__main__":
    main()
