"""Ctrl-C during a scan with the process pool: the CLI says "interrupted" and exits 130, no
worker outlives the scan, and the same command resumes to the uninterrupted manifest.
Any other error that stops the pool reaches the caller unchanged, workers terminated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import psutil
import pytest
from conftest import manifest_table, write_parquet_shards

from provscan.executors import ProcessPool
from provscan.store import Catalog

SHARDS, ROWS = 12, 4000


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shards that take two workers a few seconds."""
    return write_parquet_shards(tmp_path_factory.mktemp("interrupt") / "d", SHARDS, ROWS)


#: Three workers: with two, the full profile runs on threads (scan.run._files_executor).
WORKERS = 3


def _scan(data: Path, store: Path, executor: str = "process",
          workers: int = WORKERS) -> list[str]:
    return [sys.executable, "-m", "provscan.cli", "scan", str(data), "--store", str(store),
            "--name", "d", "-q", "--executor", executor, "--workers", str(workers)]


@pytest.fixture
def python_ctrl_c() -> Iterator[None]:
    """Python's own SIGINT handler, even in a test run started with SIGINT ignored (a
    background job of a shell without job control)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _ctrl_c_reaches_it() -> None:
    """A shell without job control starts background jobs with SIGINT ignored, and the
    scan would inherit that (as a terminal user's would not): restore the default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _ctrl_c(data: Path, store: Path, to_group: bool, workers: int = WORKERS) -> str:
    """Start a process-pool scan (or, with two workers, a scan on threads), send SIGINT
    once a few units are done (to the CLI process alone, or to its process group as a
    terminal's Ctrl-C does), and check that it ends as interrupted, with its workers
    gone."""
    proc = subprocess.Popen(_scan(data, store, workers=workers), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=_ctrl_c_reaches_it)
    try:
        parts = store / "manifest" / "d"
        deadline = time.monotonic() + 60
        while len(list(parts.glob("*.parquet"))) < 3:
            assert proc.poll() is None, "the scan ended before Ctrl-C"
            assert time.monotonic() < deadline, "no manifest part after 60 s"
            time.sleep(0.01)
        children = psutil.Process(proc.pid).children(recursive=True)
        spawned = [c for c in children if "spawn_main" in " ".join(c.cmdline())]
        assert len(spawned) == (workers if workers > 2 else 0)
        (os.killpg if to_group else os.kill)(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert "Traceback" not in err and "AttributeError" not in err, err
    _, alive = psutil.wait_procs(children, timeout=10)
    assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []
    assert _left_in_group(proc.pid) == []
    with Catalog(store, read_only=True) as cat:
        assert cat.db.execute("select status from runs").fetchall() == [("interrupted",)]
        done = cat.db.execute("select count(*) from units where status = 'done'").fetchone()
    assert done is not None and 0 < done[0] < SHARDS
    return err


def _left_in_group(pgid: int) -> list[psutil.Process]:
    left = []
    for p in psutil.process_iter():
        try:
            if os.getpgid(p.pid) == pgid and p.status() != psutil.STATUS_ZOMBIE:
                left.append(p)
        except (OSError, psutil.Error):
            continue
    return left


def test_sigint_exits_130_stops_workers_and_rerun_matches_clean_scan(
    tmp_path: Path, data: Path
) -> None:
    _ctrl_c(data, tmp_path / "s", to_group=False)
    subprocess.run(_scan(data, tmp_path / "s"), check=True, stdout=subprocess.DEVNULL)
    # serial and process scans give identical manifests (test_executors), serial is quicker
    subprocess.run(_scan(data, tmp_path / "ref", "serial"), check=True,
                   stdout=subprocess.DEVNULL)
    resumed, ref = manifest_table(tmp_path / "s"), manifest_table(tmp_path / "ref")
    assert resumed.num_rows == ref.num_rows == SHARDS * ROWS
    assert resumed.equals(ref)


def test_ctrl_c_stops_a_scan_on_threads_and_rerun_matches_clean_scan(
    tmp_path: Path, data: Path
) -> None:
    """Two workers: the full profile runs on threads of the CLI process; Ctrl-C stops it
    the same way (exit 130, "interrupted", the finished units kept) and the same command
    resumes to the uninterrupted manifest."""
    _ctrl_c(data, tmp_path / "s", to_group=True, workers=2)
    subprocess.run(_scan(data, tmp_path / "s", workers=2), check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(_scan(data, tmp_path / "ref", "serial"), check=True,
                   stdout=subprocess.DEVNULL)
    resumed, ref = manifest_table(tmp_path / "s"), manifest_table(tmp_path / "ref")
    assert resumed.num_rows == ref.num_rows == SHARDS * ROWS
    assert resumed.equals(ref)


def test_ctrl_c_in_a_terminal_reaches_the_workers_too(tmp_path: Path, data: Path) -> None:
    """Ctrl-C in a terminal signals the whole process group: workers ignore it, the CLI
    terminates them and reports the interrupt, without worker tracebacks."""
    err = _ctrl_c(data, tmp_path / "s", to_group=True)
    assert "interrupted" in err and "Traceback" not in err, err


def _sleep(seconds: float, report: object) -> float:
    time.sleep(seconds)
    return seconds


def _workers() -> list[psutil.Process]:
    return [c for c in psutil.Process().children()
            if "spawn_main" in " ".join(c.cmdline())]


@pytest.fixture()
def no_stray_workers() -> Iterator[None]:
    before = {p.pid for p in _workers()}
    yield
    stray = [p for p in _workers() if p.pid not in before]
    for p in stray:
        p.kill()
    assert stray == []


def test_error_in_on_result_reaches_the_caller_and_terminates_workers(
    no_stray_workers: None,
) -> None:
    seen: list[list[psutil.Process]] = []

    def on_result(r: float) -> None:
        seen.append(_workers())
        raise ValueError("disk full")

    t0 = time.monotonic()
    with pytest.raises(ValueError, match="disk full"):
        ProcessPool[float, float](2).run(_sleep, [0.1, 30.0, 30.0], lambda *a: None, on_result)
    assert time.monotonic() - t0 < 20  # the 30 s task was not waited for
    assert len(seen) == 1 and len(seen[0]) == 2
    assert not any(p.is_running() for p in seen[0])


def test_ctrl_c_during_a_duckdb_query_in_on_result_is_a_keyboard_interrupt(
    no_stray_workers: None, python_ctrl_c: None,
) -> None:
    """DuckDB turns SIGINT during a query into its own "Query interrupted" error; the pool
    lets the result being recorded finish, then raises KeyboardInterrupt."""
    calls: list[str] = []
    con = duckdb.connect()

    def on_result(r: float) -> None:
        calls.append("started")
        sent = threading.Event()

        def ctrl_c() -> None:
            os.kill(os.getpid(), signal.SIGINT)
            sent.set()

        threading.Timer(0.05, ctrl_c).start()
        until = time.monotonic() + 10
        while not sent.is_set() and time.monotonic() < until:
            con.execute("select sum(hash(range)) from range(20000000)").fetchall()
        stop = time.monotonic() + 0.3
        while time.monotonic() < stop:  # SIGINT is handled during these queries
            con.execute("select sum(hash(range)) from range(20000000)").fetchall()
        calls.append("finished")

    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        ProcessPool[float, float](2).run(
            _sleep, [0.1, 0.1, 30.0, 30.0], lambda *a: None, on_result)
    assert calls == ["started", "finished"]
    assert time.monotonic() - t0 < 20
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
