"""Exclusion sets: the rules tie out with the manifest, the keep-one rule is the stated
one, a re-run after an incremental scan evaluates only what changed, and bad input is
refused with a message naming it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provscan.config import build_config
from provscan.errors import ProvscanError
from provscan.exclude import (
    ExclusionError,
    UnknownExclusionSet,
    build_exclusion_set,
    read_exclusion_set,
    spec_from_options,
)
from provscan.executors import SerialExecutor
from provscan.scan.run import run_scan
from provscan.store import Catalog


def _query(store: Path, sql: str) -> list[tuple[object, ...]]:
    with Catalog(store, read_only=True) as cat:
        cat.db.execute(f"create or replace temp view manifest as {cat.manifest_sql()}")
        cat.db.execute(f"create or replace temp view evidence as {cat.evidence_sql()}")
        return cat.db.execute(sql).fetchall()


@pytest.fixture()
def store(sample_store: Path, tmp_path: Path) -> Path:
    shutil.copytree(sample_store, tmp_path / "store")
    return tmp_path / "store"


def _keys(t: pa.Table) -> set[tuple[str, str, int]]:
    return set(zip(t["source"].to_pylist(), t["shard"].to_pylist(), t["row"].to_pylist(),
                   strict=True))


def test_reserved_set_is_the_reserved_documents_with_their_signals(store: Path) -> None:
    build_exclusion_set(store, spec_from_options("r", ["reserved"]))
    t = read_exclusion_set(store, "r")
    want = _query(store, "select source, shard, row, list_sort(optout_signals) from manifest "
                         "where optout")
    assert _keys(t) == {(s, sh, r) for s, sh, r, _ in want}
    assert len(want) > 500  # a fifth of the sample corpus
    signals = {(s, sh, r): sig for s, sh, r, sig in want}
    for row in t.to_pylist():
        assert row["reasons"] == ["reserved"]
        assert row["signals"] == [f"reserved:{x}" for x in signals[
            (row["source"], row["shard"], row["row"])]]


@pytest.mark.parametrize(("robots_time", "capture"), [
    ("any", "%"), ("at-crawl", "%at-crawl%"), ("latest", "%latest%")])
def test_robots_time_given_here_rejudges_from_the_evidence(
        store: Path, robots_time: str, capture: str) -> None:
    build_exclusion_set(store, spec_from_options("r", ["reserved"], robots_time=robots_time))
    got = _keys(read_exclusion_set(store, "r"))
    want = _query(store, "select distinct source, shard, row from evidence where kind = "
                  "'optout' and verdict in ('reserved', 'conflict') and (capture_when is null "
                  f"or capture_when like '{capture}')")
    assert got == set(want)
    if robots_time == "any":  # the scan's own setting: the manifest's verdict
        assert got == set(_query(store, "select source, shard, row from manifest where optout"))


def test_counts_by_reason_tie_out_with_the_set(store: Path) -> None:
    res = build_exclusion_set(store, spec_from_options(
        "all", ["reserved", "near-duplicates", "exact-duplicates", "pii"]))
    t = read_exclusion_set(store, "all").to_pylist()
    for c in res.info.by_reason():
        rows = [r for r in t if c.reason in r["reasons"]]
        assert (c.documents, c.bytes, c.tokens) == (
            len(rows), sum(r["bytes"] for r in rows), sum(r["tokens"] for r in rows))
    assert res.info.documents == len(t)
    assert {c.reason for c in res.info.by_reason()} == {
        "reserved", "near_duplicate", "exact_duplicate", "pii"}


def test_one_document_is_kept_per_near_duplicate_cluster(store: Path) -> None:
    build_exclusion_set(store, spec_from_options("nd", ["near-duplicates"]))
    dropped = _keys(read_exclusion_set(store, "nd"))
    nd = pq.read_table(store / "near_duplicates.parquet")
    kept: dict[str, int] = {}
    for c, s, sh, r in zip(nd["cluster"].to_pylist(), nd["source"].to_pylist(),
                           nd["shard"].to_pylist(), nd["row"].to_pylist(), strict=True):
        kept[c] = kept.get(c, 0) + ((s, sh, r) not in dropped)
    assert kept and set(kept.values()) == {1}


def _store(tmp: Path, rows: list[tuple[str, str, str | None]], profile: str = "fast",
           name: str = "d") -> Path:
    """A one-source store of (id, text, ISO date or None) rows."""
    (tmp / "in" / name).mkdir(parents=True, exist_ok=True)
    dates = [None if d is None else datetime.fromisoformat(d).replace(tzinfo=timezone.utc)
             for _, _, d in rows]
    pq.write_table(pa.table({"id": [r[0] for r in rows], "text": [r[1] for r in rows],
                             "date": pa.array(dates, pa.timestamp("us", tz="UTC"))}),
                   tmp / "in" / name / "part.parquet")
    cfg = build_config(options={"profile": profile},
                       sources=[{"name": name, "paths": [str(tmp / "in" / name)]}])
    run_scan(cfg, tmp / "store", SerialExecutor())
    return tmp / "store"


@pytest.mark.parametrize(("rows", "kept"), [
    # the earliest date is kept
    ([("b", "same text", "2024-03-01"), ("a", "same text", "2024-05-01")], "b"),
    # undated documents come last
    ([("a", "same text", None), ("z", "same text", "2020-01-01")], "z"),
    # same date: the smallest doc_id
    ([("m", "same text", "2024-01-01"), ("k", "same  text ", "2024-01-01")], "k"),
    # no dates at all: the smallest doc_id
    ([("y", "same text", None), ("x", "Same text", None), ("w", "same text", None)], "w"),
])
def test_keep_rule_for_exact_duplicates(tmp_path: Path, rows: list[tuple[str, str, str | None]],
                                        kept: str) -> None:
    store = _store(tmp_path, rows)
    build_exclusion_set(store, spec_from_options("x", ["exact-duplicates"]))
    t = read_exclusion_set(store, "x")
    hashes = dict(_query(store, "select doc_id, content_hash from manifest"))
    group = {i for i, h in hashes.items() if h == hashes[kept]}
    assert set(t["doc_id"].to_pylist()) == group - {kept}


def test_a_duplicate_kept_is_one_no_other_rule_drops(tmp_path: Path) -> None:
    """The earliest copy matches --where: the next one is kept instead of none."""
    store = _store(tmp_path, [("a", "same text", "2020-01-01"), ("b", "same text", "2021-01-01"),
                              ("c", "same text", "2022-01-01")])
    build_exclusion_set(store, spec_from_options("x", ["exact-duplicates"], "doc_id = 'a'"))
    got = {r["doc_id"]: r["reasons"] for r in read_exclusion_set(store, "x").to_pylist()}
    assert got == {"a": ["exact_duplicate", "where"], "c": ["exact_duplicate"]}


@settings(max_examples=12, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["t1", "t2", "t3"]),
                          st.sampled_from([None, "2021-01-01", "2022-06-01"])),
                min_size=1, max_size=12), st.randoms())
def test_keep_rule_does_not_depend_on_row_order(
        tmp_path_factory: pytest.TempPathFactory, docs: list[tuple[str, str | None]],
        rnd: object) -> None:
    rows = [(f"id{i:02d}", t, d) for i, (t, d) in enumerate(docs)]
    shuffled = list(rows)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    got = []
    for order in (rows, shuffled):
        store = _store(tmp_path_factory.mktemp("k"), order)
        build_exclusion_set(store, spec_from_options("x", ["exact-duplicates"]))
        got.append(sorted(read_exclusion_set(store, "x")["doc_id"].to_pylist()))
    assert got[0] == got[1]
    assert len(got[0]) == len(rows) - len({t for _, t, _ in rows})


def test_rerun_after_an_incremental_scan_evaluates_only_changed_shards(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        pq.write_table(pa.table({"text": [f"doc {i} {j}" for j in range(20)] + ["shared"]}),
                       d / f"s{i}.parquet")
    cfg = build_config(options={"profile": "fast"}, sources=[{"name": "s", "paths": [str(d)]}])
    store = tmp_path / "store"
    run_scan(cfg, store, SerialExecutor())
    spec = spec_from_options("x", ["exact-duplicates"], "bytes < 9")
    first = build_exclusion_set(store, spec)
    assert (first.unchanged, first.shards_evaluated) == (False, 3)
    assert build_exclusion_set(store, spec).unchanged
    pq.write_table(pa.table({"text": ["new", "shared", "shared"]}), d / "s1.parquet")
    run_scan(cfg, store, SerialExecutor())
    again = build_exclusion_set(store, spec)
    assert (again.unchanged, again.shards_reused, again.shards_evaluated) == (False, 2, 1)
    fresh = build_exclusion_set(store, spec.model_copy(update={"name": "y"}))
    assert read_exclusion_set(store, "x").equals(read_exclusion_set(store, "y"))
    assert fresh.info.counts == again.info.counts


@pytest.mark.parametrize(("drops", "where", "message"), [
    (["robots"], None, "--drop robots: unknown reason; known: reserved"),
    (["licence-class="], None, "--drop licence-class=: unknown reason"),
    ([], None, "give at least one rule"),
    ([], "no_such_column > 1", "--where 'no_such_column > 1': not a valid condition"),
    ([], "bytes >", "--where 'bytes >': not a valid condition"),
    (["reserved"], None, "reserved: needs the full profile"),
    (["near-duplicates"], None, "needs the full profile"),
])
def test_bad_rules_are_refused_and_nothing_is_written(
        tmp_path: Path, drops: list[str], where: str | None, message: str) -> None:
    store = _store(tmp_path, [("a", "text", None)])
    with pytest.raises(ExclusionError, match=re.escape(message)):
        build_exclusion_set(store, spec_from_options("x", drops, where))
    assert not (store / "exclusions").exists()
    with Catalog(store, read_only=True) as cat:
        assert cat.db.execute("select count(*) from exclusion_sets").fetchone() == (0,)


def test_an_unknown_set_names_the_existing_ones(tmp_path: Path) -> None:
    store = _store(tmp_path, [("a", "text", None), ("b", "text", None)])
    with pytest.raises(UnknownExclusionSet, match="none yet"):
        read_exclusion_set(store, "nope")
    build_exclusion_set(store, spec_from_options("dups", ["exact-duplicates"]))
    with pytest.raises(ProvscanError, match=r"no exclusion set named 'nope' \(sets in this "
                       r"store: dups\)"):
        read_exclusion_set(store, "nope")


def test_an_invalid_name_is_refused() -> None:
    with pytest.raises(ExclusionError, match=re.escape("exclusion set name '../x'")):
        spec_from_options("../x", ["reserved"])


def test_a_reservation_kind_reading_a_catalog_table_rebuilds_when_it_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new kind of reservation is one entry of RESERVATIONS; a change to the table it
    reads makes a re-run rebuild the set instead of calling it unchanged."""
    from provscan.exclude import RESERVATIONS, Reservation

    store = _store(tmp_path, [("a", "one", None), ("b", "two", None)], profile="full")
    with Catalog(store) as cat:
        cat.db.execute("create table requests(doc_id varchar)")
    monkeypatch.setitem(RESERVATIONS, "request", Reservation(
        lambda spec, t: "select m.k, 'rightsholder_request' as signal from $manifest m "
                        "where m.doc_id in (select doc_id from requests)", ("requests",)))
    spec = spec_from_options("r", ["reserved"])
    assert build_exclusion_set(store, spec).info.documents == 0
    assert build_exclusion_set(store, spec).unchanged
    with Catalog(store) as cat:
        cat.db.execute("insert into requests values ('b')")
    again = build_exclusion_set(store, spec)
    assert not again.unchanged and again.shards_reused == 0
    rows = read_exclusion_set(store, "r").to_pylist()
    assert [(r["doc_id"], r["signals"]) for r in rows] == [
        ("b", ["reserved:rightsholder_request"])]


