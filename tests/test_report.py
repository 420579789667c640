"""The first report: totals, the template's top-domains rule, and re-derivable figures."""

from __future__ import annotations

import csv
import json
from datetime import timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import manifest_table, sample_config

from provscan.aggregate.queries import top_domain_count
from provscan.config import build_config
from provscan.executors import SerialExecutor
from provscan.report import write_report
from provscan.report.build import token_bin
from provscan.scan.run import run_scan
from provscan.store import Catalog


@pytest.mark.parametrize(
    ("n", "sme", "k"),
    [(0, False, 0), (1, False, 1), (10, False, 1), (11, False, 2), (25, False, 3),
     (25, True, 2), (20, True, 1), (19_999, True, 1000), (30_000, True, 1000),
     (30_000, False, 3000), (2_000_000, False, 200_000), (10_000, True, 500)],
)
def test_top_domain_count_follows_the_template_rule(n: int, sme: bool, k: int) -> None:
    assert top_domain_count(n, sme)[0] == k


@pytest.mark.parametrize(
    ("tokens", "label"),
    [(0, "Less than 1 billion tokens"), (999_999_999, "Less than 1 billion tokens"),
     (1_000_000_000, "1 billion to 10 trillion tokens"),
     (10**13, "1 billion to 10 trillion tokens"), (10**13 + 1, "More than 10 trillion tokens"),
     (None, None)],
)
def test_token_bins_use_the_template_wording(tokens: int | None, label: str | None) -> None:
    assert token_bin(tokens) == label


@pytest.fixture()
def domain_store(tmp_path: Path) -> Path:
    """25 domains; domain i has i+1 documents of 100 bytes, plus 10 docs without URL."""
    texts, urls = [], []
    for i in range(25):
        for j in range(i + 1):
            texts.append(f"{i:02d}-{j:03d} " + "x" * 93)
            urls.append(f"https://www{j % 3}.d{i:02d}.co.uk/{j}")
    texts += ["no url document " + "y" * 84] * 10
    urls += [None] * 10
    (tmp_path / "d").mkdir()
    pq.write_table(pa.table({"text": texts, "url": urls}), tmp_path / "d" / "x.parquet")
    cfg = build_config(sources=[{"name": "d", "paths": [str(tmp_path / "d")]}])
    run_scan(cfg, tmp_path / "store", SerialExecutor())
    return tmp_path / "store"


@pytest.mark.parametrize(("sme", "k"), [(False, 3), (True, 2)])
def test_top_domains_csv(domain_store: Path, tmp_path: Path, sme: bool, k: int) -> None:
    with Catalog(domain_store) as cat:
        write_report(cat, tmp_path / "r", sme=sme)
    lines = (tmp_path / "r" / "top_domains.csv").read_text().splitlines()
    assert lines[0].startswith("# rule:") and "bytes" in lines[0] and "publicsuffixlist" in lines[0]
    rows = list(csv.DictReader(lines[1:]))
    assert list(rows[0]) == ["rank", "domain", "bytes", "tokens", "documents", "share",
                             "cumulative_share", "first_seen", "last_seen"]
    assert [r["domain"] for r in rows] == [f"d{i:02d}.co.uk" for i in range(24, 24 - k, -1)]
    total = sum(100 * (i + 1) for i in range(25))
    assert [int(r["bytes"]) for r in rows] == [100 * (i + 1) for i in range(24, 24 - k, -1)]
    assert float(rows[0]["share"]) == pytest.approx(2500 / total, abs=1e-6)
    cum = 0.0
    for r in rows:
        cum += float(r["share"])
        assert float(r["cumulative_share"]) == pytest.approx(cum, abs=1e-5)


def test_summary_json_tags_and_requeries(domain_store: Path, tmp_path: Path) -> None:
    with Catalog(domain_store) as cat:
        s = write_report(cat, tmp_path / "r")
        on_disk = json.loads((tmp_path / "r" / "summary.json").read_text())
        assert on_disk["totals"]["documents"] == s.totals.documents.model_dump()
        for key, fig in on_disk["totals"].items():
            assert set(fig) == {"value", "source", "query"}, key
            assert fig["source"] == "scan", key
            assert "from manifest" in fig["query"] or "from units" in fig["query"]
        # Each figure re-derives from its query.
        q = s.totals.documents.query
        assert cat.db.execute(f"select documents from ({q})").fetchone() == (335,)
        top_q = s.domains.top.query
        assert top_q is not None
        assert len(cat.db.execute(top_q).fetchall()) == s.domains.listed == 3
    assert s.totals.documents_with_url.value == 325
    assert s.totals.exact_duplicates.value == 9
    assert s.domains.total.value == 25


def test_report_on_sample_corpus_renders_every_output(
    tmp_path: Path, sample_corpus: Path
) -> None:
    run_scan(sample_config(sample_corpus), tmp_path / "s", SerialExecutor())
    with Catalog(tmp_path / "s") as cat:
        s = write_report(cat, tmp_path / "r")
    names = sorted(p.name for p in (tmp_path / "r").iterdir())
    assert names == ["croissant.json", "evidence", "mdf_data.json", "obligations.json",
                     "obligations.md", "sources.csv", "summary.html", "summary.json",
                     "summary.md", "top_domains.csv"]
    md = (tmp_path / "r" / "summary.md").read_text()
    html = (tmp_path / "r" / "summary.html").read_text()
    for src in ("web", "forum", "news", "books", "code"):
        assert f"| {src} |" in md and f"<td>{src}</td>" in html
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    # the latest acquisition date and the exact duplicates, counted here from the manifest
    manifest = manifest_table(tmp_path / "s")
    dates = [d for d in manifest.column("date").to_pylist() if d is not None]
    latest = max(d.astimezone(timezone.utc) for d in dates)
    assert s.acquisition_period.latest_mm_yyyy.value == f"{latest.month:02d}/{latest.year}"
    assert f"\n{latest.month:02d}/{latest.year} *(measured)*" in md
    hashes = manifest.column("content_hash").to_pylist()
    assert s.totals.exact_duplicates.value == len(hashes) - len(set(hashes)) > 0
