"""Store-wide near-duplicate clusters: planted copies, exact duplicates, unrelated
documents, chains, and independence from file and row order (hypothesis)."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provscan.dedup import OUTPUT_SCHEMA, cluster
from provscan.errors import StoreError
from provscan.scan.minhash import MinHasher, MinHashParams
from provscan.scan.text import normalise, xxh3_128_hex

BANDS = 12
Doc = tuple[str, str, int, str, "list[int] | None"]  # source, shard, row, content_hash, bands


MH = MinHasher()


def write_part(path: Path, docs: list[Doc], mh: MinHasher = MH) -> str:
    cols = list(zip(*docs, strict=True)) if docs else [[], [], [], [], []]
    values = [k for b in cols[4] for k in (b if b is not None else [0] * BANDS)]
    bands = pa.FixedSizeListArray.from_arrays(
        pa.array(values, pa.uint64()), BANDS,
        mask=pa.array([b is None for b in cols[4]], pa.bool_()),
    )
    table = pa.Table.from_pydict({
        "source": pa.array(cols[0], pa.string()),
        "shard": pa.array(cols[1], pa.string()),
        "row": pa.array(cols[2], pa.int64()),
        "doc_id": pa.array([f"{s}#{r}" for s, r in zip(cols[1], cols[2], strict=True)],
                           pa.string()),
        "content_hash": pa.array(cols[3], pa.string()),
        "bands": bands,
    }, schema=mh.part_schema())
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return str(path)


def parts_from_texts(tmp: Path, shards: dict[str, list[str]], source: str = "web") -> list[str]:
    """One minhash part per shard, the way the scan worker writes them."""
    mh = MH
    out = []
    for shard, texts in shards.items():
        norm = normalise(pa.array(texts, pa.string()))
        keys = mh.band_keys(norm).to_pylist()
        hashes = xxh3_128_hex(norm).to_pylist()
        docs = [(source, shard, i, hashes[i], keys[i]) for i in range(len(texts))]
        out.append(write_part(tmp / "minhash" / source / f"{shard}.parquet", docs))
    return out


def groups(table: pa.Table) -> set[frozenset[tuple[str, str, int]]]:
    by: dict[str, set[tuple[str, str, int]]] = {}
    for r in table.to_pylist():
        by.setdefault(r["cluster"], set()).add((r["source"], r["shard"], r["row"]))
    return {frozenset(g) for g in by.values()}


def run(tmp: Path, parts: list[str]) -> pa.Table:
    out = tmp / "store" / "near_duplicates.parquet"
    cluster(parts, str(out), str(tmp / "tmp"), memory_limit="256MB", threads=1)
    return pq.read_table(out)


VOCAB = [f"w{i:05d}" for i in range(20_000)]


def test_planted_copies_and_exact_duplicates(tmp_path: Path) -> None:
    rng = random.Random(7)
    base = [[rng.choice(VOCAB) for _ in range(rng.randint(150, 300))] for _ in range(40)]
    a = [" ".join(d) for d in base]
    near = []
    for d in base[:10]:  # 1 % of words changed
        c = list(d)
        for i in rng.sample(range(len(c)), max(1, len(c) // 100)):
            c[i] = "changed"
        near.append(" ".join(c))
    exact = [" " + a[20].replace(" ", "\n", 3), "Short text", "Short  text"]
    parts = parts_from_texts(tmp_path, {"s0": [*a, "Short text"], "s1": near + exact})
    t = run(tmp_path, parts)
    assert t.schema == OUTPUT_SCHEMA
    expected = {frozenset({("web", "s0", i), ("web", "s1", i)}) for i in range(10)}
    expected.add(frozenset({("web", "s0", 20), ("web", "s1", 10)}))
    # Short texts have no band keys, but exact duplicates cluster by content_hash.
    expected.add(frozenset({("web", "s0", 40), ("web", "s1", 11), ("web", "s1", 12)}))
    assert groups(t) == expected
    rows = {(r["shard"], r["row"]): r for r in t.to_pylist()}
    assert rows[("s1", 10)]["exact"] and not rows[("s1", 0)]["exact"]
    assert rows[("s0", 40)]["representative"] and not rows[("s1", 11)]["representative"]
    assert rows[("s1", 12)]["cluster_size"] == 3
    name = hashlib.md5(b"web\x1fs0\x1f40").hexdigest()[:16]
    assert rows[("s1", 12)]["cluster"] == name


def test_unrelated_documents_are_never_merged(tmp_path: Path) -> None:
    rng = random.Random(8)
    texts = [" ".join(rng.choice(VOCAB) for _ in range(120)) for _ in range(300)]
    t = run(tmp_path, parts_from_texts(tmp_path, {"a": texts[:150], "b": texts[150:]}))
    assert t.num_rows == 0 and t.schema == OUTPUT_SCHEMA


def test_chain_is_one_cluster_in_few_rounds(tmp_path: Path) -> None:
    # Document i shares band (i % 12) with document i + 1: a path of 500 nodes.
    rng = np.random.default_rng(9)
    keys = rng.integers(1, 2**63, (500, BANDS), dtype=np.uint64)
    for i in range(499):
        keys[i + 1, i % BANDS] = keys[i, i % BANDS]
    docs: list[Doc] = [("web", "s", i, f"{i:032x}", keys[i].tolist()) for i in range(500)]
    parts = [write_part(tmp_path / f"p{j}.parquet", docs[j::3]) for j in range(3)]
    stats = cluster(parts, str(tmp_path / "nd.parquet"), str(tmp_path / "tmp"))
    assert (stats.documents, stats.clustered, stats.clusters) == (500, 500, 1)
    assert stats.rounds <= 12  # about log2(500), not 500
    assert stats.peak_rss_mb is None or stats.peak_rss_mb > 0
    assert list((tmp_path / "tmp").iterdir()) == []  # the work database is removed


def test_no_parts_gives_an_empty_table(tmp_path: Path) -> None:
    stats = cluster([], str(tmp_path / "nd.parquet"), str(tmp_path / "tmp"))
    assert stats.documents == stats.clustered == 0
    assert pq.read_table(tmp_path / "nd.parquet").schema == OUTPUT_SCHEMA


def test_stale_duplicate_parts_are_reported(tmp_path: Path) -> None:
    doc: Doc = ("web", "s", 0, "0" * 32, None)
    parts = [write_part(tmp_path / f"p{i}.parquet", [doc]) for i in range(2)]
    with pytest.raises(StoreError, match="appears 2 times"):
        cluster(parts, str(tmp_path / "nd.parquet"), str(tmp_path / "tmp"))


def test_parts_with_other_settings_are_refused(tmp_path: Path) -> None:
    other = MinHasher(MinHashParams(seed=1))
    parts = [write_part(tmp_path / "a.parquet", [("web", "s", 0, "0" * 32, None)]),
             write_part(tmp_path / "b.parquet", [("web", "s", 1, "1" * 32, None)], other)]
    with pytest.raises(StoreError, match="different settings"):
        cluster(parts, str(tmp_path / "nd.parquet"), str(tmp_path / "tmp"))


def test_memory_limit_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="memory_limit"):
        cluster([], str(tmp_path / "nd.parquet"), str(tmp_path), memory_limit="1GB'; drop")


# --- order independence against a union-find reference ------------------------------------

def reference_groups(docs: list[Doc]) -> set[frozenset[tuple[str, str, int]]]:
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[object, int] = {}
    for i, (_, _, _, h, bands) in enumerate(docs):
        for key in [("h", h), *(((b, k) for b, k in enumerate(bands)) if bands else [])]:
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    comps: dict[int, set[tuple[str, str, int]]] = {}
    for i, d in enumerate(docs):
        comps.setdefault(find(i), set()).add(d[:3])
    return {frozenset(c) for c in comps.values() if len(c) > 1}


doc_lists = st.lists(
    st.tuples(
        st.integers(0, 30),  # content id: collisions make exact duplicates
        st.one_of(st.none(), st.lists(st.integers(0, 40), min_size=BANDS, max_size=BANDS)),
    ),
    min_size=1, max_size=40,
)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc_lists, st.randoms(use_true_random=False), st.integers(1, 4))
def test_clusters_independent_of_order(
    tmp_path: Path, spec: list[tuple[int, list[int] | None]], rnd: random.Random, n_parts: int
) -> None:
    docs: list[Doc] = [
        (f"src{i % 2}", f"shard{i % 3}", i, f"{h:032x}",
         [k * 1000 + b for b, k in enumerate(keys)] if keys else None)
        for i, (h, keys) in enumerate(spec)
    ]
    case = tmp_path / f"case{rnd.getrandbits(32)}"
    tables = []
    for attempt in range(2):
        shuffled = list(docs)
        rnd.shuffle(shuffled)
        parts = [write_part(case / f"{attempt}" / f"p{j}.parquet", shuffled[j::n_parts])
                 for j in range(n_parts)]
        rnd.shuffle(parts)
        out = case / f"{attempt}.parquet"
        cluster(parts, str(out), str(case / "tmp"), threads=1 + attempt)
        tables.append(pq.read_table(out))
    assert tables[0].equals(tables[1])
    assert groups(tables[0]) == reference_groups(docs)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 2), st.one_of(
    st.none(), st.lists(st.integers(0, 25), min_size=BANDS, max_size=BANDS))),
    min_size=1, max_size=60), st.sampled_from([50, 2_000, 20_000, 10**9]))
def test_band_links_equal_grouping_by_band_and_key(
        tmp_path: Path, spec: list[tuple[int, list[int] | None]], budget: int) -> None:
    """The numpy band grouping, in one partition or in many (small budgets force radix
    partitions in files), gives the star links of grouping by (band, key): the same small
    key values recur across bands (high bits set so that partitions differ) and must
    link only within a band."""
    from provscan.dedup.bands import band_edges

    def key(v: int) -> int:
        return (v * 0x9E3779B97F4A7C15) % 2**64

    docs: list[Doc] = [(f"s{sh}", f"shard{sh}", i, f"{i:032x}",
                        [key(v) for v in vals] if vals else None)
                       for i, (sh, vals) in enumerate(spec)]
    case = tmp_path / f"c{random.getrandbits(32)}"
    parts = [write_part(case / f"p{j}.parquet", docs[j::2]) for j in range(2) if docs[j::2]]
    numbers = {(f"s{sh}", f"shard{sh}"): sh for sh in range(3)}
    got = band_edges(parts, numbers, str(case), budget)
    ident = {(s, r): (numbers[(s, sh)] << 32) | r for s, sh, r, _, _ in docs}
    groups: dict[tuple[int, int], list[int]] = {}
    for s, _, r, _, keys in docs:
        for b, k in enumerate(keys or []):
            groups.setdefault((b, k), []).append(ident[(s, r)])
    want = {(i, min(g)) for g in groups.values() if len(g) > 1 for i in g if i != min(g)}
    pairs = list(zip(got.column("src").to_pylist(), got.column("dst").to_pylist(), strict=True))
    assert set(pairs) == want
