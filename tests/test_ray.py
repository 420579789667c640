"""The Ray executor on a real local Ray instance: same manifest and clusters as the
serial executor, a corrupt shard fails only its unit, progress adds up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import manifest_table, sample_config

from provscan.config import build_config
from provscan.executors import SerialExecutor, make_executor
from provscan.scan.run import run_scan
from provscan.scan.worker import UnitResult, UnitTask, scan_unit

ray = pytest.importorskip("ray")  # an optional extra; CI installs it


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    """One local Ray instance (2 CPUs) for the module: start-up takes seconds."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RAY_USAGE_STATS_ENABLED", "0")
        ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
        try:
            yield
        finally:
            ray.shutdown()


def _clusters(store: Path) -> list[dict[str, object]]:
    t = pq.read_table(store / "near_duplicates.parquet")
    return sorted(t.select(["source", "doc_id", "cluster"]).to_pylist(),
                  key=lambda r: (str(r["source"]), str(r["doc_id"])))


def test_ray_gives_the_serial_manifest_and_clusters(tmp_path: Path, sample_corpus: Path) -> None:
    cfg = sample_config(sample_corpus, profile="full", sample_rate=0.1, unit_bytes=2**20)
    serial = run_scan(cfg, tmp_path / "serial", SerialExecutor())
    on_ray = run_scan(cfg, tmp_path / "ray", make_executor("ray", 2))
    assert serial.ok and on_ray.ok
    assert on_ray.units_done == serial.units_done > 2  # more units than workers
    assert serial.docs == on_ray.docs > 4000
    a, b = manifest_table(tmp_path / "serial"), manifest_table(tmp_path / "ray")
    assert a.num_rows == serial.docs
    assert a.equals(b)
    assert a.column("tokens").null_count < a.num_rows  # the full profile ran
    clusters = _clusters(tmp_path / "serial")
    assert clusters and clusters == _clusters(tmp_path / "ray")
    assert ray.is_initialized()  # the executor leaves a Ray it did not start running


def test_corrupt_parquet_fails_its_unit_and_the_rest_completes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        pq.write_table(pa.table({"text": [f"doc {i}-{j}" for j in range(50)]}),
                       src / f"good-{i}.parquet", row_group_size=10)
    bad = src / "bad.parquet"
    bad.write_bytes(b"PAR1" + b"\x00garbage" * 100 + b"PAR1")
    cfg = build_config(options={"executor": "ray", "workers": 2},
                       sources=[{"name": "in", "paths": [str(src)]}])
    summary = run_scan(cfg, tmp_path / "store", make_executor("ray", 2))
    assert summary.units_failed == 1 and summary.units_done == 3 and not summary.ok
    assert summary.docs == 150
    ((where, reason),) = summary.failures
    assert where == str(bad.resolve())
    assert reason.startswith(f"{bad.resolve()}: cannot read as parquet")
    assert "corrupt" in reason
    assert {Path(s).name for s in manifest_table(tmp_path / "store").column("shard")
            .to_pylist()} == {f"good-{i}.parquet" for i in range(3)}


def test_progress_adds_up_to_the_documents_scanned(tmp_path: Path, sample_corpus: Path) -> None:
    seen = {"docs": 0, "bytes": 0, "in_bytes": 0, "units": 0}

    class Sink:
        def start(self, units: int, input_bytes: int) -> None:
            seen["planned"] = units

        def advance(self, docs: int, nbytes: int, input_bytes: int) -> None:
            seen["docs"] += docs
            seen["bytes"] += nbytes
            seen["in_bytes"] += input_bytes

        def unit_done(self, result: object) -> None:
            seen["units"] += 1

        def stop(self) -> None:
            seen["stopped"] = 1

    cfg = sample_config(sample_corpus, profile="fast", unit_bytes=2**20)
    s = run_scan(cfg, tmp_path / "st", make_executor("ray", 2), Sink())
    assert s.ok
    assert seen["docs"] == s.docs > 4000
    assert seen["bytes"] == s.bytes
    assert seen["in_bytes"] > 0
    assert seen["units"] == seen["planned"] == s.units_done
    assert seen["stopped"] == 1


def test_interrupt_stops_delivering_results_and_reraises(
        tmp_path: Path, sample_corpus: Path) -> None:
    from provscan.sources import discover, plan_units

    cfg = sample_config(sample_corpus, profile="fast", unit_bytes=2**20)
    tasks = [UnitTask(u, spec.columns, cfg.options, str(tmp_path / "st"))
             for spec in cfg.sources for s in discover(spec)[0]
             for u in plan_units(s, cfg.options.unit_bytes)]
    assert len(tasks) > 2
    got: list[UnitResult] = []

    def on_result(r: UnitResult) -> None:
        got.append(r)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        make_executor("ray", 2).run(scan_unit, tasks, lambda *a: None, on_result)
    assert len(got) == 1
