"""Licence detection: accuracy on labelled public material and speed, beside ScanCode.

``python benchmarks/licence_bench.py [--scancode PYTHON] [--baseline REV] [--web PARQUET ...]``
prints:

* recall, precision and false positives on files without a licence, on the labelled set
  ``tests/data/licences/bench``, per split (tuned; held-out (seen): the first held-out
  part, whose figures have been seen; dev-2 to dev-5: the second to fifth held-out parts, each
  measured once as held-out and since tuned on; with ``--fresh`` also the fresh held-out
  part), per licence id at
  document level (``provscan.detect.licences.scoring``);
* MB/s per core of tier 1 and tier 1+2 on ordinary web text (generated multilingual text,
  or ``--web`` parquet files with a ``text`` column), with licence statements planted in
  0 %, 2 % and 10 % of the documents, and on licence-dense text (every document of the
  labelled set, read as one batch);
* with ``--baseline REV``, the same speeds for the code of git revision ``REV`` (its
  ``src/provscan`` exported to a temporary folder), measured in alternation with the
  working tree in child processes, best of ``--rounds`` rounds each: before and after
  in one run, under the same machine load;
* with ``--spdx-list DIR`` (an unpacked npm ``spdx-license-list``: ``npm pack
  spdx-license-list@6.12.0``), how many of the SPDX licence list's own texts are found
  with their id, with another id, or not at all;
* the same accuracy and MB/s for ScanCode when ``--scancode`` names the Python of a
  separate environment with ``scancode-toolkit-mini`` (it is never a provscan
  dependency): ``python -m venv /tmp/scvenv && /tmp/scvenv/bin/pip install
  scancode-toolkit-mini typecode-libmagic-system-provided "pluggy<1.6"``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provscan.detect.licences import LicenceDetector

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "tests" / "data" / "licences" / "bench"
SPLITS = {"tune": "tuned", "seen": "held-out (seen)", "dev2": "dev-2", "dev3": "dev-3",
          "dev4": "dev-4", "dev5": "dev-5", "dev6": "dev-6",
          "dev7": "dev-7"}
# The fresh held-out part is scored only when asked (``--fresh``): while tuning, its
# figures stay unseen; the one run that reports them is the measurement.
FRESH = {"fresh6": "fresh held-out"}
_WORDS = """the of and to in is that for it as was with be by on not this are or from at
which data model river house city night water light paper market school research report der
die und das nicht über größe straße le la les des été très à où garçon zażółć gęślą jaźń łódź
el los las año niño 東京 大阪 学校 研究"""
WORDS = _WORDS.split()

# ScanCode in its own environment: licence expressions per file, as SPDX, on stdout.
_SCANCODE = r"""
import json, sys, time
from licensedcode.cache import get_index
from licensedcode.detection import detect_licenses
t = time.perf_counter(); idx = get_index(); load = time.perf_counter() - t
out, spent = [], 0.0
for path in json.load(sys.stdin):
    t = time.perf_counter()
    exprs = set()
    for d in detect_licenses(index=idx, location=path):
        if d.license_expression_spdx:
            exprs.add(d.license_expression_spdx)
    spent += time.perf_counter() - t
    out.append(sorted(exprs))
