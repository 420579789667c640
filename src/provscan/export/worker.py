"""The export worker: one input shard read again with the reader that scanned it, its kept
documents written to the export's files.

A module-level function taking and returning plain data, so any executor runs it. The
documents kept are the shard's manifest rows minus the exclusion set's, read from the
store by row number; a file is written under a hidden temporary name and renamed when
complete, and the coordinating process records the task last, so a killed export redoes
at most the tasks it had not recorded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provscan.config import ColumnMap
from provscan.errors import ProvscanError
from provscan.scan.batch import doc_ids
from provscan.schema import TIMESTAMP
from provscan.sources import Shard, WorkUnit, open_reader
from provscan.store.layout import file_xxh3, tmp_path

Progress = Callable[[int, int, int], None]

#: The columns of every exported file: the text exactly as the reader gave it to the scan.
EXPORT_SCHEMA = pa.schema([
    pa.field("doc_id", pa.string()),
    pa.field("source", pa.string()),
    pa.field("url", pa.string()),
    pa.field("date", TIMESTAMP),
    pa.field("text", pa.string()),
])
#: Dates in JSON lines: ISO 8601 in UTC, to the microsecond, as the readers parse them.
_ISO = "strftime(timezone('UTC', date), '%Y-%m-%dT%H:%M:%S.%fZ')"
EXTENSIONS = {"parquet": "parquet", "jsonl": "jsonl"}


@dataclass(frozen=True)
class ExportTask:
    """Export the kept documents of one shard."""

    shard: Shard
    columns: ColumnMap
    manifest_parts: tuple[str, ...]  # the shard's manifest parts in the store
    exclusion_set: str  # STORE/exclusions/<name>.parquet
    out_dir: str
    format: str  # parquet | jsonl
    file_bytes: int  # a new file is started once this many text bytes are written
    expected_docs: int  # kept documents of the shard, from the manifest
    batch_rows: int = 8192

    @property
    def key(self) -> str:
        return f"{self.shard.source}/{self.shard.shard_id}"


@dataclass(frozen=True)
class ExportedFile:
    path: str  # relative to the export folder
    documents: int
    bytes: int  # UTF-8 bytes of the texts
    file_bytes: int
    xxh3: str  # xxh3-64 of the file


@dataclass(frozen=True)
class ExportResult:
    task: ExportTask
    ok: bool
    docs: int = 0
    bytes: int = 0
    files: tuple[ExportedFile, ...] = field(default_factory=tuple)
    error: str | None = None
    seconds: float = 0.0


def task_files(out_dir: Path, task: ExportTask) -> list[Path]:
    """The files (final and temporary) a task writes: its shard id names them."""
    d = out_dir / task.shard.source
    if not d.is_dir():
        return []
    sid = task.shard.shard_id
    return [p for p in d.iterdir() if p.name.startswith((f"{sid}-", f".{sid}-"))]


def kept_rows(task: ExportTask) -> np.ndarray:
    """The row numbers of the shard's kept documents, sorted."""
    con = duckdb.connect()
    try:
        con.execute("set threads = 1")
        parts = list(task.manifest_parts)
        rows = con.execute(
            "select row from read_parquet($parts) where shard = $shard "
            "and row not in (select row from read_parquet($set) where shard = $shard) "
            "order by row", {"parts": parts, "set": task.exclusion_set,
                             "shard": task.shard.uri}).fetchnumpy()["row"]
    finally:
        con.close()
    return np.asarray(rows, dtype=np.int64)


