"""sources.csv, evidence/, mdf_data.json, croissant.json, near-duplicates and --previous:
each checked against the manifest or an independent computation."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from helpers.report import DECLARATION, make_store

from provscan.declaration import load_declaration
from provscan.errors import ConfigError
from provscan.report import run_report, write_report
from provscan.report.model import Summary
from provscan.store import Catalog

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def out(sample_store: Path, tmp_path_factory: pytest.TempPathFactory
        ) -> tuple[Summary, Path]:
    d = tmp_path_factory.mktemp("outputs")
    with Catalog(sample_store, read_only=True) as cat:
        s = write_report(cat, d, declaration=load_declaration(DECLARATION), now=NOW)
    return s, d


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        lines = [x for x in f if not x.startswith("#")]
    return list(csv.DictReader(lines))


def _q(store: Path, sql: str) -> list[tuple[Any, ...]]:
    with Catalog(store, read_only=True) as cat:
        return cat.db.execute(sql).fetchall()


def test_sources_csv_ties_out_with_the_manifest(
    out: tuple[Summary, Path], sample_store: Path
) -> None:
    rows = {r["source"]: r for r in _csv(out[1] / "sources.csv")}
    per = dict(_q(sample_store, "select source, count(*) from manifest group by 1"))
    assert {k: int(v["documents"]) for k, v in rows.items()} == per
    assert rows["forum"]["template_class"] == "2.1" and rows["forum"]["version"] == "2024-06"
    assert rows["forum"]["large"] == "true" and rows["web"]["large"] == ""
    assert rows["forum"]["subset_selection"].startswith("Threads of the 2024-06 release")
    assert rows["crawl"]["detected_licences"] == "CC-BY-SA-4.0 (1)"
    assert sum(float(r["share_of_modality"]) for r in rows.values()) == pytest.approx(1, abs=1e-5)
    public = [float(r["share_of_public_data"] or 0) for r in rows.values()]
    assert sum(public) == pytest.approx(1, abs=1e-5)
    start, end = _q(sample_store, "select min(date)::date::varchar, max(date)::date::varchar "
                                  "from manifest where source = 'news'")[0]
    assert (rows["news"]["collection_start"], rows["news"]["collection_end"]) == (start, end)


def test_evidence_ties_out_with_the_manifest(
    out: tuple[Summary, Path], sample_store: Path
) -> None:
    ev = out[1] / "evidence"
    index = json.loads((ev / "index.json").read_text())
    assert index["tie_outs"] and all(t["ok"] for t in index["tie_outs"])
    docs = _csv(ev / "optout_documents.csv")
    (reserved,) = _q(sample_store, "select count(*) from manifest where optout")[0]
    assert reserved > 0
    assert sum(r["optout"] == "true" for r in docs) == reserved
    by_signal = Counter(s for r in docs if r["optout"] == "true"
                        for s in r["reserved_by"].split(";"))
    assert by_signal == dict(_q(sample_store, "select s, count(*) from (select unnest("
                                              "optout_signals) s from manifest) group by 1"))
    domains = _csv(ev / "optout_domains.csv")
    (with_domain,) = _q(sample_store, "select count(*) from manifest where optout and "
                                      "domain is not null")[0]
    assert sum(int(r["reserved"]) for r in domains) == with_domain
    findings = _csv(ev / "optout_findings.csv")
    (n_findings,) = _q(sample_store, "select count(*) from evidence where kind = 'optout'")[0]
    assert len(findings) == n_findings == index["files"]["optout_findings.csv"]["rows"]
    reserved_rows = [f for f in findings if f["verdict"] == "reserved" and
                     f["signal"] == "robots_txt"]
    assert reserved_rows and all(f["capture_url"].endswith("/robots.txt") and f["token"]
                                 and len(f["capture_hash"]) == 32 for f in reserved_rows)
    signals = _csv(ev / "optout_signals.csv")
    assert sum(int(r["findings"]) for r in signals) == n_findings
    lic = _csv(ev / "licence_findings.csv")
    assert {r["licence"] for r in lic} == {"CC-BY-SA-4.0"}
    assert all(r["licence_class"] == "copyleft" for r in lic)


def test_exclusions_and_crawler_tokens(
    out: tuple[Summary, Path], sample_store: Path
) -> None:
    ev = out[1] / "evidence"
    excl = _csv(ev / "exclusions.csv")
    (problems,) = _q(sample_store, "select count(*) from problems")[0]
    (skipped,) = _q(sample_store, "select coalesce(sum(records), 0) from skipped_records")[0]
    assert skipped > 0  # the crawl's PDF, 404, redirect and request records
    assert sum(int(r["documents"]) for r in excl if r["stage"] == "not read") == \
        problems + skipped
    dup = next(r for r in excl if r["reason"].startswith("exact duplicate"))
    (dups,) = _q(sample_store, "select count(*) - count(distinct content_hash) "
                               "from manifest")[0]
    assert int(dup["documents"]) == dups
    tokens = _csv(ev / "crawler_tokens.csv")
    names = {r["token"] for r in tokens}
    assert {"GPTBot", "CCBot", "Google-Extended"} <= names
    assert {r["list"] for r in tokens} == {"provscan/data/ai_crawlers.json"}
    readme = (ev / "README.md").read_text()
    assert "gpyrobotstxt" in readme and "| yes |" in readme and "| NO |" not in readme


def test_shard_paths_below_the_working_directory_are_relative(
    sample_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Catalog(sample_store, read_only=True) as cat:
        shard = cat.db.execute("select shard from evidence limit 1").fetchone()
    assert shard is not None
    base = Path(shard[0]).parents[2]  # …/data/sample/<source>/<file>
    monkeypatch.chdir(base)
    with Catalog(sample_store, read_only=True) as cat:
        write_report(cat, tmp_path / "r", now=NOW)
    rows = _csv(tmp_path / "r" / "evidence" / "optout_findings.csv")
    assert rows and all(not r["shard"].startswith("/") for r in rows)
    assert rows[0]["shard"].startswith("sample/")
    for p in (tmp_path / "r").rglob("*"):
        if p.is_file():
            assert str(base) not in p.read_text(encoding="utf-8"), p.name


def test_mdf_and_croissant(out: tuple[Summary, Path]) -> None:
    mdf = json.loads((out[1] / "mdf_data.json").read_text())
    f = mdf["fields"]
    assert set(f) == {"data_type", "data_provenance", "how_obtained_and_selected",
                      "number_of_data_points", "scope_and_characteristics",
                      "curation_methodologies", "unsuitability_measures", "bias_measures"}
    assert f["data_type"]["value"] == ["text"] and f["data_type"]["source"] == "scan"
    assert "downstream providers" in f["curation_methodologies"]["recipients"]
    prov = f["data_provenance"]["value"]
    assert prov["Web crawling"] == {"value": True, "source": "declaration",
                                    "field": "data_sources.crawling.used"}
    assert prov["Synthetic data"]["value"] is False
    assert f["number_of_data_points"]["value"]["documents"] == out[0].totals.documents.value
    assert f["curation_methodologies"]["source"] == "declaration"
    assert f["curation_methodologies"]["measured"]["source"] == "scan"
    cr = json.loads((out[1] / "croissant.json").read_text())
    assert cr["@type"] == "sc:Dataset" and cr["@context"]["rai"].endswith("/RAI/")
    assert "http://mlcommons.org/croissant/1.1" in cr["conformsTo"]
    parts = {p["name"]: p for p in cr["isBasedOn"]}
    assert set(parts) == {"web", "crawl", "forum", "news", "books", "code"}
    assert parts["forum"]["url"] == "https://example.org/datasets/forum-threads"
    assert parts["forum"]["license"] == "CC-BY-SA-4.0"
    assert parts["web"]["rai:dataCollectionType"] == ["Web Scraping"]
    for p in parts.values():
        assert {"rai:dataCollection", "rai:dataCollectionTimeframe",
                "rai:dataPreprocessingProtocol", "rai:personalSensitiveInformation"} <= set(p)


def test_near_duplicate_figures_match_an_independent_count(
    out: tuple[Summary, Path], sample_store: Path
) -> None:
    nd_path = sample_store / "near_duplicates.parquet"
    nd = pq.read_table(nd_path, columns=["source", "shard", "row", "cluster"]).to_pylist()
    man = _q(sample_store, "select source, shard, row, tokens from manifest")
    tokens = {(s, sh, r): t for s, sh, r, t in man}
    docs = Counter(s for s, _, _, _ in man)
    members: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for r in nd:
        members[r["cluster"]].append((r["source"], r["shard"], r["row"]))
    dropped = {k for ms in members.values() for k in sorted(ms)[1:]}
    figures = out[0].near_duplicates
    assert figures is not None
    per = {r.source: r for r in figures.per_source.value}
    for src, n in docs.items():
        clustered = sum(1 for r in nd if r["source"] == src)
        assert per[src].near_duplicate_rate == pytest.approx(clustered / n)
        kept = sum(t for k, t in tokens.items() if k[0] == src and k not in dropped)
        assert per[src].tokens_after == kept
    # overlap: share of A's documents in a cluster that has a document of B
    overlap = {(r.source_a, r.source_b): r.share for r in figures.overlap.value}
    for a in docs:
        for b in docs:
            hit = sum(1 for ms in members.values() for m in ms if m[0] == a and any(
                o[0] == b and o != m for o in ms))
            assert overlap.get((a, b), 0.0) == pytest.approx(hit / docs[a]), (a, b)
    md = (out[1] / "summary.md").read_text()
    assert "| Source A \\ B |" in md and "Tokens after deduplication" in md


def test_sources_csv_has_the_dataset_card_licence(tmp_path: Path) -> None:
    store = make_store(tmp_path, {
        "carded": {"texts": ["one doc", "two doc"],
                   "files": {"README.md": "---\nlicense: cc-by-nc-4.0\n---\n# Data\n"}},
        "plain": {"texts": ["three doc"], "declared": {"licence": "MIT"}}})
    with Catalog(store, read_only=True) as cat:
        write_report(cat, tmp_path / "r", now=NOW)
    rows = {r["source"]: r for r in _csv(tmp_path / "r" / "sources.csv")}
    assert (rows["carded"]["dataset_licence"], rows["carded"]["dataset_licence_class"],
            rows["carded"]["declared_licence"]) == ("CC-BY-NC-4.0", "non-commercial", "")
    assert (rows["plain"]["dataset_licence"], rows["plain"]["declared_licence"]) == ("", "MIT")
    cr = json.loads((tmp_path / "r" / "croissant.json").read_text())
    assert {p["name"]: p.get("license") for p in cr["isBasedOn"]} == {
        "carded": "CC-BY-NC-4.0", "plain": "MIT"}


def test_without_near_duplicates_the_report_says_so(tmp_path: Path) -> None:
    store = make_store(tmp_path, {"d": {"texts": ["a b c", "a b c", "d e f"]}})
    (store / "near_duplicates.parquet").unlink(missing_ok=True)
    with Catalog(store, read_only=True) as cat:
        s = write_report(cat, tmp_path / "r", now=NOW)
    assert s.near_duplicates is None
    assert "Near-duplicates were not computed" in (tmp_path / "r" / "summary.md").read_text()
    assert "near-duplicates not computed" in (tmp_path / "r" / "sources.csv").read_text()


@pytest.mark.parametrize(("days", "warned"), [(30, False), (183, False), (184, True),
                                               (400, True)])
def test_previous_report_changes_and_staleness(
    tmp_path: Path, days: int, warned: bool
) -> None:
    store = make_store(tmp_path, {"d": {"texts": [f"doc {i}" for i in range(10)],
                                        "declared": {"template_class": "2.1"}}})
    with Catalog(store, read_only=True) as cat:
        write_report(cat, tmp_path / "old", now=NOW - timedelta(days=days))
    (tmp_path / "decl.yaml").write_text("data_sources: {public_datasets: {used: true}}\n")
    with Catalog(store, read_only=True) as cat:
        s = write_report(cat, tmp_path / "new", previous=tmp_path / "old", now=NOW,
                         declaration=load_declaration(tmp_path / "decl.yaml"))
    c = s.changes
    assert c is not None
    assert c.age_days == days
    assert (c.warning is not None) is warned
    assert any(a.field == "2.1.used" and a.current is True for a in c.answers)
    assert c.figures == () and c.sources == ()
    assert (tmp_path / "new" / "changes.md").exists()
    assert ("more than six months" in (tmp_path / "new" / "summary.md").read_text()) is False
    assert any("six months" in x.message for x in s.checks) is warned


def test_previous_report_sees_a_new_source(tmp_path: Path) -> None:
    a = make_store(tmp_path / "a", {"d": {"texts": ["one two"] * 3}})
    b = make_store(tmp_path / "b", {"d": {"texts": ["one two"] * 3},
                                    "e": {"texts": ["three four five"] * 4}})
    lines_a = run_report(str(a), str(tmp_path / "ra"))
    lines_b = run_report(str(b), str(tmp_path / "rb"), previous=str(tmp_path / "ra"))
    assert lines_a and lines_b
    c = json.loads((tmp_path / "rb" / "changes.json").read_text())
    assert {"source": "e", "change": "added"} in c["sources"]
    assert "source e added" in c["possibly_material"]
    docs = next(f for f in c["figures"] if f["figure"] == "documents")
    assert (docs["previous"], docs["current"]) == (3, 7)


def test_previous_without_a_summary_is_an_error(tmp_path: Path) -> None:
    store = make_store(tmp_path, {"d": {"texts": ["x"]}})
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match=r"no summary\.json there"):
        run_report(str(store), str(tmp_path / "r"), previous=str(tmp_path / "empty"))
