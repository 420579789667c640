"""``provscan report --exclusions NAME``: every figure ties out with the manifest minus
the set; sections 1.3 and 3.1, sources.csv, summary.json and the annex show the removals."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from provscan.cli import cli
from provscan.exclude import UnknownExclusionSet, build_exclusion_set, spec_from_options
from provscan.report import write_report
from provscan.report.model import Summary
from provscan.store import Catalog

RULES = ["reserved", "near-duplicates", "exact-duplicates", "pii"]


@pytest.fixture(scope="module")
def reported(sample_store: Path, tmp_path_factory: pytest.TempPathFactory,
             ) -> tuple[Path, Path, Summary]:
    tmp = tmp_path_factory.mktemp("rx")
    store = tmp / "store"
    shutil.copytree(sample_store, store)
    build_exclusion_set(store, spec_from_options("v1", RULES))
    with Catalog(store, read_only=True) as cat:
        s = write_report(cat, tmp / "r", exclusions="v1")
    return store, tmp / "r", s


def _kept(store: Path, sql: str) -> list[tuple[object, ...]]:
    """``sql`` over ``kept``: the manifest minus the set, built here independently."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"create view m as select * from read_parquet('{store}/manifest/*/*.parquet')")
    con.execute(f"create view kept as select * from m where (source, shard, row) not in "
                f"(select (source, shard, row) from '{store}/exclusions/v1.parquet')")
    return con.execute(sql).fetchall()


def test_every_total_is_over_the_kept_documents(reported: tuple[Path, Path, Summary]) -> None:
    store, _, s = reported
    docs, nbytes, tokens, domains, hashes, latest = _kept(store, (
        "select count(*), sum(bytes), sum(tokens), count(distinct domain), "
        "count(distinct content_hash), max(date) from kept"))[0]
    t = s.totals
    assert (t.documents.value, t.bytes.value, t.tokens.value, s.domains.total.value,
            t.unique_documents.value) == (docs, nbytes, tokens, domains, hashes)
    assert docs == 4483 - 1196 and t.exact_duplicates.value == 0
    assert s.acquisition_period.latest.value is not None and latest is not None
    assert s.acquisition_period.latest.value[:19] == latest.isoformat()[:19]
    assert s.detectors.optout.documents_reserved.value == 0  # reserved ones were dropped
    by_source = dict(_kept(store, "select source, sum(tokens) from kept group by 1"))
    assert {r.source: r.tokens for r in s.sources.value} == by_source
    assert all(x.ok for x in s.evidence.tie_outs)


def test_removals_by_reason_and_signal_tie_out_with_the_set(
        reported: tuple[Path, Path, Summary]) -> None:
    store, out, s = reported
    e = s.exclusions
    assert e is not None and e.current and e.name == "v1"
    con = duckdb.connect()
    x = f"'{store}/exclusions/v1.parquet'"
    want = dict(con.execute(f"select r, count(*) from (select unnest(reasons) r from {x}) "
                            "group by r").fetchall())
    assert {r.reason: r.documents for r in e.by_reason.value} == want
    sig = dict(con.execute(f"select s, sum(tokens) from (select unnest(signals) s, tokens "
                           f"from {x}) group by s").fetchall())
    assert {f"{r.reason}:{r.signal}": r.tokens for r in e.by_signal.value} == sig
    t = e.totals.value
    assert (t.documents_before, t.documents_removed, t.documents_after) == (4483, 1196, 3287)
    on_disk = json.loads((out / "summary.json").read_text())["exclusions"]
    assert on_disk["by_reason"]["source"] == "scan"
    assert on_disk["totals"]["value"]["tokens_removed"] == t.tokens_removed


def test_sources_csv_shows_before_and_after(reported: tuple[Path, Path, Summary]) -> None:
    store, out, _ = reported
    with (out / "sources.csv").open() as f:
        rows = list(csv.DictReader(x for x in f if not x.startswith("#")))
    before = dict(_kept(store, "select source, count(*) from m group by 1"))
    after = dict(_kept(store, "select source, count(*) from kept group by 1"))
    assert {r["source"]: int(r["documents_before"]) for r in rows} == before
    assert {r["source"]: int(r["documents"]) for r in rows} == after
    for r in rows:
        assert int(r["documents"]) + int(r["documents_removed"]) == int(r["documents_before"])
    assert "exclusion set v1 keeps" in (out / "sources.csv").read_text().splitlines()[0]


def test_sections_1_3_and_3_1_and_the_annex_say_what_was_removed(
        reported: tuple[Path, Path, Summary]) -> None:
    _, out, _ = reported
    md = (out / "summary.md").read_text()
    assert "Sizes are after pre-processing: the exclusion set v1 removed 1,196 of 4,483" in md
    assert "- Reason reserved: 959 documents" in md and "robots_txt 687 documents" in md
    assert "In the documents kept for training: 0 of 3,287 documents" in md
    assert "### Exclusion set v1: what was removed before training" in md
    assert "anti join exclusion_set x using (source, shard, row)" in md


def test_each_removal_query_rederives_its_figure(reported: tuple[Path, Path, Summary]) -> None:
    store, _, s = reported
    e = s.exclusions
    assert e is not None
    from provscan.report.exclusions import use_exclusions

    with Catalog(store, read_only=True) as cat:
        use_exclusions(cat, "v1")
        for fig in (e.by_reason, e.by_signal, e.sources):
            assert fig.query is not None
            assert len(cat.db.execute(fig.query).fetchall()) == len(fig.value)
        q = s.totals.documents.query
        assert cat.db.execute(f"select documents from ({q})").fetchone() == (3287,)


def test_a_set_built_before_a_change_is_flagged(tmp_path: Path,
                                                reported: tuple[Path, Path, Summary]) -> None:
    store = tmp_path / "store"
    shutil.copytree(reported[0], store)
    with Catalog(store) as cat:  # a unit's part changed since the set was built
        cat.db.execute("update units set part_xxh3 = 'changed' where unit_key = "
                       "(select min(unit_key) from units)")
    with Catalog(store, read_only=True) as cat:
        s = write_report(cat, tmp_path / "r", exclusions="v1")
    assert any("was built before the store last changed" in c.message for c in s.checks)


def test_cli_report_with_exclusions(reported: tuple[Path, Path, Summary],
                                    tmp_path: Path) -> None:
    store = reported[0]
    r = CliRunner().invoke(cli, ["report", "--store", str(store), "--out",
                                 str(tmp_path / "r"), "--exclusions", "v1"])
    assert r.exit_code == 0, r.output
    assert "report for 3,287 documents kept by v1 (of 4,483 scanned)" in r.output
    with pytest.raises(UnknownExclusionSet, match=r"sets in this store: v1"), \
            Catalog(store, read_only=True) as cat:
        write_report(cat, tmp_path / "r2", exclusions="v2")
