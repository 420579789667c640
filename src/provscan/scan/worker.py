"""The worker entry point: scan one work unit into its manifest (and sample) part.

A module-level function taking and returning plain data, so any executor can run it
in this process, a pool worker or a cluster node. Outputs are written under temporary
names and moved into place when complete; the caller records completion afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow.compute as pc
import pyarrow.parquet as pq

from provscan.config import ColumnMap, ScanOptions
from provscan.errors import ProvscanError
from provscan.scan.batch import ScanContext, scan_batch
from provscan.scan.tokens import make_counter
from provscan.schema import MANIFEST_SCHEMA, SAMPLE_SCHEMA
from provscan.sources import Problem, WorkUnit, open_reader
from provscan.store.layout import Layout, publish, tmp_path

Progress = Callable[[int, int, int], None]
"""Called after each batch with (documents, text bytes, input bytes) done since the
last call; input bytes are the unit's on-disk bytes, for the ETA."""


@dataclass(frozen=True)
class UnitTask:
    unit: WorkUnit
    columns: ColumnMap
    options: ScanOptions
    store: str


@dataclass(frozen=True)
class UnitResult:
    unit: WorkUnit
    ok: bool
    docs: int = 0
    bytes: int = 0
    tokens: int = 0
    error: str | None = None
    problem_counts: dict[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    token_method: str | None = None


def _where_failed(task: UnitTask, e: BaseException, last_row: int | None) -> str:
    u = task.unit
    at = f" after row {last_row}" if last_row is not None else ""
    if isinstance(e, ProvscanError):
        return str(e)
    kind = type(e).__name__
    return (
        f"{u.where()}: cannot read as {u.shard.format}{at} ({kind}: {e}). The file looks "
        "corrupt or is not in this format: re-export it, or remove it from the source; the "
        "rest of the scan is unaffected."
    )


def scan_unit(task: UnitTask, progress: Progress) -> UnitResult:
    """Scan one unit; never raises for bad input, returns a failed result instead."""
    t0 = time.perf_counter()
    u, opts = task.unit, task.options
    layout = Layout(task.store)
    final = layout.manifest_part(u.shard.source, u.key)
    sample_final = layout.sample_part(u.shard.source, u.key)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp, sample_tmp = tmp_path(final), tmp_path(sample_final)
    docs = nbytes = ntokens = 0
    last_row: int | None = None
    reader = None
    sample_writer: pq.ParquetWriter | None = None
    try:
        counter = make_counter(opts.tokenizer) if opts.profile == "full" else None
        ctx = ScanContext(u.shard.source, u.shard.uri, opts, counter)
        reader = open_reader(u, task.columns, opts.batch_rows)
        done_frac = 0.0
        with pq.ParquetWriter(tmp, MANIFEST_SCHEMA, compression="zstd") as writer:
            if u.shard.size > 0:
                for rb in reader.batches():
                    manifest, samples = scan_batch(rb, ctx)
                    writer.write_batch(manifest)
                    if samples is not None:
                        if sample_writer is None:
                            sample_final.parent.mkdir(parents=True, exist_ok=True)
                            sample_writer = pq.ParquetWriter(
                                sample_tmp, SAMPLE_SCHEMA, compression="zstd"
                            )
                        sample_writer.write_batch(samples)
                    n = manifest.num_rows
                    b = pc.sum(manifest.column("bytes")).as_py() or 0
                    tok = pc.sum(manifest.column("tokens")).as_py() or 0
                    docs, nbytes, ntokens = docs + n, nbytes + b, ntokens + tok
                    if n:
                        last_row = rb.rows[n - 1].as_py()
                    step = int((rb.progress - done_frac) * u.est_bytes)
                    done_frac = rb.progress
                    progress(n, b, step)
        if sample_writer is not None:
            sample_writer.close()
            sample_writer = None
            publish(sample_tmp, sample_final)
        else:
            sample_final.unlink(missing_ok=True)
        publish(tmp, final)
    except Exception as e:
        if sample_writer is not None:
            sample_writer.close()
        tmp.unlink(missing_ok=True)
        sample_tmp.unlink(missing_ok=True)
        log = reader.problems if reader is not None else None
        return UnitResult(
            u, False, docs, nbytes, ntokens, _where_failed(task, e, last_row),
            dict(log.counts) if log else {}, tuple(log.problems) if log else (),
            time.perf_counter() - t0,
        )
    log = reader.problems
    return UnitResult(
        u, True, docs, nbytes, ntokens, None, dict(log.counts), tuple(log.problems),
        time.perf_counter() - t0, counter.method if counter is not None else None,
    )


__all__ = ["Progress", "UnitResult", "UnitTask", "scan_unit"]
