"""Stores for the report tests: the sample corpus scanned as `make demo` scans it, and
small stores built from rows."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from provscan.config import build_config, load_config
from provscan.executors import SerialExecutor
from provscan.scan.run import run_scan

REPO = Path(__file__).resolve().parents[2]
DECLARATION = REPO / "configs" / "declaration.yaml"


def scan_sample(corpus: Path, root: Path) -> Path:
    """The sample corpus scanned with configs/sample.yaml: its declared classes, the WARC
    crawl and the site captures. The config's relative paths resolve under ``root``."""
    base = root / "sample-project"
    (base / "configs").mkdir(parents=True)
    (base / "data").mkdir()
    (base / "data" / "sample").symlink_to(corpus)
    shutil.copy(REPO / "configs" / "sample.yaml", base / "configs" / "sample.yaml")
    cfg = load_config(base / "configs" / "sample.yaml")
    assert cfg.store is not None
    run_scan(cfg, cfg.store, SerialExecutor())
    return Path(cfg.store)


def make_store(tmp: Path, sources: dict[str, dict[str, Any]], profile: str = "full") -> Path:
    """A store from ``{name: {"texts": [...], "urls": [...], "dates": [...], "declared": {},
    "files": {name: text}}}`` (files: e.g. a dataset card or LICENSE beside the data)."""
    specs = []
    for name, src in sources.items():
        d = tmp / "in" / name
        d.mkdir(parents=True)
        cols: dict[str, Any] = {"text": src["texts"]}
        for key in ("urls", "dates"):
            if key in src:
                cols[key[:-1]] = src[key]
        pq.write_table(pa.table(cols), d / "part.parquet")
        for fname, text in src.get("files", {}).items():
            (d / fname).write_text(text)
        specs.append({"name": name, "paths": [str(d)], "declared": src.get("declared", {})})
    cfg = build_config(options={"profile": profile}, sources=specs)
    run_scan(cfg, tmp / "store", SerialExecutor())
    return tmp / "store"
