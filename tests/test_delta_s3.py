"""Delta Lake tables on S3 (a real S3 server on loopback, moto's): the same manifest as
the same table on local disk, at the latest and at an older version; detection of a
table by its ``_delta_log/``; incremental re-runs; clear errors."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from click.testing import CliRunner
from conftest import manifest_table

from provscan.cli import cli
from provscan.config import SourceSpec, build_config
from provscan.errors import InputError
from provscan.executors import make_executor
from provscan.scan.run import ScanSummary, run_scan
from provscan.sources import discover
from provscan.sources.delta import deltalake_storage_options

pytest.importorskip("deltalake")
boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto")
from deltalake import DeltaTable, write_deltalake  # noqa: E402

_START = datetime(2024, 3, 1, tzinfo=timezone.utc)


def _docs(tag: str, n: int) -> pa.Table:
    """Documents with ids (so doc_id and the sample do not depend on file names) and a
    partition column nobody reads, whose value needs escaping in object keys."""
    return pa.table({
        "id": [f"{tag}-{i}" for i in range(n)],
        "text": [f"{tag} document {i} " + "word " * (i % 9) for i in range(n)],
        "url": [f"https://site{i % 3}.example.org/{tag}/{i}" for i in range(n)],
        "date": pa.array([_START + timedelta(days=i) for i in range(n)],
                         pa.timestamp("us", tz="UTC")),
        "lang": ["en gb" if i % 2 else "de" for i in range(n)],
    })


# Version 0 creates the table, 1 appends, 2 overwrites.
WRITES: list[tuple[bool, pa.Table]] = [
    (False, _docs("zero", 6)), (False, _docs("one", 5)), (True, _docs("two", 4)),
]


def _write(uri: str, storage: dict[str, str] | None, writes: int = len(WRITES)) -> None:
    for overwrite, data in WRITES[:writes]:
        if overwrite:
            write_deltalake(uri, data, mode="overwrite", partition_by=["lang"],
                            storage_options=storage)
        else:
            write_deltalake(uri, data, mode="append", partition_by=["lang"],
                            storage_options=storage)


@pytest.fixture()
def write_options(aws_env: str) -> dict[str, str]:
    # The installed deltalake writes to S3 with conditional puts, which moto supports.
    return {"AWS_ENDPOINT_URL": aws_env, "AWS_ALLOW_HTTP": "true"}


@pytest.fixture()
def s3_table(s3_bucket: str, write_options: dict[str, str]) -> str:
    uri = f"s3://{s3_bucket}/lake/events"
    _write(uri, write_options)
    assert DeltaTable(uri, storage_options=write_options).version() == 2
    return uri


@pytest.fixture()
def local_table(tmp_path: Path) -> Path:
    table = tmp_path / "local" / "events"
    _write(str(table), None)
    return table


def _files(uri: str, storage: dict[str, str], version: int | None = None) -> set[str]:
    return set(DeltaTable(uri, version=version, storage_options=storage).file_uris())


def scan(path: str, store: Path, **source: Any) -> ScanSummary:
    cfg = build_config(options={"near_duplicates": {"enabled": False}},
                       sources=[{"name": "lake", "paths": [path], **source}])
    return run_scan(cfg, store, make_executor("serial", 1))


def _without_shard(t: pa.Table) -> pa.Table:
    return t.drop_columns(["shard"]).sort_by([("doc_id", "ascending")])


def _ids(store: Path) -> list[str]:
    return sorted(manifest_table(store).column("doc_id").to_pylist())


# --------------------------------------------------------------------------------------
# the same manifest as the local table


@pytest.mark.parametrize(("version", "ids"), [
    (0, [f"zero-{i}" for i in range(6)]),
    (1, sorted([f"zero-{i}" for i in range(6)] + [f"one-{i}" for i in range(5)])),
    (None, [f"two-{i}" for i in range(4)]),
])
def test_s3_table_manifest_equals_local(s3_table: str, local_table: Path, tmp_path: Path,
                                        write_options: dict[str, str], version: int | None,
                                        ids: list[str]) -> None:
    opts = {"format": "delta", "delta_version": version}
    remote = scan(s3_table, tmp_path / "remote", **opts)
    local = scan(str(local_table), tmp_path / "local", **opts)
    assert remote.ok and local.ok, [e for _, e in remote.failures]
    assert remote.units_done == local.units_done == (2 if version is None else
                                                     2 * (version + 1))
    r, lo = manifest_table(tmp_path / "remote"), manifest_table(tmp_path / "local")
    assert _ids(tmp_path / "remote") == ids
    assert _without_shard(r).equals(_without_shard(lo))
    files = _files(s3_table, write_options, version)
    assert set(r.column("shard").to_pylist()) == files
    assert any("%20" in f for f in files)  # the key of partition lang=en gb


def test_shards_are_sized_from_the_log_and_carry_the_storage_options(
        s3_table: str, aws_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL")  # from the source's storage options instead
    spec = SourceSpec(name="lake", paths=(s3_table,), storage_options={"endpoint_url": aws_env})
    shards, skipped = discover(spec)
    listed = {f"s3://{o['Bucket']}/{o['Key']}": o for o in _objects(s3_table, aws_env)}
    assert not skipped and len(shards) == 2
    for s in shards:
        assert s.format == "parquet" and s.storage == (("endpoint_url", aws_env),)
        assert s.size == listed[s.uri]["Size"]


def _objects(uri: str, endpoint: str) -> list[dict[str, Any]]:
    bucket, _, prefix = uri.removeprefix("s3://").partition("/")
    client = boto3.client("s3", endpoint_url=endpoint)
    return [dict(o, Bucket=bucket)
            for o in client.list_objects_v2(Bucket=bucket, Prefix=prefix)["Contents"]]


# --------------------------------------------------------------------------------------
# detection


def test_auto_detects_a_table_prefix(s3_table: str, write_options: dict[str, str],
                                    tmp_path: Path) -> None:
    for path in (s3_table, s3_table + "/"):
        shards, skipped = discover(SourceSpec(name="lake", paths=(path,)))
        assert {s.uri for s in shards} == _files(s3_table, write_options)
        assert not skipped  # neither the log nor the removed files
    summary = scan(s3_table, tmp_path / "store")
    assert summary.ok and _ids(tmp_path / "store") == [f"two-{i}" for i in range(4)]


def test_auto_finds_a_table_under_a_prefix(s3_table: str, s3_bucket: str, local_table: Path,
                                           write_options: dict[str, str], aws_env: str) -> None:
    loose = next(local_table.rglob("*.parquet"))
    boto3.client("s3", endpoint_url=aws_env).upload_file(str(loose), s3_bucket,
                                                         "lake/loose.parquet")
    shards, _ = discover(SourceSpec(name="lake", paths=(f"s3://{s3_bucket}/lake",),
                                    delta_version=1))
    assert {s.uri for s in shards} == (_files(s3_table, write_options, 1)
                                       | {f"s3://{s3_bucket}/lake/loose.parquet"})
    assert {s.format for s in shards} == {"parquet"}  # no _delta_log JSON as documents


# --------------------------------------------------------------------------------------
# re-runs


def test_rerun_is_incremental(s3_bucket: str, write_options: dict[str, str],
                              tmp_path: Path) -> None:
    uri = f"s3://{s3_bucket}/inc/events"
    _write(uri, write_options, writes=2)
    store = tmp_path / "store"
    first = scan(uri, store)
    assert first.ok and first.units_done == 4
    again = scan(uri, store)
    assert (again.units_planned, again.units_done, again.units_skipped) == (4, 0, 4)
    assert (again.shards_added, again.shards_changed, again.shards_removed) == (0, 0, 0)
    write_deltalake(uri, _docs("three", 2), mode="append", partition_by=["lang"],
                    storage_options=write_options)
    third = scan(uri, store)
    assert (third.units_done, third.units_skipped, third.shards_added) == (2, 4, 2)
    assert len(_ids(store)) == 6 + 5 + 2


def test_cli_scan_with_storage_option_and_version(s3_table: str, aws_env: str,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    args = ["scan", s3_table, "--format", "delta", "--delta-version", "0",
            "--store", str(tmp_path / "st"), "--name", "lake", "-q", "--executor", "serial",
            "--storage-option", f"endpoint_url={aws_env}"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "scanned 2 units" in first.output
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and "(2 unchanged, skipped)" in again.output


def test_a_missing_data_file_fails_its_unit(s3_table: str, aws_env: str, tmp_path: Path,
                                            write_options: dict[str, str]) -> None:
    gone = sorted(_files(s3_table, write_options))[0]
    bucket, _, key = gone.removeprefix("s3://").partition("/")
    boto3.client("s3", endpoint_url=aws_env).delete_object(Bucket=bucket, Key=key)
    summary = scan(s3_table, tmp_path / "store")
    assert (summary.units_failed, summary.units_done) == (1, 1)
    assert [uri for uri, _ in summary.failures] == [gone]


# --------------------------------------------------------------------------------------
# errors and options


def test_a_version_that_does_not_exist(s3_table: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"has no version 9; its log holds versions 0 to 2"
                       ) as err:
        scan(s3_table, tmp_path / "store", delta_version=9)
    assert s3_table in str(err.value) and "\x1b" not in str(err.value)


def test_format_delta_on_a_prefix_without_a_log(s3_bucket: str, local_table: Path,
                                                aws_env: str) -> None:
    loose = next(local_table.rglob("*.parquet"))
    boto3.client("s3", endpoint_url=aws_env).upload_file(str(loose), s3_bucket,
                                                         "plain/a.parquet")
    for path, message in [(f"s3://{s3_bucket}/plain", "not a Delta table"),
                          (f"s3://{s3_bucket}/plain/*", "not a pattern")]:
        with pytest.raises(InputError, match=message) as err:
            discover(SourceSpec(name="lake", paths=(path,), format="delta"))
        assert path in str(err.value)


def test_delta_version_on_plain_objects(s3_bucket: str, local_table: Path,
                                       aws_env: str) -> None:
    loose = next(local_table.rglob("*.parquet"))
    boto3.client("s3", endpoint_url=aws_env).upload_file(str(loose), s3_bucket, "p/a.parquet")
    with pytest.raises(InputError, match="none of its paths is a Delta table"):
        discover(SourceSpec(name="lake", paths=(f"s3://{s3_bucket}/p",), delta_version=0))


def test_without_deltalake_the_error_says_what_to_install(
        s3_table: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "deltalake", None)
    with pytest.raises(InputError, match=r"needs the deltalake package") as err:
        discover(SourceSpec(name="lake", paths=(s3_table,)))
    assert s3_table in str(err.value)


def test_unreachable_store_names_the_table(s3_table: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    with pytest.raises(InputError, match="cannot") as err:
        discover(SourceSpec(name="lake", paths=(s3_table,), format="delta"))
    assert s3_table in str(err.value)


def test_storage_options_for_deltalake() -> None:
    env = {"AWS_ENDPOINT_URL": "http://env:9000", "AWS_DEFAULT_REGION": "eu-west-1"}
    assert deltalake_storage_options({}, env) == {
        "AWS_ENDPOINT_URL": "http://env:9000", "AWS_ALLOW_HTTP": "true",
        "AWS_REGION": "eu-west-1"}
    opts = {"endpoint_url": "minio.example:9000/", "region": "auto", "access_key": "a",
            "secret_key": "s", "session_token": "t", "anonymous": "yes"}
    assert deltalake_storage_options(opts, {**env, "AWS_ENDPOINT_URL_S3": "http://s3"}) == {
        "AWS_ENDPOINT_URL": "https://minio.example:9000", "AWS_REGION": "auto",
        "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t",
        "AWS_SKIP_SIGNATURE": "true"}
    assert deltalake_storage_options({}, {"AWS_ENDPOINT_URL_S3": "http://s3",
                                          **env})["AWS_ENDPOINT_URL"] == "http://s3"
    assert deltalake_storage_options({"anonymous": "false"}, {}) == {}