class _Files:
    """Output files of one task: ``<source>/<shard id>-<nnnnn>.<ext>``, each published
    when complete."""

    def __init__(self, task: ExportTask) -> None:
        self.task = task
        self.dir = Path(task.out_dir) / task.shard.source
        self.done: list[ExportedFile] = []
        self.index = 0
        self.final: Path | None = None
        self.writer: pq.ParquetWriter | None = None
        self.docs = self.bytes = 0

    def write(self, batch: pa.RecordBatch, nbytes: int) -> None:
        if self.final is None:
            self._open()
        assert self.final is not None
        tmp = tmp_path(self.final)
        if self.writer is not None:
            self.writer.write_batch(batch)
        else:  # JSON lines: DuckDB escapes and writes them, appended to the file
            chunk = tmp.with_name(tmp.name + ".chunk")
            con = duckdb.connect()
            try:
                con.register("b", pa.Table.from_batches([batch]))
                con.execute("set threads = 1")
                con.execute(f"copy (select doc_id, source, url, {_ISO} as date, text from b) "
                            f"to '{_q(str(chunk))}' (format json)")
            finally:
                con.close()
            with tmp.open("ab") as out, chunk.open("rb") as src:
                while block := src.read(8 << 20):
                    out.write(block)
            chunk.unlink()
        self.docs += batch.num_rows
        self.bytes += nbytes
        if self.bytes >= self.task.file_bytes:
            self.close()

    def _open(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        ext = EXTENSIONS[self.task.format]
        self.final = self.dir / f"{self.task.shard.shard_id}-{self.index:05d}.{ext}"
        tmp = tmp_path(self.final)
        if self.task.format == "parquet":
            self.writer = pq.ParquetWriter(tmp, EXPORT_SCHEMA, compression="zstd")
        else:
            tmp.write_bytes(b"")
        self.index += 1

    def close(self) -> None:
        if self.final is None:
            return
        tmp = tmp_path(self.final)
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        size = tmp.stat().st_size
        checksum = file_xxh3(tmp)
        tmp.replace(self.final)
        rel = self.final.relative_to(Path(self.task.out_dir)).as_posix()
        self.done.append(ExportedFile(rel, self.docs, self.bytes, size, checksum))
        self.final, self.docs, self.bytes = None, 0, 0

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        for p in task_files(Path(self.task.out_dir), self.task):
            p.unlink(missing_ok=True)


def _q(s: str) -> str:
    return s.replace("'", "''")


def export_shard(task: ExportTask, progress: Progress) -> ExportResult:
    """Write the kept documents of one shard; never raises for bad input."""
    t0 = time.perf_counter()
    files = _Files(task)
    docs = nbytes = 0
    try:
        for p in task_files(Path(task.out_dir), task):  # a killed run's files: redone
            p.unlink()
        keep = pa.array(kept_rows(task))
        unit = WorkUnit(task.shard, est_bytes=task.shard.size)
        reader = open_reader(unit, task.columns, task.batch_rows)
        source = pa.scalar(task.shard.source, pa.string())
        done_frac = 0.0
        for rb in reader.batches():
            mask = pc.is_in(rb.rows, value_set=keep)
            b = rb.batch.filter(mask)
            rows = rb.rows.filter(mask)
            n = b.num_rows
            step = int((rb.progress - done_frac) * unit.est_bytes)
            done_frac = rb.progress
            if not n:
                progress(0, 0, step)
                continue
            text = b.column("text")
            out = pa.RecordBatch.from_arrays(
                [doc_ids(b.column("id"), task.shard.uri, rows), pa.repeat(source, n),
                 b.column("url"), b.column("date"), text], schema=EXPORT_SCHEMA)
            size = pc.sum(pc.binary_length(text)).as_py() or 0
            files.write(out, size)
            docs, nbytes = docs + n, nbytes + size
            progress(n, size, step)
        files.close()
        if docs != task.expected_docs:
            raise ProvscanError(
                f"{task.shard.uri}: read {docs:,} kept documents where the manifest has "
                f"{task.expected_docs:,}; the file no longer gives what was scanned. "
                "Re-scan it (provscan scan), rebuild the exclusion set, export again")
    except Exception as e:
        files.abort()
        msg = str(e) if isinstance(e, ProvscanError) else (
            f"{task.shard.uri}: cannot be read again for export ({type(e).__name__}: {e})")
        return ExportResult(task, False, docs, nbytes, (), msg, time.perf_counter() - t0)
    return ExportResult(task, True, docs, nbytes, tuple(files.done), None,
                        time.perf_counter() - t0)


__all__ = ["EXPORT_SCHEMA", "ExportResult", "ExportTask", "ExportedFile", "export_shard",
           "kept_rows", "task_files"]
