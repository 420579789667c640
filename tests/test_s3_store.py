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
from typing import Any

import pyarrow as pa
import pytest
from click.testing import CliRunner, Result
from conftest import manifest_table, write_parquet_shards

from provscan.cli import cli
from provscan.errors import StoreError
from provscan.store.remote import INDEX, RemoteStore, SyncStats, store_root

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


def _add_shard(data: Path, name: str, rows: int) -> None:
    """A new shard in the lake ``data`` (rows unlike the other shards')."""
    write_parquet_shards(data.parent / "more", 1, rows)
    (data.parent / "more" / "shard-000.parquet").rename(data / name)


def _index(endpoint: str, bucket: str, prefix: str) -> dict[str, Any]:
    body = boto3.client("s3", endpoint_url=endpoint).get_object(
        Bucket=bucket, Key=f"{prefix}{INDEX}")["Body"].read()
    return dict(json.loads(body))


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
    # Every object is a file of the index, named by its content.
    assert {f"objects/{e['xxh3']}" for e in index["files"].values()} | {INDEX} == set(objects)
    assert sum(1 for k in index["files"] if k.startswith("manifest/d/")) == 3
    assert all(objects[f"objects/{e['xxh3']}"] == e["size"] for e in index["files"].values())

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
    _add_shard(data, "shard-009.parquet", 50)
    again = _scan(data, store, tmp_path / "machine-b")
    assert again.exit_code == 0, again.output
    assert "(3 unchanged, skipped)" in again.output and "scanned 1 units" in again.output
    q = _cli(["query", "--store", store, "--csv", "select count(*) as n from manifest"],
             tmp_path / "machine-a")
    assert q.output.split() == ["n", "950"]


def test_unchanged_rerun_publishes_nothing(s3_bucket: str, tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 2, 100)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "c").exit_code == 0
    remote = RemoteStore(store, local=tmp_path / "other")
    first = remote.pull(must_exist=True)
    assert first.files >= 3 and first.bytes > 0
    generation = remote.remote_index()
    assert _scan(data, store, tmp_path / "c").exit_code == 0
    assert remote.remote_index() == generation  # only the run history changed: no push
    assert remote.pull(must_exist=True) == SyncStats()
    _add_shard(data, "shard-005.parquet", 10)
    assert _scan(data, store, tmp_path / "c").exit_code == 0
    third = remote.pull(must_exist=True)
    assert third.files >= 2  # the new part and the catalog


def test_concurrent_push_is_refused_and_publishes_nothing(s3_bucket: str,
                                                         tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 2, 100)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "a").exit_code == 0
    slow = RemoteStore(store, local=tmp_path / "slow")
    slow.pull(must_exist=True)  # a run starts here …
    _add_shard(data, "shard-005.parquet", 10)
    assert _scan(data, store, tmp_path / "a").exit_code == 0  # … another run pushes first
    (slow.local / "manifest" / "d" / "extra.parquet").write_bytes(b"work of the slow run")
    with pytest.raises(StoreError, match="another run pushed") as e:
        slow.push()
    assert "Run the command again" in str(e.value)
    assert (slow.local / "manifest" / "d" / "extra.parquet").exists()
    assert "manifest/d/extra.parquet" not in _index(os.environ["AWS_ENDPOINT_URL"],
                                                    s3_bucket, "s/")["files"]
    slow.pull(must_exist=True)  # the next run takes the newer store
    assert not (slow.local / "manifest" / "d" / "extra.parquet").exists()
    with_new = manifest_table(slow.local)
    assert with_new.num_rows == 210


def test_damaged_object_is_caught_on_pull(s3_bucket: str, aws_env: str,
                                          tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 1, 100)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "a").exit_code == 0
    index = _index(aws_env, s3_bucket, "s/")
    rel, entry = next((r, e) for r, e in index["files"].items() if r.startswith("manifest/"))
    boto3.client("s3", endpoint_url=aws_env).put_object(
        Bucket=s3_bucket, Key=f"s/objects/{entry['xxh3']}", Body=b"PAR1 damaged PAR1")
    res = _cli(["status", "--store", store], tmp_path / "b")
    assert res.exit_code != 0
    assert isinstance(res.exception, StoreError) and rel in str(res.exception)
    assert "damaged" in str(res.exception)


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


def test_a_push_cut_short_leaves_the_store_as_it_was(s3_bucket: str, aws_env: str,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    data = write_parquet_shards(tmp_path / "d", 2, 100)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "a").exit_code == 0
    before = _index(aws_env, s3_bucket, "s/")
    _add_shard(data, "shard-007.parquet", 30)
    uploads: list[str] = []
    real = RemoteStore._upload

    def dies_after_one(self: RemoteStore, rel: str, key: str) -> None:
        if uploads:
            raise ConnectionError("network gone")
        uploads.append(rel)
        real(self, rel, key)

    monkeypatch.setattr(RemoteStore, "_upload", dies_after_one)
    with pytest.raises(ConnectionError):
        _scan_or_raise(data, store, tmp_path / "a")
    monkeypatch.setattr(RemoteStore, "_upload", real)
    assert uploads and _index(aws_env, s3_bucket, "s/") == before  # the old generation
    fresh = RemoteStore(store, local=tmp_path / "fresh")
    fresh.pull(must_exist=True)  # every object of the old index is intact
    assert manifest_table(fresh.local).num_rows == 200
    again = _scan(data, store, tmp_path / "a")  # the next run publishes the work
    assert again.exit_code == 0 and "(3 unchanged, skipped)" in again.output
    fresh.pull(must_exist=True)
    assert manifest_table(fresh.local).num_rows == 230


