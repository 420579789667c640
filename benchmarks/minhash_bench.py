"""MinHash signatures side by side, and the memory of store-wide clustering.

    python benchmarks/minhash_bench.py [--corpus DIR] [--lib-mb 6] [--cluster-docs 1000000]

1. **Throughput**, one process pinned to one core (pyarrow and rensa limited to one
   thread), MB of UTF-8 ``text`` per second, best of ``--repeat`` passes: provscan's
   compiled core (each MinHash kernel the machine runs) and its numpy reference on the
   whole corpus; if installed, rensa's flat-hash API fed with provscan's shingle hashes,
   and datasketch and rensa the usual way, one Python set of word 5-gram strings per
   document, on the first ``--lib-mb`` MB (they are slow).
2. **Agreement**: near copies of corpus documents (1-50 % of words replaced) and
   unrelated pairs; every approach gets the *same* shingle sets (provscan's shingle
   hashes, as 8-byte tokens), so the error of each estimate against the exact Jaccard
   similarity is comparable; plus the measured candidate rate (a shared band key)
   beside the S-curve.
3. **Working memory** of one ``band_keys`` call on an 8,192-document batch.
4. **Clustering**: synthetic minhash parts with planted exact and near duplicates
   (``--cluster-docs`` documents), clustered by ``provscan.dedup.cluster`` in a fresh
   process; wall time and peak RSS of that process, and a check of the clusters found.

Results go to benchmarks/results/minhash.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provscan.scan import core
from provscan.scan.minhash import MinHasher, MinHashParams
from provscan.scan.text import hex_digests, normalise, normalise_reference

HERE = Path(__file__).parent
Batches = list[pa.Array]


def pin_one_core() -> None:
    os.environ["RAYON_NUM_THREADS"] = "1"  # before rensa is imported
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)


def load(corpus: Path, limit_mb: float | None = None) -> Batches:
    """Normalised text batches of 8,192 documents (normalising is the scan's, not ours)."""
    out: Batches = []
    size = 0
    for f in sorted(corpus.glob("*.parquet")):
        for b in pq.ParquetFile(f).iter_batches(columns=["text"], batch_size=8192):
            out.append(normalise(b.column(0)))
            size += pc.sum(pc.binary_length(out[-1])).as_py() or 0
            if limit_mb is not None and size >= limit_mb * 1e6:
                return out
    return out


def mb(batches: Batches) -> float:
    return sum(pc.sum(pc.binary_length(b)).as_py() or 0 for b in batches) / 1e6


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def large_vocabulary(batches: int = 4, seed: int = 3) -> Batches:
    """Batches of 8,192 texts over a 300k-word Zipf vocabulary with capitals and commas:
    the benchmark corpus has a few hundred distinct words, real text has many more."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = np.array(["".join(rng.choice(letters, n)) for n in rng.integers(2, 12, 300_000)],
                     dtype=object)
    vocab[::7] = [w.capitalize() for w in vocab[::7]]
    vocab[::11] = [w + "," for w in vocab[::11]]
    out: Batches = []
    for _ in range(batches):
        lengths = rng.integers(60, 330, 8192)
        words = vocab[np.minimum(rng.zipf(1.1, int(lengths.sum())), len(vocab)) - 1]
        cuts = np.cumsum(lengths)[:-1]
        out.append(pa.array([" ".join(w) for w in np.split(words, cuts)]))
    return out


def word_shingles(text: str, k: int = 5) -> list[str]:
    """The usual Python shingling (as in the anchors): word 5-grams of ``split()``."""
    w = text.split()
    return list({" ".join(w[i : i + k]) for i in range(max(1, len(w) - k + 1))})


Row = Callable[[str, Batches, float, str], None]


def throughput(full: Batches, small: Batches, raw_small: list[list[str]], repeat: int,
               num_perm: int) -> list[dict[str, Any]]:
    mh = MinHasher()
    rows: list[dict[str, Any]] = []

    def add(name: str, batches: Batches, seconds: float, note: str = "") -> None:
        size = mb(batches)
        rows.append({"approach": name, "text_mb": round(size, 2), "seconds": round(seconds, 3),
                     "mb_per_s_per_core": round(size / seconds, 1), "note": note})
        print(f"{name:62} {size:7.1f} MB {seconds:7.2f} s {size / seconds:7.1f} MB/s")

    def each(fn: Callable[[pa.Array], object], batches: Batches) -> Callable[[], None]:
        def run() -> None:
            for b in batches:
                fn(b)
        return run

    def kernel(name: str) -> Callable[[pa.Array], object]:
        p = mh.params
        return lambda b: core.minhash(b, mh.multipliers[: p.bands * p.rows],
                                      int(mh.shingle_seed), p.shingle, mh.band_seeds, p.rows,
                                      signatures=False, kernel=name)

    wide = large_vocabulary()
    if core.available():
        for name in core.kernels():
            add(f"provscan compiled core ({name}): band keys of normalised text", full,
                best_of(repeat, each(kernel(name), full)),
                "word 5-grams, 120 permutations, 12x10 bands")
        add("provscan compiled core: normalise + band keys", full,
            best_of(repeat, each(lambda b: mh.band_keys(normalise(b)), full)),
            "normalise is shared with content_hash in the scan; shown for the total")
        add("provscan compiled core, 300k-word Zipf vocabulary (generated)", wide,
            best_of(repeat, each(mh.band_keys, wide)), "~100k distinct tokens per batch")
    add("provscan numpy reference: band keys of normalised text", full,
        best_of(repeat, each(mh.band_keys_reference, full)), "before the compiled core")
    add("provscan numpy reference: normalise + band keys", full,
        best_of(repeat, each(lambda b: mh.band_keys_reference(normalise_reference(b)), full)))
    add("provscan numpy reference, 300k-word Zipf vocabulary (generated)", wide,
        best_of(repeat, each(mh.band_keys_reference, wide)), "the dictionary cost")
    try:
        libraries(add, full, small, raw_small, repeat, num_perm)
    except ImportError as e:
        print(f"library rows skipped ({e}): pip install datasketch rensa")
    return rows


def libraries(add: Row, full: Batches, small: Batches, raw_small: list[list[str]],
              repeat: int, num_perm: int) -> None:
    """datasketch and rensa, fed the usual way (Python shingles) and with ours."""
    import datasketch
    import rensa
    import xxhash

    mh = MinHasher()

    def rensa_flat() -> None:
        for b in full:
            s, o = mh.shingle_hashes(b)
            m = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
                s, o.astype(np.uint64), num_perm, 42)
            np.array(m.to_rows(), dtype=np.uint32)

    add("rensa flat-hash API on provscan shingle hashes", full, best_of(repeat, rensa_flat),
        "digest_matrix_from_flat_token_hashes + to_rows; our shingling")
    texts = [t for b in raw_small for t in b]

    def shingling() -> None:
        for t in texts:
            word_shingles(t)

    def rensa_doc() -> None:
        for t in texts:
            m = rensa.RMinHash(num_perm, 42)
            m.update(word_shingles(t))
            m.digest()

    def rensa_bulk() -> None:
        rensa.RMinHash.digest_matrix_from_token_sets(
            [word_shingles(t) for t in texts], num_perm, 42).to_rows()

    def ds_bulk(hashfunc: Callable[[bytes], int] | None) -> Callable[[], None]:
        def run() -> None:
            kw = {"hashfunc": hashfunc} if hashfunc else {}
            datasketch.MinHash.bulk(
                ([s.encode() for s in word_shingles(t)] for t in texts), num_perm=num_perm, **kw)
        return run

    lib_repeat = max(1, min(repeat, 2))
    add("Python word 5-gram shingling only (no MinHash)", small, best_of(lib_repeat, shingling),
        "")
    add("rensa RMinHash per document (Python shingles)", small, best_of(lib_repeat, rensa_doc),
        "")
    add("rensa digest_matrix_from_token_sets (Python shingles)", small,
        best_of(lib_repeat, rensa_bulk), "")
    add("datasketch MinHash.bulk, xxh32 hashfunc (Python shingles)", small,
        best_of(lib_repeat, ds_bulk(xxhash.xxh32_intdigest)), "")
    add("datasketch MinHash.bulk, default sha1 (Python shingles)", small,
        best_of(1, ds_bulk(None)), "")


def agreement(batches: Batches, num_perm: int, seed: int = 11) -> dict[str, Any]:
    """Estimated vs exact Jaccard on the same shingle sets, per approach."""
    import datasketch
    import rensa

    mh = MinHasher()
    rng = np.random.default_rng(seed)
    docs = [t for t in batches[0].to_pylist() if len(t.split(" ")) >= 100][:150]
    pairs: list[tuple[str, str]] = []
    for share in (0.01, 0.02, 0.03, 0.04, 0.05, 0.1, 0.2, 0.5):
        for d in docs:
            w = d.split(" ")
            for i in rng.choice(len(w), max(1, round(share * len(w))), replace=False):
                w[i] = f"zz{rng.integers(1 << 30)}"
            pairs.append((d, " ".join(w)))
    pairs += [(docs[i], docs[(i + 1) % len(docs)]) for i in range(len(docs))]
    flat = pa.array([t for p in pairs for t in p])
    sh, off = mh.shingle_hashes(flat)
    sets = [sh[off[i] : off[i + 1]] for i in range(len(flat))]
    sig, _ = mh.signatures(flat)
    keys = mh.band_keys(flat).to_pylist()
    truth, est, cand = [], {"provscan": [], "datasketch": [], "rensa": []}, []
    for i in range(len(pairs)):
        a, b = sets[2 * i], sets[2 * i + 1]
        truth.append(len(np.intersect1d(a, b)) / len(np.union1d(a, b)))
        est["provscan"].append(float(np.mean(sig[2 * i] == sig[2 * i + 1])))
        ta, tb = [x.tobytes() for x in a], [x.tobytes() for x in b]
        da, db = datasketch.MinHash(num_perm=num_perm), datasketch.MinHash(num_perm=num_perm)
        da.update_batch(ta)
        db.update_batch(tb)
        est["datasketch"].append(da.jaccard(db))
        ra, rb = rensa.RMinHash(num_perm, 42), rensa.RMinHash(num_perm, 42)
        ra.update(ta)
        rb.update(tb)
        est["rensa"].append(ra.jaccard(rb))
        cand.append(any(x == y for x, y in zip(keys[2 * i], keys[2 * i + 1], strict=True)))
    t = np.array(truth)
    out: dict[str, Any] = {"pairs": len(pairs), "num_perm": num_perm, "mean_abs_error": {},
                           "expected_abs_error": round(float(np.mean(
                               np.sqrt(t * (1 - t) / num_perm) * np.sqrt(2 / np.pi))), 4)}
    for name, e in est.items():
        out["mean_abs_error"][name] = round(float(np.mean(np.abs(np.array(e) - t))), 4)
    params = MinHashParams()
    buckets = []
    for lo, hi in ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)):
        sel = (t >= lo) & (t < hi)
        if sel.any():
            buckets.append({
                "jaccard": f"{lo:.1f}-{min(hi, 1.0):.1f}", "pairs": int(sel.sum()),
                "candidate_rate": round(float(np.mean(np.array(cand)[sel])), 3),
                "s_curve": round(float(np.mean([params.candidate_probability(x)
                                                for x in t[sel]])), 3),
            })
    out["candidates_by_jaccard"] = buckets
    print(json.dumps(out, indent=1))
    return out


def batch_memory(batch: pa.Array) -> dict[str, float]:
    """Peak numpy/Python (tracemalloc) and Arrow allocations of one band_keys call."""
    mh = MinHasher()
    mh.band_keys(batch)
    default = pa.default_memory_pool()
    pool = pa.proxy_memory_pool(default)
    pa.set_memory_pool(pool)
    tracemalloc.start()
    mh.band_keys(batch)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pa.set_memory_pool(default)
    out = {"docs": len(batch), "text_mb": round(mb([batch]), 2),
           "numpy_peak_mb": round(peak / 1e6, 1),
           "arrow_peak_mb": round(pool.max_memory() / 1e6, 1)}
    print("memory per batch:", out)
    return out


# --- clustering ---------------------------------------------------------------------------

def synthetic_parts(root: Path, docs: int, per_part: int = 10_000, seed: int = 5) -> dict[str, int]:
    """Minhash parts with planted clusters; returns the expected clustered/clusters counts.

    2 % exact copies and 5 % near copies (each band kept with probability 1/2, at least
    one) of random unique documents, and 1 % short documents (no band keys) drawn from
    a pool of 2,000 texts, so exact duplicates without keys too.
    """
    rng = np.random.default_rng(seed)
    kind = rng.choice(4, size=docs, p=[0.92, 0.02, 0.05, 0.01])  # unique, exact, near, short
    uniq = np.flatnonzero(kind == 0)
    parent = np.where((kind == 1) | (kind == 2), uniq[rng.integers(0, len(uniq), docs)], -1)
    bands = rng.integers(0, 2**63, (docs, 12), dtype=np.uint64)
    hashes = rng.integers(0, 256, (docs, 16), dtype=np.uint8)
    ex = np.flatnonzero(kind == 1)
    bands[ex], hashes[ex] = bands[parent[ex]], hashes[parent[ex]]
    nr = np.flatnonzero(kind == 2)
    keep = rng.random((len(nr), 12)) < 0.5
    keep[np.arange(len(nr)), rng.integers(0, 12, len(nr))] = True
    bands[nr] = np.where(keep, bands[parent[nr]], bands[nr])
    sh = np.flatnonzero(kind == 3)
    pool = rng.integers(0, 2000, len(sh))
    hashes[sh] = rng.integers(0, 256, (2000, 16), dtype=np.uint8)[pool]
    content = hex_digests(hashes.tobytes(), 16)
    for p, start in enumerate(range(0, docs, per_part)):
        end = min(start + per_part, docs)
        n = end - start
        shard = f"s3://bucket/corpus/shard-{p:05d}.parquet"
        rows = pa.array(np.arange(n, dtype=np.int64))
        mask = pa.array(kind[start:end] == 3)
        t = pa.table({
            "source": pa.repeat(pa.scalar(f"source{p % 3}"), n),
            "shard": pa.repeat(pa.scalar(shard), n),
            "row": rows,
            "doc_id": pc.binary_join_element_wise(shard, pc.cast(rows, pa.string()), "#"),
            "content_hash": content.slice(start, n),
            "bands": pa.FixedSizeListArray.from_arrays(
                pa.array(bands[start:end].reshape(-1)), 12, mask=mask),
        })
        pq.write_table(t, root / f"part-{p:05d}.parquet")
    counts = np.bincount(parent[parent >= 0], minlength=docs)
    n_pool = np.bincount(pool, minlength=2000)
    return {"expected_clustered": int((counts > 0).sum() + counts.sum() + n_pool[n_pool > 1].sum()),
            "expected_clusters": int((counts > 0).sum() + (n_pool > 1).sum())}


def cluster_child(parts_dir: str, memory_limit: str, threads: int) -> None:
    from provscan.dedup import cluster
    from provscan.dedup.memory import current_rss

    # ru_maxrss would include the parent's peak (Linux keeps it across execve): sample.
    base = current_rss()
    work = Path(parts_dir).parent
    parts = sorted(str(p) for p in Path(parts_dir).glob("*.parquet"))
    s = cluster(parts, str(work / "near_duplicates.parquet"), str(work / "tmp"),
                memory_limit=memory_limit, threads=threads)
    print(json.dumps({**s.__dict__, "baseline_rss_mb": base and base / 1e6}))


def bench_cluster(docs: int, memory_limit: str, threads: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="provscan-dedup-bench-"))
    try:
        (work / "parts").mkdir()
        t0 = time.perf_counter()
        expected = synthetic_parts(work / "parts", docs)
        print(f"generated {docs:,} documents' parts in {time.perf_counter() - t0:.1f} s")
        cmd = [sys.executable, __file__, "--_cluster-child", str(work / "parts"),
               "--memory-limit", memory_limit, "--threads", str(threads)]
        t0 = time.perf_counter()
        res = subprocess.run(cmd, check=True, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        stats = json.loads(res.stdout.strip().splitlines()[-1])
        out = {"docs": docs, "memory_limit": memory_limit, "threads": threads, "wall_s": wall,
               **expected, **stats}
        out["ok"] = (stats["clustered"], stats["clusters"]) == (
            expected["expected_clustered"], expected["expected_clusters"])
        print(json.dumps(out, indent=1))
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=HERE / ".data" / "web-100mb")
    ap.add_argument("--lib-mb", type=float, default=6.0, help="MB of text for the libraries")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cluster-docs", type=int, nargs="*", default=[1_000_000])
    ap.add_argument("--memory-limit", default="1GB")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-signatures", action="store_true")
    ap.add_argument("--_cluster-child", dest="child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        cluster_child(args.child, args.memory_limit, args.threads)
        return
    out_path = HERE / "results" / "minhash.json"
    result: dict[str, Any] = json.loads(out_path.read_text()) if out_path.exists() else {}
    result["meta"] = {"cpu_count": os.cpu_count(), "python": sys.version.split()[0],
                      "machine": platform.machine(), "date": time.strftime("%Y-%m-%d"),
                      "corpus": args.corpus.name}
    if not args.skip_signatures:
        pin_one_core()
        full = load(args.corpus)
        small = load(args.corpus, args.lib_mb)
        result["throughput"] = throughput(full, small, [b.to_pylist() for b in small],
                                          args.repeat, 120)
        try:
            result["agreement"] = agreement(full, 120)
        except ImportError as e:
            result.pop("agreement", None)  # not this run's
            print(f"agreement skipped ({e}): pip install datasketch rensa")
        result["batch_memory"] = batch_memory(full[0])
    if args.cluster_docs:
        runs = [bench_cluster(n, args.memory_limit, args.threads) for n in args.cluster_docs]
        done = {(r["docs"], r["memory_limit"]) for r in runs}
        kept = [r for r in result.get("cluster", []) if (r["docs"], r["memory_limit"]) not in done]
        result["cluster"] = sorted(kept + runs, key=lambda r: (r["memory_limit"], r["docs"]))
    out_path.parent.mkdir(exist_ok=True)
    out_path.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
