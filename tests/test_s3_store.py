"""The store itself on S3 (moto's server on loopback): scans push a consistent store,
other machines (other local copies) read and continue it, a SIGKILLed scan resumes,
concurrent pushes are refused, and a damaged download is caught."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner, Result
from conftest import manifest_table, write_parquet_shards

from provscan.cli import cli
from provscan.errors import StoreError
from provscan.store.remote import INDEX, RemoteStore

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto")


def _cli(args: list[str], cache: Path) -> Result:
    return CliRunner(env={"PROVSCAN_CACHE_DIR": str(cache)}).invoke(cli, args)


def _scan(data: Path, store: str, cache: Path) -> Result:
    return _cli(["scan", str(data), "--store", store, "--name", "d", "-q",
                 "--executor", "serial"], cache)


def _objects(endpoint: str, bucket: str, prefix: str) -> dict[str, int]:
    s3 = boto3.client("s3", endpoint_url=endpoint)
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return {o["Key"][len(prefix):]: o["Size"] for p in pages for o in p.get("Contents", [])}


def _canonical(t: pa.Table) -> pa.Table:
    return t.sort_by([("shard", "ascending"), ("row", "ascending")])


def test_scan_push_then_another_machine_reads_and_continues(
        s3_bucket: str, aws_env: str, tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 3, 300)
    store = f"s3://{s3_bucket}/stores/lake"
    first = _scan(data, store, tmp_path / "machine-a")
    assert first.exit_code == 0, first.output
    objects = _objects(aws_env, s3_bucket, "stores/lake/")
    index = json.loads(boto3.client("s3", endpoint_url=aws_env).get_object(
        Bucket=s3_bucket, Key=f"stores/lake/{INDEX}")["Body"].read())
    assert set(index["files"]) | {INDEX} == set(objects)  # the index lists every object
    assert sum(1 for k in objects if k.startswith("manifest/d/")) == 3
    assert all(objects[k] == e["size"] for k, e in index["files"].items())

    # The same store scanned locally gives the same manifest.
    assert _scan(data, str(tmp_path / "local"), tmp_path / "unused").exit_code == 0
    local = _canonical(manifest_table(tmp_path / "local"))
    copy_a = next((tmp_path / "machine-a" / "stores").iterdir())
    assert _canonical(manifest_table(copy_a)).equals(local)

    # Machine B has no local copy: query and report pull the store.
    q = _cli(["query", "--store", store, "--csv", "select count(*) as n from manifest"],
             tmp_path / "machine-b")
    assert q.exit_code == 0, q.output
    assert q.output.split() == ["n", "900"]
    rep = _cli(["report", "--store", store, "--out", str(tmp_path / "report")],
               tmp_path / "machine-b")
    assert rep.exit_code == 0, rep.output
    summary = json.loads((tmp_path / "report" / "summary.json").read_text())
    assert summary["totals"]["documents"]["value"] == 900

    # Machine B adds a shard: only that one is scanned; machine A then sees it.
    write_parquet_shards(tmp_path / "more", 1, 50)
    (tmp_path / "more" / "shard-000.parquet").rename(data / "shard-009.parquet")
    again = _scan(data, store, tmp_path / "machine-b")
    assert again.exit_code == 0, again.output
    assert "(3 unchanged, skipped)" in again.output and "scanned 1 units" in again.output
    q = _cli(["query", "--store", store, "--csv", "select count(*) as n from manifest"],
             tmp_path / "machine-a")
    assert q.output.split() == ["n", "950"]


def test_unchanged_rerun_uploads_only_the_catalog(s3_bucket: str, tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 2, 100)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "c").exit_code == 0
    remote = RemoteStore(store, local=tmp_path / "other")
    first = remote.pull(must_exist=True)
    assert first.files >= 3 and first.bytes > 0
    assert _scan(data, store, tmp_path / "c").exit_code == 0
    second = remote.pull(must_exist=True)
    assert second.files == 1  # the catalog (the run is recorded); no part changed
    assert remote.pull(must_exist=True).files == 0  # same generation: nothing to do


def test_concurrent_push_is_refused_and_the_work_kept(s3_bucket: str, tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 2, 100)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "a").exit_code == 0
    slow = RemoteStore(store, local=tmp_path / "slow")
    slow.pull(must_exist=True)  # a run starts here …
    write_parquet_shards(tmp_path / "more", 1, 10)
    (tmp_path / "more" / "shard-000.parquet").rename(data / "shard-005.parquet")
    assert _scan(data, store, tmp_path / "a").exit_code == 0  # … another run pushes first
    (slow.local / "manifest" / "d" / "extra.parquet").write_bytes(b"work of the slow run")
    with pytest.raises(StoreError, match="another run pushed") as e:
        slow.push()
    assert str(slow.local) in str(e.value)
    assert (slow.local / "manifest" / "d" / "extra.parquet").exists()
    assert "manifest/d/extra.parquet" not in _objects(os.environ["AWS_ENDPOINT_URL"],
                                                      s3_bucket, "s/")
    slow.pull(must_exist=True)  # the next run takes the newer store
    assert not (slow.local / "manifest" / "d" / "extra.parquet").exists()
    with_new = manifest_table(slow.local)
    assert with_new.num_rows == 210


def test_damaged_object_is_caught_on_pull(s3_bucket: str, aws_env: str,
                                          tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 1, 100)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "a").exit_code == 0
    key = next(k for k in _objects(aws_env, s3_bucket, "s/") if k.startswith("manifest/"))
    boto3.client("s3", endpoint_url=aws_env).put_object(Bucket=s3_bucket, Key=f"s/{key}",
                                                        Body=b"PAR1 damaged PAR1")
    res = _cli(["status", "--store", store], tmp_path / "b")
    assert res.exit_code != 0
    assert isinstance(res.exception, StoreError) and key in str(res.exception)
    assert "does not match" in str(res.exception)


def test_missing_store_is_a_clear_error(s3_bucket: str, tmp_path: Path) -> None:
    res = _cli(["status", "--store", f"s3://{s3_bucket}/nothing"], tmp_path / "c")
    assert isinstance(res.exception, StoreError)
    assert "no provscan store here" in str(res.exception)
    assert f"provscan scan PATH --store s3://{s3_bucket}/nothing" in str(res.exception)


def test_sigkilled_scan_on_an_s3_store_resumes_exactly(s3_bucket: str,
                                                       tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 12, 3000)
    store = f"s3://{s3_bucket}/s"
    env = {**os.environ, "PROVSCAN_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "provscan.cli", "scan", str(data), "--store", store,
           "--name", "d", "--executor", "serial", "-q"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    parts = tmp_path / "cache" / "stores"
    while time.monotonic() < deadline and len(list(parts.glob("*/manifest/d/*.parquet"))) < 3:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "unchanged, skipped" in done.stdout  # resumed from the local copy
    shutil.rmtree(tmp_path / "cache")  # read it back as another machine would
    fresh = RemoteStore(store, local=tmp_path / "fresh")
    fresh.pull(must_exist=True)
    assert _scan(data, str(tmp_path / "ref"), tmp_path / "unused").exit_code == 0
    killed, ref = manifest_table(fresh.local), manifest_table(tmp_path / "ref")
    assert killed.num_rows == ref.num_rows == 12 * 3000
    assert _canonical(killed).equals(_canonical(ref))


def test_the_library_refuses_a_uri_where_a_directory_is_needed(tmp_path: Path) -> None:
    from provscan.store import Catalog

    with pytest.raises(StoreError, match="store_root"):
        Catalog("s3://bucket/store", create=True)
    assert not Path("s3:").exists()
