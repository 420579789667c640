"""A scan run: discover shards, skip finished ones, run the rest, record completion."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import duckdb

from provscan.config import ScanConfig, ScanOptions, SourceSpec
from provscan.dedup import ClusterStats, cluster_store
from provscan.detect.licences import dataset_licence
from provscan.detect.names import check_available
from provscan.detect.optout.tokens import CrawlerTokens
from provscan.errors import duckdb_interrupt
from provscan.executors import Executor, ProcessPool, SerialExecutor, ThreadPool, make_executor
from provscan.scan.worker import UnitResult, UnitTask, release, scan_unit
from provscan.sources import (
    LOSS_KINDS,
    READER_VERSIONS,
    Skipped,
    WorkUnit,
    discover,
    plan_units,
)
from provscan.sources.captures import read_captures
from provscan.sources.memory import MemoryPart, MemorySource
from provscan.store import Catalog
from provscan.store.captures import write_captures
from provscan.store.layout import Layout, part_intact


class ProgressSink(Protocol):
    def start(self, units: int, input_bytes: int) -> None: ...
    def advance(self, docs: int, nbytes: int, input_bytes: int) -> None: ...
    def unit_done(self, result: UnitResult) -> None: ...
    def stop(self) -> None: ...


class NoProgress:
    def start(self, units: int, input_bytes: int) -> None:
        pass

    def advance(self, docs: int, nbytes: int, input_bytes: int) -> None:
        pass

    def unit_done(self, result: UnitResult) -> None:
        pass

    def stop(self) -> None:
        pass


@dataclass
class ScanSummary:
    run_id: int
    units_planned: int = 0
    units_skipped: int = 0
    units_done: int = 0
    units_failed: int = 0
    units_partial: int = 0  # read in part: input lost, what was read intact kept
    docs: int = 0
    bytes: int = 0
    problems: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: Records left out by rule, per reason, over the units of this run.
    skipped_records: dict[str, int] = field(default_factory=dict)
    #: Problems where input was lost, per kind, and the repairs, per kind.
    damage: dict[str, int] = field(default_factory=dict)
    repairs: dict[str, int] = field(default_factory=dict)
    #: (input, message) of site-capture files that could not be read whole.
    capture_problems: list[tuple[str, str]] = field(default_factory=list)
    skipped_files: list[Skipped] = field(default_factory=list)
    captures: int | None = None  # site captures ingested by this run
    shards_added: int = 0  # shards not seen before in their source
    shards_changed: int = 0  # shards whose file changed since their last scan
    shards_removed: int = 0  # shards whose file is gone: their parts were retired
    units_redone: int = 0  # units whose manifest part was missing or damaged
    near_duplicates: ClusterStats | None = None
    #: What a user should know (an in-memory source without a version, a stream).
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every shard was read whole: nothing failed, nothing was lost."""
        return (self.units_failed == 0 and self.units_partial == 0
                and not self.capture_problems)

    @property
    def status(self) -> str:
        if self.units_failed:
            return "failed"
        return "ok" if self.ok else "partial"


def _file_stamp(path: str | None) -> list[object] | None:
    if not path:
        return None
    p = Path(path)
    return [str(p.resolve()), p.stat().st_mtime_ns if p.exists() else 0]


def names_settings(opts: ScanOptions) -> dict[str, Any]:
    """Whether and how names are counted: no sampled text (``sample_max_chars`` 0) means
    not counted; a pipeline folder is stamped so that a changed model redoes the units."""
    d = opts.person_names.model_dump()
    d["enabled"] = opts.counts_names
    pipe = d.get("pipeline")
    if pipe and Path(pipe).is_dir():
        d["pipeline_stamp"] = _file_stamp(str(Path(pipe) / "meta.json"))
    return d


