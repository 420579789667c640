"""Delta Lake tables as a source: the active data files of one table version, scanned
through the Parquet reader; re-runs scan only files a new version added."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import manifest_table

pytest.importorskip("deltalake")
from deltalake import DeltaTable, write_deltalake

from provscan.config import SourceSpec, build_config
from provscan.errors import InputError
from provscan.executors import make_executor
from provscan.scan.run import ScanSummary, run_scan
from provscan.scan.text import content_hash_py
from provscan.sources import discover

# Each write makes one table version: 0 creates, 1 appends, 2 appends.
VERSIONS = [
    [f"version zero document {i}" for i in range(4)],
    [f"version one document {i}" for i in range(3)],
    [f"version two document {i}" for i in range(5)],
]


def _docs(texts: list[str]) -> pa.Table:
    return pa.table({"text": texts,
                     "url": [f"https://example.org/{t.replace(' ', '-')}" for t in texts]})


def make_table(root: Path, versions: int = 3) -> Path:
    table = root / "table"
    for v in range(versions):
        write_deltalake(str(table), _docs(VERSIONS[v]), mode="append")
    assert DeltaTable(str(table)).version() == versions - 1
    return table


def scan(table: Path, store: Path, **source: Any) -> ScanSummary:
    cfg = build_config(options={"profile": "fast"},
                       sources=[{"name": "lake", "paths": [str(table)], **source}])
    return run_scan(cfg, store, make_executor("serial", 1))


def hashes(store: Path) -> list[str]:
    return sorted(manifest_table(store).column("content_hash").to_pylist())


def expected(*texts: list[str]) -> list[str]:
    return sorted(content_hash_py(t) for ts in texts for t in ts)


# --------------------------------------------------------------------------------------
# discovery


@pytest.mark.parametrize("fmt", ["auto", "delta", "parquet"])
def test_a_table_directory_becomes_its_active_data_files(tmp_path: Path, fmt: str) -> None:
    table = make_table(tmp_path)
    shards, skipped = discover(SourceSpec(name="lake", paths=(str(table),), format=fmt))
    active = sorted(str(Path(u).resolve()) for u in DeltaTable(str(table)).file_uris())
    assert [s.uri for s in shards] == active and len(active) == 3
    assert {s.format for s in shards} == {"parquet"}
    assert not skipped  # the _delta_log folder is neither scanned nor reported


def test_a_table_inside_a_directory_is_found(tmp_path: Path) -> None:
    make_table(tmp_path / "lake", versions=1)
    pq.write_table(_docs(["loose file"]), tmp_path / "lake" / "loose.parquet")
    shards, _ = discover(SourceSpec(name="lake", paths=(str(tmp_path / "lake"),)))
    assert len(shards) == 2
    assert sum(Path(s.uri).name == "loose.parquet" for s in shards) == 1


def test_a_directory_without_delta_log_is_a_plain_directory(tmp_path: Path) -> None:
    table = make_table(tmp_path, versions=2)
    write_deltalake(str(table), _docs(["replaced"]), mode="overwrite")
    # without its log, the folder is just Parquet files: all three, removed ones included
    (table / "_delta_log").rename(tmp_path / "log-elsewhere")
    shards, _ = discover(SourceSpec(name="lake", paths=(str(table),)))
    assert len(shards) == 3


# --------------------------------------------------------------------------------------
# scanning versions


def test_scan_reads_the_latest_version_exactly(tmp_path: Path) -> None:
    table = make_table(tmp_path)
    summary = scan(table, tmp_path / "store")
    assert summary.ok and summary.docs == 12
    assert hashes(tmp_path / "store") == expected(*VERSIONS)


@pytest.mark.parametrize("version", [0, 1, 2])
def test_delta_version_reads_that_version(tmp_path: Path, version: int) -> None:
    table = make_table(tmp_path)
    summary = scan(table, tmp_path / "store", delta_version=version)
    assert summary.ok
    assert hashes(tmp_path / "store") == expected(*VERSIONS[: version + 1])


def test_unchanged_rerun_skips_everything(tmp_path: Path) -> None:
    table = make_table(tmp_path)
    store = tmp_path / "store"
    scan(table, store)
    before = manifest_table(store)
    again = scan(table, store)
    assert (again.units_planned, again.units_done, again.units_skipped) == (3, 0, 3)
    assert (again.shards_added, again.shards_changed, again.shards_removed) == (0, 0, 0)
    assert manifest_table(store).equals(before)


def test_a_new_version_scans_only_its_new_file(tmp_path: Path) -> None:
    table = make_table(tmp_path, versions=2)
    store = tmp_path / "store"
    scan(table, store)
    write_deltalake(str(table), _docs(VERSIONS[2]), mode="append")
    summary = scan(table, store)
    assert (summary.units_done, summary.units_skipped, summary.shards_added) == (1, 2, 1)
    assert summary.docs == len(VERSIONS[2])
    assert hashes(store) == expected(*VERSIONS)


def test_an_overwrite_plans_only_the_new_files(tmp_path: Path) -> None:
    table = make_table(tmp_path)
    store = tmp_path / "store"
    scan(table, store)
    replacement = ["the table after an overwrite"]
    write_deltalake(str(table), _docs(replacement), mode="overwrite")
    shards, _ = discover(SourceSpec(name="lake", paths=(str(table),)))
    assert [s.uri for s in shards] == [str(Path(u).resolve())
                                       for u in DeltaTable(str(table)).file_uris()]
    assert len(shards) == 1
    summary = scan(table, store)
    assert (summary.units_done, summary.units_skipped) == (1, 0)
    assert hashes(store) == expected(replacement)  # the removed files' rows are retired


def test_an_older_version_after_a_newer_one(tmp_path: Path) -> None:
    table = make_table(tmp_path)
    store = tmp_path / "store"
    scan(table, store)
    summary = scan(table, store, delta_version=0)
    assert summary.units_done == 0  # version 0's file was already scanned
    assert hashes(store) == expected(VERSIONS[0])


# --------------------------------------------------------------------------------------
# errors


def test_a_version_that_does_not_exist(tmp_path: Path) -> None:
    table = make_table(tmp_path)
    with pytest.raises(InputError, match=r"has no version 7; its log holds versions 0 to 2"):
        discover(SourceSpec(name="lake", paths=(str(table),), delta_version=7))


def test_format_delta_on_a_plain_directory(tmp_path: Path) -> None:
    pq.write_table(_docs(["plain"]), tmp_path / "plain.parquet")
    with pytest.raises(InputError, match="not a Delta table"):
        discover(SourceSpec(name="lake", paths=(str(tmp_path),), format="delta"))


def test_delta_version_without_a_table(tmp_path: Path) -> None:
    pq.write_table(_docs(["plain"]), tmp_path / "plain.parquet")
    with pytest.raises(InputError, match="none of its paths is a Delta table"):
        discover(SourceSpec(name="lake", paths=(str(tmp_path),), delta_version=0))


@pytest.mark.parametrize(("options", "message"), [
    ({"configuration": {"delta.enableDeletionVectors": "true"}},
     "deletion vectors are not supported yet"),
    ({"configuration": {"delta.columnMapping.mode": "name"}}, "column mapping"),
    ({"partition_by": ["url"]}, "partitioned by url"),
])
def test_unsupported_tables_are_refused(tmp_path: Path, options: dict[str, Any],
                                        message: str) -> None:
    table = tmp_path / "table"
    write_deltalake(str(table), _docs(["a", "b"]), **options)
    with pytest.raises(InputError, match=message) as err:
        discover(SourceSpec(name="lake", paths=(str(table),)))
    assert str(table) in str(err.value)


def test_a_partition_column_nobody_reads_is_fine(tmp_path: Path) -> None:
    table = tmp_path / "table"
    t = _docs(["a", "b"]).append_column("lang", pa.array(["en", "de"]))
    write_deltalake(str(table), t, partition_by=["lang"])
    summary = scan(table, tmp_path / "store")
    assert summary.ok and hashes(tmp_path / "store") == expected(["a", "b"])


def test_a_missing_data_file_fails_its_shard(tmp_path: Path) -> None:
    table = make_table(tmp_path, versions=2)
    gone = Path(DeltaTable(str(table), version=0).file_uris()[0])
    gone.unlink()
    summary = scan(table, tmp_path / "store")
    assert summary.units_failed == 1 and summary.units_done == 1
    assert [Path(uri).name for uri, _ in summary.failures] == [gone.name]
    assert hashes(tmp_path / "store") == expected(VERSIONS[1])
