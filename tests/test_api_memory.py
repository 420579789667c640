"""In-memory sources through the API, with real ``datasets`` objects built from local
files: the same rows give the same manifest whether they come as Parquet files, a
Dataset, an Arrow table, a JSON stream or the HF cache; versions skip and replace."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import provscan
from provscan.cli import cli
from provscan.scan.worker import UnitResult

SERIAL = {"executor": "serial", "batch_rows": 64}
N = 150  # rows per file
#: Columns that name where a row was read: they differ between a file and memory.
WHERE = ("shard", "row")


def _rows(part: int) -> dict[str, list[Any]]:
    base = datetime(2024, 3, 1, tzinfo=UTC)
    return {
        "id": [f"doc-{part}-{i}" for i in range(N)],
        "text": [f"Document {part}-{i} about topic {i % 7}. " + "word " * (i % 40)
                 + ("Contact me at someone@example.org." if i % 11 == 0 else "")
                 for i in range(N)],
        "url": [f"https://site{i % 5}.example.com/{part}/{i}.html" for i in range(N)],
        "date": [base + timedelta(days=i) for i in range(N)],
    }


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("parquet")
    out = []
    for part in range(2):
        p = d / f"part-{part}.parquet"
        pq.write_table(pa.table(_rows(part)), p)
        out.append(p)
    return out


@pytest.fixture(scope="module")
def hf_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hf")


def _manifest(store: provscan.Store, source: str) -> pa.Table:
    t = store.query("select * from manifest where source = ? order by doc_id", [source])
    return t.drop_columns(list(WHERE))


def _scan_files(tmp: Path, paths: list[Path], name: str) -> provscan.Store:
    s = provscan.Store(tmp / "files", options=SERIAL)
    assert s.scan([str(p) for p in paths], name=name).ok
    return s


def test_dataset_files_and_table_give_the_same_manifest(
        files: list[Path], hf_cache: Path, tmp_path: Path) -> None:
    want = _manifest(_scan_files(tmp_path, files, "wiki"), "wiki")
    assert want.num_rows == 2 * N
    ds = datasets.load_dataset("parquet", data_files=[str(p) for p in files], split="train",
                               cache_dir=str(hf_cache))
    table = pa.concat_tables(pq.read_table(p) for p in files)
    for i, data in enumerate([ds, table]):
        s = provscan.Store(tmp_path / f"mem{i}", options=SERIAL)
        got = s.scan(data, name="wiki", version=None if i == 0 else "t1")
        assert got.ok and got.docs == 2 * N, got.failures
        assert _manifest(s, "wiki").equals(want)
        where = s.query("select distinct shard from manifest").column("shard").to_pylist()
        assert where == ["inmemory://wiki/train" if i == 0 else "inmemory://wiki"]
        rows = s.query("select min(row) as lo, max(row) as hi from manifest").to_pylist()
        assert rows == [{"lo": 0, "hi": 2 * N - 1}]


def test_a_json_stream_gives_the_manifest_of_its_file(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    rows = _rows(0)
    with path.open("w") as f:
        for i in range(N):
            f.write(json.dumps({"id": rows["id"][i], "text": rows["text"][i],
                                "url": rows["url"][i],
                                "date": rows["date"][i].isoformat()}) + "\n")
    res = CliRunner().invoke(cli, ["scan", str(path), "--store", str(tmp_path / "cli"),
                                   "--name", "docs", "--executor", "serial", "-q"])
    assert res.exit_code == 0, res.output
    want = _manifest(provscan.Store(tmp_path / "cli"), "docs")
    stream = datasets.load_dataset("json", data_files=str(path), streaming=True,
                                   split="train")
    assert isinstance(stream, datasets.IterableDataset)

    class Seen:
        def __init__(self) -> None:
            self.advances: list[int] = []
            self.units: list[UnitResult] = []

        def start(self, units: int, input_bytes: int) -> None:
            pass

        def advance(self, docs: int, nbytes: int, input_bytes: int) -> None:
            self.advances.append(docs)

        def unit_done(self, result: UnitResult) -> None:
            self.units.append(result)

        def stop(self) -> None:
            pass

    seen = Seen()
    s = provscan.Store(tmp_path / "api", options=SERIAL)
    got = s.scan(stream, name="docs", version="2024-03", progress=seen)
    assert got.ok, got.failures
    assert _manifest(s, "docs").equals(want)
    # read batch by batch (batch_rows 64), each batch shown as progress
    assert seen.advances == [64, 64, N - 128] and len(seen.units) == 1
    again = s.scan(stream, name="docs", version="2024-03")  # same version: not read
    assert (again.units_skipped, again.docs) == (1, 0)


def test_a_dataset_fingerprint_skips_it_and_a_changed_one_replaces_it(
        files: list[Path], hf_cache: Path, tmp_path: Path) -> None:
    ds = datasets.load_dataset("parquet", data_files=str(files[0]), split="train",
                               cache_dir=str(hf_cache))
    s = provscan.Store(tmp_path / "store", options=SERIAL)
    first = s.scan(ds, name="wiki")
    assert (first.units_done, first.docs, first.notes) == (1, N, [])
    before = s.query("select doc_id, content_hash from manifest order by doc_id")
    same = s.scan(ds, name="wiki")
    assert (same.units_skipped, same.units_done, same.docs) == (1, 0, 0)
    upper = ds.map(lambda b: {"text": [t.upper() for t in b["text"]]}, batched=True)
    assert upper._fingerprint != ds._fingerprint
    changed = s.scan(upper, name="wiki")
    assert (changed.units_done, changed.shards_changed, changed.docs) == (1, 1, N)
    after = s.query("select doc_id, content_hash from manifest order by doc_id")
    assert after.column("doc_id").equals(before.column("doc_id"))  # replaced, not added
    assert not after.column("content_hash").equals(before.column("content_hash"))
    fewer = s.scan(upper.select(range(10)), name="wiki")
    assert fewer.ok and s.query("select count(*) as n from manifest").to_pylist() == [
        {"n": 10}]


def test_a_dataset_dict_is_one_shard_per_split(files: list[Path], hf_cache: Path,
                                               tmp_path: Path) -> None:
    dd = datasets.load_dataset("parquet", cache_dir=str(hf_cache), data_files={
        "train": str(files[0]), "test": str(files[1])})
    s = provscan.Store(tmp_path / "store", options=SERIAL)
    assert s.scan(dd, name="wiki").ok
    got = s.query("select shard, count(*) as n, min(row) as lo from manifest "
                  "group by 1 order by 1").to_pylist()
    assert got == [{"shard": "inmemory://wiki/test", "n": N, "lo": 0},
                   {"shard": "inmemory://wiki/train", "n": N, "lo": 0}]
    assert s.scan(dd, name="wiki").units_skipped == 2


@pytest.mark.parametrize("make", [
    lambda t: t,
    lambda t: t.to_batches()[0],
    lambda t: t.to_pandas(),  # through __arrow_c_stream__
], ids=["table", "record-batch", "pandas"])
def test_arrow_objects_without_a_version_are_read_again(tmp_path: Path, make: Any) -> None:
    t = pa.table(_rows(0)).combine_chunks()
    s = provscan.Store(tmp_path / "store", options=SERIAL)
    first = s.scan(make(t), name="t")
    assert first.ok and first.docs == N
    assert "has no version" in first.notes[0]
    again = s.scan(make(t), name="t")
    assert (again.units_done, again.shards_changed, again.docs) == (1, 1, N)
    versioned = s.scan(make(t), name="t", version="v1")
    assert versioned.units_done == 1 and not versioned.notes
    assert s.scan(make(t), name="t", version="v1").units_skipped == 1
    assert s.query("select count(*) as n from manifest").to_pylist() == [{"n": N}]


def test_a_stream_is_read_once(tmp_path: Path) -> None:
    reader = pa.table(_rows(0)).to_reader(max_chunksize=40)
    s = provscan.Store(tmp_path / "store", options=SERIAL)
    got = s.scan(reader, name="s", version="a")
    assert got.ok and got.docs == N
    assert any("a stream is read once" in n for n in got.notes)
    twice = s.scan(reader, name="s", version="b")
    assert not twice.ok and "can be read only once: pass a new one" in twice.failures[0][1]


def test_hf_cache_by_name_and_revision(files: list[Path], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "hf"
    ds = datasets.load_dataset("parquet", data_files=[str(p) for p in files], split="train",
                               cache_dir=str(cache))
    folder = Path(ds.cache_files[0]["filename"]).parent  # parquet/CONFIG/0.0.0/HASH
    rev = folder.name
    want = _manifest(_scan_files(tmp_path, files, "wiki"), "wiki")
    s = provscan.Store(tmp_path / "store", options=SERIAL)
    ref = provscan.HFCache("parquet", revision=rev[:8], cache_dir=str(cache))
    got = s.scan(ref, name="wiki")
    assert got.ok and got.docs == 2 * N
    assert _manifest(s, "wiki").equals(want)
    shards = s.query("select distinct shard from manifest").column("shard").to_pylist()
    assert shards == [str(Path(f["filename"]).resolve()) for f in ds.cache_files]
    # A Hub dataset is cached under OWNER___NAME with the commit as its folder.
    hub = cache / "acme___tiny_web" / "default" / "0.0.0" / ("a" * 40)
    hub.parent.mkdir(parents=True)
    folder.rename(hub)
    uri = f"hf-cache://acme/TinyWeb@{'a' * 7}"
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "empty"))
    with pytest.raises(provscan.InputError, match="not in the Hugging Face datasets cache"):
        s.scan(uri, name="wiki")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(cache))  # where datasets itself looks
    moved = s.scan(uri, name="wiki")
    n = len(ds.cache_files)
    assert (moved.shards_removed, moved.shards_added, moved.docs) == (n, n, 2 * N)
    assert _manifest(s, "wiki").equals(want)
    with pytest.raises(provscan.InputError, match="revision bbbbbbb is not cached"):
        s.scan(provscan.HFCache("acme/TinyWeb", revision="b" * 7, cache_dir=str(cache)))
    with pytest.raises(provscan.InputError, match="no split nope"):
        s.scan(provscan.HFCache("acme/TinyWeb", splits=("nope",), cache_dir=str(cache)))


def test_a_stream_that_breaks_off_keeps_what_was_read_and_is_read_again(
        tmp_path: Path) -> None:
    fail = [True]

    def rows() -> Any:
        for i in range(N):
            if i == 100 and fail[0]:
                raise ConnectionError("the remote stream went away")
            yield {"id": f"g{i}", "text": f"generated document number {i}"}

    stream = datasets.IterableDataset.from_generator(rows)
    s = provscan.Store(tmp_path / "store", options=SERIAL)
    got = s.scan(stream, name="gen", version="1")
    assert (got.status, got.units_partial, got.docs) == ("partial", 1, 64)  # whole batches
    assert got.damage == {"read_error": 1}
    fail[0] = False
    again = s.scan(stream, name="gen", version="1")  # a partial unit is not skipped
    assert (again.status, again.units_done, again.docs) == ("ok", 1, N)


def test_a_streamed_dataset_dict_is_one_shard_per_split(files: list[Path],
                                                        tmp_path: Path) -> None:
    streams = datasets.load_dataset("parquet", streaming=True, data_files={
        "train": str(files[0]), "validation": str(files[1])})
    assert isinstance(streams, datasets.IterableDatasetDict)
    s = provscan.Store(tmp_path / "store", options=SERIAL)
    got = s.scan(streams, name="wiki", version="snap-1")
    assert got.ok and got.docs == 2 * N and not got.notes
    shards = s.query("select shard, count(*) as n from manifest group by 1 order by 1")
    assert shards.to_pylist() == [{"shard": "inmemory://wiki/train", "n": N},
                                  {"shard": "inmemory://wiki/validation", "n": N}]
    assert s.scan(streams, name="wiki", version="snap-1").units_skipped == 2
