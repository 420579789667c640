"""provscan lookup: a planted set of works found (and not found) as they should be, with
the similarity measured on the documents read back; URL normalisation; the index kept
up to date incrementally; the answer's files."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provscan.config import build_config
from provscan.executors import SerialExecutor
from provscan.lookup.keys import passage_keys
from provscan.lookup.run import LookupOptions, lookup
from provscan.lookup.segments import FENCE, ranges
from provscan.lookup.urls import url_key, url_keys
from provscan.lookup.works import Work
from provscan.lookup.write import write_lookup
from provscan.scan.minhash import MinHasher
from provscan.scan.run import run_scan
from provscan.scan.text import normalise

VOCAB = [
    "river", "bank", "water", "stone", "bridge", "valley", "rain", "forest", "mountain",
    "path", "village", "market", "bread", "winter", "summer", "light", "shadow", "garden",
    "wall", "window", "door", "road", "field", "harvest", "storm", "cloud", "wind", "song",
    "story", "night", "morning", "letter", "journey", "friend", "house", "city"
]


def _text(rng: random.Random, n: int) -> str:
    """Words of one topic in random order: texts that share vocabulary, not passages."""
    return " ".join(rng.choice(VOCAB) + ("." if rng.random() < 0.08 else "") for _ in range(n))


def _edit(rng: random.Random, text: str, share: float) -> str:
    words = text.split()
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = rng.choice(["quartz", "lantern", "copper", "meadow", "ember"])
    return " ".join(words)


def planted(folder: Path) -> dict[str, str]:
    """``web.parquet`` in ``folder`` with planted copies of the works returned."""
    rng = random.Random(7)
    works = {f"w{i}": _text(rng, 300) for i in range(4)}
    works["para"] = _text(rng, 80)
    works["same_topic"] = _text(rng, 300)
    works["short"] = "river bank water"
    rows = [
        ("https://www.example.com/w0", works["w0"]),  # 0: exact
        ("http://example.com/w0-copy/", "  " + works["w0"].replace(" ", "\n ", 3)),  # 1: exact
        ("https://blog.example.org/w1", _edit(rng, works["w1"], 0.01)),  # 2: 1 % changed
        ("https://news.example.co.uk/a%20b", _edit(rng, works["w2"], 0.03)),  # 3: 3 %
        ("https://bücher.de/seite", _text(rng, 200) + " " + works["para"] + " "
         + _text(rng, 400)),  # 4: the paragraph inside a longer page
        ("https://example.com/short", "river bank water"),  # 5: a short exact copy
    ]
    rows += [(f"https://other{i}.net/x?p={i}", _text(rng, 250)) for i in range(30)]
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"url": [u for u, _ in rows], "text": [t for _, t in rows]}),
                   folder / "web.parquet")
    return works


def scan(folder: Path, store: Path, profile: str = "full") -> None:
    cfg = build_config(options={"profile": profile},
                       sources=[{"name": "web", "paths": [str(folder)]}])
    run_scan(cfg, store, SerialExecutor())


@pytest.fixture(scope="module")
def planted_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("lookup")
    works = planted(tmp / "in")
    scan(tmp / "in", tmp / "store")
    return tmp / "store", works


@pytest.fixture(scope="module")
def answer(planted_store: tuple[Path, dict[str, str]]) -> dict[str, list[dict[str, object]]]:
    store, works = planted_store
    res = lookup(store, works=[Work(k, v) for k, v in works.items()])
    by: dict[str, list[dict[str, object]]] = {k: [] for k in works}
    for m in res.matches:
        by[str(m["query"])].append(m)
    return by


@pytest.mark.parametrize(("work", "rows", "kind", "low", "high"), [
    ("w0", [0, 1], "exact", 1.0, 1.0),
    ("w1", [2], "near", 0.85, 0.99),  # 1 % of words changed: J about 0.9
    ("w2", [3], "near", 0.6, 0.9),  # 3 %: about 0.75
    ("para", [4], "contained", 1.0, 1.0),
    ("short", [5], "exact", 1.0, 1.0),
    ("w3", [], None, 0, 0),  # in no document
    ("same_topic", [], None, 0, 0),  # the same words, other sentences
])
def test_planted_works(answer: dict[str, list[dict[str, object]]], work: str, rows: list[int],
                       kind: str | None, low: float, high: float) -> None:
    got = answer[work]
    assert sorted(int(m["row"]) for m in got) == rows  # type: ignore[call-overload]
    for m in got:
        assert m["kind"] == kind
        assert low <= float(m["score"]) <= high  # type: ignore[arg-type]
        assert m["excerpt"]
        assert m["excluded_by"] == [] and m["optout"] is False


def test_contained_passage_reports_both_measures(
        planted_store: tuple[Path, dict[str, str]],
        answer: dict[str, list[dict[str, object]]]) -> None:
    (m,) = answer["para"]
    assert m["containment"] == 1.0
    assert float(m["similarity"]) < 0.2  # type: ignore[arg-type]  # a fifth of the page
    head = " ".join(planted_store[1]["para"].split()[:6])
    assert head in str(m["excerpt"])  # the excerpt shows the passage, not the page's start


@pytest.mark.parametrize(("a", "b", "same"), [
    ("https://example.com/page", "http://example.com/page", True),  # scheme
    ("https://www.example.com/page", "https://example.com/page", True),  # www.
    ("https://example.com/page/", "https://example.com/page", True),  # trailing slash
    ("https://example.com/", "example.com", True),
    ("https://example.com/a%20b", "https://example.com/a b".replace(" ", "%20"), True),
    ("https://example.com/caf%C3%A9", "https://example.com/café", True),  # percent-encoding
    ("https://EXAMPLE.com:443/p#top", "https://example.com/p", True),  # case, port, fragment
    ("https://bücher.de/x", "https://xn--bcher-kva.de/x", True),  # IDN
    ("https://example.com/page?a=1", "https://example.com/page", False),  # query matters
    ("https://example.com/Page", "https://example.com/page", False),  # path case matters
    ("https://blog.example.com/p", "https://example.com/p", False),  # other host
])
def test_url_normalisation(a: str, b: str, same: bool) -> None:
    assert (url_key(a) == url_key(b)) is same


@pytest.mark.parametrize(("kind", "query", "rows"), [
    ("url", "example.com/w0", [0]),
    ("url", "http://www.example.com/w0-copy", [1]),
    ("url", "https://bücher.de/seite/", [4]),
    ("url", "https://xn--bcher-kva.de/seite", [4]),
    ("url", "https://news.example.co.uk/a b".replace(" ", "%20"), [3]),
    ("url", "https://example.com/nothing", []),
    ("url_prefix", "https://example.com/", [0, 1, 5]),
    ("url_prefix", "https://example.com/w0", [0, 1]),  # a string prefix: w0, w0-copy
    ("url_prefix", "https://example.com/w0/", [0]),  # a folder: w0 and below, not w0-copy
    ("domain", "example.co.uk", [3]),
    ("domain", "www.example.co.uk", [3]),
    ("domain", "example.com", [0, 1, 5]),
    ("domain", "unknown.org", []),
])
def test_url_and_domain_queries(planted_store: tuple[Path, dict[str, str]], kind: str,
                                query: str, rows: list[int]) -> None:
    store, _ = planted_store
    args = {"url": "urls", "url_prefix": "prefixes", "domain": "domains"}[kind]
    res = lookup(store, **{args: [query]}, options=LookupOptions(excerpts=False))
    assert sorted(int(m["row"]) for m in res.matches) == rows
    assert all(m["kind"] == kind and m["score"] == 1.0 for m in res.matches)
    assert (res.unmatched != []) is (not rows)


def test_answer_files(planted_store: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    store, works = planted_store
    res = lookup(store, urls=["https://example.com/nowhere"], domains=["example.co.uk"],
                 works=[Work("w1", works["w1"]), Work("w3", works["w3"])])
    write_lookup(res, tmp_path)
    data = json.loads((tmp_path / "lookup.json").read_text())
    assert [(m["query"], m["kind"]) for m in data["matches"]] == [
        ("example.co.uk", "domain"), ("w1", "near")]
    for m in data["matches"]:
        assert {"query", "doc_id", "kind", "score", "source", "shard", "row", "url", "date",
                "optout", "optout_signals", "excluded_by", "excerpt"} <= set(m)
    assert data["no_match"] == [{"query": "https://example.com/nowhere", "kind": "url"},
                                {"query": "w3", "kind": "work"}]
    rows = list(csv.DictReader((tmp_path / "lookup.csv").open()))
    assert [r["kind"] for r in rows] == ["domain", "near", "none", "none"]
    md = (tmp_path / "lookup.md").read_text()
    assert "a near copy" in md and "No document in the store matches." in md
    assert "<table>" in (tmp_path / "lookup.html").read_text()


def test_index_is_refreshed_incrementally(tmp_path: Path) -> None:
    works = planted(tmp_path / "in")
    scan(tmp_path / "in", tmp_path / "store")
    first = lookup(tmp_path / "store", works=[Work("w0", works["w0"])])
    assert (first.index["units_added"], first.index["units"]) == (1, 1)
    again = lookup(tmp_path / "store", works=[Work("w0", works["w0"])])
    assert (again.index["units_added"], again.index["units_removed"]) == (0, 0)
    pq.write_table(pa.table({"url": ["https://new.example.net/"], "text": [works["w3"]]}),
                   tmp_path / "in" / "more.parquet")
    scan(tmp_path / "in", tmp_path / "store")
    res = lookup(tmp_path / "store", works=[Work("w3", works["w3"])])
    assert (res.index["units_added"], res.index["units"]) == (1, 2)
    assert [m["kind"] for m in res.matches] == ["exact"]
    (tmp_path / "in" / "more.parquet").unlink()
    scan(tmp_path / "in", tmp_path / "store")
    res = lookup(tmp_path / "store", works=[Work("w3", works["w3"])])
    assert (res.index["units_removed"], res.index["units"], res.matches) == (1, 1, [])
    segs = list((tmp_path / "store" / "lookup").glob("seg-*"))
    assert len(segs) == res.index["segments"] == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), min_size=5, max_size=120),
       st.lists(st.sampled_from(VOCAB), max_size=60), st.lists(st.sampled_from(VOCAB),
                                                              max_size=60))
def test_passage_keys_of_a_passage_are_in_the_page(p: list[str], pre: list[str],
                                                   post: list[str]) -> None:
    hasher = MinHasher()
    passage = " ".join(p)
    page = " ".join([*pre, passage, *post])
    kp, _ = passage_keys(normalise(pa.array([passage])), hasher)
    kd, _ = passage_keys(normalise(pa.array([page])), hasher)
    assert set(kp.tolist()) <= set(kd.tolist())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 50), max_size=3000), st.lists(st.integers(0, 60), max_size=20),
       st.booleans())
def test_ranges_finds_every_equal_key(keys: list[int], queries: list[int], fenced: bool
                                      ) -> None:
    k = np.sort(np.array(keys, dtype=np.uint64))
    q = np.array(queries, dtype=np.uint64)
    qi, pos = ranges(k, q, k[::FENCE].copy() if fenced else None)
    got = sorted(zip(qi.tolist(), pos.tolist(), strict=True))
    want = sorted((i, j) for i, x in enumerate(queries) for j, y in enumerate(k.tolist())
                  if x == y)
    assert got == want


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "https://www.example.com/a/", "http://example.com/a", "https://example.com/caf%C3%A9",
    "https://bücher.de/", "not a url", "https://example.com/?q=1", "ftp://host.org/x/"]),
    max_size=10))
def test_vectorised_urls_equal_one_at_a_time(urls: list[str]) -> None:
    batch = url_keys(pa.array(urls, pa.string())).to_pylist()
    single = [url_keys(pa.array([u], pa.string()))[0].as_py() for u in urls]
    assert batch == single


def test_fast_profile_store_offers_url_and_exact_lookups(tmp_path: Path) -> None:
    works = planted(tmp_path / "in")
    scan(tmp_path / "in", tmp_path / "store", profile="fast")
    res = lookup(tmp_path / "store", urls=["example.com/w0"],
                 works=[Work("w0", works["w0"]), Work("w1", works["w1"])])
    assert sorted((m["query"], m["kind"]) for m in res.matches) == [
        ("example.com/w0", "url"), ("w0", "exact"), ("w0", "exact")]
    assert any("fast profile" in n and "exact copies only" in n for n in res.notes)
    assert res.index["units_with_band_keys"] == 0


def test_vanished_shard_is_said_and_exact_copies_still_found(tmp_path: Path) -> None:
    works = planted(tmp_path / "in")
    scan(tmp_path / "in", tmp_path / "store")
    shutil.move(tmp_path / "in" / "web.parquet", tmp_path / "web.parquet")
    res = lookup(tmp_path / "store", works=[Work("w0", works["w0"]), Work("w1", works["w1"])])
    assert sorted((m["query"], m["kind"]) for m in res.matches) == [("w0", "exact")] * 2
    assert any("web.parquet: no longer found where the scan read it" in n for n in res.notes)
