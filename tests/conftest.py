"""Shared fixtures: small corpora written with the sample-corpus generator."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from provscan.config import ScanConfig, build_config
from provscan.demo import write_sample_corpus
from provscan.store import Catalog


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_corpus(tmp_path_factory.mktemp("corpus") / "sample")


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
