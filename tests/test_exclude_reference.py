"""An exclusion set is, row for row and reason for reason, its straightforward
definition (docs/exclusions.md) computed here in plain Python over the manifest: the
per-document rules, then one document kept per duplicate group by the keep rule, sorted
by ``source, shard, row``. Whatever the build does to be fast (integer keys, bit masks,
grouped aggregates), the file it writes must be this one."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provscan.config import build_config
from provscan.exclude import build_exclusion_set, read_exclusion_set, spec_from_options
from provscan.executors import SerialExecutor
from provscan.scan.run import run_scan
from provscan.store import Catalog

Key = tuple[str, str, int]


def _rows(store: Path, sql: str) -> list[dict[str, Any]]:
    with Catalog(store, read_only=True) as cat:
        cat.db.execute(f"create or replace temp view manifest as {cat.manifest_sql()}")
        cur = cat.db.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _reference(store: Path, drops: list[str], where: str | None) -> list[dict[str, Any]]:
    """The set by its definition: what each rule drops, then the duplicates."""
    w = f"coalesce(({where}), false)" if where else "false"
    docs = _rows(store, f"select source, shard, row, doc_id, url, date, bytes, tokens, "
                        f"content_hash, optout, optout_signals, pii_email, pii_phone, pii_ip, "
                        f"licence_class, {w} as w from manifest")
    found: dict[Key, set[tuple[str, str | None]]] = {}
    licence_classes = {c for x in drops if x.startswith("licence-class=")
                       for c in x.split("=", 1)[1].split(",")}

    def add(key: Key, reason: str, signal: str | None) -> None:
        found.setdefault(key, set()).add((reason, signal))

    requests: set[Key] = set()
    if "reserved" in drops:
        with Catalog(store, read_only=True) as cat:
            requests = {(s, sh, r) for s, sh, r in cat.db.execute(
                "select source, shard, row from complaint_documents").fetchall()}
    for d in docs:
        key = (d["source"], d["shard"], d["row"])
        if "reserved" in drops and d["optout"]:
            for s in d["optout_signals"] or ["unknown"]:
                add(key, "reserved", s)
        if "reserved" in drops and key in requests:
            add(key, "reserved", "rightsholder_request")
        if "pii" in drops:
            for kind in ("email", "phone", "ip"):
                if (d[f"pii_{kind}"] or 0) > 0:
                    add(key, "pii", kind)
        if d["licence_class"] in licence_classes:
            add(key, "licence_class", d["licence_class"])
        if d["w"]:
            add(key, "where", None)
    dropped = set(found)
    groups: list[tuple[str, dict[object, list[dict[str, Any]]]]] = []
    by_key = {(d["source"], d["shard"], d["row"]): d for d in docs}
    if "exact-duplicates" in drops:
        exact: dict[object, list[dict[str, Any]]] = {}
        for d in docs:
            exact.setdefault(d["content_hash"], []).append(d)
        groups.append(("exact_duplicate", exact))
    if "near-duplicates" in drops:
        near: dict[object, list[dict[str, Any]]] = {}
        nd = pq.read_table(store / "near_duplicates.parquet").to_pylist()
        for r in nd:
            near.setdefault(r["cluster"], []).append(by_key[(r["source"], r["shard"], r["row"])])
        groups.append(("near_duplicate", near))
    for reason, by_group in groups:
        for members in by_group.values():
            def order(d: dict[str, Any]) -> tuple[object, ...]:
                key = (d["source"], d["shard"], d["row"])
                return (key in dropped, d["date"] is None, d["date"] or 0, d["doc_id"], key)
            kept = min(members, key=order)
            for d in members:
                if d is not kept:
                    add((d["source"], d["shard"], d["row"]), reason, None)
    return [{"doc_id": d["doc_id"], "source": k[0], "shard": k[1], "row": k[2],
             "url": d["url"], "reasons": sorted({r for r, _ in found[k]}),
             "signals": sorted({f"{r}:{s}" for r, s in found[k] if s is not None}),
             "bytes": d["bytes"], "tokens": d["tokens"], "content_hash": d["content_hash"]}
            for k in sorted(found) for d in [by_key[k]]]


@pytest.fixture(scope="module")
def store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    s = tmp_path_factory.mktemp("ref") / "store"
    shutil.copytree(sample_store, s)
    return s


@pytest.mark.parametrize(("drops", "where"), [
    (["reserved", "near-duplicates", "exact-duplicates", "pii"], None),
    (["reserved", "exact-duplicates"], "source = 'news' and row % 3 = 0"),
    (["near-duplicates"], "date is null"),
    (["pii", "licence-class=copyleft,non-commercial"], "bytes < 300"),
])
def test_sample_store_set_is_its_definition(store: Path, drops: list[str],
                                            where: str | None) -> None:
    name = "ref" + str(abs(hash((tuple(drops), where))) % 10**6)
    build_exclusion_set(store, spec_from_options(name, drops, where))
    want = _reference(store, drops, where)
    assert len(want) > 20
    assert read_exclusion_set(store, name).to_pylist() == want


def _small_store(tmp: Path, docs: list[tuple[str, str, str | None]], shards: int) -> Path:
    """A fast-profile store of (id, text, date) documents spread over ``shards`` files."""
    d = tmp / "in"
    d.mkdir(parents=True)
    for s in range(shards):
        part = docs[s::shards]
        dates = [None if x is None else datetime.fromisoformat(x).replace(tzinfo=timezone.utc)
                 for _, _, x in part]
        pq.write_table(pa.table({"id": [i for i, _, _ in part], "text": [t for _, t, _ in part],
                                 "date": pa.array(dates, pa.timestamp("us", tz="UTC"))}),
                       d / f"s{s}.parquet")
    cfg = build_config(options={"profile": "fast"}, sources=[{"name": "d", "paths": [str(d)]}])
    run_scan(cfg, tmp / "store", SerialExecutor())
    return tmp / "store"


@settings(max_examples=10, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]),
                          st.sampled_from([None, "2021-01-01", "2022-06-01"]),
                          st.sampled_from(["x", "y", "z"])),
                min_size=1, max_size=16),
       st.integers(1, 3), st.sampled_from([None, "doc_id like '%x'", "row % 2 = 0"]))
def test_small_store_set_is_its_definition(
        tmp_path_factory: pytest.TempPathFactory,
        docs: list[tuple[str, str | None, str]], shards: int, where: str | None) -> None:
    """Duplicated texts over several shards, ids that repeat across shards, dates with
    ties and gaps, and a --where that drops some copies first."""
    rows = [(f"{tag}{i % 5}", text, date) for i, (text, date, tag) in enumerate(docs)]
    store = _small_store(tmp_path_factory.mktemp("s"), rows, shards)
    build_exclusion_set(store, spec_from_options("x", ["exact-duplicates"], where))
    assert read_exclusion_set(store, "x").to_pylist() == \
        _reference(store, ["exact-duplicates"], where)
