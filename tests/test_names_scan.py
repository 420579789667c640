"""Personal names in the scan and the report: counted on the sampled documents only,
and the report's 95 % interval covers the share measured on every document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pytest
from conftest import manifest_table

from provscan.config import build_config
from provscan.executors import SerialExecutor
from provscan.report import run_report
from provscan.scan.run import run_scan
from provscan.store import Catalog


def _scan(corpus: Path, store: Path, **options: Any) -> None:
    cfg = build_config(options={"near_duplicates": {"enabled": False}, **options},
                       sources=[{"name": "web", "paths": [str(corpus / "web")]}])
    assert run_scan(cfg, store, SerialExecutor()).ok


def _names(store: Path, out: Path) -> dict[str, Any] | None:
    run_report(store, out)
    s = json.loads((out / "summary.json").read_text())
    names: dict[str, Any] | None = s["detectors"]["person_names"]
    return names


@pytest.fixture(scope="module")
def everything(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every document sampled: the true share of documents naming a person."""
    store = tmp_path_factory.mktemp("all") / "store"
    _scan(sample_corpus, store, sample_rate=1.0)
    return store


def test_the_interval_covers_the_share_measured_on_every_document(
        everything: Path, sample_corpus: Path, tmp_path: Path) -> None:
    truth = _names(everything, tmp_path / "all")
    assert truth is not None
    t = truth["value"]
    assert t["sampled_documents"] == t["documents_checked"] == 2480
    assert 0.05 < t["share"] < 0.5  # the sample corpus has bylines in some documents
    # Every document counted: the figure is exact, not an interval.
    assert t["share_ci95_low"] == t["share"] == t["share_ci95_high"]
    _scan(sample_corpus, tmp_path / "sampled", sample_rate=0.1)
    est = _names(tmp_path / "sampled", tmp_path / "r")
    assert est is not None
    v = est["value"]
    assert 150 < v["sampled_documents"] < 350 and v["documents_checked"] == 2480
    assert v["share_ci95_low"] < t["share"] < v["share_ci95_high"]
    assert v["estimated_documents_low"] <= v["estimated_documents"] \
        <= v["estimated_documents_high"]
    assert v["confidence"] == 0.95 and v["methods"][0].startswith("rules: blank spaCy")
    with Catalog(tmp_path / "sampled", read_only=True) as cat:  # the query re-derives it
        cat.db.execute(f"create temp view manifest as {cat.manifest_sql()}")
        cur = cat.db.execute(est["query"])
        row = dict(zip([d[0] for d in cur.description], cur.fetchone() or (), strict=True))
    assert row["share"] == pytest.approx(v["share"])


def test_counted_on_sampled_documents_only(tmp_path: Path, sample_corpus: Path) -> None:
    _scan(sample_corpus, tmp_path / "s", sample_rate=0.2)
    m = manifest_table(tmp_path / "s")
    assert pc.equal(m.column("sampled"), pc.is_valid(m.column("pii_person"))).to_pylist() \
        == [True] * m.num_rows
    assert pc.sum(pc.greater(m.column("pii_person"), 0)).as_py() > 0


def test_the_same_documents_give_the_same_counts_at_any_rate(
        everything: Path, tmp_path: Path, sample_corpus: Path) -> None:
    """The sample is monotone in the rate, and the counts depend on the text only."""
    _scan(sample_corpus, tmp_path / "s", sample_rate=0.2)
    some = manifest_table(tmp_path / "s").filter(pc.field("sampled"))
    every = manifest_table(everything)
    by_id = dict(zip(every.column("doc_id").to_pylist(),
                     every.column("pii_person").to_pylist(), strict=True))
    assert all(by_id[d] == c for d, c in zip(some.column("doc_id").to_pylist(),
                                             some.column("pii_person").to_pylist(),
                                             strict=True))


def test_switched_off_or_fast_profile_leaves_it_unmeasured(tmp_path: Path,
                                                           sample_corpus: Path) -> None:
    _scan(sample_corpus, tmp_path / "off", person_names={"enabled": False})
    assert manifest_table(tmp_path / "off").column("pii_person").null_count == 2480
    assert _names(tmp_path / "off", tmp_path / "r1") is None
    _scan(sample_corpus, tmp_path / "off")  # switched on again: the units are redone
    assert manifest_table(tmp_path / "off").column("pii_person").null_count < 2480
    _scan(sample_corpus, tmp_path / "fast", profile="fast")
    assert manifest_table(tmp_path / "fast").column("pii_person").null_count == 2480


def test_sources_sampled_at_different_rates_are_weighed_by_their_size(
        everything: Path, sample_corpus: Path, tmp_path: Path) -> None:
    """The web source at 5 % and a small source sampled whole: one plain share over the
    pooled sample would be pulled towards the small source."""
    truth = _names(everything, tmp_path / "all")
    assert truth is not None
    store = tmp_path / "mixed"
    _scan(sample_corpus, store, sample_rate=0.05)
    cfg = build_config(options={"near_duplicates": {"enabled": False}, "sample_rate": 1.0},
                       sources=[{"name": "books", "paths": [str(sample_corpus / "books")]}])
    assert run_scan(cfg, store, SerialExecutor()).ok
    cfg = build_config(options={"person_names": {"enabled": False}},
                       sources=[{"name": "code", "paths": [str(sample_corpus / "code")]}])
    assert run_scan(cfg, store, SerialExecutor()).ok  # names not counted: not in the figure
    est = _names(store, tmp_path / "r")
    assert est is not None
    v = est["value"]
    books = manifest_table(store).filter(pc.field("source") == "books")
    assert v["strata"] == 2
    assert v["documents_checked"] == 2480 + books.num_rows
    books_named = pc.sum(pc.greater(books.column("pii_person"), 0)).as_py()
    true_docs = truth["value"]["estimated_documents"] + books_named
    assert v["estimated_documents_low"] <= true_docs <= v["estimated_documents_high"]


def test_a_missing_pipeline_fails_the_scan_at_once(tmp_path: Path, sample_corpus: Path) -> None:
    from provscan.errors import InputError

    cfg = build_config(options={"person_names": {"pipeline": "xx_no_such_pipeline_sm"}},
                       sources=[{"name": "web", "paths": [str(sample_corpus / "web")]}])
    with pytest.raises(InputError, match="spacy download xx_no_such_pipeline_sm"):
        run_scan(cfg, tmp_path / "s", SerialExecutor())
    assert not (tmp_path / "s").exists()  # the store was not touched


def test_no_sampled_text_means_names_not_counted(tmp_path: Path, sample_corpus: Path) -> None:
    _scan(sample_corpus, tmp_path / "s", sample_max_chars=0)
    assert manifest_table(tmp_path / "s").column("pii_person").null_count == 2480
    assert _names(tmp_path / "s", tmp_path / "r") is None
