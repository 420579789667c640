"""An export run: plan the shards, run them on an executor, record every file written.

The catalog's ``exports`` row is the run; ``export_files`` lists each task's files once
they are all in place (the task's completion record). A run killed at any point resumes
with the same command: recorded tasks whose files are intact are kept, the others are
redone (their leftovers removed first). ``<out>/.provscan-export.json`` is written last: a folder
without it is not a complete export.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal, Protocol

import duckdb
from pydantic import BaseModel, ConfigDict, Field

from provscan import __version__
from provscan.errors import duckdb_interrupt
from provscan.exclude import exclusion_set_path, set_info
from provscan.executors import Executor, make_executor
from provscan.export.plan import ExportError, plan_export
from provscan.export.worker import ExportResult, ExportTask, export_shard, task_files
from provscan.store import Catalog
from provscan.store.layout import file_xxh3, part_intact

DONE_FILE = ".provscan-export.json"


class ExportOptions(BaseModel):
    """How to export: what, where, in which format and file size, on which executor."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exclusions: str = Field(description="the exclusion set whose documents are left out")
    out: str = Field(description="the export folder (created; must be empty or this export's)")
    format: Literal["parquet", "jsonl"] = "parquet"
    file_bytes: int = Field(256 << 20, gt=0, description="text bytes per output file, at "
                            "most (one file holds the documents of one input shard)")
    executor: Literal["process", "serial", "ray"] = "process"
    workers: int = Field(0, ge=0, description="worker processes; 0: one per core")
    ray_address: str | None = None
    batch_rows: int = Field(8192, gt=0)
    storage_options: dict[str, str] = Field(default_factory=dict)


class ExportProgress(Protocol):
    def start(self, tasks: int, input_bytes: int) -> None: ...
    def advance(self, docs: int, nbytes: int, input_bytes: int) -> None: ...
    def task_done(self, result: ExportResult) -> None: ...
    def stop(self) -> None: ...


@dataclass
class ExportSummary:
    export_id: int
    out: str
    tasks: int = 0
    tasks_resumed: int = 0  # recorded by an earlier, interrupted run and kept
    documents: int = 0
    bytes: int = 0
    tokens: int | None = None
    removed_documents: int = 0
    files: int = 0
    seconds: float = 0.0
    complete: bool = False
    already_complete: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)


def _settings(opts: ExportOptions, set_xxh3: str) -> str:
    return json.dumps({"exclusions": opts.exclusions, "set_xxh3": set_xxh3,
                       "format": opts.format, "file_bytes": opts.file_bytes}, sort_keys=True)


def _resume_id(catalog: Catalog, out: Path, settings: str) -> tuple[int | None, bool]:
    """(export id to resume, already complete), refusing a folder used otherwise."""
    row = catalog.db.execute(
        "select export_id, settings, status from exports where out_dir = ? "
        "order by export_id desc limit 1", [str(out)]).fetchone()
    if row is not None and row[1] == settings:
        if row[2] == "done" and (out / DONE_FILE).exists():
            return int(row[0]), True
        return int(row[0]), False
    if out.exists() and any(out.iterdir()):
        raise ExportError(f"{out}: the folder is not empty and holds no unfinished export of "
                          "these settings; give an empty or new folder (an interrupted export "
                          "resumes when run again with the same options)")
    return None, False


def _intact(out: Path, files: list[tuple[Any, ...]]) -> bool:
    return all(part_intact(out / str(p), int(b), str(x)) for p, b, x in files)


def _record_task(db: duckdb.DuckDBPyConnection, export_id: int, r: ExportResult) -> None:
    db.execute("delete from export_files where export_id = ? and task = ?",
               [export_id, r.task.key])
    if r.files:
        db.executemany("insert into export_files values (?, ?, ?, ?, ?, ?, ?)",
                       [(export_id, r.task.key, f.path, f.documents, f.bytes, f.file_bytes,
                         f.xxh3) for f in r.files])


def _finish(catalog: Catalog, export_id: int, out: Path, opts: ExportOptions,
            summary: ExportSummary) -> None:
    """Totals from the recorded files, then ``.provscan-export.json``, then status done."""
    db = catalog.db
    files = db.execute("select path, documents, bytes, file_bytes, xxh3 from export_files "
                       "where export_id = ? order by path", [export_id]).fetchall()
    row = db.execute("select rules, inputs, documents, bytes, tokens, removed_documents "
                     "from exports where export_id = ?", [export_id]).fetchone()
    assert row is not None
    counts = db.execute("select reason, documents, bytes, tokens from export_counts where "
                        "export_id = ? order by reason", [export_id]).fetchall()
    written = sum(int(f[1]) for f in files)
    if written != row[2] or sum(int(f[2]) for f in files) != row[3]:
        raise ExportError(f"{out}: the files hold {written:,} documents where the manifest "
                          f"minus the set has {row[2]:,}; export again into a new folder")
    body = {"provscan_version": __version__, "exclusions": opts.exclusions,
            "format": opts.format, "rules": json.loads(row[0]),
            "documents": row[2], "bytes": row[3], "tokens": row[4],
            "removed_documents": row[5],
            "removed_by_reason": [{"reason": r, "documents": d, "bytes": b, "tokens": t}
                                  for r, d, b, t in counts],
            "inputs": json.loads(row[1]),
            "files": [{"path": p, "documents": d, "bytes": b, "file_bytes": fb, "xxh3": x}
                      for p, d, b, fb, x in files]}
    tmp = out / f".{DONE_FILE}.tmp"
    tmp.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out / DONE_FILE)
    db.execute("update exports set status = 'done', finished_at = ? where export_id = ?",
               [datetime.now(timezone.utc), export_id])
    summary.files, summary.complete = len(files), True