print(json.dumps({"found": out, "seconds": spent, "load": load}))
"""


def cases() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads((BENCH / "labels.json").read_text("utf-8"))["cases"]
    return data


def score(found: list[list[str]], which: str) -> dict[str, float]:
    """Recall, precision and no-licence false positives of ``found`` on one split."""
    # imported here: a --baseline child may run a revision without this module
    from provscan.detect.licences.scoring import licence_ids

    tp = fp = fn = neg = neg_fp = 0
    for case, got in zip(cases(), found, strict=True):
        if case["split"] != which:
            continue
        want, have = licence_ids(case["licences"], got)  # type: ignore[arg-type]
        tp, fp, fn = tp + len(want & have), fp + len(have - want), fn + len(want - have)
        if not want:
            neg, neg_fp = neg + 1, neg_fp + bool(have)
    return {"recall": tp / max(1, tp + fn), "precision": tp / max(1, tp + fp),
            "neg": neg, "neg_fp": neg_fp, "tp": tp, "fp": fp, "fn": fn}


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


def web_batches(paths: list[str]) -> list[pa.Array]:
    """Ordinary web text: the given parquet files, or generated multilingual documents."""
    if paths:
        return [b.column(0) for f in paths
                for b in pq.ParquetFile(f).iter_batches(batch_size=8192, columns=["text"])]
    return [web_like_batch()]


def dense_batch() -> pa.Array:
    """Every document of the labelled set, as one batch: licence-dense text."""
    return pa.array([(BENCH / str(c["file"])).read_text("utf-8") for c in cases()], pa.string())


def megabytes(batches: list[pa.Array]) -> float:
    return sum(pc.sum(pc.binary_length(b)).as_py() or 0 for b in batches) / 1e6


def mb_per_s(detector: LicenceDetector, batches: list[pa.Array], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for b in batches:
            detector.detect(b)
        best = min(best, time.perf_counter() - t)
    return megabytes(batches) / best


def speeds(web_paths: list[str]) -> dict[str, float]:
    """MB/s per core of each tier on licence-dense text and on web text, by name."""
    dense = [dense_batch()]
    tiers = (("tier 1", LicenceDetector(text_matcher=False)), ("tier 1+2", LicenceDetector()))
    out = {f"licence-dense, {name}": mb_per_s(det, dense) for name, det in tiers}
    web = web_batches(web_paths)
    for rate in (0.0, 0.02, 0.10):
        data = plant(web, rate) if rate else web
        for name, det in tiers:
            out[f"web text, {rate:4.0%} planted, {name}"] = mb_per_s(det, data)
    return out


def _export(rev: str, into: Path) -> Path:
    """``src/provscan`` of git revision ``rev`` under ``into``; the folder to import from."""
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev,
                          "src/provscan"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        t.extractall(into, filter="data")
    return into / "src"


def _child_speeds(src: Path, web_paths: list[str]) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    run = subprocess.run([sys.executable, __file__, "--speed-json", "--web", *web_paths],
                         check=True, capture_output=True, text=True, env=env)
    got: dict[str, float] = json.loads(run.stdout.splitlines()[-1])
    return got


def compare(rev: str, web_paths: list[str], rounds: int) -> None:
    """Speeds of revision ``rev`` and of the working tree, alternating, best of rounds."""
    with tempfile.TemporaryDirectory() as tmp:
        trees = {rev: _export(rev, Path(tmp)), "working tree": ROOT / "src"}
        best: dict[str, dict[str, float]] = {k: {} for k in trees}
        for _ in range(rounds):
            for name, src in trees.items():
                for key, v in _child_speeds(src, web_paths).items():
                    best[name][key] = max(v, best[name].get(key, 0.0))
    print(f"speed, MB/s per core, best of {rounds} alternating rounds:")
    print(f"{'':34} {rev[:12]:>12} {'working tree':>12}")
    for key in best["working tree"]:
        print(f"{key:34} {best[rev].get(key, float('nan')):12.1f} "
              f"{best['working tree'][key]:12.1f}")


def spdx_texts(folder: Path) -> list[tuple[str, str]]:
    """(id, text) of every licence of an unpacked npm ``spdx-license-list`` (its
    ``licenses/*.json``); deprecated ids (provscan's ``licence_deprecated`` table, and the
    GNU ids without "-only"/"-or-later") are left out: their texts repeat a current id's."""
    from provscan.detect.licences._data import load

    deprecated = set(load("licence_deprecated")["ids"])
    out = []
    for path in sorted((folder / "licenses").glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        lid = path.stem
        gnu = lid.startswith(("GPL-", "LGPL-", "AGPL-", "GFDL-")) and not lid.endswith(
            ("-only", "-or-later"))
        if data.get("licenseText") and lid not in deprecated and not gnu:
            out.append((lid, str(data["licenseText"])))
    return out


def spdx_score(rows: list[tuple[str, str]], found: list[list[str]]) -> tuple[int, int, int]:
    """(right, wrong, nothing): a text is right when its id is among the licences found (a
    GNU "-or-later" text counts as its "-only" text: the text alone does not say "or later")."""
    right = wrong = 0
    for (lid, _), got in zip(rows, found, strict=True):
        want = {lid, lid.replace("-or-later", "-only")}
        if any(g in want or lid in g.split() for g in got):
            right += 1
        elif got:
            wrong += 1
    return right, wrong, len(rows) - right - wrong


def spdx_list(folder: Path, scancode: str | None) -> None:
    """Recall on the SPDX licence list's own texts, provscan and (optionally) ScanCode."""
    rows = spdx_texts(folder)
    batch = pa.array([t for _, t in rows], pa.string())
    mb = megabytes([batch])
    det = LicenceDetector()
    det.detect(batch.slice(0, 1))  # the rule index, built once
    t = time.perf_counter()
    found = det.detect(batch)[0].to_pylist()
    spent = time.perf_counter() - t
    right, wrong, none = spdx_score(rows, found)
    print(f"SPDX list texts ({len(rows)}, {mb:.1f} MB): provscan right {right}, other id "
          f"{wrong}, nothing {none}, {mb / spent:.2f} MB/s")
    if scancode:
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for lid, text in rows:
                paths.append(Path(tmp) / f"{lid}.txt")
                paths[-1].write_text(text, "utf-8")
            run = subprocess.run([scancode, "-c", _SCANCODE], check=True, text=True,
                                 capture_output=True, input=json.dumps([str(p) for p in paths]))
        got = json.loads(run.stdout)
        right, wrong, none = spdx_score(rows, got["found"])
        print(f"SPDX list texts ({len(rows)}, {mb:.1f} MB): ScanCode right {right}, other id "
              f"{wrong}, nothing {none}, {mb / got['seconds']:.2f} MB/s")


def _line(name: str, found: list[list[str]], mbs: float | None, fresh: bool = False) -> None:
    for which, label in ({**SPLITS, **FRESH} if fresh else SPLITS).items():
        s = score(found, which)
        speed = f"{mbs:6.2f} MB/s" if mbs is not None else ""
        print(f"{name:18} {label:16} recall {s['recall']:.3f}  precision {s['precision']:.3f}"
              f"  no-licence files given a licence {s['neg_fp']}/{s['neg']}  {speed}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scancode", help="python of an environment with scancode-toolkit-mini")
    ap.add_argument("--web", nargs="*", default=[], help="parquet files with a text column")
    ap.add_argument("--baseline", help="git revision whose speed to measure beside this tree")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds (--baseline)")
    ap.add_argument("--fresh", action="store_true",
                    help="also score the fresh held-out part (once, at the end of a round)")
    ap.add_argument("--spdx-list", type=Path,
                    help="unpacked npm spdx-license-list: also score its licence texts")
    ap.add_argument("--speed-json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.speed_json:  # child of --baseline: speeds of whichever provscan is importable
        print(json.dumps(speeds(args.web)))
        return
    texts = dense_batch()
    paths = [BENCH / str(c["file"]) for c in cases()]
    dense_mb = megabytes([texts])
    print(f"labelled set: {len(paths)} files, {dense_mb:.2f} MB")
    t = time.perf_counter()
    full = LicenceDetector()
    print(f"tier-2 rule base loaded in {time.perf_counter() - t:.2f} s ({full.name})")
    for name, det in (("provscan tier 1", LicenceDetector(text_matcher=False)),
                      ("provscan tier 1+2", full)):
        _line(name, det.detect(texts)[0].to_pylist(), None, args.fresh)
    if args.baseline:
        compare(args.baseline, args.web, args.rounds)
    else:
        for key, v in speeds(args.web).items():
            print(f"{key:34} {v:7.1f} MB/s per core")
    if args.scancode:
        run = subprocess.run([args.scancode, "-c", _SCANCODE], check=True, text=True,
                             capture_output=True, input=json.dumps([str(p) for p in paths]))
        got = json.loads(run.stdout)
        print(f"ScanCode index loaded in {got['load']:.1f} s")
        _line("ScanCode", got["found"], dense_mb / got["seconds"], args.fresh)
    if args.spdx_list:
        spdx_list(args.spdx_list, args.scancode)


if __name__ == "__main__":
    main(sys.argv[1:])
