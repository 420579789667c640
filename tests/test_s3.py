"""S3 sources against a real S3 server on loopback (moto's server, started here): the
same manifest as from local files, credentials and endpoint from the AWS environment
variables or --storage-option, and clear errors."""

from __future__ import annotations

import time
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner
from conftest import manifest_table

from provscan.cli import cli
from provscan.config import build_config
from provscan.errors import InputError
from provscan.executors import make_executor
from provscan.scan.run import run_scan
from provscan.sources.fs import expand
from provscan.store import Catalog

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto")

FILES = ["web/part-0000.parquet", "forum/threads-2024.jsonl.gz", "news/articles.jsonl.zst",
         "books/books.csv", "code/snippets.arrow", "crawl/crawl-000.warc.gz"]


@pytest.fixture()
def bucket(aws_env: str, sample_corpus: Path) -> str:
    name = f"lake-{time.time_ns()}"
    client = boto3.client("s3", endpoint_url=aws_env)
    client.create_bucket(Bucket=name)
    for f in FILES:
        client.upload_file(str(sample_corpus / f), name, f"corpus/{f}")
    return name


def _without_shard(t: pa.Table) -> pa.Table:
    # Without an id column, doc_id is shard#row; the sample (and pii_person) follow it.
    return t.drop_columns(["shard", "doc_id", "sampled", "pii_person"]).sort_by(
        [("source", "ascending"), ("row", "ascending")])


@pytest.mark.parametrize("f", FILES)
def test_s3_manifest_equals_local(bucket: str, sample_corpus: Path, tmp_path: Path,
                                  f: str) -> None:
    fmt_cols = {"url": "meta.url", "date": "meta.crawl.ts"} if "forum" in f else {}

    def scan(path: str, store: Path) -> pa.Table:
        cfg = build_config(options={"near_duplicates": {"enabled": False}}, sources=[
            {"name": "s", "paths": [path], "columns": fmt_cols}])
        summary = run_scan(cfg, store, make_executor("serial", 1))
        assert summary.ok and summary.docs > 0, [e for _, e in summary.failures]
        return manifest_table(store)

    remote = scan(f"s3://{bucket}/corpus/{f}", tmp_path / "remote")
    local = scan(str(sample_corpus / f), tmp_path / "local")
    assert remote.column("shard")[0].as_py() == f"s3://{bucket}/corpus/{f}"
    assert _without_shard(remote).equals(_without_shard(local))


def test_glob_prefix_and_rerun_with_storage_option(bucket: str, aws_env: str,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL")  # the endpoint comes from --storage-option now
    args = ["scan", f"s3://{bucket}/corpus/web/*.parquet", f"s3://{bucket}/corpus/news",
            "--store", str(tmp_path / "st"), "--name", "lake", "-q", "--executor", "serial",
            "--storage-option", f"endpoint_url={aws_env}"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "scanned 2 units" in first.output
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and "(2 unchanged, skipped)" in again.output


def test_missing_prefix_is_a_clear_error(bucket: str, tmp_path: Path) -> None:
    cfg = build_config(sources=[{"name": "s", "paths": [f"s3://{bucket}/nothing/*.parquet"]}])
    with pytest.raises(InputError, match="nothing"):
        run_scan(cfg, tmp_path / "store", make_executor("serial", 1))


def test_etag_fingerprint_ignores_rewrites_of_the_same_bytes(s3_bucket: str, aws_env: str,
                                                            tmp_path: Path) -> None:
    client = boto3.client("s3", endpoint_url=aws_env)

    def put(text: str) -> None:
        client.put_object(Bucket=s3_bucket, Key="docs/a.jsonl",
                          Body=f'{{"text": "{text}"}}\n'.encode())

    def scan() -> str:
        res = CliRunner().invoke(cli, ["scan", f"s3://{s3_bucket}/docs/", "--name", "docs",
                                       "--store", str(tmp_path / "st"), "-q",
                                       "--executor", "serial"])
        assert res.exit_code == 0, res.output
        return res.output

    put("first version")
    assert "scanned 1 units (0 unchanged" in scan()
    time.sleep(1.1)  # a new LastModified (second resolution) for the same bytes
    put("first version")
    assert "scanned 0 units (1 unchanged, skipped)" in scan()
    put("other version")  # same size, other bytes: another ETag
    assert "scanned 1 units (0 unchanged" in scan()
    with Catalog(tmp_path / "st", read_only=True) as cat:
        row = cat.db.execute("select fingerprint from units").fetchone()
    assert row is not None and ":etag:" in row[0]


@pytest.mark.parametrize(("pattern", "expected"), [
    ("a/*.parquet", ["a/x.parquet", "a/y?.parquet"]),          # * stays in its folder
    ("a/**/*.parquet", ["a/b/z.parquet", "a/x.parquet", "a/y?.parquet"]),
    ("a/", ["a/b/z.parquet", "a/notes.txt", "a/x.parquet", "a/y?.parquet"]),
    ("a", ["a/b/z.parquet", "a/notes.txt", "a/x.parquet", "a/y?.parquet"]),
    ("a/x.parquet", ["a/x.parquet"]),
    ("a/y?.parquet", ["a/y?.parquet"]),                        # ? is a character here
    ("a/_temporary/0/part.parquet", ["a/_temporary/0/part.parquet"]),  # asked for: kept
])
def test_listing_follows_local_glob_rules(s3_bucket: str, aws_env: str, pattern: str,
                                          expected: list[str]) -> None:
    client = boto3.client("s3", endpoint_url=aws_env)
    for key in ["a/x.parquet", "a/y?.parquet", "a/b/z.parquet", "a/notes.txt",
                "a/_temporary/0/part.parquet", "a/.staging/w.parquet", "ab/other.parquet"]:
        client.put_object(Bucket=s3_bucket, Key=key, Body=b"x")
    found = [f.uri for f in expand(f"s3://{s3_bucket}/{pattern}")]
    assert found == [f"s3://{s3_bucket}/{k}" for k in expected]
