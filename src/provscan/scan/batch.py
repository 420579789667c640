"""One record batch of standard columns in, one manifest batch out (and samples)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from provscan.common.urls import hosts_and_domains
from provscan.config import ScanOptions
from provscan.detect import Annotations, Detectors, SampledText
from provscan.detect.registry import DETECTOR_COLUMNS, MANIFEST_SCHEMA
from provscan.scan.minhash import MinHasher
from provscan.scan.text import normalise_and_hash, xxh3_64_ints
from provscan.scan.tokens import TokenCounter, WordCounter
from provscan.schema import EVIDENCE_SCHEMA, SAMPLE_SCHEMA
from provscan.sources.model import ReadBatch


@dataclass(frozen=True)
class ScanContext:
    """What scanning a batch needs to know besides the batch."""

    source: str
    shard: str
    options: ScanOptions
    tokens: TokenCounter | None  # None in the fast profile
    detectors: Detectors | None = None  # None in the fast profile
    minhasher: MinHasher | None = None  # None in the fast profile


@dataclass(frozen=True)
class BatchOutput:
    manifest: pa.RecordBatch
    samples: pa.RecordBatch | None
    evidence: pa.RecordBatch | None
    minhash: pa.RecordBatch | None = None


def sample_mask(doc_ids: pa.Array, rate: float) -> pa.Array:
    """Deterministic sample: xxh3-64 of the document id below ``rate`` x 2^64."""
    if rate >= 1.0:
        return pa.array(np.ones(len(doc_ids), dtype=bool))
    threshold = np.uint64(min(int(rate * 2.0**64), 2**64 - 1))
    return pa.array(xxh3_64_ints(doc_ids) < threshold)


def doc_ids(ids: pa.Array, shard: str, rows: pa.Array) -> pa.Array:
    """The data's own id where it has one, else ``shard#row``."""
    fallback = pc.binary_join_element_wise(shard, pc.cast(rows, pa.string()), "#")
    return pc.coalesce(ids, fallback)


def scan_batch(rb: ReadBatch, ctx: ScanContext) -> BatchOutput:
    """The manifest rows of one batch, its sampled texts and evidence (full profile)."""
    b = rb.batch
    n = b.num_rows
    text = b.column("text")
    # one pass of the core: normalised text, content hash and (word estimate) tokens
    words = isinstance(ctx.tokens, WordCounter)
    norm, hashes, counted = normalise_and_hash(text, tokens=words)
    ids = doc_ids(b.column("id"), ctx.shard, rb.rows)
    sampled = sample_mask(ids, ctx.options.sample_rate)
    host, domain = hosts_and_domains(b.column("url"))
    nbytes = pc.fill_null(pc.binary_length(text), 0).cast(pa.int64())
    if counted is not None:
        tokens = counted
    elif ctx.tokens is not None:
        tokens = ctx.tokens.count(text, norm)
    else:
        tokens = pa.nulls(n, pa.int64())
    sample = _sampled_text(text, sampled, ctx.options.sample_max_chars) \
        if ctx.tokens is not None else None  # full profile
    ann = ctx.detectors.annotate(b, host, rb.page, sample) \
        if ctx.detectors is not None else None
    detected = [
        ann.columns[c] if ann is not None else pa.nulls(n, MANIFEST_SCHEMA.field(c).type)
        for c in DETECTOR_COLUMNS
    ]
    manifest = pa.RecordBatch.from_arrays(
        [
            pa.repeat(pa.scalar(ctx.source, pa.string()), n),
            pa.repeat(pa.scalar(ctx.shard, pa.string()), n),
            rb.rows, ids, b.column("url"), host, domain, b.column("date"),
            nbytes, tokens, hashes, sampled, *detected,
        ],
        schema=MANIFEST_SCHEMA,
    )
    evidence = _evidence(manifest, ann) if ann is not None else None
    samples = _samples(manifest, sample) if sample is not None else None
    minhash = None
    if ctx.minhasher is not None:
        bands = ctx.minhasher.band_keys(norm)
        minhash = pa.RecordBatch.from_arrays(
            [manifest.column(c) for c in ("source", "shard", "row", "doc_id", "content_hash")]
            + [bands], schema=ctx.minhasher.part_schema())
    return BatchOutput(manifest, samples, evidence, minhash)


def _evidence(manifest: pa.RecordBatch, ann: Annotations) -> pa.RecordBatch | None:
    """The detectors' evidence rows, keyed to their documents (``EVIDENCE_SCHEMA``)."""
    if not ann.evidence:
        return None
    keyed = manifest.select(["source", "shard", "row", "doc_id", "url"]).take(
        pa.array([e.row for e in ann.evidence], pa.int64())
    )
    arrays = [
        keyed.column(f.name) if f.name in keyed.schema.names
        else pa.array([getattr(e, f.name) for e in ann.evidence], f.type)
        for f in EVIDENCE_SCHEMA
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=EVIDENCE_SCHEMA)


def _sampled_text(text: pa.Array, sampled: pa.Array, max_chars: int) -> SampledText | None:
    """The sampled rows' text as the sample keeps it, cut once for every user."""
    if not pc.any(sampled).as_py():
        return None
    rows = pc.indices_nonzero(sampled)
    full = pc.fill_null(text.take(rows), "")
    cut = pc.utf8_slice_codeunits(full, 0, max_chars)
    return SampledText(rows, cut, pc.less(pc.utf8_length(cut), pc.utf8_length(full)))


def _samples(manifest: pa.RecordBatch, sample: SampledText) -> pa.RecordBatch:
    m = manifest.take(sample.rows)
    return pa.RecordBatch.from_arrays(
        [m.column("source"), m.column("shard"), m.column("row"), m.column("doc_id"),
         m.column("content_hash"), sample.text, sample.truncated],
        schema=SAMPLE_SCHEMA,
    )