def _scan_or_raise(data: Path, store: str, cache: Path) -> None:
    res = _scan(data, store, cache)
    if res.exception is not None:
        raise res.exception


def test_the_index_write_is_conditional(s3_bucket: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two pushes that both passed the early check: S3's If-Match lets one win."""
    data = write_parquet_shards(tmp_path / "d", 1, 50)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "a").exit_code == 0
    late = RemoteStore(store, local=tmp_path / "late")
    late.pull(must_exist=True)
    stale = late.remote_index()
    _add_shard(data, "shard-005.parquet", 10)
    assert _scan(data, store, tmp_path / "a").exit_code == 0  # the other run wins
    (late.local / "manifest" / "d" / "x.parquet").write_bytes(b"late work")
    monkeypatch.setattr(RemoteStore, "remote_index", lambda self: stale)
    with pytest.raises(StoreError, match="another run pushed"):
        late.push()


def test_one_command_at_a_time_per_local_copy(s3_bucket: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVSCAN_CACHE_DIR", str(tmp_path / "c"))
    store = f"s3://{s3_bucket}/s"
    with store_root(store, write=True, must_exist=False) as local:
        (local / "manifest").mkdir()
        (local / "manifest" / "part.parquet").write_bytes(b"x")  # something to push
        with pytest.raises(StoreError, match=r"another provscan command \(host .*, pid "), \
                store_root(store, write=False):
            pass


def test_failed_command_pushes_nothing_and_a_lost_index_is_not_papered_over(
        s3_bucket: str, aws_env: str, tmp_path: Path) -> None:
    store = f"s3://{s3_bucket}/s"
    bad = _cli(["scan", str(tmp_path / "missing"), "--store", store, "-q"], tmp_path / "c")
    assert bad.exit_code != 0
    assert not _objects(aws_env, s3_bucket, "s/")  # no store was created
    data = write_parquet_shards(tmp_path / "d", 1, 20)
    assert _scan(data, store, tmp_path / "c").exit_code == 0
    boto3.client("s3", endpoint_url=aws_env).delete_object(Bucket=s3_bucket,
                                                           Key=f"s/{INDEX}")
    res = _scan(data, store, tmp_path / "c")
    assert isinstance(res.exception, StoreError) and "index" in str(res.exception)
    assert ".provscan-sync.json" in str(res.exception)  # how to restore it from the copy


def test_a_read_on_a_copy_with_unpushed_work_says_so(s3_bucket: str, tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 1, 20)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "c").exit_code == 0
    clean = _cli(["status", "--store", store], tmp_path / "c")
    assert clean.exit_code == 0 and "not yet pushed" not in clean.output
    other = _cli(["status", "--store", store], tmp_path / "other")  # pulls, repoints views
    assert other.exit_code == 0 and "not yet pushed" not in other.output
    again = _cli(["status", "--store", store], tmp_path / "other")
    assert "not yet pushed" not in again.output
    copy = next((tmp_path / "c" / "stores").iterdir())
    (copy / "manifest" / "d" / "left-by-a-killed-scan.parquet").write_bytes(b"x")
    dirty = _cli(["status", "--store", store], tmp_path / "c")
    assert dirty.exit_code == 0
    assert "not yet pushed (1 files differ" in dirty.output


def test_a_no_op_run_elsewhere_does_not_make_a_real_run_fail(s3_bucket: str,
                                                             tmp_path: Path) -> None:
    data = write_parquet_shards(tmp_path / "d", 2, 50)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "a").exit_code == 0
    busy = RemoteStore(store, local=tmp_path / "busy")
    busy.pull(must_exist=True)  # a run with real work starts …
    assert _scan(data, store, tmp_path / "b").exit_code == 0  # … a no-op run finishes
    (busy.local / "manifest" / "d" / "new.parquet").write_bytes(b"real work")
    assert busy.push().files >= 1  # still the store's generation: the push goes through
    assert "manifest/d/new.parquet" in busy.remote_index()[0]["files"]  # type: ignore[index]


@pytest.mark.parametrize("name", ["../../outside.txt", "/etc/passwd", "manifest/../../x",
                                  ".provscan-sync.json", "tmp/x"])
def test_an_index_naming_files_outside_the_store_is_refused(
        s3_bucket: str, aws_env: str, tmp_path: Path, name: str) -> None:
    data = write_parquet_shards(tmp_path / "d", 1, 10)
    store = f"s3://{s3_bucket}/s"
    assert _scan(data, store, tmp_path / "a").exit_code == 0
    index = _index(aws_env, s3_bucket, "s/")
    index["files"][name] = next(iter(index["files"].values()))
    index["generation"] = "forged"
    boto3.client("s3", endpoint_url=aws_env).put_object(
        Bucket=s3_bucket, Key=f"s/{INDEX}", Body=json.dumps(index).encode())
    with pytest.raises(StoreError, match="refusing the entry"):
        RemoteStore(store, local=tmp_path / "victim" / "copy").pull(must_exist=True)
    assert not (tmp_path / "outside.txt").exists()