def test_exact_duplicates_from_the_clustering_equal_those_from_the_content_hashes(
        store: Path) -> None:
    """A full-profile store whose clustering is current takes the exact duplicates from
    near_duplicates.parquet (its ``exact`` flag); without it, from every content hash."""
    from provscan.exclude.build import near_is_current

    with Catalog(store, read_only=True) as cat:
        assert near_is_current(cat)
    spec = spec_from_options("x", ["exact-duplicates", "reserved"])
    build_exclusion_set(store, spec)
    (store / "near_duplicates.parquet").unlink()
    with Catalog(store, read_only=True) as cat:
        assert not near_is_current(cat)
    build_exclusion_set(store, spec.model_copy(update={"name": "y"}))
    x, y = read_exclusion_set(store, "x"), read_exclusion_set(store, "y")
    assert x.equals(y) and "exact_duplicate" in {r for rs in x["reasons"].to_pylist()
                                                 for r in rs}


def test_a_store_from_before_exclusion_sets_reads_as_having_none(tmp_path: Path) -> None:
    from provscan.exclude import set_infos

    store = _store(tmp_path, [("a", "text", None)])
    with Catalog(store) as cat:
        for t in ("exclusion_sets", "exclusion_counts", "exports", "export_counts",
                  "export_files"):
            cat.db.execute(f"drop table {t}")
    with Catalog(store, read_only=True) as cat:
        assert set_infos(cat) == []
    build_exclusion_set(store, spec_from_options("x", [], "true"))  # migrated on write
    assert read_exclusion_set(store, "x").num_rows == 1


