"""Licence detection speed: tier 1 on documents without licence text costs about the
prefilter; with licence statements planted, the parsers and tier 2 add their cost.

``python benchmarks/licence_bench.py [parquet files...]`` prints MB/s per core on the
benchmark corpus (default ``benchmarks/.data/web-100mb/*.parquet``), as quoted in
docs/licences.md, also with licence statements planted in 2 % and 10 % of the documents.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provscan.detect.licences import PREFILTER, LicenceDetector

_WORDS = """the of and to in is that for it as was with be by on not this are or from at
which data model river house city night water light paper market school research report der
die und das nicht über größe straße le la les des été très à où garçon zażółć gęślą jaźń łódź
el los las año niño 東京 大阪 学校 研究"""
WORDS = _WORDS.split()
PLANTED = [
    "This work is licensed under a Creative Commons Attribution 4.0 International License.",
    "# SPDX-License-Identifier: MIT",
    "Renew your driving licence online.",
    'Licensed under the Apache License, Version 2.0 (the "License");\n'
    "# you may not use this file except in compliance with the License.",
    "Photo: J. Doe, CC BY-SA 2.0",
    "The MIT researchers said",
    "All rights reserved. Copyright 2024.",
]


def web_like_batch(n: int = 8192, seed: int = 7) -> pa.Array:
    """~1.2 KB documents of multilingual words, like benchmarks/corpus.py."""
    rng = random.Random(seed)
    docs = []
    for _ in range(n):
        words = rng.choices(WORDS, k=rng.randint(60, 330))
        cut = rng.randint(20, 60)
        docs.append(" ".join(words[:cut]) + "\n\n" + " ".join(words[cut:]))
    return pa.array(docs, pa.string())


def plant(batches: list[pa.Array], rate: float, seed: int = 1) -> list[pa.Array]:
    """Copies of ``batches`` with a licence-ish statement in ``rate`` of the documents."""
    rng = random.Random(seed)
    out = []
    for b in batches:
        docs = b.to_pylist()
        for i, d in enumerate(docs):
            if d is not None and rng.random() < rate:
                docs[i] = f"{d[:600]}\n{rng.choice(PLANTED)}\n{d[600:]}"
        out.append(pa.array(docs, pa.string()))
    return out


def mb_per_s(detector: LicenceDetector, batches: list[pa.Array], repeat: int = 3) -> float:
    size = sum(pc.sum(pc.binary_length(b)).as_py() or 0 for b in batches) / 1e6
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for b in batches:
            detector.detect(b)
        best = min(best, time.perf_counter() - t)
    return size / best


def main(paths: list[str]) -> None:
    files = paths or sorted(str(p) for p in Path("benchmarks/.data/web-100mb").glob("*.parquet"))
    batches = [b.column(0) for f in files
               for b in pq.ParquetFile(f).iter_batches(batch_size=8192, columns=["text"])]
    size = sum(pc.sum(pc.binary_length(b)).as_py() or 0 for b in batches) / 1e6
    docs = sum(len(b) for b in batches)
    print(f"{len(files)} files, {docs} documents, {size:.1f} MB ({size * 1e6 / docs:.0f} B/doc)")
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for b in batches:
            pc.match_substring_regex(b, PREFILTER)
        best = min(best, time.perf_counter() - t)
    print(f"prefilter alone: {size / best:.0f} MB/s")
    for rate in (0.0, 0.02, 0.10):
        data = plant(batches, rate) if rate else batches
        for name, det in (("tier 1", LicenceDetector(text_matcher=False)),
                          ("tier 1+2", LicenceDetector())):
            speed = mb_per_s(det, data, 3 if rate == 0 else 2)
            print(f"{rate:4.0%} planted, {name:8}: {speed:5.0f} MB/s per core, "
                  f"{size / speed / docs * 1e6:5.2f} us/doc")


if __name__ == "__main__":
    main(sys.argv[1:])
