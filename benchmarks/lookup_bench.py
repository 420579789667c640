"""provscan lookup on a generated 10-million-document store: the targets of docs/lookup.md.

    python benchmarks/lookup_bench.py [--docs 10000000] [--units 100] [--works 1000]
                                      [--keep DIR]

Generates a store directly in the store's layout (no scan of 10 M documents): per unit a
manifest part (URLs over 200,000 domains, content hashes, dates, opt-out), a MinHash part
(12 random band keys a document) and a passage part (8 sampled shingle keys a document,
as ``lookup.index`` writes them), recorded as done units in the catalog; plus one real
shard of planted copies, scanned with the full profile into its own store and its parts
copied in, so that candidates are read back and verified as in real use. Then, each in a
fresh process (time measured around the call, peak RSS of the process):

1. ``refresh``: the index built from nothing (every unit);
2. lookup of ``--works`` works (texts of ~150 words; 5 % of them planted in the real
   shard as exact copies, copies with 2 % of words changed, and inside pages four times
   longer) with the index up to date: target <= 10 s;
3. lookup of one URL, one URL prefix, one registrable domain: target <= 1 s each;
4. ``refresh`` after one more unit was added: only that unit is read.

``-cold``: the index files are first dropped from the page cache (``posix_fadvise``
DONTNEED on them only), so every page the lookup needs is read from disk. Peak RSS
includes the pages of the mapped index files (page cache, shared and reclaimable);
"anonymous" is the process's own memory.

Prints one line per measure; nothing is asserted (timings never decide a test).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

VOCAB_SIZE = 20_000
SETTINGS = {"profile": "full", "near_duplicates": {"enabled": True, "bands": 12, "rows": 10,
                                                    "shingle": 5, "seed": 0}}


def _words(rng: random.Random, n: int) -> str:
    return " ".join(f"w{int(rng.paretovariate(1.1)) % VOCAB_SIZE}" for _ in range(n))


def _unit(root: Path, i: int, n: int, first_doc: int) -> dict[str, object]:
    """One synthetic unit: manifest, MinHash and passage parts of ``n`` documents."""
    from provscan.lookup.index import _STAMP

    rng = np.random.default_rng(i)
    shard = f"/bench/web/shard-{i:05d}.parquet"
    rows = np.arange(n, dtype=np.int64)
    dom = (rng.zipf(1.3, n) % 200_000).astype(np.int64)
    ds = pa.array(dom).cast(pa.string())
    sub = pc.if_else(pa.array(rng.random(n) < 0.7), "www.d", "blog.d")
    host = pc.binary_join_element_wise(sub, ds, ".com", "")
    url = pc.binary_join_element_wise("https://", host, "/p/", pa.array(rows + first_doc)
                                      .cast(pa.string()), "")
    hashes = np.char.mod("%016x", rng.integers(0, 2**62, n)).astype(object) + "0" * 16
    manifest = pa.table({
        "source": pa.array(np.full(n, "web")), "shard": pa.array(np.full(n, shard)),
        "row": rows, "doc_id": pc.binary_join_element_wise(shard, pa.array(rows).cast(
            pa.string()), "#"),
        "url": url, "host": host, "domain": pc.binary_join_element_wise("d", ds, ".com", ""),
        "date": pa.array(rng.integers(1.6e15, 1.7e15, n), pa.timestamp("us", tz="UTC")),
        "bytes": pa.array(rng.integers(300, 5000, n)), "content_hash": pa.array(hashes),
        "optout": pa.array(rng.random(n) < 0.2),
        "optout_signals": pa.array([[]] * n, pa.list_(pa.string()))})
    key = f"shard-{i:05d}-00000"
    part = root / "manifest" / "web" / f"{key}.parquet"
    for d in ("manifest", "minhash"):
        (root / d / "web").mkdir(parents=True, exist_ok=True)
    pq.write_table(manifest, part)
    bands = pa.FixedSizeListArray.from_arrays(
        pa.array(rng.integers(0, 2**63, n * 12, dtype=np.uint64)), 12)
    pq.write_table(pa.table({"source": manifest["source"], "shard": manifest["shard"],
                             "row": rows, "doc_id": manifest["doc_id"],
                             "content_hash": manifest["content_hash"], "bands": bands}),
                   root / "minhash" / "web" / f"{key}.parquet")
    per = rng.poisson(8, n)
    stamp = f"bench-{i}"
    pas = pa.table({"row": np.repeat(rows, per),
                    "key": rng.integers(0, 2**59, int(per.sum()), dtype=np.uint64) << 4}
                   ).replace_schema_metadata({_STAMP: stamp.encode()})
    (root / "lookup" / "passages" / "web").mkdir(parents=True, exist_ok=True)
    pq.write_table(pas, root / "lookup" / "passages" / "web" / f"{key}.parquet")
    return {"unit_key": key, "source": "web", "shard": shard, "part": f"manifest/web/{key}.parquet",
            "xxh3": stamp, "docs": n}


def _planted(tmp: Path, works: list[str]) -> Path:
    """A real shard of planted copies, scanned into its own store."""
    from provscan.config import build_config
    from provscan.executors import SerialExecutor
    from provscan.scan.run import run_scan

    rng = random.Random(5)
    texts, urls = [], []
    for j, w in enumerate(works[:50]):
        words = w.split()
        if j % 3 == 0:
            t = w
        elif j % 3 == 1:
            for k in rng.sample(range(len(words)), len(words) // 50):
                words[k] = "changed"
            t = " ".join(words)
        else:
            t = _words(rng, 300) + " " + w + " " + _words(rng, 300)  # the work in a page
        texts.append(t)
        urls.append(f"https://www.planted.org/work/{j}")
    (tmp / "in").mkdir(parents=True)
    pq.write_table(pa.table({"url": urls, "text": texts}), tmp / "in" / "planted.parquet")
    cfg = build_config(options={"profile": "full"},
                       sources=[{"name": "planted", "paths": [str(tmp / "in")]}])
    run_scan(cfg, tmp / "planted-store", SerialExecutor())
    return tmp / "planted-store"


def generate(root: Path, docs: int, units: int, works: list[str], tmp: Path) -> None:
    from provscan.store import Catalog

    per = docs // units
    recs = [_unit(root, i, per, i * per) for i in range(units)]
    planted = _planted(root.parent / f"{root.name}.planted", works)  # kept with the store
    for d in ("manifest", "minhash", "evidence"):
        if (planted / d).is_dir():
            shutil.copytree(planted / d, root / d, dirs_exist_ok=True)
    with Catalog(root, create=True) as cat, Catalog(planted, read_only=True) as p:
        cat.db.execute("insert into sources (name, format, paths, columns) values "
                       "('web', 'parquet', '[]', '{}')")
        settings = json.dumps(SETTINGS)
        for r in recs:
            cat.db.execute(
                "insert into units (unit_key, source, shard, format, fingerprint, settings, "
                "status, docs, part, part_xxh3, profile) values (?, ?, ?, 'parquet', 'x', ?, "
                "'done', ?, ?, ?, 'full')",
                [r["unit_key"], r["source"], r["shard"], settings, r["docs"], r["part"],
                 r["xxh3"]])
        for table in ("sources", "units"):
            rows = p.db.execute(f"select * from {table}").fetchall()
            cols = [d[0] for d in p.db.description]  # type: ignore[union-attr]
            marks = ", ".join("?" * len(cols))
            cat.db.executemany(f"insert into {table} ({', '.join(cols)}) values ({marks})",
                               rows)


def _phase(args: list[str]) -> None:
    """Run one measure in a fresh process and print its line."""
    out = subprocess.run([sys.executable, __file__, "_phase", *args], check=True,
                         capture_output=True, text=True)
    print(out.stdout.strip(), flush=True)


class _AnonPeak:
    """The largest anonymous RSS (heap, arrays: not the mapped index files) seen while
    the phase runs, sampled every 5 ms from /proc/self/status."""

    def __init__(self) -> None:
        import threading

        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        self.peak = max(self.peak, int(line.split()[1]) // 1024)

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


def _evict(store: Path) -> None:
    """Drop the index files (only those) from the page cache: a cold lookup."""
    for f in (store / "lookup").rglob("*.arrow"):
        fd = os.open(f, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def run_phase(kind: str, store: Path, works_file: Path | None) -> None:
    from provscan.lookup.index import refresh
    from provscan.lookup.run import LookupOptions, lookup
    from provscan.lookup.works import read_works
    from provscan.store import Catalog

    if kind.endswith("-cold"):
        _evict(store)
        kind = kind.removesuffix("-cold")
    anon = _AnonPeak()
    t0 = time.perf_counter()
    what = ""
    if kind == "refresh":
        with Catalog(store, read_only=True) as cat:
            st = refresh(cat)
        what = f"{st.added} units added, {len(st.segments)} segments"
    elif kind == "works":
        assert works_file is not None
        ws = read_works([str(works_file)])
        anon.peak = 0
        t0 = time.perf_counter()
        res = lookup(store, works=ws)
        kinds: dict[str, int] = {}
        for m in res.matches:
            kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
        found = len({m["query"] for m in res.matches})
        what = f"{len(ws)} works, {found} found, matches by kind {kinds}"
    else:
        opts = LookupOptions(excerpts=False)
        first = sorted((store / "manifest" / "web").glob("*.parquet"))[0]
        url = pq.read_table(first, columns=["url"])["url"][123].as_py()
        q = {"url": {"urls": [url.replace("https://www.", "http://")]},
             "url_prefix": {"prefixes": ["https://www.d3.com/p/"]},
             "domain": {"domains": ["d3.com"]}}[kind]
        res = lookup(store, options=opts, **q)  # type: ignore[arg-type]
        what = f"{res.queries[0].matches:,} matches ({res.queries[0].listed:,} listed)"
    secs = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{sys.argv[2]:<14} {secs:7.2f} s  peak RSS {rss:6.0f} MB, anonymous "
          f"{anon.stop():5d} MB  {what}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_phase":
        run_phase(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]) if len(sys.argv) > 4
                  else None)
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10_000_000)
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--works", type=int, default=1000)
    ap.add_argument("--keep", type=Path, help="generate the store here (and keep it)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lookup-bench-"))
    store = a.keep or tmp / "store"
    try:
        rng = random.Random(1)
        works = [_words(rng, 150) for _ in range(a.works)]
        wf = tmp / "works.jsonl"
        wf.write_text("".join(json.dumps({"id": f"work-{i}", "text": w}) + "\n"
                              for i, w in enumerate(works)))
        t0 = time.perf_counter()
        if not (store / "catalog.duckdb").exists():
            generate(store, a.docs, a.units, works, tmp)
        print(f"generate   {time.perf_counter() - t0:7.1f} s  {a.docs:,} documents in "
              f"{a.units} units + 50 planted", flush=True)
        _phase(["refresh", str(store)])
        _phase(["works", str(store), str(wf)])
        _phase(["works-cold", str(store), str(wf)])
        for kind in ("url", "url_prefix", "domain", "domain-cold"):
            _phase([kind, str(store)])
        with __import__("provscan.store", fromlist=["Catalog"]).Catalog(store) as cat:
            r = _unit(store, a.units, a.docs // a.units, a.units * (a.docs // a.units))
            cat.db.execute(
                "insert or replace into units (unit_key, source, shard, format, fingerprint, "
                "settings, status, docs, part, part_xxh3, profile) values (?, ?, ?, "
                "'parquet', 'x', ?, 'done', ?, ?, ?, 'full')",
                [r["unit_key"], r["source"], r["shard"], json.dumps(SETTINGS), r["docs"],
                 r["part"], r["xxh3"]])
        _phase(["refresh", str(store)])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
