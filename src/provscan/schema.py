"""Arrow schemas of the manifest and the sample table.

The manifest column names and meanings are public interface (see docs/manifest.md):
add columns, never rename or change the meaning of existing ones.
"""

from __future__ import annotations

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")

MANIFEST_SCHEMA = pa.schema(
    [
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
