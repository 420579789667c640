"""Export: the kept documents, read again from their shards, are byte for byte what was
scanned, in every input format; scanning the export gives the kept doc_ids with the same
content hashes; bad input stops the export before anything is written."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from provscan.config import ColumnMap, build_config
from provscan.exclude import build_exclusion_set, spec_from_options
from provscan.executors import SerialExecutor, make_executor
from provscan.export import DONE_FILE, ExportError, ExportOptions, run_export
from provscan.scan.run import run_scan
from provscan.sources import Shard, WorkUnit, open_reader
from provscan.store import Catalog
from provscan.store.layout import file_xxh3


def _rows(store: Path, sql: str) -> list[tuple[object, ...]]:
    with Catalog(store, read_only=True) as cat:
        return cat.db.execute(sql.replace("$manifest", f"({cat.manifest_sql()})")).fetchall()


def _kept(store: Path, name: str) -> list[tuple[object, ...]]:
    """(doc_id, content_hash, source, shard, row) of the manifest minus the set."""
    return sorted(_rows(store, f"select doc_id, content_hash, source, shard, row from "
                        f"$manifest anti join read_parquet('{store}/exclusions/{name}.parquet')"
                        " using (source, shard, row)"))


def _export(store: Path, name: str, out: Path, fmt: str = "parquet",
            file_bytes: int = 1 << 30) -> None:
    opts = ExportOptions(exclusions=name, out=str(out), format=fmt,  # type: ignore[arg-type]
                         file_bytes=file_bytes)
    s = run_export(store, opts, SerialExecutor())
    assert s.complete and not s.failures, s.failures


def _rescan(out: Path, tmp: Path) -> list[tuple[object, ...]]:
    cfg = build_config(options={"profile": "fast"}, sources=[
        {"name": "x", "paths": [str(out)], "columns": {"id": "doc_id"}}])
    summary = run_scan(cfg, tmp, SerialExecutor())
    assert summary.ok
    return sorted(_rows(tmp, "select doc_id, content_hash from $manifest"))


@pytest.fixture()
def store(sample_store: Path, tmp_path: Path) -> Path:
    shutil.copytree(sample_store, tmp_path / "store")
    return tmp_path / "store"


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_sample_without_reserved_rescans_to_the_kept_ids_and_hashes(
        store: Path, tmp_path: Path, fmt: str) -> None:
    build_exclusion_set(store, spec_from_options("r", ["reserved"]))
    _export(store, "r", tmp_path / "out", fmt, file_bytes=300_000)
    kept = _kept(store, "r")
    assert len(kept) == 4483 - 959
    assert _rescan(tmp_path / "out", tmp_path / "rescan") == sorted(
        (d, h) for d, h, *_ in kept)
    record = json.loads((tmp_path / "out" / DONE_FILE).read_text())
    assert record["documents"] == len(kept) and record["removed_documents"] == 959
    assert record["removed_by_reason"][0]["reason"] == "reserved"
    assert len(record["files"]) > 6  # web's shards are cut at 300 kB of text
    for f in record["files"]:
        assert file_xxh3(tmp_path / "out" / f["path"]) == f["xxh3"]
    with Catalog(store, read_only=True) as cat:
        row = cat.db.execute("select status, documents, inputs from exports").fetchone()
        assert row is not None and row[:2] == ("done", len(kept))
        assert len(json.loads(row[2])) == 7  # every input shard with its fingerprint


def test_every_input_format_round_trips_byte_for_byte(store: Path, tmp_path: Path) -> None:
    """The sample's Parquet, JSONL (.gz, .zst), CSV, Arrow and WARC shards: each exported
    text is the reader's text for that row, to the byte."""
    build_exclusion_set(store, spec_from_options("odd", [], "row % 2 = 1"))
    _export(store, "odd", tmp_path / "out")
    got = {r["doc_id"]: r["text"] for r in ds.dataset(
        tmp_path / "out", format="parquet").to_table().to_pylist()}
    units = _rows(store, "select distinct u.shard, u.format, s.columns, u.fingerprint from units"
                  " u join sources s on s.name = u.source")
    formats = set()
    for shard, fmt, columns, _ in units:
        formats.add(Path(str(shard)).name.split(".", 1)[1])
        st = os.stat(str(shard))
        unit = WorkUnit(Shard("s", str(shard), str(fmt), st.st_size, st.st_mtime_ns))
        ids = dict(_rows(store, f"select row, doc_id from $manifest where shard = '{shard}'"))
        for rb in open_reader(unit, ColumnMap.model_validate_json(str(columns))).batches():
            for row, text in zip(rb.rows.to_pylist(), rb.batch.column("text").to_pylist(),
                                 strict=True):
                if row % 2 == 0:
                    assert got[ids[row]].encode() == text.encode(), (shard, row)
                else:
                    assert ids[row] not in got or ids[row].startswith("web")
    assert formats >= {"parquet", "jsonl.gz", "jsonl.zst", "csv", "arrow", "warc.gz"}


