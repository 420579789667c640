"""Site files and their captures, as every stage names them: which URLs are site files
(robots.txt, /.well-known/tdmrep.json, /ai.txt), one capture of one of them, and the
Arrow schema the store keeps them in. Shared by the readers that ingest capture files,
the store that keeps them and the detectors that judge them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import pyarrow as pa

from provscan.schema import TIMESTAMP

CAPTURE_SCHEMA = pa.schema(
    [
        pa.field("host", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),  # robots | tdmrep | ai_txt
        pa.field("url", pa.string(), nullable=False),
        pa.field("date", TIMESTAMP),
        pa.field("status", pa.int32()),  # null: fetch failed / unknown
        pa.field("body", pa.binary()),
        pa.field("body_hash", pa.string(), nullable=False),  # xxh3-128 hex of the body
        pa.field("origin", pa.string(), nullable=False),  # the input file it came from
    ]
)

#: URL path -> capture kind.
KINDS = {"/robots.txt": "robots", "/.well-known/tdmrep.json": "tdmrep", "/ai.txt": "ai_txt"}


@dataclass(frozen=True)
class Capture:
    """One capture of one site file, as the detectors see it."""

    kind: str
    url: str
    date: datetime | None
    status: int | None
    body: bytes | None
    body_hash: str


def kind_of(url: str) -> str | None:
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    return KINDS.get(path)


__all__ = ["CAPTURE_SCHEMA", "KINDS", "Capture", "kind_of"]
