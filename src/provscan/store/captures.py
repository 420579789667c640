"""Site-level captures (robots.txt, /.well-known/tdmrep.json, /ai.txt) in the store.

``provscan scan --site-captures PATH`` ingests captures once into
``STORE/captures/captures.arrow``: one row per capture (``CAPTURE_SCHEMA``), sorted by
host, kind and date. Inputs are WARC files of responses for those paths (the form in
which Common Crawl publishes its robots.txt captures) or a Parquet table with the
columns ``url, date, status, body``.

The file is Arrow IPC, uncompressed, so workers memory-map it: bodies are paged in
from disk on demand and never copied whole into a worker's memory. A worker keeps an
index of host -> row range (about 100 bytes per host) and reads one host's captures
when a batch holds a document of that host.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from provscan.errors import InputError
from provscan.scan.urls import hosts_and_domains
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


def _warc_rows(path: Path) -> Iterator[dict[str, Any]]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    from provscan.sources.warc import target_uri

    with open(path, "rb") as f:
        it = ArchiveIterator(f, parse_http=True, auto_decode="all", strict_mode=False)
        try:
            for rec in it:
                if rec.record_type != WarcRecordType.response:
                    continue
                url = target_uri(rec) or ""
                status = rec.http_headers.status_code if rec.is_http else None
                yield {"url": url, "date": rec.record_date, "status": status,
                       "body": rec.reader.read()}
        except Exception as e:
            raise InputError(
                f"{path}: unreadable WARC record ({type(e).__name__}: {e}). Captures before "
                "it were read; fix or remove the file and re-run."
            ) from e


def _parquet_rows(path: Path) -> Iterator[dict[str, Any]]:
    try:
        pf = pq.ParquetFile(path)
    except Exception as e:
        raise InputError(f"{path}: not a readable Parquet file ({e})") from e
    need = {"url", "date", "status", "body"}
    missing = need - set(pf.schema_arrow.names)
    if missing:
        raise InputError(
            f"{path}: site captures need the columns url, date, status, body; missing "
            f"{', '.join(sorted(missing))}. Columns here: {', '.join(pf.schema_arrow.names)}."
        )
    for b in pf.iter_batches(columns=sorted(need), batch_size=4096):
        yield from b.to_pylist()


def _files(path: str) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith("."))
    if p.is_file():
        return [p]
    raise InputError(f"--site-captures {path}: no such file or directory")


def _to_ts(v: Any) -> datetime | None:
    if v is None or isinstance(v, datetime):
        return v.astimezone(timezone.utc) if isinstance(v, datetime) and v.tzinfo else v
    if isinstance(v, str):
        from provscan.sources.convert import to_timestamp

        out = to_timestamp(pa.array([v]), lambda i, m: None)[0].as_py()
        return out if isinstance(out, datetime) else None
    return None


def ingest(paths: list[str], out_file: Path) -> tuple[int, str]:
    """Read capture files into ``out_file`` (the store's ``Layout.captures_file``);
    returns (captures kept, fingerprint of the inputs)."""
    rows: list[dict[str, Any]] = []
    fp = xxhash.xxh3_64()
    for path in paths:
        for f in _files(path):
            st = f.stat()
            fp.update(f"{f}:{st.st_size}:{st.st_mtime_ns}\n".encode())
            name = f.name.lower()
            if name.endswith((".parquet", ".pq")):
                it = _parquet_rows(f)
            elif ".warc" in name or name.endswith(".arc"):
                it = _warc_rows(f)
            else:
                continue
            for r in it:
                url = r.get("url") or ""
                kind = kind_of(url)
                if kind is None:
                    continue
                body = r.get("body")
                if isinstance(body, str):
                    body = body.encode("utf-8", "surrogatepass")
                rows.append({
                    "url": url, "kind": kind, "date": _to_ts(r.get("date")),
                    "status": r.get("status"), "body": body,
                    "body_hash": xxhash.xxh3_128_hexdigest(body or b""), "origin": f.name,
                })
    table = _table(rows)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_file.with_name(out_file.name + ".tmp")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, CAPTURE_SCHEMA) as w:
        w.write_table(table)
    os.replace(tmp, out_file)
    return table.num_rows, fp.hexdigest()


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    urls = pa.array([r["url"] for r in rows], pa.string())
    host, _ = hosts_and_domains(urls)
    keep = pc.is_valid(host)
    t = pa.table(
        {
            "host": host, "kind": pa.array([r["kind"] for r in rows], pa.string()), "url": urls,
            "date": pa.array([r["date"] for r in rows], TIMESTAMP),
            "status": pa.array([r["status"] for r in rows], pa.int32()),
            "body": pa.array([r["body"] for r in rows], pa.binary()),
            "body_hash": pa.array([r["body_hash"] for r in rows], pa.string()),
            "origin": pa.array([r["origin"] for r in rows], pa.string()),
        }
    ).filter(keep)
    t = t.sort_by([("host", "ascending"), ("kind", "ascending"), ("date", "ascending")])
    return t.cast(CAPTURE_SCHEMA)


class SiteIndex:
    """Read access to a store's captures, memory-mapped; one per worker."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._table: pa.Table | None = None
        self._ranges: dict[str, tuple[int, int]] = {}
        if path.is_file():
            source = pa.memory_map(str(path), "r")
            self._table = pa.ipc.open_file(source).read_all().combine_chunks()
            hosts = self._table.column("host")
            ree = pc.run_end_encode(hosts.combine_chunks())
            ends = ree.run_ends.to_pylist()
            start = 0
            for h, end in zip(ree.values.to_pylist(), ends, strict=True):
                self._ranges[h] = (start, end)
                start = end
        self.hosts = pa.array(list(self._ranges), pa.string())

    def __bool__(self) -> bool:
        return bool(self._ranges)

    def captures(self, host: str) -> list[Capture]:
        """The captures of one host, by kind then date (oldest first)."""
        rng = self._ranges.get(host)
        if rng is None or self._table is None:
            return []
        part = self._table.slice(rng[0], rng[1] - rng[0])
        return [
            Capture(r["kind"], r["url"], r["date"], r["status"], r["body"], r["body_hash"])
            for r in part.select(["kind", "url", "date", "status", "body", "body_hash"])
            .to_pylist()
        ]


__all__ = ["CAPTURE_SCHEMA", "Capture", "SiteIndex", "ingest", "kind_of"]
