"""Every input format through the public path: discover -> plan_units -> open_reader,
and end to end through run_scan; column mapping; the date forms."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import manifest_table

from provscan.config import ColumnMap, ScanConfig, SourceSpec, build_config
from provscan.executors import SerialExecutor
from provscan.scan.run import ScanSummary, run_scan
from provscan.scan.text import content_hash_py
from provscan.schema import READ_SCHEMA
from provscan.sources import Problem, Shard, Skipped, discover, open_reader, plan_units
from provscan.store import Catalog

UTC = timezone.utc

# --------------------------------------------------------------------------------------
# helpers


@dataclass
class Read:
    shards: list[Shard]
    skipped: list[Skipped]
    docs: list[dict[str, Any]]  # standard columns + "row" + "shard"
    problems: list[Problem]
    units: int


def read_all(
    paths: Sequence[Path | str],
    columns: ColumnMap | None = None,
    fmt: str = "auto",
    unit_bytes: int = 1 << 40,
    batch_rows: int = 8192,
) -> Read:
    """Read a source through the public reader path, as a worker would."""
    cmap = columns or ColumnMap()
    spec = SourceSpec(name="src", paths=tuple(str(p) for p in paths), format=fmt,
                      columns=cmap)
    shards, skipped = discover(spec)
    docs: list[dict[str, Any]] = []
    problems: list[Problem] = []
    n_units = 0
    for s in shards:
        for u in plan_units(s, unit_bytes):
            n_units += 1
            reader = open_reader(u, cmap, batch_rows)
            for rb in reader.batches():
                assert rb.batch.schema == READ_SCHEMA
                assert len(rb.rows) == rb.batch.num_rows
                assert 0.0 <= rb.progress <= 1.0
                for rec, row in zip(rb.batch.to_pylist(), rb.rows.to_pylist(), strict=True):
                    docs.append({**rec, "row": row, "shard": s.uri})
            problems.extend(reader.problems.problems)
    return Read(shards, skipped, docs, problems, n_units)


def config(paths: Sequence[Path | str], columns: dict[str, str] | None = None,
           fmt: str = "auto", **options: Any) -> ScanConfig:
    options.setdefault("profile", "fast")
    return build_config(
        options=options,
        sources=[{"name": "src", "paths": [str(p) for p in paths], "format": fmt,
                  "columns": columns or {}}],
    )


def scan(store: Path, cfg: ScanConfig) -> tuple[ScanSummary, list[dict[str, Any]]]:
    """Scan serially; returns the summary and the manifest rows (by shard, row)."""
    summary = run_scan(cfg, store, SerialExecutor())
    return summary, manifest_table(store).to_pylist()


# --------------------------------------------------------------------------------------
# the same documents in every format

DOCS: list[dict[str, Any]] = [
    {"text": "Hello world", "url": "https://www.Example.com/a", "id": "d0"},
    {"text": "Zweite Seite – Grüße aus München", "url": "http://a.b.example.co.uk/x",
     "id": "d1"},
    {"text": 'line one\nline two, with a comma and "quotes"\r\nthree', "url": None,
     "id": "d2"},
    {"text": "日本語のテキストです。", "url": "https://bücher.de/buch?id=1", "id": "d3"},
    {"text": "", "url": "https://alice.github.io/", "id": "d4"},
]
EXPECTED_HOSTS = ["www.example.com", "a.b.example.co.uk", None, "xn--bcher-kva.de",
                  "alice.github.io"]
EXPECTED_DOMAINS = ["example.com", "example.co.uk", None, "xn--bcher-kva.de",
                    "alice.github.io"]


def _table(docs: list[dict[str, Any]]) -> pa.Table:
    return pa.table({k: [d[k] for d in docs] for k in ("text", "url", "id")})


def _jsonl_bytes(docs: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs).encode()


def w_parquet(d: Path) -> Path:
    p = d / "docs.parquet"
    pq.write_table(_table(DOCS), p, row_group_size=2)  # three row groups
    assert pq.ParquetFile(p).num_row_groups == 3
    return p


def w_jsonl(d: Path) -> Path:
    p = d / "docs.jsonl"
    p.write_bytes(_jsonl_bytes(DOCS))
    return p


def w_jsonl_gz(d: Path) -> Path:
    p = d / "docs.jsonl.gz"
    p.write_bytes(gzip.compress(_jsonl_bytes(DOCS)))
    return p


def w_jsonl_zst(d: Path) -> Path:
    p = d / "docs.jsonl.zst"
    with pa.CompressedOutputStream(str(p), "zstd") as out:
        out.write(_jsonl_bytes(DOCS))
    assert p.read_bytes()[:4] == b"\x28\xb5\x2f\xfd"  # zstd frame magic
    return p


def w_csv(d: Path) -> Path:
    p = d / "docs.csv"
    with p.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "url", "id"])
        for doc in DOCS:
            w.writerow([doc["text"], doc["url"] or "", doc["id"]])
    assert b'"line one\nline two' in p.read_bytes()  # a quoted multi-line value
    return p


def w_arrow_file(d: Path) -> Path:
    p = d / "docs.arrow"
    t = _table(DOCS)
    with pa.ipc.new_file(str(p), t.schema) as w:
        w.write_table(t, max_chunksize=2)
    return p


def w_arrow_stream(d: Path) -> Path:
    p = d / "docs.ipc"
    t = _table(DOCS)
    with pa.ipc.new_stream(str(p), t.schema) as w:
        w.write_table(t, max_chunksize=2)
    return p


def w_feather(d: Path) -> Path:
    import pyarrow.feather as feather

    p = d / "docs.feather"
    feather.write_feather(_table(DOCS), str(p), compression="uncompressed")
    return p


def w_hf_dataset(d: Path) -> Path:
    import datasets

    p = d / "hf"
    datasets.Dataset.from_dict(_table(DOCS).to_pydict()).save_to_disk(str(p))
    return p


WRITERS: dict[str, Callable[[Path], Path]] = {
    "parquet-3-row-groups": w_parquet,
    "jsonl": w_jsonl,
    "jsonl.gz": w_jsonl_gz,
    "jsonl.zst": w_jsonl_zst,
    "csv-quoted-multiline": w_csv,
    "arrow-ipc-file": w_arrow_file,
    "arrow-ipc-stream": w_arrow_stream,
    "feather-v2": w_feather,
    "hf-save_to_disk": w_hf_dataset,
}
FORMAT_OF = {
    "parquet-3-row-groups": "parquet", "jsonl": "jsonl", "jsonl.gz": "jsonl",
    "jsonl.zst": "jsonl", "csv-quoted-multiline": "csv", "arrow-ipc-file": "arrow",
    "arrow-ipc-stream": "arrow", "feather-v2": "arrow", "hf-save_to_disk": "arrow",
}


@pytest.mark.parametrize("kind", list(WRITERS))
@pytest.mark.parametrize("batch_rows", [8192, 2])
def test_reader_yields_every_document_in_order(
    tmp_path: Path, kind: str, batch_rows: int
) -> None:
    path = WRITERS[kind](tmp_path)
    r = read_all([path], batch_rows=batch_rows)
    assert [s.format for s in r.shards] == [FORMAT_OF[kind]]
    assert r.skipped == []
    assert r.problems == []
    assert [d["text"] for d in r.docs] == [d["text"] for d in DOCS]
    assert [d["url"] for d in r.docs] == [d["url"] for d in DOCS]
    assert [d["id"] for d in r.docs] == [d["id"] for d in DOCS]
    assert [d["date"] for d in r.docs] == [None] * len(DOCS)
    assert [d["row"] for d in r.docs] == list(range(len(DOCS)))


@pytest.mark.parametrize("kind", ["parquet-3-row-groups", "jsonl", "csv-quoted-multiline",
                                  "arrow-ipc-stream"])
def test_readers_respect_batch_rows(tmp_path: Path, kind: str) -> None:
    path = WRITERS[kind](tmp_path)
    spec = SourceSpec(name="src", paths=(str(path),))
    (shard,), _ = discover(spec)
    (unit,) = plan_units(shard, 1 << 40)
    sizes = [rb.batch.num_rows for rb in open_reader(unit, ColumnMap(), 2).batches()]
    assert sum(sizes) == len(DOCS)
    assert max(sizes) <= 2


@pytest.mark.parametrize("kind", list(WRITERS))
def test_scan_end_to_end_per_format(tmp_path: Path, kind: str) -> None:
    (tmp_path / "in").mkdir()
    path = WRITERS[kind](tmp_path / "in")
    summary, rows = scan(tmp_path / "store", config([path]))
    assert summary.ok and summary.failures == []
    assert summary.units_done == 1 and summary.docs == len(DOCS)
    assert summary.bytes == sum(len(d["text"].encode()) for d in DOCS)
    assert [r["row"] for r in rows] == list(range(len(DOCS)))
    assert [r["doc_id"] for r in rows] == [d["id"] for d in DOCS]
    assert [r["url"] for r in rows] == [d["url"] for d in DOCS]
    assert [r["host"] for r in rows] == EXPECTED_HOSTS
    assert [r["domain"] for r in rows] == EXPECTED_DOMAINS
    assert [r["bytes"] for r in rows] == [len(d["text"].encode()) for d in DOCS]
    assert [r["content_hash"] for r in rows] == [content_hash_py(d["text"]) for d in DOCS]
    assert {r["source"] for r in rows} == {"src"}
    assert all(r["tokens"] is None for r in rows)  # fast profile


def test_every_format_gives_the_same_manifest_columns(tmp_path: Path) -> None:
    """Apart from the shard path, the formats are indistinguishable in the manifest."""
    seen: dict[str, list[tuple[Any, ...]]] = {}
    for kind, writer in WRITERS.items():
        d = tmp_path / kind
        d.mkdir()
        _, rows = scan(tmp_path / f"store-{kind}", config([writer(d)]))
        seen[kind] = [(r["row"], r["doc_id"], r["url"], r["host"], r["domain"], r["bytes"],
                       r["content_hash"], r["sampled"]) for r in rows]
    first = seen["parquet-3-row-groups"]
    assert len(first) == len(DOCS)
    for kind, got in seen.items():
        assert got == first, kind


def test_hf_dataset_dict_splits_are_separate_shards(tmp_path: Path) -> None:
    import datasets

    t = _table(DOCS).to_pydict()
    train = {k: v[:3] for k, v in t.items()}
    test = {k: v[3:] for k, v in t.items()}
    dd = datasets.DatasetDict({"train": datasets.Dataset.from_dict(train),
                               "test": datasets.Dataset.from_dict(test)})
    dd.save_to_disk(str(tmp_path / "dd"))
    r = read_all([tmp_path / "dd"])
    assert r.skipped == []  # dataset_dict.json, state.json, dataset_info.json are not data
    assert [Path(s.uri).parent.name for s in r.shards] == ["test", "train"]  # sorted by URI
    assert {s.format for s in r.shards} == {"arrow"}
    by_split: dict[str, list[tuple[int, str]]] = {}
    for d in r.docs:
        by_split.setdefault(Path(d["shard"]).parent.name, []).append((d["row"], d["id"]))
    assert by_split == {"train": [(0, "d0"), (1, "d1"), (2, "d2")],
                        "test": [(0, "d3"), (1, "d4")]}
    summary, rows = scan(tmp_path / "store", config([tmp_path / "dd"]))
    assert summary.ok and summary.units_done == 2 and summary.docs == len(DOCS)
    assert sorted(r["doc_id"] for r in rows) == [d["id"] for d in DOCS]


def _mixed_dir(root: Path) -> Path:
    root.mkdir()
    w_parquet(root)
    w_jsonl_gz(root)
    (root / "sub").mkdir()
    w_csv(root / "sub")
    w_arrow_stream(root / "sub")
    w_hf_dataset(root / "sub")
    (root / "README.md").write_text("# not data")  # known companion file: ignored silently
    (root / "notes.txt").write_text("not data")  # unknown: skipped and reported
    (root / ".DS_Store").write_bytes(b"\0")  # unknown dot file: ignored, not reported
    (root / ".cache").mkdir()  # folders starting with . or _ are not walked
    (root / ".cache" / "x.jsonl").write_text('{"text": "cached"}\n')
    (root / "_tmp").mkdir()
    (root / "_tmp" / "x.jsonl").write_text('{"text": "tmp"}\n')
    return root


def test_directory_mixing_formats(tmp_path: Path) -> None:
    root = _mixed_dir(tmp_path / "mixed")
    r = read_all([root])
    rel = sorted((str(Path(s.uri).relative_to(root.resolve())), s.format) for s in r.shards)
    assert rel == [
        ("docs.jsonl.gz", "jsonl"),
        ("docs.parquet", "parquet"),
        ("sub/docs.csv", "csv"),
        ("sub/docs.ipc", "arrow"),
        ("sub/hf/data-00000-of-00001.arrow", "arrow"),
    ]
    assert [s.uri for s in r.shards] == sorted(s.uri for s in r.shards)
    assert [(Path(s.path).name, s.reason) for s in r.skipped] == [
        ("notes.txt", "unknown format (file name extension)")]
    assert len(r.docs) == 5 * len(DOCS)
    assert sorted(d["id"] for d in r.docs) == sorted([d["id"] for d in DOCS] * 5)
    summary, rows = scan(tmp_path / "store", config([root]))
    assert summary.ok and summary.units_done == 5 and summary.docs == 5 * len(DOCS)
    assert [Path(s.path).name for s in summary.skipped_files] == ["notes.txt"]
    assert len(rows) == 5 * len(DOCS)


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        (["{root}/*.parquet"], ["docs.parquet"]),
        (["{root}/*.jsonl*"], ["docs.jsonl.gz"]),
        (["{root}/**/*.csv"], ["sub/docs.csv"]),
        (["{root}/**/docs.*"], ["docs.jsonl.gz", "docs.parquet", "sub/docs.csv",
                                "sub/docs.ipc"]),
        (["{root}/*.parquet", "{root}/sub/*.csv", "{root}/*.parquet"],
         ["docs.parquet", "sub/docs.csv"]),  # a file named twice is one shard
        (["{root}/sub/h?"], ["sub/hf/data-00000-of-00001.arrow"]),  # a glob may match a dir
    ],
)
def test_globs(tmp_path: Path, patterns: list[str], expected: list[str]) -> None:
    root = _mixed_dir(tmp_path / "mixed")
    r = read_all([p.format(root=root) for p in patterns])
    assert sorted(str(Path(s.uri).relative_to(root.resolve())) for s in r.shards) == expected
    assert len(r.docs) == len(expected) * len(DOCS)


def test_glob_matching_an_unknown_file_skips_it_rather_than_failing(tmp_path: Path) -> None:
    root = _mixed_dir(tmp_path / "mixed")
    r = read_all([f"{root}/*"])
    # `*` matches sub/ and _tmp/ (not .cache/): a directory a pattern names is walked
    assert {Path(s.uri).name for s in r.shards} == {
        "docs.parquet", "docs.jsonl.gz", "docs.csv", "docs.ipc",
        "data-00000-of-00001.arrow", "x.jsonl"}
    assert [Path(s.path).name for s in r.skipped] == ["notes.txt"]


# --------------------------------------------------------------------------------------
# Parquet row groups and splitting into units


def _big_parquet(path: Path, rows: int = 4000, row_group_size: int = 500) -> Path:
    import random

    rng = random.Random(7)
    texts = ["".join(rng.choice("abcdefghij klmnop") for _ in range(300)) + f" #{i}"
             for i in range(rows)]
    ids = [f"doc-{i}" if i % 3 else None for i in range(rows)]  # some without id
    pq.write_table(
        pa.table({"text": texts, "id": ids,
                  "url": [f"https://s{i % 5}.example.com/{i}" for i in range(rows)]}),
        path, row_group_size=row_group_size, compression="none",
    )
    return path


def test_plan_units_splits_by_row_groups_and_rows_continue(tmp_path: Path) -> None:
    p = _big_parquet(tmp_path / "big.parquet", rows=1000, row_group_size=100)
    (shard,), _ = discover(SourceSpec(name="src", paths=(str(p),)))
    meta = pq.ParquetFile(p).metadata
    assert meta.num_row_groups == 10

    whole = read_all([p])
    assert whole.units == 1
    assert [d["row"] for d in whole.docs] == list(range(1000))

    gsize = [meta.row_group(g).total_byte_size for g in range(10)]
    grows = [meta.row_group(g).num_rows for g in range(10)]
    for unit_bytes in [1, max(gsize) * 3, sum(gsize) // 2, shard.size]:
        units = plan_units(shard, unit_bytes)
        n = len(units)
        assert [u.index for u in units] == list(range(n))
        assert {u.count for u in units} == {n}
        if unit_bytes == 1:
            assert n == 10  # one row group each
        if unit_bytes == shard.size:
            assert n == 1 and units[0].row_groups is None and units[0].first_row == 0
            continue
        assert 1 < n < 10 or unit_bytes == 1
        groups = [list(u.row_groups or ()) for u in units]
        assert [g for gs in groups for g in gs] == list(range(10))  # each once, in order
        for i, gs in enumerate(groups):
            size = sum(gsize[g] for g in gs)
            assert units[i].est_bytes == size
            assert size <= unit_bytes or len(gs) == 1  # no unit above the target...
            if i + 1 < n:  # ...and no two neighbours that would have fitted together
                assert size + gsize[groups[i + 1][0]] > unit_bytes
        assert [u.first_row for u in units] == [
            sum(grows[: gs[0]]) for gs in groups]  # row numbers continue across units
        assert units[1].where().endswith(
            f"(row groups {groups[1][0]}-{groups[1][-1]})")
        split = read_all([p], unit_bytes=unit_bytes)
        assert split.units == n
        assert split.docs == whole.docs  # same rows, numbers, values, order


def test_split_scan_matches_unsplit_scan(tmp_path: Path) -> None:
    p = _big_parquet(tmp_path / "big.parquet")
    assert p.stat().st_size > 2**20  # bigger than the smallest allowed unit_bytes
    split_summary, split = scan(tmp_path / "s1", config([p], unit_bytes=2**20))
    whole_summary, whole = scan(tmp_path / "s2", config([p]))
    assert whole_summary.units_done == 1
    assert split_summary.units_done > 1
    assert split_summary.ok and whole_summary.ok
    assert split_summary.docs == whole_summary.docs == 4000
    assert [r["row"] for r in split] == list(range(4000))
    assert split == whole
    assert split[1]["doc_id"] == "doc-1"
    assert split[3000]["doc_id"] == f"{p.resolve()}#3000"  # no id: shard#row, global row
    with Catalog(tmp_path / "s1", read_only=True) as cat:
        units = cat.db.execute(
            "select unit_index, unit_count, docs, status from units order by unit_index"
        ).fetchall()
    assert [u[0] for u in units] == list(range(len(units)))
    assert {u[1] for u in units} == {len(units)}
    assert sum(u[2] for u in units) == 4000
    assert {u[3] for u in units} == {"done"}


# --------------------------------------------------------------------------------------
# column mapping


def _write(path: Path, records: list[dict[str, Any]], schema: pa.Schema | None = None) -> Path:
    if path.suffix == ".parquet":
        pq.write_table(pa.Table.from_pylist(records, schema=schema), path)
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


NESTED = [
    {"content": "first", "metadata": {"url": "https://a.example.com/1",
                                      "crawl": {"ts": "20240501120000"}, "lang": "en"}},
    {"content": "second", "metadata": {"url": "https://b.example.org/2",
                                       "crawl": {"ts": "20240502000000"}, "lang": "de"}},
]


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
@pytest.mark.parametrize(
    ("records", "cmap", "expected"),
    [
        pytest.param(
            [{"text": "a", "url": "https://x.com/", "date": "2024-05-01", "id": "i1"}],
            ColumnMap(), [("a", "https://x.com/", datetime(2024, 5, 1, tzinfo=UTC), "i1")],
            id="defaults"),
        pytest.param(
            [{"text": "a", "timestamp": "2024-05-01T00:00:00Z"}], ColumnMap(),
            [("a", None, datetime(2024, 5, 1, tzinfo=UTC), None)], id="date-from-timestamp"),
        pytest.param(
            [{"text": "a", "crawl_date": "2024-05-02"}], ColumnMap(),
            [("a", None, datetime(2024, 5, 2, tzinfo=UTC), None)], id="date-from-crawl_date"),
        pytest.param(
            [{"text": "a", "crawl_date": "2020-01-01", "timestamp": "2021-01-01",
              "date": "2022-01-01"}], ColumnMap(),
            [("a", None, datetime(2022, 1, 1, tzinfo=UTC), None)], id="date-wins"),
        pytest.param(
            [{"text": "a", "crawl_date": "2020-01-01", "timestamp": "2021-01-01"}],
            ColumnMap(), [("a", None, datetime(2021, 1, 1, tzinfo=UTC), None)],
            id="timestamp-before-crawl_date"),
        pytest.param(
            [{"body": "a", "link": "https://x.com/", "fetched": "2024-05-01", "key": "k1",
              "text": "decoy", "url": "https://decoy.com/", "id": "decoy"}],
            ColumnMap(text="body", url="link", date="fetched", id="key"),
            [("a", "https://x.com/", datetime(2024, 5, 1, tzinfo=UTC), "k1")],
            id="explicit-over-defaults"),
        pytest.param(
            NESTED, ColumnMap(text="content", url="metadata.url", date="metadata.crawl.ts"),
            [("first", "https://a.example.com/1", datetime(2024, 5, 1, 12, tzinfo=UTC), None),
             ("second", "https://b.example.org/2", datetime(2024, 5, 2, tzinfo=UTC), None)],
            id="dotted-paths-into-structs"),
        pytest.param(
            [{"text": "a", "metadata.url": "https://top.com/",
              "metadata": {"url": "https://nested.com/"}}],
            ColumnMap(url="metadata.url"), [("a", "https://top.com/", None, None)],
            id="top-level-dotted-name-wins"),
        pytest.param(
            [{"text": "a", "url": "", "id": 42}], ColumnMap(), [("a", None, None, "42")],
            id="empty-url-is-null-int-id-is-string"),
    ],
)
def test_column_mapping(tmp_path: Path, suffix: str, records: list[dict[str, Any]],
                        cmap: ColumnMap, expected: list[tuple[Any, ...]]) -> None:
    p = _write(tmp_path / f"in{suffix}", records)
    r = read_all([p], cmap)
    assert r.problems == []
    assert [(d["text"], d["url"], d["date"], d["id"]) for d in r.docs] == expected


def test_jsonl_fast_and_repairing_paths_map_columns_alike(tmp_path: Path) -> None:
    """A broken line sends its block down the line-by-line path; the mapping of the good
    lines (dotted paths, ids, dates) must not change."""
    good = [dict(r, id=i) for i, r in enumerate(NESTED)]
    cmap = ColumnMap(text="content", url="metadata.url", date="metadata.crawl.ts")
    clean = _write(tmp_path / "clean.jsonl", good)
    broken = tmp_path / "broken.jsonl"
    broken.write_text(clean.read_text() + "{not json\n")
    a, b = read_all([clean], cmap), read_all([broken], cmap)
    assert [p.kind for p in b.problems] == ["bad_json"]

    def strip(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in d.items() if k != "shard"} for d in docs]

    assert strip(a.docs) == strip(b.docs)
    assert [d["id"] for d in a.docs] == ["0", "1"]


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".csv"])
def test_id_column_becomes_doc_id_else_shard_hash_row(tmp_path: Path, suffix: str) -> None:
    with_id = tmp_path / f"with_id{suffix}"
    without = tmp_path / f"without{suffix}"
    if suffix == ".csv":
        with_id.write_text("text,id\na,x1\nb,x2\n")
        without.write_text("text,other\na,1\nb,2\n")
    else:
        _write(with_id, [{"text": "a", "id": "x1"}, {"text": "b", "id": "x2"}])
        _write(without, [{"text": "a", "other": 1}, {"text": "b", "other": 2}])
    _, rows = scan(tmp_path / "store", config([with_id, without]))
    got = {(Path(r["shard"]).name, r["row"]): r["doc_id"] for r in rows}
    w = str(without.resolve())
    assert got == {(with_id.name, 0): "x1", (with_id.name, 1): "x2",
                   (without.name, 0): f"{w}#0", (without.name, 1): f"{w}#1"}


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_null_id_falls_back_to_shard_hash_row(tmp_path: Path, suffix: str) -> None:
    p = _write(tmp_path / f"in{suffix}",
               [{"text": "a", "id": "x1"}, {"text": "b", "id": None}, {"text": "c", "id": "x3"}])
    _, rows = scan(tmp_path / "store", config([p]))
    assert [r["doc_id"] for r in rows] == ["x1", f"{p.resolve()}#1", "x3"]


def test_explicit_id_column_through_a_struct(tmp_path: Path) -> None:
    p = _write(tmp_path / "in.parquet",
               [{"text": "a", "meta": {"doc": "m-1"}}, {"text": "b", "meta": {"doc": "m-2"}}])
    _, rows = scan(tmp_path / "store", config([p], columns={"id": "meta.doc"}))
    assert [r["doc_id"] for r in rows] == ["m-1", "m-2"]


# --------------------------------------------------------------------------------------
# dates

D = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
D_MS = 1714564800000  # == D
D_S = 1714564800


@pytest.mark.parametrize(
    ("array", "expected"),
    [
        pytest.param(pa.array([datetime(2024, 5, 1, 12)], pa.timestamp("s")), [D],
                     id="timestamp-s-naive-is-utc"),
        pytest.param(pa.array([datetime(2024, 5, 1, 12)], pa.timestamp("ms")), [D],
                     id="timestamp-ms-naive"),
        pytest.param(pa.array([D_S * 10**9], pa.timestamp("ns")), [D],
                     id="timestamp-ns-naive-whole-us"),
        pytest.param(pa.array([D], pa.timestamp("us", tz="UTC")), [D], id="timestamp-utc"),
        pytest.param(pa.array([D_MS], pa.timestamp("ms", tz="Europe/Paris")), [D],
                     id="timestamp-tz-paris-same-instant"),
        pytest.param(pa.array([D_MS], pa.timestamp("ms", tz="+05:30")), [D],
                     id="timestamp-tz-offset-same-instant"),
        pytest.param(pa.array([date(2024, 5, 1)], pa.date32()),
                     [datetime(2024, 5, 1, tzinfo=UTC)], id="date32-midnight-utc"),
        pytest.param(pa.array([date(2024, 5, 1)], pa.date64()),
                     [datetime(2024, 5, 1, tzinfo=UTC)], id="date64"),
        pytest.param(pa.array([D_S], pa.int64()), [D], id="epoch-seconds-int64"),
        pytest.param(pa.array([D_S], pa.int32()), [D], id="epoch-seconds-int32"),
        pytest.param(pa.array([D_MS], pa.int64()), [D], id="epoch-millis-int64"),
        pytest.param(pa.array([D_S + 0.25]), [D + timedelta(milliseconds=250)],
                     id="epoch-seconds-float"),
        pytest.param(pa.array(["2024-05-01T12:00:00Z"]), [D], id="iso-Z"),
        pytest.param(pa.array(["2024-05-01T14:00:00+02:00"]), [D], id="iso-offset-plus"),
        pytest.param(pa.array(["2024-05-01T06:30:00-05:30"]), [D], id="iso-offset-minus"),
        pytest.param(pa.array(["2024-05-01T12:00:00.123456Z"]),
                     [D + timedelta(microseconds=123456)], id="iso-fraction"),
        pytest.param(pa.array(["2024-05-01T12:00:00"]), [D], id="iso-naive-is-utc"),
        pytest.param(pa.array(["2024-05-01 12:00:00"]), [D], id="iso-space"),
        pytest.param(pa.array(["2024-05-01"]), [datetime(2024, 5, 1, tzinfo=UTC)],
                     id="iso-date"),
        pytest.param(pa.array(["20240501120000"]), [D], id="warc-14-digits"),
        pytest.param(pa.array(["20240501120000", "2024-05-01T12:00:00Z", None]),
                     [D, D, None], id="mixed-forms-and-null"),
        pytest.param(pa.array([None, None], pa.string()), [None, None], id="all-null"),
        pytest.param(pa.array([""], pa.string()), [None], id="empty-string-null-no-problem"),
        pytest.param(pa.array(["20240501120000", "2024-05-01"]).dictionary_encode(),
                     [D, datetime(2024, 5, 1, tzinfo=UTC)], id="dictionary-strings"),
    ],
)
def test_parquet_date_forms(tmp_path: Path, array: pa.Array, expected: list[Any]) -> None:
    p = tmp_path / "d.parquet"
    pq.write_table(pa.table({"text": ["t"] * len(array), "date": array}), p)
    r = read_all([p])
    assert [d["date"] for d in r.docs] == expected
    assert r.problems == []


def test_parquet_nanosecond_timestamps_are_truncated_not_fatal(tmp_path: Path) -> None:
    p = tmp_path / "ns.parquet"
    ns = D_S * 10**9 + 123_456_789
    pq.write_table(pa.table({"text": ["t"], "date": pa.array([ns], pa.timestamp("ns"))}), p)
    assert pq.read_schema(p).field("date").type == pa.timestamp("ns")
    summary, rows = scan(tmp_path / "store", config([p]))
    assert summary.ok, summary.failures
    assert [r["date"] for r in rows] == [D + timedelta(microseconds=123_456)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param(["2024-05-01T12:00:00Z"], [D], id="iso-Z"),
        pytest.param(["2024-05-01T12:00:00z"], [D], id="iso-lower-z"),
        pytest.param(["2024-05-01T14:00:00+02:00"], [D], id="iso-offset"),
        pytest.param(["2024-05-01T14:00:00+0200"], [D], id="iso-offset-no-colon"),
        pytest.param(["2024-05-01"], [datetime(2024, 5, 1, tzinfo=UTC)], id="iso-date"),
        pytest.param(["20240501120000"], [D], id="warc-14-digits"),
        pytest.param([D_S], [D], id="epoch-seconds"),
        pytest.param([D_MS], [D], id="epoch-millis"),
        pytest.param([D_S, None], [D, None], id="epoch-and-null"),
        pytest.param(["2024-05-01T12:00:00Z", "20240501120000", "2024-05-01T14:00:00+02:00"],
                     [D, D, D], id="mixed-string-forms"),
    ],
)
def test_jsonl_date_forms(tmp_path: Path, values: list[Any], expected: list[Any]) -> None:
    p = _write(tmp_path / "d.jsonl", [{"text": "t", "date": v} for v in values])
    r = read_all([p])
    assert [d["date"] for d in r.docs] == expected
    assert r.problems == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param(["2024-05-01T12:00:00Z"], [D], id="iso-Z"),
        pytest.param(["2024-05-01T14:00:00+02:00"], [D], id="iso-offset"),
        pytest.param(["20240501120000"], [D], id="warc-14-digits"),
        pytest.param(["2024-05-01", ""], [datetime(2024, 5, 1, tzinfo=UTC), None],
                     id="iso-date-and-empty-cell"),
    ],
)
def test_csv_date_forms(tmp_path: Path, values: list[str], expected: list[Any]) -> None:
    p = tmp_path / "d.csv"
    p.write_text("text,date\n" + "".join(f"t,{v}\n" for v in values))
    r = read_all([p])
    assert [d["date"] for d in r.docs] == expected
    assert r.problems == []


def test_csv_epoch_seconds_dates(tmp_path: Path) -> None:
    p = tmp_path / "d.csv"
    p.write_text(f"text,date\nt,{D_S}\nu,{D_MS}\n")
    r = read_all([p])
    assert r.problems == []
    assert [d["date"] for d in r.docs] == [D, D]


@pytest.mark.parametrize(
    ("suffix", "write"),
    [
        (".parquet", lambda p, vals: pq.write_table(
            pa.table({"text": ["t"] * len(vals), "date": vals}), p)),
        (".jsonl", lambda p, vals: p.write_text(
            "".join(json.dumps({"text": "t", "date": v}) + "\n" for v in vals))),
        (".csv", lambda p, vals: p.write_text(
            "text,date\n" + "".join(f"t,{v}\n" for v in vals))),
    ],
)
def test_unreadable_date_is_null_and_recorded(
    tmp_path: Path, suffix: str, write: Callable[[Path, list[str]], None]
) -> None:
    p = tmp_path / f"d{suffix}"
    write(p, ["2024-05-01T12:00:00Z", "yesterday", "2024-13-45", "yesterday",
              "20240501120000"])
    r = read_all([p])
    assert [d["date"] for d in r.docs] == [D, None, None, None, D]
    assert [d["text"] for d in r.docs] == ["t"] * 5  # the documents are kept
    # one problem per distinct unreadable value, at its first row
    assert sorted((x.kind, x.line) for x in r.problems) == [("bad_value", 1),
                                                            ("bad_value", 2)]
    msgs = " | ".join(x.message for x in r.problems)
    assert "unreadable date 'yesterday'" in msgs and "'2024-13-45'" in msgs
    summary, _ = scan(tmp_path / "store", config([p]))
    assert summary.ok and summary.problems == 2
    with Catalog(tmp_path / "store", read_only=True) as cat:
        rec = cat.db.execute("select kind, line, shard from problems order by line").fetchall()
    assert rec == [("bad_value", 1, str(p.resolve())), ("bad_value", 2, str(p.resolve()))]
