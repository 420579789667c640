"""pipelines/nightly.sh: cron-friendly exit codes, a lock against overlapping runs, logs,
an incremental second run and a report compared with the previous one."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_parquet_shards

REPO = Path(__file__).resolve().parent.parent
NIGHTLY = REPO / "pipelines" / "nightly.sh"

pytestmark = pytest.mark.skipif(shutil.which("flock") is None,
                                reason="flock (util-linux) is not installed")


def run(tmp: Path, store: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PROVSCAN": str(Path(sys.executable).parent / "provscan"),
           "PROVSCAN_STATE_DIR": str(tmp / "state"), "PROVSCAN_CACHE_DIR": str(tmp / "cache")}
    return subprocess.run([str(NIGHTLY), str(tmp / "lake.yaml"), store or str(tmp / "store"),
                           str(tmp / "reports")], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture()
def lake(tmp_path: Path) -> Path:
    write_parquet_shards(tmp_path / "data", 2, 30)
    (tmp_path / "lake.yaml").write_text(
        "options: {profile: fast, executor: serial}\n"
        "sources:\n  - name: lake\n    paths: [data]\n")
    return tmp_path


def test_nightly_runs_incrementally_and_compares_reports(lake: Path) -> None:
    first = run(lake)
    assert first.returncode == 0, first.stdout + first.stderr
    reports = sorted(p for p in (lake / "reports").iterdir())
    assert len(reports) == 1 and (reports[0] / "summary.json").exists()
    log = Path(first.stdout.strip().rsplit("log: ", 1)[1])
    assert "scan exit code 0" in log.read_text()
    shutil.copytree(reports[0], lake / "reports" / "2000-01-01")  # an old report
    write_parquet_shards(lake / "more", 1, 10)
    (lake / "more" / "shard-000.parquet").rename(lake / "data" / "shard-777.parquet")
    second = run(lake)
    assert second.returncode == 0, second.stdout + second.stderr
    text = Path(second.stdout.strip().rsplit("log: ", 1)[1]).read_text()
    assert "1 new, 0 changed, 0 removed" in text  # only the new shard was scanned
    assert "compared with" in text and (reports[0] / "changes.md").exists()


def test_a_second_run_never_overlaps(lake: Path) -> None:
    (lake / "store").mkdir()
    with open(lake / "store" / ".nightly.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        busy = run(lake)
    assert busy.returncode == 75
    assert "another nightly run" in busy.stderr
    assert not (lake / "store" / "catalog.duckdb").exists()  # nothing was touched


def test_failed_shard_exits_1_after_reporting(lake: Path) -> None:
    (lake / "data" / "broken.parquet").write_bytes(b"PAR1 this is not parquet")
    res = run(lake)
    assert res.returncode == 1, res.stdout + res.stderr
    assert any((p / "summary.json").exists() for p in (lake / "reports").iterdir())


def test_nightly_on_an_s3_store_keeps_lock_and_logs_local(lake: Path, s3_bucket: str) -> None:
    store = f"s3://{s3_bucket}/nightly"
    first = run(lake, store)
    assert first.returncode == 0, first.stdout + first.stderr
    log = Path(first.stdout.strip().rsplit("log: ", 1)[1])
    assert log.is_relative_to(lake / "state") and "scan exit code 0" in log.read_text()
    assert list((lake / "cache" / "stores").glob("*/catalog.duckdb"))  # the local copy
    shutil.rmtree(lake / "cache")  # another machine: the store comes from S3
    second = run(lake, store)
    assert second.returncode == 0, second.stdout + second.stderr
    text = Path(second.stdout.strip().rsplit("log: ", 1)[1]).read_text()
    assert "(2 unchanged, skipped)" in text
