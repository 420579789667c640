"""The worker entry point: scan one work unit into its manifest (and sample) part.

A module-level function taking and returning plain data, so any executor can run it
in this process, a pool worker or a cluster node. Outputs are written under temporary
names and moved into place when complete; the caller records completion afterwards.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provscan.config import ColumnMap, ScanOptions
from provscan.detect import Detectors
from provscan.detect.registry import MANIFEST_SCHEMA
from provscan.errors import ProvscanError
from provscan.scan.batch import ScanContext, scan_batch
from provscan.scan.minhash import MinHasher, MinHashParams
from provscan.scan.provenance import Provenance, provenance
from provscan.scan.tokens import make_counter
from provscan.schema import EVIDENCE_SCHEMA, SAMPLE_SCHEMA
from provscan.sources import Problem, WorkUnit, open_reader
from provscan.sources.memory import MemoryPart, MemoryReader
from provscan.store.captures import SiteIndex
from provscan.store.layout import Layout, file_xxh3, publish, tmp_path

#: Manifest columns (nearly) unique per row: Parquet's writer would try a dictionary for
#: each page and drop it; writing them plain is ~15 % faster and the parts ~15 % smaller.
_PLAIN = frozenset({"row", "doc_id", "url", "content_hash"})
_DICTIONARY = [f.name for f in MANIFEST_SCHEMA if f.name not in _PLAIN]
#: MinHash parts: band keys are random 64-bit values and ids unique; a dictionary only
#: for source and shard writes a part 2.4x faster and 12 % smaller (41 -> 17 ms per
#: 24,000 rows).
_MINHASH_DICTIONARY = ["source", "shard"]

Progress = Callable[[int, int, int], None]
"""Called after each batch with (documents, text bytes, input bytes) done since the
last call; input bytes are the unit's on-disk bytes, for the ETA."""


@dataclass(frozen=True)
class UnitTask:
    unit: WorkUnit
    columns: ColumnMap
    options: ScanOptions
    store: str
    #: An in-memory part (not plain data): its task runs in the process that holds it.
    part: MemoryPart | None = None


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
    part_bytes: int | None = None
    part_xxh3: str | None = None  # checksum of the published manifest part
    #: Records left out by rule (not documents), per reason: WARC requests, 404s…
    skipped: dict[str, int] = field(default_factory=dict)
    #: Input was lost (a truncated file, a broken record, a bad line): what was read
    #: intact is in the part, and the unit is recorded as ``partial``.
    partial: bool = False
    #: What produced the rows (versions of provscan, the detectors and their data).
    provenance: Provenance | None = None

    @property
    def status(self) -> str:
        if not self.ok:
            return "failed"
        return "partial" if self.partial else "done"


def _where_failed(task: UnitTask, e: BaseException, last_row: int | None) -> str:
    u = task.unit
    at = f" after row {last_row}" if last_row is not None else ""
    if isinstance(e, ProvscanError):
        return str(e)
    kind = type(e).__name__
    if task.part is not None:
        again = ("pass a new stream to scan it again (a stream is read only once)"
                 if task.part.once else "scan it again")
        return (f"{u.where()}: reading this {task.part.kind} stopped{at} ({kind}: {e}); "
                f"its rows are not in the manifest: {again}.")
    return (
        f"{u.where()}: cannot read as {u.shard.format}{at} ({kind}: {e}). The file looks "
        "corrupt or is not in this format: re-export it, or remove it from the source; the "
        "rest of the scan is unaffected."
    )


def _detectors(opts: ScanOptions, store: str) -> Detectors:
    """One ``Detectors`` per thread, settings and captures file: models and parsed site
    files load once, not per unit; a new captures file gives new detectors. Per thread,
    not per process: units may run on threads of one process (``scan.run``), and the
    detectors' caches and spaCy pipelines are not for concurrent use."""
    cap = Layout(store).captures_file
    stamp = (cap.stat().st_mtime_ns, cap.stat().st_size) if cap.exists() else None
    return _cached_detectors(opts, str(Path(store).absolute()), stamp, threading.get_ident())


def release() -> None:
    """Drop what units cached in this process (detectors, spaCy pipelines, parsed site
    files) and hand the freed memory back: once units have run on threads or serially
    here, before the clustering, which then starts from little more than the imports
    (1 GB, 2 threads: 437 -> 291 MB before the clustering)."""
    import gc

    from provscan.common.memory import give_back
    from provscan.detect.names import forget_counters

    _cached_detectors.cache_clear()
    forget_counters()
    gc.collect()
    give_back()


