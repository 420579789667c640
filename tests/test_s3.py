"""S3 sources against a real S3 server on loopback (moto's server, started here): the
same manifest as from local files, credentials and endpoint from the AWS environment
variables or --storage-option, and clear errors."""

from __future__ import annotations

import glob
import time
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner
from conftest import manifest_table

from provscan.cli import cli
from provscan.common.fs import expand
from provscan.config import build_config
from provscan.errors import InputError
from provscan.executors import make_executor
from provscan.scan.run import run_scan
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
    ("a/**/*.parquet", ["a/_temporary/0/part.parquet", "a/b/z.parquet", "a/x.parquet",
                        "a/y?.parquet"]),                # ** takes "_" folders, as locally
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


# Keys for the listing rules below: names and folders starting with "_" or ".", a Spark
# output folder named like a file, a folder marker, and keys pyarrow cannot open ("//").
RULE_KEYS = ["d/x.parquet", "d/_a.parquet", "d/.h.parquet", "d/notes.txt", "d/_SUCCESS",
             "d/_raw/f.parquet", "d/.staging/s.parquet", "d/_temporary/0/t.parquet",
             "d/b/z.parquet", "d/b/c/deep.parquet", "d/b/_tmp/u.parquet",
             "d/out.parquet/part-0.parquet", "d/out.parquet/_SUCCESS",
             "d/out.parquet/_temporary/p.parquet", "d/tbl/_delta_log/0.json",
             "d/marker/", "top.parquet", "dx/other.parquet"]
UNREADABLE = ["d//gap.parquet", "d/b//gap.parquet", "/lead.parquet"]


@pytest.fixture()
def rule_bucket(s3_bucket: str, aws_env: str) -> str:
    client = boto3.client("s3", endpoint_url=aws_env)
    for key in RULE_KEYS + UNREADABLE:
        client.put_object(Bucket=s3_bucket, Key=key, Body=b"x")
    return s3_bucket


@pytest.mark.parametrize(("pattern", "expected"), [
    ("d/_*.parquet", ["d/_a.parquet"]),                   # the pattern asks for "_"
    ("d/*.parquet", ["d/_a.parquet", "d/out.parquet/part-0.parquet", "d/x.parquet"]),
    ("d/.*.parquet", ["d/.h.parquet"]),                   # "." only when asked for
    ("d/**/*.parquet", ["d/_a.parquet", "d/_raw/f.parquet", "d/_temporary/0/t.parquet",
                        "d/b/_tmp/u.parquet", "d/b/c/deep.parquet", "d/b/z.parquet",
                        "d/out.parquet/_temporary/p.parquet",
                        "d/out.parquet/part-0.parquet", "d/x.parquet"]),
    ("d/_raw/*.parquet", ["d/_raw/f.parquet"]),
    ("d/*/z.parquet", ["d/b/z.parquet"]),
    ("d/*/*.parquet", ["d/_raw/f.parquet", "d/b/z.parquet", "d/out.parquet/part-0.parquet"]),
    ("d/b*", ["d/b/c/deep.parquet", "d/b/z.parquet"]),  # a folder match: as a prefix
    ("d/*/", ["d/b/c/deep.parquet", "d/b/z.parquet", "d/out.parquet/part-0.parquet",
              "d/_raw/f.parquet", "d/_temporary/0/t.parquet",
              "d/tbl/_delta_log/0.json"]),
    ("*.parquet", ["top.parquet"]),                       # bucket root, one level
    ("*", ["d/tbl/_delta_log/0.json", "d/b/c/deep.parquet", "d/b/z.parquet",
           "d/notes.txt", "d/out.parquet/part-0.parquet", "d/x.parquet",
           "dx/other.parquet", "top.parquet"]),
    ("d/", ["d/tbl/_delta_log/0.json", "d/b/c/deep.parquet", "d/b/z.parquet",
            "d/notes.txt", "d/out.parquet/part-0.parquet", "d/x.parquet"]),
    ("d/_raw", ["d/_raw/f.parquet"]),                      # named: its own rule applies
    ("d/_SUCCESS", ["d/_SUCCESS"]),
    ("d/b", ["d/b/c/deep.parquet", "d/b/z.parquet"]),
    ("", ["d/tbl/_delta_log/0.json", "d/b/c/deep.parquet", "d/b/z.parquet",
          "d/notes.txt", "d/out.parquet/part-0.parquet", "d/x.parquet",
          "dx/other.parquet", "top.parquet"]),
])
def test_listing_rules_for_underscore_dot_folders_and_gaps(rule_bucket: str, pattern: str,
                                                           expected: list[str]) -> None:
    found = [f.uri for f in expand(f"s3://{rule_bucket}/{pattern}")]
    assert found == sorted(f"s3://{rule_bucket}/{k}" for k in expected)