def settings_key(spec: SourceSpec, opts: ScanOptions, captures: str | None = None,
                 shard_format: str | None = None) -> str:
    """What, besides the file itself, determines a unit's manifest part."""
    full = opts.profile == "full"
    key: dict[str, Any] = {
        "profile": opts.profile, "sample_rate": opts.sample_rate,
        "sample_max_chars": opts.sample_max_chars,
        "tokenizer": _file_stamp(opts.tokenizer) if full else None,
        "captures": captures if full else None,
        "robots_time": opts.robots_time if full else None,
        "crawler_tokens": _file_stamp(opts.crawler_tokens) if full else None,
        "near_duplicates": opts.near_duplicates.model_dump(exclude={"memory_limit"})
        if full else None,
        "columns": spec.columns.model_dump(), "format": spec.format, "manifest": 2}
    if full:  # added later: only full-profile units (which gain pii_person) are redone
        key["person_names"] = names_settings(opts)
    reader = READER_VERSIONS.get(shard_format or "")
    if reader is not None:  # a reader that now finds more: its units are redone once
        key["reader"] = reader
    return json.dumps(key, sort_keys=True)


def _plan(
    catalog: Catalog, run_id: int, src: SourceSpec | MemorySource, opts: ScanOptions,
    summary: ScanSummary, captures: str | None,
) -> list[WorkUnit]:
    if isinstance(src, MemorySource):  # no files: one unit per split, nothing skipped
        spec = src.spec
        shards = [p.shard(spec.name) for p in src.parts]
        units = [WorkUnit(s, est_bytes=s.size) for s in shards]
        summary.notes.extend(src.notes())
    else:
        spec = src
        shards, skipped = discover(spec)
        summary.skipped_files.extend(skipped)
        if shards:  # a Hugging Face card or LICENSE file next to the data
            catalog.record_dataset_licence(spec.name, dataset_licence(shards[0].uri))
        catalog.record_skipped(run_id, spec.name, [(s.path, s.reason) for s in skipped])
        units = [u for s in shards for u in plan_units(s, opts.unit_bytes)]
    uris = [s.uri for s in shards]
    keys = {u.key for u in units}
    known_shards = catalog.shards_known(spec.name)
    summary.shards_removed += len(known_shards - set(uris))
    summary.shards_added += len(set(uris) - known_shards)
    # Units whose file is gone (retired) or whose split changed: remove their parts.
    stale = catalog.stale_units(spec.name, keys)
    layout = catalog.layout
    for _, part_path, sample_path in stale:
        if part_path:
            layout.remove_unit(layout.resolve(part_path),
                               layout.resolve(sample_path) if sample_path else None)
    catalog.drop_units([k for k, _, _ in stale])
    known = catalog.units_of(uris)
    by_format: dict[str, str] = {}
    todo: list[WorkUnit] = []
    changed: set[str] = set()
    for u in units:
        rec = known.get(u.key)
        fmt = u.shard.format
        settings = by_format.get(fmt) or by_format.setdefault(
            fmt, settings_key(spec, opts, captures, fmt))
        # A 0-byte Parquet or Arrow file was once recorded as done: it is corrupt.
        empty_container = u.shard.size == 0 and fmt in ("parquet", "arrow")
        if (rec and rec.status == "done" and rec.fingerprint == u.shard.fingerprint
                and rec.settings == settings and not empty_container):
            if rec.part and part_intact(layout.resolve(rec.part), rec.part_bytes, rec.part_xxh3):
                summary.units_skipped += 1
                continue
            summary.units_redone += 1  # its part is missing, truncated or altered
        elif rec and rec.fingerprint != u.shard.fingerprint:
            changed.add(u.shard.uri)
        todo.append(u)
    summary.shards_changed += len(changed)
    rows: list[dict[str, Any]] = []
    for u in todo:
        part = layout.manifest_part(spec.name, u.key)
        sample = layout.sample_part(spec.name, u.key)
        layout.remove_unit(part, sample)  # an old part of a changed shard never counts again
        rows.append({
            "unit_key": u.key, "source": spec.name, "shard": u.shard.uri,
            "format": u.shard.format, "fingerprint": u.shard.fingerprint,
            "settings": by_format[u.shard.format], "unit_index": u.index,
            "unit_count": u.count,
            "profile": opts.profile, "part": layout.relative(part),
            "sample_part": layout.relative(sample),
        })
    catalog.mark_pending(run_id, rows)
    return todo


def _visible(r: UnitResult, layout: Layout) -> UnitResult:
    """A unit is done only if its part is in this process's store: a worker on another
    machine that does not share the store's filesystem wrote it elsewhere."""
    if not r.ok or r.part_bytes is None:
        return r
    part = layout.manifest_part(r.unit.shard.source, r.unit.key)
    try:
        if part.stat().st_size == r.part_bytes:
            return r
    except OSError:
        pass
    return dataclasses.replace(r, ok=False, error=(
        f"{r.unit.where()}: its manifest part was written where this process cannot see it "
        f"({part}). With Ray on several machines, the store must be on a filesystem every "
        "node mounts at the same path (docs/executors.md)."))