@lru_cache(maxsize=8)
def _cached_detectors(opts: ScanOptions, store: str, stamp: tuple[int, int] | None,
                      thread: int) -> Detectors:
    return Detectors(opts, SiteIndex(Layout(store).captures_file))


@lru_cache(maxsize=2)
def _minhasher(opts: ScanOptions) -> MinHasher:
    return MinHasher(MinHashParams.of(opts.near_duplicates))


class _LazyPart:
    """A Parquet part opened on its first batch, published only when complete."""

    def __init__(self, final: Path, schema: pa.Schema | None = None,
                 dictionary: bool | list[str] = True) -> None:
        self.final, self.schema, self.dictionary = final, schema, dictionary
        self.tmp = tmp_path(final)
        self.writer: pq.ParquetWriter | None = None

    def write(self, batch: pa.RecordBatch | None) -> None:
        if batch is None:
            return
        if self.writer is None:
            self.final.parent.mkdir(parents=True, exist_ok=True)
            self.writer = pq.ParquetWriter(self.tmp, self.schema or batch.schema,
                                           compression="zstd", use_dictionary=self.dictionary)
        self.writer.write_batch(batch)

    def publish(self) -> None:
        if self.writer is None:
            self.final.unlink(missing_ok=True)
            return
        self.writer.close()
        self.writer = None
        publish(self.tmp, self.final)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        self.tmp.unlink(missing_ok=True)


def scan_unit(task: UnitTask, progress: Progress) -> UnitResult:
    """Scan one unit; never raises for bad input, returns a failed result instead."""
    t0 = time.perf_counter()
    u, opts = task.unit, task.options
    layout = Layout(task.store)
    final = layout.manifest_part(u.shard.source, u.key)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path(final)
    samples = _LazyPart(layout.sample_part(u.shard.source, u.key), SAMPLE_SCHEMA)
    evidence = _LazyPart(layout.evidence_part(u.shard.source, u.key), EVIDENCE_SCHEMA)
    minhash = _LazyPart(layout.minhash_part(u.shard.source, u.key),
                        dictionary=_MINHASH_DICTIONARY)
    docs = nbytes = ntokens = 0
    last_row: int | None = None
    reader = None
    try:
        full = opts.profile == "full"
        counter = make_counter(opts.tokenizer) if full else None
        detectors = _detectors(opts, task.store) if full else None
        hasher = _minhasher(opts) if full and opts.near_duplicates.enabled else None
        ctx = ScanContext(u.shard.source, u.shard.uri, opts, counter, detectors, hasher)
        reader = (open_reader(u, task.columns, opts.batch_rows) if task.part is None
                  else MemoryReader(u, task.columns, opts.batch_rows, task.part))
        done_frac = 0.0
        with pq.ParquetWriter(tmp, MANIFEST_SCHEMA, compression="zstd",
                              use_dictionary=_DICTIONARY) as writer:
            for rb in reader.batches():
                out = scan_batch(rb, ctx)
                manifest = out.manifest
                writer.write_batch(manifest)
                samples.write(out.samples)
                evidence.write(out.evidence)
                minhash.write(out.minhash)
                n = manifest.num_rows
                b = pc.sum(manifest.column("bytes")).as_py() or 0
                tok = pc.sum(manifest.column("tokens")).as_py() or 0
                docs, nbytes, ntokens = docs + n, nbytes + b, ntokens + tok
                if n:
                    last_row = rb.rows[n - 1].as_py()
                step = int((rb.progress - done_frac) * u.est_bytes)
                done_frac = rb.progress
                progress(n, b, step)
        samples.publish()
        evidence.publish()
        minhash.publish()
        checksum, size = file_xxh3(tmp), tmp.stat().st_size
        publish(tmp, final)
    except Exception as e:
        samples.abort()
        evidence.abort()
        minhash.abort()
        tmp.unlink(missing_ok=True)
        log = reader.problems if reader is not None else None
        return UnitResult(
            u, False, docs, nbytes, ntokens, _where_failed(task, e, last_row),
            dict(log.counts) if log else {}, tuple(log.problems) if log else (),
            time.perf_counter() - t0, skipped=dict(log.skipped) if log else {},
        )
    log = reader.problems
    return UnitResult(
        u, True, docs, nbytes, ntokens, None, dict(log.counts), tuple(log.problems),
        time.perf_counter() - t0, counter.method if counter is not None else None,
        size, checksum, dict(log.skipped), log.partial, provenance(detectors),
    )


__all__ = ["Progress", "UnitResult", "UnitTask", "scan_unit"]
