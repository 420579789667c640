"""Peak memory and speed of in-memory sources through the Python API.

    python benchmarks/api_memory_bench.py [--mb 40 200] [--profile fast]

For each size it writes a JSONL corpus and scans it, each in its own process (so the
peak RSS is that scan's), serially (in-memory sources are read in the calling process):

- ``file``: the JSONL file itself (``Store.scan(path)``);
- ``stream``: ``load_dataset("json", data_files=..., streaming=True)``, an
  ``IterableDataset`` read batch by batch;
- ``dataset``: ``load_dataset("json", data_files=...)``, a memory-mapped ``Dataset``
  (the time to build its Arrow cache is not counted: it is built before the scan).

Bounded memory means the peak anonymous memory (``RssAnon``, sampled every 20 ms: heap
and Arrow buffers) stays about the same when the corpus grows; the peak RSS
(``ru_maxrss``) also counts the pages of memory-mapped files (the Dataset's Arrow cache,
the Parquet parts), which the kernel reclaims as it needs. Prints one line per scan;
nothing is asserted (timings never decide a test).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ["provenance", "corpus", "licence", "crawl", "robots", "domain", "training",
         "data", "document", "text", "summary", "evidence", "shard", "manifest",
         "language"]


def write_corpus(path: Path, mb: int) -> int:
    n, size = 0, 0
    with path.open("w", encoding="utf-8") as f:
        while size < mb * 2**20:
            words = " ".join(WORDS[(n * 7 + i) % len(WORDS)] for i in range(200 + n % 300))
            line = json.dumps({"id": f"d{n}", "text": f"{n} {words}",
                               "url": f"https://h{n % 997}.example.org/{n}"}) + "\n"
            f.write(line)
            size += len(line)
            n += 1
    return n


def _rss_anon_mb() -> float:
    """Anonymous resident memory (heap, Arrow buffers), without the pages of memory-mapped
    files, which the kernel may drop at any time."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(kind: str, corpus: str, store: str, profile: str, cache: str) -> None:
    import threading

    import provscan

    peak_anon = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak_anon[0] = max(peak_anon[0], _rss_anon_mb())

    threading.Thread(target=sample, daemon=True).start()

    source: object = corpus
    if kind != "file":
        import datasets

        source = datasets.load_dataset("json", data_files=corpus, split="train",
                                       streaming=kind == "stream", cache_dir=cache)
    t0 = time.perf_counter()
    s = provscan.Store(store, options={"executor": "serial", "profile": profile})
    res = s.scan(source, name="bench", version="1" if kind == "stream" else None)
    secs = time.perf_counter() - t0
    done.set()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "docs": res.docs, "mb": res.bytes / 2**20,
                      "seconds": round(secs, 2), "mb_per_s": round(res.bytes / 2**20 / secs, 1),
                      "peak_rss_mb": round(peak), "peak_anon_mb": round(peak_anon[0])}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, nargs="+", default=[40, 200])
    ap.add_argument("--profile", default="fast", choices=["fast", "full"])
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            corpus = Path(tmp) / f"c{mb}.jsonl"
            docs = write_corpus(corpus, mb)
            print(f"# {mb} MB of JSONL, {docs:,} documents, profile {args.profile}")
            cache = str(Path(tmp) / f"hf{mb}")
            # the Dataset's Arrow cache is built outside the measured process
            subprocess.run([sys.executable, "-c", "import datasets,sys; datasets."
                            "load_dataset('json', data_files=sys.argv[1], "
                            "split='train', cache_dir=sys.argv[2])", str(corpus), cache],
                           check=True, capture_output=True)
            for kind in ("file", "stream", "dataset"):
                store = str(Path(tmp) / f"store-{mb}-{kind}")
                out = subprocess.run(
                    [sys.executable, __file__, "--child", kind, str(corpus), store,
                     args.profile, cache], check=True, capture_output=True, text=True)
                print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