def test_delta_table_round_trips(tmp_path: Path) -> None:
    deltalake = pytest.importorskip("deltalake")
    texts = [f"delta document {i} é \u2028 \"quoted\"" for i in range(40)]
    deltalake.write_deltalake(str(tmp_path / "t"), pa.table({"text": texts[:20]}))
    deltalake.write_deltalake(str(tmp_path / "t"), pa.table({"text": texts[20:]}), mode="append")
    cfg = build_config(options={"profile": "fast"}, sources=[
        {"name": "d", "paths": [str(tmp_path / "t")], "format": "delta"}])
    run_scan(cfg, tmp_path / "store", SerialExecutor())
    build_exclusion_set(tmp_path / "store", spec_from_options("x", [], "row % 4 = 0"))
    _export(tmp_path / "store", "x", tmp_path / "out", "jsonl")
    kept = _kept(tmp_path / "store", "x")
    assert len(kept) == 40 - 10  # rows 0, 4, … 16 of each of the two files
    assert _rescan(tmp_path / "out", tmp_path / "rescan") == sorted((d, h) for d, h, *_ in kept)


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_hard_texts_survive_both_output_formats(tmp_path: Path, fmt: str) -> None:
    texts = ['quote " backslash \\ slash /', "tab\tcr\r\nlf\n", "nul \x00 bell \x07 esc \x1b",
             "emoji 😀 and combining e\u0301", "line sep \u2028 para sep \u2029", "", " ",
             "x" * 100_000, "\ufeffbom at start", "lone high surrogates are not UTF-8: ok"]
    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"text": texts, "id": [f"t{i}" for i in range(len(texts))]}),
                   tmp_path / "in" / "t.parquet")
    cfg = build_config(options={"profile": "fast"}, sources=[
        {"name": "t", "paths": [str(tmp_path / "in")]}])
    run_scan(cfg, tmp_path / "store", SerialExecutor())
    build_exclusion_set(tmp_path / "store", spec_from_options("none", [], "false"))
    _export(tmp_path / "store", "none", tmp_path / "out", fmt)
    assert _rescan(tmp_path / "out", tmp_path / "rescan") == sorted(
        (d, h) for d, h, *_ in _kept(tmp_path / "store", "none"))
    if fmt == "parquet":
        t = ds.dataset(tmp_path / "out", format="parquet").to_table().sort_by("doc_id")
        assert dict(zip(t["doc_id"].to_pylist(), t["text"].to_pylist(), strict=True)) == {
            f"t{i}": x for i, x in enumerate(texts)}


def test_a_changed_or_vanished_shard_stops_the_export_before_writing(
        tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for i in range(3):
        pq.write_table(pa.table({"text": [f"doc {i} {j}" for j in range(5)]}),
                       tmp_path / "in" / f"s{i}.parquet")
    cfg = build_config(options={"profile": "fast"}, sources=[
        {"name": "s", "paths": [str(tmp_path / "in")]}])
    run_scan(cfg, tmp_path / "store", SerialExecutor())
    build_exclusion_set(tmp_path / "store", spec_from_options("x", [], "row = 0"))
    pq.write_table(pa.table({"text": ["changed"]}), tmp_path / "in" / "s1.parquet")
    (tmp_path / "in" / "s2.parquet").unlink()
    with pytest.raises(ExportError) as e:
        _export(tmp_path / "store", "x", tmp_path / "out")
    msg = str(e.value)
    assert "s1.parquet: changed since the scan" in msg and "s2.parquet: vanished" in msg
    assert "re-scan (provscan scan)" in msg and "s0.parquet" not in msg
    assert not (tmp_path / "out").exists()


def test_a_used_folder_is_refused_and_a_finished_export_is_not_redone(
        store: Path, tmp_path: Path) -> None:
    build_exclusion_set(store, spec_from_options("r", ["reserved"]))
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x.txt").write_text("mine")
    with pytest.raises(ExportError, match="the folder is not empty"):
        _export(store, "r", tmp_path / "used")
    _export(store, "r", tmp_path / "out")
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*")}
    time.sleep(0.01)
    s = run_export(store, ExportOptions(exclusions="r", out=str(tmp_path / "out"),
                                        file_bytes=1 << 30),
                   make_executor("serial", 1))
    assert s.already_complete
    assert before == {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*")}


def test_shards_on_s3_are_read_again_from_s3(s3_bucket: str, aws_env: str,
                                            sample_corpus: Path, tmp_path: Path) -> None:
    boto3 = pytest.importorskip("boto3")
    client = boto3.client("s3", endpoint_url=aws_env)
    for f in ("web/part-0000.parquet", "crawl/crawl-000.warc.gz"):
        client.upload_file(str(sample_corpus / f), s3_bucket, f"corpus/{f}")
    cfg = build_config(options={"profile": "fast"}, sources=[
        {"name": "s3", "paths": [f"s3://{s3_bucket}/corpus/**"]}])
    assert run_scan(cfg, tmp_path / "store", SerialExecutor()).ok
    build_exclusion_set(tmp_path / "store", spec_from_options("x", [], "row % 3 = 0"))
    _export(tmp_path / "store", "x", tmp_path / "out")
    kept = _kept(tmp_path / "store", "x")
    assert {str(k[3]).split("/")[-1] for k in kept} == {"part-0000.parquet",
                                                        "crawl-000.warc.gz"}
    assert _rescan(tmp_path / "out", tmp_path / "rescan") == sorted((d, h) for d, h, *_ in kept)
    client.put_object(Bucket=s3_bucket, Key="corpus/web/part-0000.parquet", Body=b"changed")
    with pytest.raises(ExportError, match=r"part-0000\.parquet: changed since the scan"):
        _export(tmp_path / "store", "x", tmp_path / "out2")


def test_process_pool_writes_the_same_files_as_serial(store: Path, tmp_path: Path) -> None:
    build_exclusion_set(store, spec_from_options("r", ["reserved"]))
    outs = {}
    for name in ("serial", "process"):
        out = tmp_path / name
        s = run_export(store, ExportOptions(exclusions="r", out=str(out), file_bytes=200_000),
                       make_executor(name, 2))
        assert s.complete and not s.failures
        outs[name] = {p.relative_to(out).as_posix(): file_xxh3(p)
                      for p in out.rglob("*.parquet")}
    assert outs["serial"] == outs["process"] and len(outs["serial"]) > 7