def _begin(catalog: Catalog, opts: ExportOptions, out: Path, settings: str,
           planned: list[Any], set_path: str) -> int:
    db = catalog.db
    info = set_info(catalog, opts.exclusions)
    row = db.execute("select coalesce(max(export_id), 0) + 1 from exports").fetchone()
    export_id = int(row[0]) if row else 1
    kept = db.execute(
        f"select count(*), coalesce(sum(bytes), 0), sum(tokens) from "
        f"({catalog.manifest_sql()}) m anti join read_parquet($set) x "
        "using (source, shard, row)", {"set": set_path}).fetchone()
    assert kept is not None
    inputs = {p.shard.uri: p.shard.fingerprint for p in planned}
    db.execute(
        "insert into exports (export_id, exclusions, out_dir, format, settings, status, "
        "rules, set_xxh3, inputs, documents, bytes, tokens, removed_documents, "
        "provscan_version, started_at) values (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)",
        [export_id, opts.exclusions, str(out), opts.format, settings,
         json.dumps({**info.rules, "keep_rule": info.keep_rule,
                     "robots_time": info.robots_time}, sort_keys=True),
         json.loads(settings)["set_xxh3"], json.dumps(inputs, sort_keys=True), kept[0],
         kept[1], kept[2], info.documents, __version__, datetime.now(timezone.utc)])
    if info.by_reason():
        db.executemany("insert into export_counts values (?, ?, ?, ?, ?)",
                       [(export_id, c.reason, c.documents, c.bytes, c.tokens)
                        for c in info.by_reason()])
    return export_id


def run_export(store: str | Path, opts: ExportOptions,
               executor: Executor[ExportTask, ExportResult],
               progress: ExportProgress | None = None) -> ExportSummary:
    """Export the documents of ``store`` that are not in the set ``opts.exclusions``."""
    t0 = time.perf_counter()
    out = Path(opts.out).absolute()
    with Catalog(store) as catalog:
        db = catalog.db
        set_path = str(exclusion_set_path(catalog.layout.root, opts.exclusions))
        settings = _settings(opts, file_xxh3(Path(set_path)))
        export_id, complete = _resume_id(catalog, out, settings)
        summary = ExportSummary(export_id or 0, str(out))
        if export_id is not None and complete:
            summary.already_complete = summary.complete = True
            _totals(db, summary)
            return summary
        planned = plan_export(catalog, set_path, opts.storage_options)
        out.mkdir(parents=True, exist_ok=True)
        for leftover in out.rglob(".*.tmp*"):  # a killed run's unfinished files
            leftover.unlink()
        if export_id is None:
            export_id = _begin(catalog, opts, out, settings, planned, set_path)
        summary.export_id = export_id
        recorded: dict[str, list[tuple[Any, ...]]] = {}
        for task_key, path, size, xxh3 in db.execute(
                "select task, path, file_bytes, xxh3 from export_files where export_id = ?",
                [export_id]).fetchall():
            recorded.setdefault(str(task_key), []).append((path, size, xxh3))
        tasks = []
        for p in planned:
            t = ExportTask(p.shard, p.columns, p.parts, set_path, str(out), opts.format,
                           opts.file_bytes, p.kept, opts.batch_rows)
            if t.key in recorded and _intact(out, recorded[t.key]) and \
                    {str(f[0]) for f in recorded[t.key]} == {
                        f.relative_to(out).as_posix() for f in task_files(out, t)}:
                summary.tasks_resumed += 1
                continue
            tasks.append(t)
        summary.tasks = len(planned)
        sink = progress

        def on_result(r: ExportResult) -> None:
            if r.ok:
                _record_task(db, export_id, r)
            else:
                summary.failures.append((r.task.shard.uri, r.error or "unknown error"))
            if sink is not None:
                sink.task_done(r)

        if sink is not None:
            sink.start(len(tasks), sum(t.shard.size for t in tasks))
        try:
            tasks.sort(key=lambda t: (-t.shard.size, t.key))
            executor.run(export_shard, tasks, sink.advance if sink else _ignore, on_result)
        except (duckdb.InterruptException, RuntimeError) as e:
            if not duckdb_interrupt(e):
                raise
            raise KeyboardInterrupt from e
        finally:
            if sink is not None:
                sink.stop()
        if summary.failures:
            db.execute("update exports set status = 'failed', error = ? where export_id = ?",
                       ["; ".join(m for _, m in summary.failures[:5]), export_id])
        else:
            _finish(catalog, export_id, out, opts, summary)
        _totals(db, summary)
    summary.seconds = time.perf_counter() - t0
    return summary


def _ignore(docs: int, nbytes: int, input_bytes: int) -> None:
    pass


def _totals(db: duckdb.DuckDBPyConnection, summary: ExportSummary) -> None:
    row = db.execute("select documents, bytes, tokens, removed_documents, (select count(*) "
                     "from export_files f where f.export_id = e.export_id) from exports e "
                     "where export_id = ?", [summary.export_id]).fetchone()
    if row is not None:
        summary.documents, summary.bytes, summary.tokens = int(row[0]), int(row[1]), row[2]
        summary.removed_documents, summary.files = int(row[3]), int(row[4])


def export_store(store: str | Path, opts: ExportOptions,
                 progress: ExportProgress | None = None) -> ExportSummary:
    """``run_export`` on the executor the options name (process pool, serial, Ray)."""
    from os import cpu_count

    executor = make_executor(opts.executor, opts.workers or cpu_count() or 1, opts.ray_address)
    return run_export(store, opts, executor, progress)


__all__ = ["DONE_FILE", "ExportOptions", "ExportProgress", "ExportSummary", "export_store",
           "run_export"]
