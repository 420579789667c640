"""An export killed with SIGKILL resumes, with the same command, to the output an
uninterrupted export writes; a folder without its completion record is not complete."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from provscan.config import build_config
from provscan.exclude import build_exclusion_set, spec_from_options
from provscan.executors import SerialExecutor
from provscan.export import DONE_FILE, ExportOptions, run_export
from provscan.scan.run import run_scan
from provscan.store import Catalog
from provscan.store.layout import file_xxh3


def _store(tmp: Path) -> Path:
    d = tmp / "in"
    d.mkdir()
    for s in range(40):
        pq.write_table(pa.table({"text": [f"shard {s} document {i} " + "lorem ipsum " * (i % 13)
                                          for i in range(2000)]}), d / f"s{s:02d}.parquet")
    cfg = build_config(options={"profile": "fast"}, sources=[{"name": "s", "paths": [str(d)]}])
    run_scan(cfg, tmp / "store", SerialExecutor())
    build_exclusion_set(tmp / "store", spec_from_options("x", [], "row % 5 = 0"))
    return tmp / "store"


def _files(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): file_xxh3(p) for p in sorted(out.rglob("*"))
            if p.is_file()}


def test_sigkill_during_export_resumes_to_the_same_output(tmp_path: Path) -> None:
    store = _store(tmp_path)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "provscan.cli", "export", "--store", str(store),
           "--exclusions", "x", "--out", str(out), "--executor", "serial", "--file-size",
           "40KB", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if out.is_dir() and len([p for p in out.rglob("*.parquet")]) >= 10:
            break
        time.sleep(0.002)
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (out / DONE_FILE).exists()  # not complete, and does not look it
    with Catalog(store, read_only=True) as cat:
        row = cat.db.execute("select status, (select count(distinct task) from export_files)"
                             " from exports").fetchone()
    assert row is not None and row[0] == "running" and 0 < row[1] < 40

    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "shards kept from an interrupted run" in done.stdout
    assert int(done.stdout.split("; ")[1].split()[0]) == row[1]  # recorded shards kept

    clean = tmp_path / "clean"
    s = run_export(store, ExportOptions(exclusions="x", out=str(clean), file_bytes=40_000),
                   SerialExecutor())
    assert s.complete
    got, want = _files(out), _files(clean)
    assert {k: v for k, v in got.items() if k != DONE_FILE} == \
        {k: v for k, v in want.items() if k != DONE_FILE}
    assert not [k for k in got if k.split("/")[-1].startswith(".") and k != DONE_FILE]
    record = json.loads((out / DONE_FILE).read_text())
    assert record["files"] == json.loads((clean / DONE_FILE).read_text())["files"]
    assert record["documents"] == 40 * 2000 * 4 // 5
