"""Opt-out detection end to end: WARC page signals, site captures joined by host,
robots.txt time semantics, evidence that ties out with the manifest, and explain."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from provscan.cli import cli
from provscan.config import build_config
from provscan.executors import make_executor
from provscan.scan.run import run_scan
from provscan.store import Catalog


def scan(store: Path, corpus: Path, **options: Any) -> dict[str, dict[str, Any]]:
    """Scan the sample crawl and web sources; the manifest rows by URL (crawl only)."""
    cfg = build_config(
        options={"site_captures": [str(corpus / "site-captures")], **options},
        sources=[{"name": "crawl", "paths": [str(corpus / "crawl")]},
                 {"name": "web", "paths": [str(corpus / "web" / "*.parquet")]}],
    )
    summary = run_scan(cfg, store, make_executor("serial", 1))
    assert summary.ok
    with Catalog(store, read_only=True) as cat:
        rel = cat.db.execute(f"select * from ({cat.manifest_sql()}) where source = 'crawl'")
        names = [d[0] for d in rel.description]
        return {r[names.index("url")]: dict(zip(names, r, strict=True)) for r in rel.fetchall()}


@pytest.fixture(scope="module")
def crawl_any(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return scan(tmp_path_factory.mktemp("store-any"), sample_corpus)


@pytest.fixture(scope="module")
def crawl_at_crawl(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return scan(tmp_path_factory.mktemp("store-at"), sample_corpus, robots_time="at-crawl")


# (url, signals with --robots-time any, signals with at-crawl, robots_state)
CASES = [
    ("https://www.spiegel.de/kultur/a-1.html", ["robots_txt", "x_robots_noai"],
     ["robots_txt", "x_robots_noai"], "parsed"),
    # the meta tag (0) overrides the header (1); Content-Signal in robots.txt still reserves
    ("https://www.lemonde.fr/culture/article-3.html", ["content_signal"], ["content_signal"],
     "parsed"),
    ("https://www.lemonde.fr/culture/article-2.html", ["content_signal", "tdmrep_header"],
     ["content_signal", "tdmrep_header"], "parsed"),
    # ai.txt exists only in the 2025 capture, the page is from 2024
    ("https://nos.nl/artikel/4.html", ["ai_txt", "content_usage"], ["content_usage"], "missing"),
    ("https://www.elpais.es/cultura/5.html", ["meta_noai", "tdmrep_wellknown"],
     ["meta_noai", "tdmrep_wellknown"], "missing"),
    ("https://www.repubblica.it/cultura/6.html", ["tdmrep_header"], ["tdmrep_header"], "missing"),
    ("https://en.wikipedia.org/wiki/Private_9", ["robots_txt"], ["robots_txt"], "parsed"),
    # robots.txt blocked CCBot only in 2025; Train-AI=n is not a valid key: unknown
    ("https://news.bbc.co.uk/1/hi/10.stm", ["robots_txt"], [], "parsed"),
    ("https://blog.example.com/posts/7.html", [], [], "no_rules"),
    ("https://forum.example.com/t/8.html", [], [], "unreachable"),
]


@pytest.mark.parametrize(("url", "any_signals", "at_crawl_signals", "state"), CASES)
def test_signals_per_document(crawl_any: dict[str, Any], crawl_at_crawl: dict[str, Any],
                              url: str, any_signals: list[str], at_crawl_signals: list[str],
                              state: str) -> None:
    doc = crawl_any[url]
    assert doc["optout_signals"] == any_signals
    assert doc["optout"] is bool(any_signals)
    assert doc["robots_state"] == state
    assert crawl_at_crawl[url]["optout_signals"] == at_crawl_signals


def test_text_only_source_is_joined_to_captures(sample_corpus: Path, tmp_path: Path) -> None:
    scan(tmp_path, sample_corpus)
    with Catalog(tmp_path, read_only=True) as cat:
        rows = cat.db.execute(
            f"select host, bool_and(optout), bool_or(optout), any_value(robots_state) "
            f"from ({cat.manifest_sql()}) where source = 'web' and host in "
            "('www.spiegel.de', 'blog.example.com') group by 1 order by 1").fetchall()
    assert rows == [("blog.example.com", False, False, "no_rules"),
                    ("www.spiegel.de", True, True, "parsed")]


def test_evidence_ties_out_with_manifest(sample_corpus: Path, tmp_path: Path) -> None:
    scan(tmp_path, sample_corpus)
    with Catalog(tmp_path, read_only=True) as cat:
        db = cat.db
        n_manifest = db.execute("select count(*) from manifest where optout").fetchone()
        n_evidence = db.execute(
            "select count(distinct (source, shard, row)) from evidence where kind = 'optout' "
            "and verdict in ('reserved', 'conflict')").fetchone()
        capture = db.execute(
            "select capture_url, capture_when, token, rule from evidence where signal = "
            "'robots_txt' and url = 'https://news.bbc.co.uk/1/hi/10.stm'").fetchall()
    assert n_manifest == n_evidence and n_manifest is not None and n_manifest[0] > 0
    assert len(capture) == 1
    url, when, token, rule = capture[0]
    assert (url, when) == ("https://news.bbc.co.uk/robots.txt", "latest")
    assert "CCBot" in token and "Disallow: /" in rule


def test_parquet_captures_and_rescan_when_captures_change(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    pq.write_table(pa.table({"text": ["a page", "another page"],
                             "url": ["https://a.example/x/1", "https://a.example/y/2"]}),
                   docs / "d.parquet")
    caps = tmp_path / "caps.parquet"

    def write_caps(rules: str) -> None:
        pq.write_table(pa.table({
            "url": ["https://a.example/robots.txt"],
            "date": [datetime(2025, 1, 1, tzinfo=timezone.utc)],
            "status": [200], "body": [rules.encode()]}), caps)

    def run() -> list[tuple[Any, ...]]:
        cfg = build_config(options={"site_captures": [str(caps)]},
                           sources=[{"name": "d", "paths": [str(docs)]}])
        run_scan(cfg, tmp_path / "store", make_executor("serial", 1))
        with Catalog(tmp_path / "store", read_only=True) as cat:
            return cat.db.execute("select url, optout from manifest order by url").fetchall()

    write_caps("User-agent: GPTBot\nDisallow: /x/\n")
    assert run() == [("https://a.example/x/1", True), ("https://a.example/y/2", False)]
    write_caps("User-agent: *\nDisallow: /y/\n")
    assert run() == [("https://a.example/x/1", False), ("https://a.example/y/2", True)]


def test_explain_cli(sample_corpus: Path, tmp_path: Path) -> None:
    scan(tmp_path, sample_corpus)
    res = CliRunner().invoke(
        cli, ["explain", "https://news.bbc.co.uk/1/hi/10.stm", "--store", str(tmp_path)])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "RESERVED" in out and "robots_txt" in out
    assert "Train-AI=n" in out  # the unknown Content-Usage header is shown as evidence
    assert "robots https://news.bbc.co.uk/robots.txt captured 2023-01-15" in out
    assert "nothing about this URL" in out  # the 2023 capture does not reserve it
    res = CliRunner().invoke(cli, ["explain", "https://nowhere.example/", "--store",
                                   str(tmp_path)])
    assert res.exit_code == 0 and "no document with this URL" in res.output