def _batches(n: int, fail_at: int | None = None) -> Iterator[pa.RecordBatch]:
    """``n`` one-row batches of a set's file; the query "fails" before batch ``fail_at``."""
    from provscan.exclude import SET_SCHEMA

    for i in range(n):
        if i == fail_at:
            raise RuntimeError("the query failed")
        yield pa.RecordBatch.from_pylist([{
            "doc_id": f"d{i}", "source": "s", "shard": "x.parquet", "row": i, "url": None,
            "reasons": ["where"], "signals": [], "bytes": 1, "tokens": None,
            "content_hash": "h"}], schema=SET_SCHEMA)


@pytest.mark.parametrize(("where", "fail_at", "error"), [
    ("ok", None, None),
    ("missing-folder", None, OSError),  # the writer fails: raised, the producer stops
    ("ok", 2, RuntimeError),  # the producer fails: raised, the writer stops
])
def test_set_file_writer_hands_back_either_side_s_error(
        tmp_path: Path, where: str, fail_at: int | None, error: type[BaseException] | None,
) -> None:
    from provscan.exclude.query import write_batches

    path = tmp_path / "no-such-folder" / "x.parquet" if where == "missing-folder" \
        else tmp_path / "x.parquet"
    if error is None:
        write_batches(_batches(5), path)
        assert pq.read_table(path)["row"].to_pylist() == [0, 1, 2, 3, 4]
    else:
        with pytest.raises(error):
            write_batches(_batches(5, fail_at), path)
