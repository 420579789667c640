"""Provenance is recorded when the work is done: every unit names the versions that
produced its rows, typed, one catalog column a field."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from provscan import __version__
from provscan.aggregate.provenance import PROVENANCE
from provscan.aggregate.queries import rows
from provscan.common.urls import psl_version
from provscan.config import build_config
from provscan.detect.optout.tokens import CrawlerTokens
from provscan.executors import SerialExecutor
from provscan.scan.provenance import Provenance
from provscan.scan.run import run_scan
from provscan.store import Catalog
from provscan.store.catalog import PROVENANCE_COLUMNS


def _scan(store: Path, data: Path, **options: object) -> None:
    cfg = build_config(options=options, sources=[{"name": "web", "paths": [str(data)]}])
    assert run_scan(cfg, store, SerialExecutor()).ok


def test_every_provenance_field_has_its_column() -> None:
    fields = [f"prov_{f.name}" for f in dataclasses.fields(Provenance)]
    assert tuple(fields) == PROVENANCE_COLUMNS


def test_units_record_what_produced_them(tmp_path: Path) -> None:
    data = tmp_path / "x.jsonl"
    data.write_text("".join(json.dumps({"text": f"doc {i} about licences"}) + "\n"
                            for i in range(5)))
    tokens = tmp_path / "tokens.json"
    tokens.write_text(json.dumps({"version": "7", "date": "2026-10-01", "source": "tests",
                                  "tokens": [{"token": "GPTBot"}, {"token": "CCBot"}]}))
    _scan(tmp_path / "full", data, profile="full", crawler_tokens=str(tokens),
          robots_time="at-crawl")
    _scan(tmp_path / "fast", data, profile="fast")
    with Catalog(tmp_path / "full", read_only=True) as cat:
        (full,) = rows(cat, PROVENANCE)
    assert full["public_suffix_list"] == psl_version()
    assert full["provscan"] and full["language"].startswith("pycld2")
    assert full["licences"].startswith("provscan licences")
    assert full["robots_parser"].startswith("gpyrobotstxt")
    assert full["robots_time"] == "at-crawl"
    assert full["crawler_tokens"] == f"{tokens}, version 7 of 2026-10-01, 2 tokens (tests)"
    assert full["units"] == 1 and full["documents"] == 5
    with Catalog(tmp_path / "fast", read_only=True) as cat:
        (fast,) = rows(cat, PROVENANCE)
    assert fast["public_suffix_list"] == psl_version() and fast["provscan"]
    assert fast["language"] is None and fast["crawler_tokens"] is None


def test_a_store_of_two_versions_says_so_per_source(tmp_path: Path) -> None:
    data = tmp_path / "x.jsonl"
    data.write_text('{"text": "a"}\n')
    _scan(tmp_path / "st", data, profile="fast")
    with Catalog(tmp_path / "st") as cat:  # as a unit scanned by an older release left it
        cat.db.execute("insert into units (unit_key, source, status, docs, profile, "
                       "prov_provscan, prov_psl) values ('old', 'web', 'done', 3, 'fast', "
                       "'0.0.1', 'publicsuffixlist 0.9')")
        got = rows(cat, PROVENANCE)
    assert [(r["source"], r["provscan"], r["documents"]) for r in got] == [
        ("web", "0.0.1", 3), ("web", __version__, 1)]


def test_the_packaged_token_list_is_named_by_its_package_path() -> None:
    assert CrawlerTokens.load().file == "provscan/data/ai_crawlers.json"


def test_the_report_names_what_the_units_recorded_and_says_when_they_differ(
        tmp_path: Path) -> None:
    from provscan.report.write import run_report

    for name in ("a", "b"):
        (tmp_path / f"{name}.jsonl").write_text('{"text": "a short document"}\n')
    tokens = tmp_path / "tokens.json"
    tokens.write_text(json.dumps({"version": "7", "date": "2026-10-01", "source": "tests",
                                  "tokens": [{"token": "GPTBot", "operator": "OpenAI"}]}))
    cfg = build_config(options={"crawler_tokens": str(tokens)}, sources=[
        {"name": "a", "paths": [str(tmp_path / "a.jsonl")]},
        {"name": "b", "paths": [str(tmp_path / "b.jsonl")]}])
    store = tmp_path / "st"
    assert run_scan(cfg, store, SerialExecutor()).ok
    tokens.unlink()  # the list as the scan read it is in the catalog, not re-read
    with Catalog(store) as cat:  # source b as an older release left it
        cat.db.execute("update units set prov_language = 'pycld2 0.1 (CLD2)' "
                       "where source = 'b'")
    run_report(store, str(tmp_path / "rep"))
    s = json.loads((tmp_path / "rep" / "summary.json").read_text())
    m = s["detectors"]["methods"]
    assert m["language"].startswith("differs by source: ") and "pycld2 0.1" in m["language"]
    by = {r["source"]: r["language"] for r in m["by_source"]["value"]}
    assert by["b"] == "pycld2 0.1 (CLD2)" and by["a"] != by["b"]
    assert m["licences"].startswith("provscan licences")  # the same everywhere: one value
    assert [t["tokens"] for t in m["crawler_tokens"]] == [["GPTBot"]]
    csv_text = (tmp_path / "rep" / "evidence" / "crawler_tokens.csv").read_text()
    assert "GPTBot,OpenAI" in csv_text
