"""Interrupted scans resume; re-runs skip finished shards and never double-count."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import manifest_table, sample_config, write_parquet_shards

from provscan.executors import SerialExecutor
from provscan.scan.run import run_scan
from provscan.store import Catalog


class InterruptAfter(SerialExecutor[Any, Any]):
    """A serial executor that is interrupted (Ctrl-C) after ``n`` units."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def run(self, fn: Callable[..., Any], tasks: Sequence[Any],
            on_progress: Callable[..., None], on_result: Callable[[Any], None]) -> None:
        for i, t in enumerate(tasks):
            if i == self.n:
                raise KeyboardInterrupt
            on_result(fn(t, on_progress))


def test_rerun_skips_finished_units_and_never_double_counts(
    tmp_path: Path, sample_corpus: Path
) -> None:
    cfg = sample_config(sample_corpus)
    first = run_scan(cfg, tmp_path / "s", SerialExecutor())
    again = run_scan(cfg, tmp_path / "s", SerialExecutor())
    assert first.units_done == 6 and again.units_done == 0 and again.units_skipped == 6
    assert manifest_table(tmp_path / "s").num_rows == first.docs


def test_interrupted_scan_resumes_to_the_uninterrupted_manifest(
    tmp_path: Path, sample_corpus: Path
) -> None:
    cfg = sample_config(sample_corpus)
    run_scan(cfg, tmp_path / "ref", SerialExecutor())
    with pytest.raises(KeyboardInterrupt):
        run_scan(cfg, tmp_path / "s", InterruptAfter(2))
    with Catalog(tmp_path / "s", read_only=True) as cat:
        st = dict(cat.db.execute("select status, count(*) from units group by 1").fetchall())
        run = cat.db.execute("select status from runs").fetchone()
    assert st == {"done": 2, "pending": 4}
    assert run == ("interrupted",)
    assert manifest_table(tmp_path / "s").num_rows < manifest_table(tmp_path / "ref").num_rows
    resumed = run_scan(cfg, tmp_path / "s", SerialExecutor())
    assert resumed.units_skipped == 2 and resumed.units_done == 4
    assert manifest_table(tmp_path / "s").equals(manifest_table(tmp_path / "ref"))


def test_changed_shard_is_rescanned_and_replaces_its_rows(tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 3, 200)
    cfg = sample_config(tmp_path)  # unused sources are fine to replace:
    cfg = cfg.model_copy(update={"sources": (cfg.sources[0].model_copy(
        update={"paths": (str(data),)}),)})
    run_scan(cfg, tmp_path / "s", SerialExecutor())
    write_parquet_shards(tmp_path / "tmp", 1, 50)
    os.replace(tmp_path / "tmp" / "shard-000.parquet", data / "shard-001.parquet")
    again = run_scan(cfg, tmp_path / "s", SerialExecutor())
    assert again.units_done == 1 and again.units_skipped == 2
    assert manifest_table(tmp_path / "s").num_rows == 200 + 50 + 200


def test_profile_change_rescans(tmp_path: Path, sample_corpus: Path) -> None:
    run_scan(sample_config(sample_corpus, profile="fast"), tmp_path / "s", SerialExecutor())
    full = run_scan(sample_config(sample_corpus), tmp_path / "s", SerialExecutor())
    assert full.units_done == 6
    t = manifest_table(tmp_path / "s")
    assert t.column("tokens").null_count == 0 and t.num_rows == full.docs


def test_sigkill_mid_scan_then_rerun_matches_clean_scan(tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 12, 4000)
    store = tmp_path / "s"
    cmd = [sys.executable, "-m", "provscan.cli", "scan", str(data), "--store", str(store),
           "--name", "d", "--executor", "serial", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    parts = store / "manifest" / "d"
    while time.monotonic() < deadline and len(list(parts.glob("*.parquet"))) < 3:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    subprocess.run(cmd, check=True)
    subprocess.run([*cmd[:6], str(tmp_path / "ref"), *cmd[7:]], check=True)
    killed, ref = manifest_table(store), manifest_table(tmp_path / "ref")
    assert killed.num_rows == ref.num_rows == 12 * 4000
    assert killed.equals(ref)
