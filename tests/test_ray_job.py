"""pipelines/ray_job.py as a scheduler runs it: a subprocess joining a separate local Ray
cluster (a `ray start --head` the test starts and stops itself). The job gives the serial
manifest and report, a second run skips every unit, and a closed port exits 2 at once."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import manifest_table, sample_config

from provscan.config import load_config
from provscan.executors import make_executor
from provscan.report import run_report
from provscan.scan.run import run_scan
from provscan.store import Catalog
from provscan.store.remote import RemoteStore

pytest.importorskip("ray")  # an optional extra; CI installs it

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "pipelines" / "ray_job.py"
HEAD_START_SECONDS = 60.0
JOB_SECONDS = 120.0
FAIL_SECONDS = 30.0  # a job that cannot join must say so well within this


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


@dataclass
class Head:
    address: str
    env: dict[str, str]  # what a driver needs to join: the cluster's token


def _ray_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    env.update({
        "RAY_USAGE_STATS_ENABLED": "0",
        # Token auth with a token of this test only, in the environment: the cluster
        # does not depend on (or write) ~/.ray/auth_token, and is not open to the
        # network while the test runs (the GCS listens on every interface).
        "RAY_AUTH_MODE": "token",
        "RAY_AUTH_TOKEN": secrets.token_hex(16),
        # stop at once on SIGTERM rather than draining the node for 30 s
        "RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S": "0",
    })
    return env


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the `ray start --block` process, which stops the processes it started."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture(scope="module")
def ray_head(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Head]:
    """A separate one-node cluster (2 CPUs) with its own ports and temp dir, so it
    neither meets nor stops any other Ray instance on the machine."""
    log_path = tmp_path_factory.mktemp("ray_head") / "head.log"
    # Ray's temp dir holds Unix sockets, whose paths must stay short: not under tmp_path.
    temp_dir = Path(tempfile.mkdtemp(prefix="provscan-ray-"))
    port = _free_port()
    env = _ray_env()
    cmd = [sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--block",
           "--port", str(port), "--num-cpus", "2", "--include-dashboard=false",
           "--dashboard-port", str(_free_port()),
           "--dashboard-agent-listen-port", str(_free_port()),
           "--disable-usage-stats", "--temp-dir", str(temp_dir)]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + HEAD_START_SECONDS
        # `ray start` writes ray_current_cluster once the head's processes are all up
        while not (_listening(port) and (temp_dir / "ray_current_cluster").exists()):
            if proc.poll() is not None or time.monotonic() > deadline:
                state = (f"exited with {proc.returncode}" if proc.poll() is not None
                         else f"not reachable after {HEAD_START_SECONDS:.0f} s")
                raise RuntimeError(f"Ray head on 127.0.0.1:{port} {state}; its output:\n"
                                   + log_path.read_text(errors="replace")[-4000:])
            time.sleep(0.2)
        yield Head(f"127.0.0.1:{port}", env)
    finally:
        _stop(proc)
        shutil.rmtree(temp_dir, ignore_errors=True)


def _write_config(path: Path, corpus: Path, **options: object) -> Path:
    """The conftest sample config as a file (JSON is YAML)."""
    cfg = sample_config(corpus, **options)
    path.write_text(json.dumps(cfg.model_dump(mode="json", exclude_unset=True), indent=2))
    assert load_config(path) == cfg
    return path


def _run_job(config: Path, store: Path | str, address: str, report: Path, env: dict[str, str],
             timeout: float = JOB_SECONDS) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(JOB), "--config", str(config), "--store", str(store),
         "--ray-address", address, "--report-out", str(report)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def _output(p: subprocess.CompletedProcess[str]) -> str:
    return f"exit {p.returncode}\n--- stdout\n{p.stdout}\n--- stderr\n{p.stderr[-6000:]}"


def _runs(store: Path) -> list[dict[str, Any]]:
    with Catalog(store, read_only=True) as cat:
        cur = cat.db.execute("select command, status, units_planned, units_skipped, "
                             "units_done, units_failed, docs from runs order by run_id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _report_files(report: Path) -> set[str]:
    return {p.relative_to(report).as_posix() for p in report.rglob("*") if p.is_file()}


def _summary(report: Path) -> dict[str, Any]:
    s = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    s.pop("generated_at")  # the only figure that depends on when the report was made
    return dict(s)


def test_job_on_a_cluster_gives_the_serial_manifest_and_report_and_resumes(
        ray_head: Head, tmp_path: Path, sample_corpus: Path) -> None:
    config = _write_config(tmp_path / "scan.yaml", sample_corpus, profile="full",
                           sample_rate=0.1, unit_bytes=2**20)
    store, report = tmp_path / "ray_store", tmp_path / "ray_report"
    first = _run_job(config, store, ray_head.address, report, ray_head.env)
    assert first.returncode == 0, _output(first)
    assert "report for " in first.stdout, _output(first)

    serial_store, serial_report = tmp_path / "serial_store", tmp_path / "serial_report"
    serial = run_scan(load_config(config), serial_store, make_executor("serial", 1))
    assert serial.ok and serial.units_done > 2  # more units than the cluster's CPUs
    run_report(str(serial_store), str(serial_report))

    manifest = manifest_table(store)
    assert manifest.num_rows == serial.docs > 4000
    assert manifest.equals(manifest_table(serial_store))

    files = _report_files(report)
    assert {"summary.json", "summary.md", "summary.html", "top_domains.csv", "sources.csv",
            "mdf_data.json", "croissant.json", "evidence/index.json"} <= files
    assert files == _report_files(serial_report)
    assert _summary(report) == _summary(serial_report)
    for name in sorted(f for f in files if f.endswith(".csv")):  # tables and evidence
        assert (report / name).read_bytes() == (serial_report / name).read_bytes(), name

    n = serial.units_done
    assert _runs(store) == [{"command": "ray_job", "status": "ok", "units_planned": n,
                             "units_skipped": 0, "units_done": n, "units_failed": 0,
                             "docs": serial.docs}]

    second = _run_job(config, store, ray_head.address, report, ray_head.env)
    assert second.returncode == 0, _output(second)
    assert f"scanned 0 units ({n} unchanged)" in second.stdout, _output(second)
    assert _runs(store)[1] == {"command": "ray_job", "status": "ok", "units_planned": n,
                               "units_skipped": n, "units_done": 0, "units_failed": 0,
                               "docs": 0}
    assert manifest_table(store).equals(manifest)
    assert _summary(report) == _summary(serial_report)


def test_job_with_its_store_on_s3(ray_head: Head, tmp_path: Path, sample_corpus: Path,
                                  s3_bucket: str) -> None:
    """The driver works on the store's local copy and pushes it (docs/store.md)."""
    config = _write_config(tmp_path / "scan.yaml", sample_corpus, profile="fast")
    env = {**ray_head.env, **{k: v for k, v in os.environ.items() if k.startswith("AWS_")},
           "PROVSCAN_CACHE_DIR": str(tmp_path / "cache")}
    store = f"s3://{s3_bucket}/ray-store"
    job = _run_job(config, store, ray_head.address, tmp_path / "report", env)
    assert job.returncode == 0, _output(job)
    assert (tmp_path / "report" / "summary.json").exists()
    fresh = RemoteStore(store, local=tmp_path / "fresh")
    fresh.pull(must_exist=True)
    serial = run_scan(load_config(config), tmp_path / "serial", make_executor("serial", 1))
    assert manifest_table(fresh.local).equals(manifest_table(tmp_path / "serial"))
    assert serial.docs == manifest_table(fresh.local).num_rows > 4000


@pytest.mark.parametrize("workers", [None, 2], ids=["cluster-cpus", "config-workers"])
def test_closed_port_exits_2_at_once_and_leaves_the_store_alone(
        tmp_path: Path, sample_corpus: Path, workers: int | None) -> None:
    config = _write_config(tmp_path / "scan.yaml", sample_corpus, profile="fast",
                           workers=workers)
    port = _free_port()  # bound, then closed: nothing listens there
    store = tmp_path / "store"
    try:  # without a probe, ray.init retries the closed port for many minutes
        p = _run_job(config, store, f"127.0.0.1:{port}", tmp_path / "report", _ray_env(),
                     timeout=FAIL_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"ray_job.py still running after {FAIL_SECONDS:.0f} s on a closed port")
    assert p.returncode == 2, _output(p)
    assert f"error: cannot join the Ray cluster at 127.0.0.1:{port}" in p.stderr, _output(p)
    assert "Connection refused" in p.stderr, _output(p)
    assert not store.exists()  # the job failed before it opened the store
    assert not (tmp_path / "report").exists()