GLOBS = ["d/*.parquet", "d/_*.parquet", "d/.*.parquet", "d/**/*.parquet", "d/**",
         "d/*/*.parquet", "d/*/z.parquet", "d/**/_*", "d/**/.*/*", "d/b/**/*.parquet",
         "d/*", "*.parquet", "*/*", "d/?.parquet", "d/[_x]*.parquet", "**/*.json",
         "d/*/", "**/_delta_log/*"]


@pytest.mark.parametrize("pattern", GLOBS)
def test_glob_takes_what_a_local_glob_takes(rule_bucket: str, tmp_path: Path,
                                            pattern: str) -> None:
    """The same tree on disk: the files glob.glob matches, and the files below the
    folders it matches (without "_" and "." names, as below any prefix)."""
    for key in RULE_KEYS:
        if key.endswith("/"):  # a folder marker: an empty folder
            (tmp_path / key).mkdir(parents=True, exist_ok=True)
        else:
            (tmp_path / key).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / key).write_bytes(b"x")
    expected: set[str] = set()
    for m in glob.glob(f"{tmp_path}/{pattern}", recursive=True):  # keeps a trailing "/"
        p = Path(m)
        if p.is_file():
            expected.add(p.relative_to(tmp_path).as_posix())
        for f in (p.rglob("*") if p.is_dir() else []):
            rest = f.relative_to(p).parts
            if f.is_file() and not any(x.startswith((".", "_")) and x != "_delta_log"
                                       for x in rest):
                expected.add(f.relative_to(tmp_path).as_posix())
    found = {f.uri for f in expand(f"s3://{rule_bucket}/{pattern}")}
    assert found == {f"s3://{rule_bucket}/{k}" for k in expected}


def test_keys_with_an_empty_component_are_left_out_or_refused(rule_bucket: str,
                                                              aws_env: str) -> None:
    listed = {f.uri for f in expand(f"s3://{rule_bucket}/d/**")}
    assert listed and not any("//" in u.split("://", 1)[1] for u in listed)
    for named in ["d//gap.parquet", "d/b//gap.parquet", "/lead.parquet", "d//", "d//*"]:
        with pytest.raises(InputError, match="empty component"):
            expand(f"s3://{rule_bucket}/{named}")
    client = boto3.client("s3", endpoint_url=aws_env)
    client.put_object(Bucket=rule_bucket, Key="only/x//y.parquet", Body=b"x")
    for pattern in ["only/", "only/x", "only/**/*.parquet"]:
        with pytest.raises(InputError, match="only objects with an empty path component"):
            expand(f"s3://{rule_bucket}/{pattern}")
    for pattern in ["only/**/*.json", "only/*.parquet", "only/xy"]:  # would not take it
        with pytest.raises(InputError, match="no object matches"):
            expand(f"s3://{rule_bucket}/{pattern}")


def test_scan_of_a_prefix_with_an_unreadable_key_reads_the_rest(s3_bucket: str, aws_env: str,
                                                               tmp_path: Path) -> None:
    client = boto3.client("s3", endpoint_url=aws_env)
    body = b'{"text": "a document"}\n'
    client.put_object(Bucket=s3_bucket, Key="docs/a.jsonl", Body=body)
    client.put_object(Bucket=s3_bucket, Key="docs//b.jsonl", Body=body)
    res = CliRunner().invoke(cli, ["scan", f"s3://{s3_bucket}/docs/", "--name", "docs",
                                   "--store", str(tmp_path / "st"), "-q",
                                   "--executor", "serial"])
    assert res.exit_code == 0, res.output
    assert "scanned 1 units" in res.output
    with Catalog(tmp_path / "st", read_only=True) as cat:
        shards = [r[0] for r in cat.db.execute("select shard from units").fetchall()]
    assert shards == [f"s3://{s3_bucket}/docs/a.jsonl"]


def test_glob_without_double_star_lists_one_level(rule_bucket: str) -> None:
    """``*.parquet`` at the bucket root lists the root with Delimiter='/', then only the
    folders the pattern matches; ``**`` lists recursively from the literal prefix."""
    from provscan.common.s3 import client

    calls: list[dict[str, object]] = []

    def record(params: dict[str, object], **_: object) -> None:
        calls.append({k: params.get(k) for k in ("Prefix", "Delimiter")})

    events = client().meta.events
    events.register("provide-client-params.s3.ListObjectsV2", record)
    try:
        expand(f"s3://{rule_bucket}/*.parquet")
        assert calls == [{"Prefix": "", "Delimiter": "/"}]
        calls.clear()
        expand(f"s3://{rule_bucket}/d/*.parquet")
        assert calls == [{"Prefix": "d/", "Delimiter": "/"},
                         {"Prefix": "d/out.parquet/", "Delimiter": None}]
        calls.clear()
        expand(f"s3://{rule_bucket}/d/**/*.parquet")
        assert calls == [{"Prefix": "d/", "Delimiter": None}]
    finally:
        events.unregister("provide-client-params.s3.ListObjectsV2", record)