def _captures(catalog: Catalog, run_id: int, opts: ScanOptions,
              summary: ScanSummary) -> str | None:
    """Ingest ``--site-captures`` (if given) and return the captures' fingerprint. A file
    or record that cannot be read is a problem of that input; the rest is ingested."""
    if opts.site_captures:
        got = read_captures(list(opts.site_captures))
        write_captures(got.table, catalog.layout.captures_file)
        catalog.set_meta("captures", got.fingerprint)
        catalog.set_meta("captures_count", str(got.count))
        catalog.record_capture_problems(run_id, got.problems)
        summary.captures = got.count
        summary.capture_problems = [(p.origin, p.message) for p in got.problems]
    return catalog.get_meta("captures")


def _add(into: dict[str, int], counts: dict[str, int]) -> None:
    for k, n in counts.items():
        into[k] = into.get(k, 0) + n


def run_scan(
    config: ScanConfig,
    store: str | Path,
    executor: Executor[UnitTask, UnitResult],
    progress: ProgressSink | None = None,
    command: str = "scan",
) -> ScanSummary:
    """Scan every source of ``config`` into ``store``; returns what happened."""
    return run_sources(config.options, config.sources, store, executor, progress, command)


def _run_tasks(executor: Executor[UnitTask, UnitResult], tasks: list[UnitTask],
               sink: ProgressSink, on_result: Any, captures: str | None = None) -> None:
    """File units on ``executor``; in-memory units in this process, which holds them."""
    files = [t for t in tasks if t.part is None]
    memory = [t for t in tasks if t.part is not None]
    if files:
        _files_executor(executor, files, captures).run(scan_unit, files, sink.advance,
                                                       on_result)
    if memory:
        SerialExecutor[UnitTask, UnitResult](1).run(scan_unit, memory, sink.advance,
                                                    on_result)


#: Formats whose readers decode in compiled code (pyarrow), the GIL released.
_THREADED_FORMATS = frozenset({"parquet", "arrow", "delta", "hf", "csv", "jsonl"})
#: The most workers the full profile runs on threads (see ``_files_executor``).
_FULL_THREADS = 2


def _files_executor(executor: Executor[UnitTask, UnitResult], tasks: list[UnitTask],
                    captures: str | None = None) -> Executor[UnitTask, UnitResult]:
    """The fast profile runs no Python per document: Parquet decoding, UTF-8 checks, the
    compiled core, Arrow compute and writing parts release the GIL, so a process pool's
    units run on as many threads of this process instead: no worker has to start, import
    provscan and exit (~1 s of a 400 MB scan), and the tree holds one process. Not for
    formats read by Python record by record (WARC, ARC): those keep their processes.

    The full profile holds the GIL for part of each batch (personal names in spaCy, the
    licence matcher, opt-out bookkeeping). With two workers that does not bind: threads
    ran as fast as processes and the tree held ~90 MB less (one process: one set of
    imports, one spaCy import; 400 MB, 2 cores: 11.3-12.2 s vs 11.3-11.7 s, peak tree
    RSS 564-577 vs 657-663 MB). With site captures (Python per URL) threads were slower
    (19.7-20.4 s vs 15.1-15.5 s), and with more workers the GIL would bind, so those
    keep their processes. Each thread has its own detectors (``worker._detectors``)."""
    if not isinstance(executor, ProcessPool) or not all(
            t.unit.shard.format in _THREADED_FORMATS for t in tasks):
        return executor
    full_ok = executor.workers <= _FULL_THREADS and captures is None and all(
        t.options.person_names.pipeline is None for t in tasks)
    if all(t.options.profile == "fast" or full_ok for t in tasks):
        return ThreadPool[UnitTask, UnitResult](executor.workers)
    return executor


