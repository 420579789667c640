"""Capture files of site files (``--site-captures``): WARC or ARC files of responses
for robots.txt, /.well-known/tdmrep.json and /ai.txt (the form in which Common Crawl
publishes its robots.txt captures), or Parquet tables with the columns ``url, date,
status, body``, read into one table of ``CAPTURE_SCHEMA`` for the store.

Damage is a problem of its file (``CaptureProblem``), never a stop: a broken record, a
capture cut short, a response without an HTTP part, an unreadable row group, a dangling
link in the folder; the captures before and after it, and the other files, are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from provscan.common.captures import CAPTURE_SCHEMA, kind_of
from provscan.common.urls import hosts_and_domains
from provscan.errors import InputError
from provscan.schema import TIMESTAMP
from provscan.sources.http import NotHttp, parse_response
from provscan.sources.records import Damage, iter_records, sniff


@dataclass(frozen=True)
class CaptureProblem:
    """A capture file, or part of one, that could not be read."""

    origin: str  # the input file
    message: str


def _warc_rows(path: Path, problems: list[CaptureProblem]) -> Iterator[dict[str, Any]]:
    """Responses of a WARC or ARC file; damage is a problem of the file, reading goes on
    after it (``sources/records.py``)."""
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
    if missing:  # another table, or a damaged schema: this file's captures are left out
        problems.append(CaptureProblem(str(path), (
            f"{path}: site captures need the columns url, date, status, body; missing "
            f"{', '.join(sorted(missing))}. Columns here: {', '.join(pf.schema_arrow.names)}. "
            "Its captures were left out: rename the columns (or fix the file) and re-run.")))
        return
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


def _dates(values: list[Any]) -> list[datetime | None]:
    """``_to_ts`` of every value; the strings first in one Arrow cast (elementwise, so
    the same values as one by one), one by one only where that cast refuses one."""
    texts = sorted({v for v in values if isinstance(v, str)})
    read: dict[str, datetime | None] = {}
    if texts:
        try:
            cast = pa.array(texts, pa.string()).cast(TIMESTAMP).to_pylist()
            read = dict(zip(texts, cast, strict=True))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            read = {t: _to_ts(t) for t in texts}
    return [read[v] if isinstance(v, str) else _to_ts(v) for v in values]


@dataclass(frozen=True)
class Ingested:
    table: pa.Table  # CAPTURE_SCHEMA, sorted by host, kind and date
    fingerprint: str  # of the input files (path, size, modification time)
    problems: list[CaptureProblem]

    @property
    def count(self) -> int:
        return int(self.table.num_rows)


def read_captures(paths: list[str]) -> Ingested:
    """The captures in capture files (WARC, ARC or Parquet), as one table sorted by
    host, kind and date, ready for the store.

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
                    _add_row(rows, r, f, problems)
            except OSError as e:
                problems.append(CaptureProblem(str(f), (
                    f"{f}: cannot be read ({type(e).__name__}: {e}); the captures read "
                    "before the error were kept.")))
    return Ingested(_table(rows), fp.hexdigest(), problems)


def _add_row(rows: list[dict[str, Any]], r: dict[str, Any], path: Path,
             problems: list[CaptureProblem]) -> None:
    url = r.get("url") or ""
    kind = kind_of(url)
    if kind is None:
        return
    status = r.get("status")
    if status is not None and (not isinstance(status, int) or not 0 <= status < 1000):
        problems.append(CaptureProblem(str(path), (
            f"{path}: the capture of {url} has status {status!r}, not an HTTP status; it is "
            "kept as a failed fetch (status unknown).")))
        status = None
    body = r.get("body")
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    rows.append({
        "url": url, "kind": kind, "date": r.get("date"),  # read by _dates, all at once
        "status": status, "body": body,
        "body_hash": xxhash.xxh3_128_hexdigest(body or b""), "origin": path.name,
    })


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    urls = pa.array([r["url"] for r in rows], pa.string())
    host, _ = hosts_and_domains(urls)
    keep = pc.is_valid(host)
    t = pa.table(
        {
            "host": host, "kind": pa.array([r["kind"] for r in rows], pa.string()), "url": urls,
            "date": pa.array(_dates([r["date"] for r in rows]), TIMESTAMP),
            "status": pa.array([r["status"] for r in rows], pa.int32()),
            "body": pa.array([r["body"] for r in rows], pa.binary()),
            "body_hash": pa.array([r["body_hash"] for r in rows], pa.string()),
            "origin": pa.array([r["origin"] for r in rows], pa.string()),
        }
    ).filter(keep)
    t = t.sort_by([("host", "ascending"), ("kind", "ascending"), ("date", "ascending")])
    return t.cast(CAPTURE_SCHEMA)


__all__ = ["CaptureProblem", "Ingested", "read_captures"]
