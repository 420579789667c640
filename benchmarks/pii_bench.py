"""Personal-data counting speed: ``provscan.detect.pii.pii_counts`` in MB/s per core.

    python benchmarks/pii_bench.py [--repeat 3]

1. One 20 MB document with an e-mail address, a phone number and an IP address at its
   start, middle and end (a dump, a log, a whole book as one row): the prefilters scan it
   once, the exact step runs on this one row.
2. Batches of 8,192 web-like documents (1.2 KB): none with personal data; 9 % with
   planted e-mail addresses, phone numbers and IP addresses and 5 % with look-alikes
   (clock times, prices, version numbers, C++).

Best of ``--repeat`` passes, one process; results go to benchmarks/results/pii.json. The
tests check the counts (tests/test_pii.py); this script the time they take.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from provscan.detect.pii import pii_counts

HERE = Path(__file__).parent
FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
PLANTED = " jane@example.com, +44 20 7946 0958, 192.0.2.1. "
LOOK_ALIKES = (" opens 10:30:00, costs +15.99 EUR, release 2.4.1, std::vector<int> ")


def big_document() -> pa.Array:
    filler = FILLER * 360_000  # ~20 MB
    half = len(filler) // 2
    return pa.array([PLANTED + filler[:half] + PLANTED + filler[half:] + PLANTED])


def web_batches(n_batches: int, planted: bool, seed: int = 20261203) -> list[pa.Array]:
    rng = random.Random(seed)
    out = []
    for _ in range(n_batches):
        docs = []
        for _ in range(8192):
            doc = FILLER * 21  # ~1.2 KB
            r = rng.random()
            if planted and r < 0.09:
                doc += PLANTED
            elif planted and r < 0.14:
                doc += LOOK_ALIKES
            docs.append(doc)
        out.append(pa.array(docs))
    return out


def best_mb_s(batches: list[pa.Array], repeat: int,
              check: Callable[[tuple[pa.Array, pa.Array, pa.Array]], None]) -> float:
    size = sum(b.nbytes for b in batches) / 1e6
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for b in batches:
            check(pii_counts(b))
        best = min(best, time.perf_counter() - start)
    return size / best


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--batches", type=int, default=4)
    args = p.parse_args()

    def three_of_each(counts: tuple[pa.Array, pa.Array, pa.Array]) -> None:
        assert [c[0].as_py() for c in counts] == [3, 3, 3]

    def anything(counts: tuple[pa.Array, pa.Array, pa.Array]) -> None:
        assert len(counts) == 3

    results = {
        "date": time.strftime("%Y-%m-%d"), "machine": platform.processor() or platform.machine(),
        "one_20mb_document_mb_s": best_mb_s([big_document()], args.repeat, three_of_each),
        "web_none_mb_s": best_mb_s(web_batches(args.batches, False), args.repeat, anything),
        "web_planted_mb_s": best_mb_s(web_batches(args.batches, True), args.repeat, anything),
    }
    for k, v in results.items():
        print(f"{k}: {v:.1f}" if isinstance(v, float) else f"{k}: {v}")
    out = HERE / "results" / "pii.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