def run_sources(
    opts: ScanOptions,
    sources: Sequence[SourceSpec | MemorySource],
    store: str | Path,
    executor: Executor[UnitTask, UnitResult],
    progress: ProgressSink | None = None,
    command: str = "scan",
) -> ScanSummary:
    """Scan ``sources`` (file sources and in-memory ones) into ``store`` with ``opts``;
    returns what happened. Source names must be unique."""
    sink = progress or NoProgress()
    t0 = time.perf_counter()
    if opts.counts_names:
        check_available(opts.person_names.pipeline)  # before the store is touched
    with Catalog(store, create=True) as catalog:
        run_id = catalog.begin_run(command)
        summary = ScanSummary(run_id)

        def on_result(r: UnitResult) -> None:
            r = _visible(r, catalog.layout)
            problems = sum(r.problem_counts.values())
            catalog.record(
                run_id, r.unit.key,
                {"status": r.status, "docs": r.docs, "bytes": r.bytes,
                 "tokens": r.tokens, "problems": problems, "error": r.error,
                 "token_method": r.token_method, "seconds": r.seconds,
                 "part_bytes": r.part_bytes, "part_xxh3": r.part_xxh3,
                 **(r.provenance.columns() if r.provenance is not None else {})},
                [(p.kind, p.line, p.message) for p in r.problems], r.unit.shard.uri,
                r.skipped,
            )
            summary.problems += problems
            _add(summary.skipped_records, r.skipped)
            _add(summary.damage, {k: n for k, n in r.problem_counts.items() if k in LOSS_KINDS})
            _add(summary.repairs,
                 {k: n for k, n in r.problem_counts.items() if k not in LOSS_KINDS})
            if r.ok:
                summary.units_done += 1
                summary.units_partial += r.partial
                summary.docs += r.docs
                summary.bytes += r.bytes
            else:
                summary.units_failed += 1
                summary.failures.append((r.unit.where(), r.error or "unknown error"))
            sink.unit_done(r)

        status, error = "interrupted", None
        started = False
        try:
            captures = None
            if opts.profile == "full":
                captures = _captures(catalog, run_id, opts, summary)
                tokens = CrawlerTokens.load(opts.crawler_tokens)  # what the workers judge with
                catalog.record_token_list(tokens.label, tokens.file, tokens.text)
            tasks: list[UnitTask] = []
            for src in sources:
                spec = src.spec if isinstance(src, MemorySource) else src
                parts: dict[str, MemoryPart] = {} if isinstance(src, SourceSpec) else {
                    p.shard(spec.name).uri: p for p in src.parts}
                catalog.upsert_source(spec)
                for u in _plan(catalog, run_id, src, opts, summary, captures):
                    tasks.append(UnitTask(u, spec.columns, opts, str(catalog.layout.root),
                                          parts.get(u.shard.uri)))
            tasks.sort(key=lambda t: (-t.unit.est_bytes, t.unit.key))  # big units first
            summary.units_planned = len(tasks) + summary.units_skipped
            sink.start(len(tasks), sum(t.unit.est_bytes for t in tasks))
            started = True
            try:
                _run_tasks(executor, tasks, sink, on_result, captures)
                release()
            except (duckdb.InterruptException, RuntimeError) as e:  # Ctrl-C in a catalog write
                if not duckdb_interrupt(e):
                    raise
                raise KeyboardInterrupt from e
            if opts.profile == "full" and opts.near_duplicates.enabled:
                summary.near_duplicates = cluster_store(
                    catalog, opts.near_duplicates.memory_limit, only_if_changed=True)
            status = summary.status
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # recorded, then raised on: a run never stays "running"
            status, error = "error", f"{type(e).__name__}: {e}"
            raise
        finally:
            if started:
                sink.stop()
            summary.seconds = time.perf_counter() - t0
            catalog.refresh_views()
            catalog.end_run(
                run_id, units_planned=summary.units_planned,
                units_skipped=summary.units_skipped, units_done=summary.units_done,
                units_failed=summary.units_failed, docs=summary.docs, bytes=summary.bytes,
                status=status, shards_added=summary.shards_added,
                shards_changed=summary.shards_changed, shards_removed=summary.shards_removed,
                units_redone=summary.units_redone, error=error,
            )
    return summary


def scan_store(config: ScanConfig, store: str | Path, progress: ProgressSink | None = None,
               command: str = "scan") -> ScanSummary:
    """``run_scan`` on the executor the configuration names (process pool, serial, Ray)."""
    opts = config.options
    executor = make_executor(opts.executor, opts.resolved_workers(), opts.ray_address)
    return run_scan(config, store, executor, progress, command)
