"""Shared fixtures: small corpora written with the sample-corpus generator, and a real S3
server on loopback (moto's server, started once per session)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers.report import scan_sample

from provscan.config import ScanConfig, build_config
from provscan.demo import write_sample_corpus
from provscan.store import Catalog


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_corpus(tmp_path_factory.mktemp("corpus") / "sample")


@pytest.fixture(scope="session")
def sample_store(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus scanned as `make demo` scans it (configs/sample.yaml), once."""
    return scan_sample(sample_corpus, tmp_path_factory.mktemp("sample-store"))


def sample_config(corpus: Path, **options: object) -> ScanConfig:
    """The sample corpus as five sources, mirroring configs/sample.yaml."""
    return build_config(
        options=options,
        sources=[
            {"name": "web", "paths": [str(corpus / "web" / "*.parquet")],
             "declared": {"template_class": "2.3"}},
            {"name": "forum", "paths": [str(corpus / "forum")],
             "columns": {"url": "meta.url", "date": "meta.crawl.ts"}},
            {"name": "news", "paths": [str(corpus / "news" / "articles.jsonl.zst")]},
            {"name": "books", "paths": [str(corpus / "books" / "books.csv")]},
            {"name": "code", "paths": [str(corpus / "code" / "snippets.arrow")]},
        ],
    )


def manifest_table(store: Path) -> pa.Table:
    """The whole manifest of a store, sorted into a canonical order."""
    with Catalog(store, read_only=True) as cat:
        t = cat.db.sql(cat.manifest_sql() + " order by source, shard, row").arrow()
    return t.read_all() if isinstance(t, pa.RecordBatchReader) else t


def write_parquet_shards(root: Path, n_shards: int, rows: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for s in range(n_shards):
        texts = [f"document {s}-{i} " + "word " * (i % 50) for i in range(rows)]
        urls = [f"https://site{i % 7}.example.co.uk/p/{s}/{i}" for i in range(rows)]
        pq.write_table(pa.table({"text": texts, "url": urls}), root / f"shard-{s:03d}.parquet",
                       row_group_size=max(rows // 4, 1))
    return root


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("moto server did not start")
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture()
def aws_env(s3_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": s3_server}.items():
        monkeypatch.setenv(k, v)
    return s3_server


@pytest.fixture()
def s3_bucket(aws_env: str) -> str:
    """A new, empty bucket on the loopback S3 server (AWS_* variables set)."""
    boto3 = pytest.importorskip("boto3")
    name = f"bucket-{time.time_ns()}"
    boto3.client("s3", endpoint_url=aws_env).create_bucket(Bucket=name)
    return name
