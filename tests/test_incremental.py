"""Incremental runs on a growing, changing lake: new, changed and deleted shards, each
run recorded; damaged parts are detected by checksum and redone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from conftest import manifest_table, write_parquet_shards

from provscan.config import build_config
from provscan.executors import SerialExecutor
from provscan.scan.run import ScanSummary, run_scan
from provscan.store import Catalog


def scan(data: Path, store: Path, **options: Any) -> ScanSummary:
    cfg = build_config(options=options, sources=[{"name": "lake", "paths": [str(data)]}])
    return run_scan(cfg, store, SerialExecutor(1))


def runs(store: Path) -> list[tuple[Any, ...]]:
    with Catalog(store, read_only=True) as cat:
        return cat.db.execute(
            "select shards_added, shards_changed, shards_removed, units_done, units_skipped, "
            "units_redone from runs order by run_id").fetchall()


def test_new_changed_and_deleted_shards(tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "lake", 3, 50)
    store = tmp_path / "store"
    scan(data, store)
    scan(data, store)  # unchanged: nothing to do
    (data / "shard-001.parquet").unlink()  # deleted
    pq.write_table(pa.table({"text": ["changed"] * 7}), data / "shard-002.parquet")  # changed
    write_parquet_shards(tmp_path / "new", 1, 20)
    (tmp_path / "new" / "shard-000.parquet").rename(data / "shard-009.parquet")  # new
    scan(data, store)
    # (added, changed, removed, units done, units skipped, units redone) per run
    assert runs(store) == [(3, 0, 0, 3, 0, 0), (0, 0, 0, 0, 3, 0), (1, 1, 1, 2, 1, 0)]
    t = manifest_table(store)
    shards = {Path(s).name: n for s, n in
              zip(*pa.table({"s": t.column("shard")}).group_by("s").aggregate(
                  [("s", "count")]).to_pydict().values(), strict=True)}
    assert shards == {"shard-000.parquet": 50, "shard-002.parquet": 7, "shard-009.parquet": 20}
    # the deleted shard left nothing behind in the store
    assert not [p for p in store.rglob("*.parquet") if "shard-001" in p.name]
    with Catalog(store, read_only=True) as cat:
        left = cat.db.execute("select count(*) from units where shard like '%shard-001%'")
        assert left.fetchone() == (0,)


def test_truncated_part_is_detected_and_redone(tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "lake", 2, 40)
    store = tmp_path / "store"
    scan(data, store, profile="fast")
    clean = manifest_table(store)
    part = sorted((store / "manifest" / "lake").glob("*.parquet"))[0]
    part.write_bytes(part.read_bytes()[:-100])  # a part cut short (a full disk, a bad copy)
    s = scan(data, store, profile="fast")
    assert (s.units_redone, s.units_done, s.units_skipped) == (1, 1, 1)
    assert manifest_table(store).equals(clean)


def test_altered_part_of_the_same_size_is_redone(tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "lake", 1, 40)
    store = tmp_path / "store"
    scan(data, store, profile="fast")
    clean = manifest_table(store)
    part = next((store / "manifest" / "lake").glob("*.parquet"))
    raw = bytearray(part.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    part.write_bytes(bytes(raw))
    assert scan(data, store, profile="fast").units_redone == 1
    assert manifest_table(store).equals(clean)


def test_status_shows_the_last_run_changes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from provscan.cli import cli

    data = write_parquet_shards(tmp_path / "lake", 2, 10)
    store = tmp_path / "store"
    scan(data, store, profile="fast")
    (data / "shard-001.parquet").unlink()
    scan(data, store, profile="fast")
    res = CliRunner().invoke(cli, ["status", "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert "shards 0 new, 0 changed, 1 removed; 0 units redone" in res.output


def test_a_moved_store_keeps_its_manifest_and_skips_everything(tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "lake", 3, 50)
    scan(data, tmp_path / "store", profile="fast")
    before = manifest_table(tmp_path / "store")
    (tmp_path / "store").rename(tmp_path / "moved")
    assert manifest_table(tmp_path / "moved").equals(before)
    again = scan(data, tmp_path / "moved", profile="fast")
    assert (again.units_skipped, again.units_done, again.units_redone) == (3, 0, 0)


def test_catalogs_with_absolute_part_paths_still_resolve(tmp_path: Path) -> None:
    """Catalogs written before part paths were relative recorded absolute ones."""
    data = write_parquet_shards(tmp_path / "lake", 2, 40)
    scan(data, tmp_path / "old", profile="fast")
    with Catalog(tmp_path / "old") as cat:
        cat.db.execute("update units set part = '/elsewhere/store/' || part")
    assert manifest_table(tmp_path / "old").num_rows == 80
    again = scan(data, tmp_path / "old", profile="fast")
    assert (again.units_skipped, again.units_redone) == (2, 0)


class PartsElsewhere(SerialExecutor[Any, Any]):
    """Runs each unit here but loses the part it wrote before the result comes back: what
    a Ray worker on a machine that does not mount the store leaves the coordinator."""

    def __init__(self, store: Path) -> None:
        super().__init__(1)
        self.store = store

    def run(self, fn: Any, tasks: Any, on_progress: Any, on_result: Any) -> None:
        def elsewhere(result: Any) -> None:
            for part in (self.store / "manifest").rglob("*.parquet"):
                part.unlink()
            on_result(result)

        super().run(fn, tasks, on_progress, elsewhere)


def test_a_part_the_coordinator_cannot_see_fails_its_unit(tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "lake", 1, 10)
    store = tmp_path / "store"
    cfg = build_config(options={"profile": "fast"}, sources=[{"name": "lake",
                                                              "paths": [str(data)]}])
    lost = run_scan(cfg, store, PartsElsewhere(store))
    assert (lost.units_done, lost.units_failed, lost.docs) == (0, 1, 0)
    with Catalog(store, read_only=True) as cat:
        ((status, error),) = cat.db.execute("select status, error from units").fetchall()
    assert status == "failed"
    assert "cannot see" in error and "docs/executors.md" in error
    # a worker that shares the store's filesystem: the failed unit is scanned again
    again = scan(data, store, profile="fast")
    assert (again.units_done, again.units_failed, again.docs) == (1, 0, 10)


def test_parts_written_before_a_column_existed_read_it_as_null(tmp_path: Path) -> None:
    """A fast-profile store from before pii_person: its parts lack the column, and its
    report is the one it had with the column."""
    from provscan.report import run_report

    def summary(out: str) -> dict[str, Any]:
        run_report(tmp_path / "old", str(tmp_path / out))
        s = json.loads((tmp_path / out / "summary.json").read_text(encoding="utf-8"))
        s.pop("generated_at")
        return dict(s)

    data = write_parquet_shards(tmp_path / "lake", 2, 30)
    scan(data, tmp_path / "old", profile="fast")
    with_column = summary("with")
    for part in (tmp_path / "old" / "manifest").rglob("*.parquet"):
        pq.write_table(pq.read_table(part).drop_columns(["pii_person"]), part)
    m = manifest_table(tmp_path / "old")
    assert m.num_rows == 60 and m.column("pii_person").null_count == 60
    without = summary("without")
    assert without["totals"]["documents"]["value"] == 60
    assert without["detectors"]["person_names"] is None
    assert without == with_column


def test_ctrl_c_in_the_clustering_is_an_interrupt(tmp_path: Path,
                                                  monkeypatch: Any) -> None:
    """DuckDB turns SIGINT into its own error; the CLI and the S3 push expect Ctrl-C."""
    import duckdb
    import pytest

    import provscan.dedup.run as run_module

    data = write_parquet_shards(tmp_path / "lake", 1, 20)
    scan(data, tmp_path / "s", near_duplicates={"enabled": False})

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")

    monkeypatch.setattr(run_module, "cluster", interrupted)
    with Catalog(tmp_path / "s") as cat, pytest.raises(KeyboardInterrupt):
        run_module.cluster_store(cat)
