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


@dataclass(frozen=True)
class CaptureProblem:
    """A capture file, or part of one, that could not be read."""

    origin: str  # the input file
    message: str


def _warc_rows(path: Path, problems: list[CaptureProblem]) -> Iterator[dict[str, Any]]:
    """Responses of a WARC or ARC file; damage is a problem of the file, reading goes on
    after it (``sources/records.py``)."""
    from provscan.sources.http import NotHttp, parse_response
    from provscan.sources.records import Damage, iter_records, sniff

    with open(path, "rb") as f:
        flavour = sniff(f.read(4096), path.name)
        f.seek(0)
        for item in iter_records(f, flavour):
            if isinstance(item, Damage):
                problems.append(CaptureProblem(str(path), (
                    f"{path}: the data {item.describe()} cannot be read as records "
                    f"({item.error}); the captures before and after were read. Fix or "
                    "re-download the file and re-run.")))
                continue
            if not item.complete:  # whatever it is: its header may be cut too
                problems.append(CaptureProblem(str(path), (
                    f"{path}: the record at byte {item.offset} ({item.url}) is cut short "
                    "(the file ends inside it); it was left out.")))
                continue
            if item.kind != "response" or kind_of(item.url or "") is None:
                continue
            try:
                resp = parse_response(item.block, MAX_CAPTURE)
                status: int | None = resp.status
                body: bytes | None = resp.body
            except NotHttp as e:
                problems.append(CaptureProblem(str(path), (
                    f"{path}: the capture of {item.url} at byte {item.offset} has no "
                    f"readable HTTP response ({e}); it is kept as a failed fetch "
                    "(status unknown).")))
                status, body = None, None
            yield {"url": item.url or "", "date": item.date, "status": status, "body": body}


#: A site file is read up to this size (Google reads 500 KiB of a robots.txt).
MAX_CAPTURE = 4 << 20


def _parquet_rows(path: Path, problems: list[CaptureProblem]) -> Iterator[dict[str, Any]]:
    try:
        pf = pq.ParquetFile(path)
    except Exception as e:
        problems.append(CaptureProblem(str(path), (
            f"{path}: not a readable Parquet file ({type(e).__name__}: {e}); its captures "
            "were left out. Fix or remove the file and re-run.")))
        return
    need = {"url", "date", "status", "body"}
    missing = need - set(pf.schema_arrow.names)
    if missing:
        raise InputError(
            f"{path}: site captures need the columns url, date, status, body; missing "
            f"{', '.join(sorted(missing))}. Columns here: {', '.join(pf.schema_arrow.names)}."
        )
    for g in range(pf.num_row_groups):
        try:
            got = 0
            for b in pf.iter_batches(columns=sorted(need), batch_size=4096, row_groups=[g]):
                got += b.num_rows
                yield from b.to_pylist()
            if got < pf.metadata.row_group(g).num_rows:  # damaged pages decode short
                raise ValueError(f"it decoded to {got} of its "
                                 f"{pf.metadata.row_group(g).num_rows} rows")
        except (OSError, pa.ArrowException, ValueError) as e:
            problems.append(CaptureProblem(str(path), (
                f"{path}: row group {g} cannot be decoded ({type(e).__name__}: {e}); its "
                "captures were left out, the other row groups were read.")))


def _files(path: str, problems: list[CaptureProblem]) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        out = []
        for q in sorted(p.rglob("*")):
            if q.name.startswith("."):
                continue
            if q.is_symlink() and not q.exists():
                problems.append(CaptureProblem(str(q), (
                    f"{q}: a symbolic link to a file that does not exist; skipped.")))
            elif q.is_file():
                out.append(q)
        return out
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


@dataclass(frozen=True)
class Ingested:
    count: int  # captures kept
    fingerprint: str  # of the input files (path, size, modification time)
    problems: list[CaptureProblem]


def ingest(paths: list[str], out_file: Path) -> Ingested:
    """Read capture files into ``out_file`` (the store's ``Layout.captures_file``).

    A capture file that cannot be read whole is a problem of that file: the captures
    that could be read are kept, and the other files are read as usual."""
    rows: list[dict[str, Any]] = []
    problems: list[CaptureProblem] = []
    fp = xxhash.xxh3_64()
    for path in paths:
        for f in _files(path, problems):
            st = f.stat()
            fp.update(f"{f}:{st.st_size}:{st.st_mtime_ns}\n".encode())
            name = f.name.lower()
            if name.endswith((".parquet", ".pq")):
                it = _parquet_rows(f, problems)
            elif ".warc" in name or ".arc" in name:
                it = _warc_rows(f, problems)
            else:
                continue
            try:
                for r in it:
                    _add_row(rows, r, f.name)
            except OSError as e:
                problems.append(CaptureProblem(str(f), (
                    f"{f}: cannot be read ({type(e).__name__}: {e}); the captures read "
                    "before the error were kept.")))
    table = _table(rows)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_file.with_name(out_file.name + ".tmp")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, CAPTURE_SCHEMA) as w:
        w.write_table(table)
    os.replace(tmp, out_file)
    return Ingested(table.num_rows, fp.hexdigest(), problems)


def _add_row(rows: list[dict[str, Any]], r: dict[str, Any], origin: str) -> None:
    url = r.get("url") or ""
    kind = kind_of(url)
    if kind is None:
        return
    body = r.get("body")
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    rows.append({
        "url": url, "kind": kind, "date": _to_ts(r.get("date")),
        "status": r.get("status"), "body": body,
        "body_hash": xxhash.xxh3_128_hexdigest(body or b""), "origin": origin,
    })


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


__all__ = ["CAPTURE_SCHEMA", "Capture", "CaptureProblem", "Ingested", "SiteIndex", "ingest",
           "kind_of"]
