"""The same inputs give the same manifest on every executor."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import manifest_table, sample_config

from provscan.executors import ProcessPool, SerialExecutor, ThreadPool
from provscan.scan.run import _files_executor, run_scan
from provscan.scan.worker import UnitTask


@pytest.mark.parametrize("profile", ["fast", "full"])
def test_serial_and_process_pool_give_identical_manifests(
    tmp_path: Path, sample_corpus: Path, profile: str
) -> None:
    cfg = sample_config(sample_corpus, profile=profile, sample_rate=0.1, unit_bytes=2**20)
    serial = run_scan(cfg, tmp_path / "serial", SerialExecutor())
    pool = run_scan(cfg, tmp_path / "pool", ProcessPool(2))
    assert serial.ok and pool.ok
    assert serial.docs == pool.docs > 4000
    a, b = manifest_table(tmp_path / "serial"), manifest_table(tmp_path / "pool")
    assert a.num_rows == serial.docs
    assert a.equals(b)
    assert (profile == "fast") == (a.column("tokens").null_count == a.num_rows)
    threads = run_scan(cfg, tmp_path / "threads", ThreadPool(2))
    assert threads.ok and threads.docs == serial.docs
    assert manifest_table(tmp_path / "threads").equals(a)


@pytest.mark.parametrize(("profile", "fmt", "workers", "captures", "want"), [
    ("fast", "parquet", 3, None, ThreadPool),
    ("fast", "jsonl", 3, None, ThreadPool),
    ("fast", "warc", 3, None, ProcessPool),  # read record by record in Python: processes
    ("full", "parquet", 2, None, ThreadPool),  # two workers: the GIL does not bind
    ("full", "parquet", 3, None, ProcessPool),  # more: Python per batch would bind
    ("full", "parquet", 2, "fingerprint", ProcessPool),  # site captures: Python per URL
    ("full", "warc", 2, None, ProcessPool),
])
def test_units_run_on_threads_where_the_gil_does_not_bind(
    tmp_path: Path, sample_corpus: Path, profile: str, fmt: str, workers: int,
    captures: str | None, want: type,
) -> None:
    from dataclasses import replace

    from provscan.sources import WorkUnit, discover

    cfg = sample_config(sample_corpus, profile=profile)
    shard = discover(cfg.sources[0])[0][0]
    task = UnitTask(WorkUnit(replace(shard, format=fmt)), cfg.sources[0].columns,
                    cfg.options, str(tmp_path))
    pool = ProcessPool[UnitTask, object](workers)
    chosen = _files_executor(pool, [task], captures)  # type: ignore[arg-type]
    assert type(chosen) is want and chosen.workers == workers


def test_threads_of_the_full_profile_have_their_own_detectors(
        tmp_path: Path, sample_corpus: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from provscan.scan.worker import _detectors

    cfg = sample_config(sample_corpus, profile="full")
    with ThreadPoolExecutor(2) as pool:
        got = list(pool.map(lambda _: _detectors(cfg.options, str(tmp_path)), range(2)))
    assert _detectors(cfg.options, str(tmp_path)) is _detectors(cfg.options, str(tmp_path))
    assert len({id(d) for d in got} | {id(_detectors(cfg.options, str(tmp_path)))}) >= 2


def test_process_pool_reports_progress_for_every_document(
    tmp_path: Path, sample_corpus: Path
) -> None:
    seen = {"docs": 0, "bytes": 0, "units": 0}

    class Sink:
        def start(self, units: int, input_bytes: int) -> None:
            seen["planned"] = units

        def advance(self, docs: int, nbytes: int, input_bytes: int) -> None:
            seen["docs"] += docs
            seen["bytes"] += nbytes

        def unit_done(self, result: object) -> None:
            seen["units"] += 1

        def stop(self) -> None:
            seen["stopped"] = 1

    s = run_scan(sample_config(sample_corpus), tmp_path / "st", ProcessPool(2), Sink())
    assert seen["docs"] == s.docs
    assert seen["bytes"] == s.bytes
    assert seen["units"] == seen["planned"] == s.units_done
    assert seen["stopped"] == 1


def _allocator(task: int, report: object) -> str:
    import pyarrow as pa

    return f"{task}:{pa.default_memory_pool().backend_name}"


@pytest.mark.parametrize(("env", "want"), [(None, "system"), ("mimalloc", "mimalloc")])
def test_pool_workers_use_the_system_allocator_unless_told(
    monkeypatch: pytest.MonkeyPatch, env: str | None, want: str
) -> None:
    """Workers allocate with the system allocator, which returns freed batches to the
    system (peak memory); a user's ARROW_DEFAULT_MEMORY_POOL still decides, and the
    coordinating process's environment is left as it was."""
    if env is None:
        monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    else:
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", env)
    got: list[str] = []
    ProcessPool[int, str](2).run(_allocator, [1, 2], lambda *a: None, got.append)
    assert sorted(got) == [f"1:{want}", f"2:{want}"]
    assert os.environ.get("ARROW_DEFAULT_MEMORY_POOL") == env


def test_an_error_stops_the_thread_pool_at_the_running_units_next_batch() -> None:
    """An error in ``on_result`` (or Ctrl-C) reaches the caller; units not started never
    start, running ones stop at their next progress call instead of running to the end."""
    import threading

    started: list[int] = []
    reports: dict[int, int] = {}
    first_done = threading.Event()

    def unit(task: int, report: Any) -> int:
        started.append(task)
        if task == 0:
            return task
        for _ in range(200):  # a unit of many batches
            first_done.wait(0.005)
            reports[task] = reports.get(task, 0) + 1
            report(1, 1, 1)
        return task

    def on_result(r: int) -> None:
        first_done.set()
        raise RuntimeError(f"cannot record {r}")

    with pytest.raises(RuntimeError, match="cannot record 0"):
        ThreadPool[int, int](2).run(unit, list(range(10)), lambda *a: None, on_result)
    assert sorted(started) in ([0, 1], [0, 1, 2])
    assert all(n < 200 for n in reports.values()), reports


def _pandas_loaded(task: int, report: object) -> tuple[bool, bool]:
    import sys

    import pyarrow as pa

    pa.array(["a list", "of strings"])  # pyarrow's first look for pandas objects
    before = "pandas" in sys.modules
    df = pa.table({"a": [task]}).to_pandas()  # asked for: pandas still comes
    return before, bool(df.shape == (1, 1) and "pandas" in sys.modules)


def test_pool_workers_do_not_import_pandas_for_pyarrow() -> None:
    """pyarrow's check whether an input is a pandas object would import pandas in every
    worker (~55 MB, 0.25 s); it is not needed there, and to_pandas still works."""
    got: list[tuple[bool, bool]] = []
    ProcessPool[int, tuple[bool, bool]](1).run(_pandas_loaded, [1], lambda *a: None,
                                               got.append)
    assert got == [(False, True)]
