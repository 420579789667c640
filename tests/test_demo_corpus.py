"""The sample crawl (``provscan sample-corpus``) is as distinct as a real crawl: its
pages are not near duplicates of each other, except the three deliberate near copies,
which the near-duplicate clustering finds; and it is the same on every run."""

from __future__ import annotations

from pathlib import Path

import pytest

from provscan.config import build_config
from provscan.demo import write_sample_corpus
from provscan.executors import make_executor
from provscan.scan.run import run_scan
from provscan.store import Catalog

#: Near-duplicate share the crawl must stay below (it was 98.6 % from six shared texts).
MARGIN = 0.10


@pytest.fixture(scope="module")
def crawl(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Scan the sample crawl; {url: near-duplicate cluster, or "" if in none, or
    "exact" if another crawl page has the same normalised text}."""
    store = tmp_path_factory.mktemp("demo-crawl")
    cfg = build_config(sources=[{"name": "crawl", "paths": [str(sample_corpus / "crawl")]}])
    assert run_scan(cfg, store, make_executor("serial", 1)).ok
    with Catalog(store, read_only=True) as cat:
        rows = cat.db.execute(
            f"select m.url, case when count(*) over (partition by m.content_hash) > 1 "
            f"then 'exact' else coalesce(n.cluster, '') end from ({cat.manifest_sql()}) m "
            f"left join read_parquet('{store / 'near_duplicates.parquet'}') n "
            "using (source, shard, row)").fetchall()
    return dict(rows)


def test_crawl_is_mostly_distinct(crawl: dict[str, str]) -> None:
    clustered = [u for u, c in crawl.items() if c]
    assert len(crawl) > 100  # large enough for a share to mean something
    assert len(clustered) / len(crawl) < MARGIN, clustered


# (how the copy's URL is marked, how the original's URL follows from it; None: another host)
COPIES = [("/syndicated/", None), ("-corrected.html", ".html"), ("/print.html", ".html")]


@pytest.mark.parametrize(("mark", "original"), COPIES, ids=[c[0] for c in COPIES])
def test_deliberate_near_copies_are_found(crawl: dict[str, str], mark: str,
                                          original: str | None) -> None:
    (copy,) = [u for u in crawl if mark in u]
    assert crawl[copy], f"{copy} is in no near-duplicate cluster"
    partners = [u for u, c in crawl.items() if c == crawl[copy] and u != copy]
    assert len(partners) == 1  # its original, and nothing else
    if original is not None:
        assert partners == [copy.replace(mark, original)]
    else:
        assert copy.split("/")[2] != partners[0].split("/")[2]  # syndicated to another host


def test_no_exact_duplicates_and_deterministic(sample_corpus: Path, tmp_path: Path,
                                              crawl: dict[str, str]) -> None:
    warc = "crawl/crawl-000.warc.gz"
    again = write_sample_corpus(tmp_path / "again")
    assert (again / warc).read_bytes() == (sample_corpus / warc).read_bytes()
    assert len(set(crawl.values()) - {""}) == len(COPIES)  # none is an exact copy either
