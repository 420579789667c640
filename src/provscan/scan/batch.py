"""One record batch of standard columns in, one manifest batch out (and samples)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from provscan.config import ScanOptions
from provscan.scan.text import normalise, xxh3_64_ints, xxh3_128_hex
from provscan.scan.tokens import TokenCounter
from provscan.scan.urls import hosts_and_domains
from provscan.schema import MANIFEST_SCHEMA, SAMPLE_SCHEMA
from provscan.sources.model import ReadBatch


@dataclass(frozen=True)
class ScanContext:
    """What scanning a batch needs to know besides the batch."""

    source: str
    shard: str
    options: ScanOptions
    tokens: TokenCounter | None  # None in the fast profile


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


def scan_batch(rb: ReadBatch, ctx: ScanContext) -> tuple[pa.RecordBatch, pa.RecordBatch | None]:
    """The manifest rows of one batch, and its sampled texts (full profile only)."""
    b = rb.batch
    n = b.num_rows
    text = b.column("text")
    norm = normalise(text)
    ids = doc_ids(b.column("id"), ctx.shard, rb.rows)
    sampled = sample_mask(ids, ctx.options.sample_rate)
    host, domain = hosts_and_domains(b.column("url"))
    nbytes = pc.fill_null(pc.binary_length(text), 0).cast(pa.int64())
    tokens = (
        ctx.tokens.count(text, norm) if ctx.tokens is not None else pa.nulls(n, pa.int64())
    )
    hashes = xxh3_128_hex(norm)
    manifest = pa.RecordBatch.from_arrays(
        [
            pa.repeat(pa.scalar(ctx.source, pa.string()), n),
            pa.repeat(pa.scalar(ctx.shard, pa.string()), n),
            rb.rows, ids, b.column("url"), host, domain, b.column("date"),
            nbytes, tokens, hashes, sampled,
        ],
        schema=MANIFEST_SCHEMA,
    )
    if ctx.tokens is None or not pc.any(sampled).as_py():
        return manifest, None
    return manifest, _samples(manifest, text, sampled, ctx.options.sample_max_chars)


def _samples(
    manifest: pa.RecordBatch, text: pa.Array, sampled: pa.Array, max_chars: int
) -> pa.RecordBatch:
    m = manifest.filter(sampled)
    t = pc.fill_null(pc.filter(text, sampled), "")
    cut = pc.utf8_slice_codeunits(t, 0, max_chars)
    return pa.RecordBatch.from_arrays(
        [m.column("source"), m.column("shard"), m.column("row"), m.column("doc_id"),
         m.column("content_hash"), cut, pc.less(pc.utf8_length(cut), pc.utf8_length(t))],
        schema=SAMPLE_SCHEMA,
    )
