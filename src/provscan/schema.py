"""Arrow schemas of the manifest's document columns, the evidence and the sample table.

The manifest column names and meanings are public interface (see docs/manifest.md):
add columns, never rename or change the meaning of existing ones.
"""

from __future__ import annotations

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")

#: The manifest's document columns, which every profile fills. The detector columns
#: follow them, derived from the registered detectors: the whole manifest schema is
#: ``detect.registry.MANIFEST_SCHEMA``.
DOCUMENT_FIELDS: tuple[pa.Field, ...] = (
    pa.field("source", pa.string(), nullable=False),
    pa.field("shard", pa.string(), nullable=False),
    pa.field("row", pa.int64(), nullable=False),
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("url", pa.string()),
    pa.field("host", pa.string()),
    pa.field("domain", pa.string()),
    pa.field("date", TIMESTAMP),
    pa.field("bytes", pa.int64(), nullable=False),
    pa.field("tokens", pa.int64()),
    pa.field("content_hash", pa.string(), nullable=False),
    pa.field("sampled", pa.bool_(), nullable=False),
)

# Copyright evidence: one row per finding (opt-out signal or licence) of one document.
EVIDENCE_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("shard", pa.string(), nullable=False),
        pa.field("row", pa.int64(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("kind", pa.string(), nullable=False),  # optout | licence
        pa.field("signal", pa.string(), nullable=False),  # signal name, or licence matcher
        pa.field("verdict", pa.string(), nullable=False),  # opt-out verdict, or licence class
        pa.field("value", pa.string()),  # raw value as found, or the licence id
        pa.field("rule", pa.string()),  # what matched and why, or the matched text
        pa.field("token", pa.string()),  # crawler token (robots.txt)
        pa.field("capture_when", pa.string()),  # at-crawl | latest | at-crawl+latest
        pa.field("capture_url", pa.string()),
        pa.field("capture_date", TIMESTAMP),
        pa.field("capture_hash", pa.string()),  # xxh3-128 of the captured file
        pa.field("span_start", pa.int32()),  # character offsets in the text (licences)
        pa.field("span_end", pa.int32()),
    ]
)

SAMPLE_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("shard", pa.string(), nullable=False),
        pa.field("row", pa.int64(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("truncated", pa.bool_(), nullable=False),
    ]
)

# The standard columns every reader yields after column mapping.
READ_SCHEMA = pa.schema(
    [
        pa.field("text", pa.string()),
        pa.field("url", pa.string()),
        pa.field("date", TIMESTAMP),
        pa.field("id", pa.string()),
    ]
)

# Page-level extras that only web captures (WARC) carry, row-aligned with READ_SCHEMA.
HEADER = pa.struct([pa.field("name", pa.string()), pa.field("value", pa.string())])
META = pa.struct([pa.field("name", pa.string()), pa.field("content", pa.string())])
PAGE_SCHEMA = pa.schema(
    [
        pa.field("status", pa.int32()),  # HTTP status of the capture
        pa.field("headers", pa.list_(HEADER)),  # HTTP response headers, repeats kept, in order
        pa.field("meta", pa.list_(META)),  # <meta name=... content=...> of the HTML
        pa.field("links", pa.list_(pa.string())),  # hrefs of rel="license" links
    ]
)

#: Parquet key-value metadata of a MinHash part: the hasher's name (parameters and seed),
#: which clustering checks so that parts of different settings never meet.
MINHASH_PART_KEY = "provscan.minhash"
