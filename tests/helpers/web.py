"""An independent count of a web archive's documents: warcio, the reference WARC/ARC
reader, counting as ``shared/testdata/warc-real/SOURCE.md`` does (``response`` records
with an HTTP 2xx status and an HTML content type, ARC converted with ``arc2warc``)."""

from __future__ import annotations

import contextlib
import gzip
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from provscan.config import ColumnMap
from provscan.sources.model import ProblemLog, Shard, WorkUnit
from provscan.sources.warc import WarcReader


def warcio_html_2xx(path: Path) -> list[str]:
    """The target URIs of the HTML 2xx responses warcio reads in ``path``, in order."""
    urls: list[str] = []
    with open(path, "rb") as f, contextlib.redirect_stdout(io.StringIO()):
        for rec in ArchiveIterator(f, arc2warc=True):
            if rec.rec_type != "response" or rec.http_headers is None:
                continue
            status = rec.http_headers.get_statuscode() or ""
            ctype = (rec.http_headers.get_header("content-type") or "").lower()
            if status.startswith("2") and "html" in ctype:
                urls.append(rec.rec_headers.get_header("WARC-Target-URI"))
    return urls


@dataclass(frozen=True)
class RecordInfo:
    """Where warcio finds a record, and whether it is an HTML 2xx response."""

    offset: int
    length: int  # bytes on disk, the gzip member included
    url: str | None
    html_2xx: bool


def warcio_records(path: Path) -> list[RecordInfo]:
    out: list[RecordInfo] = []
    with open(path, "rb") as f, contextlib.redirect_stdout(io.StringIO()):
        it = ArchiveIterator(f, arc2warc=True)
        for rec in it:
            html = False
            if rec.rec_type == "response" and rec.http_headers is not None:
                status = rec.http_headers.get_statuscode() or ""
                ctype = (rec.http_headers.get_header("content-type") or "").lower()
                html = status.startswith("2") and "html" in ctype
            url = rec.rec_headers.get_header("WARC-Target-URI")
            rec.content_stream().read()
            out.append(RecordInfo(it.get_record_offset(), it.get_record_length(), url, html))
    return out


def arc_parts(records: list[tuple[str, datetime, bytes]], gz: bool) -> list[bytes]:
    """An ARC v1 file of (url, date, HTTP response block) records, as Internet Archive's
    crawlers wrote them, as its parts: the ``filedesc`` record, then one part per record
    (its header line, block and newline); with ``gz``, each part a gzip member."""
    head = b"1 0 provscan-test\nURL IP-address Archive-date Content-type Archive-length\n"
    parts = [b"filedesc://test.arc 0.0.0.0 20240101000000 text/plain %d\n" % len(head)
             + head + b"\n"]
    for url, date, block in records:
        line = f"{url} 192.0.2.1 {date:%Y%m%d%H%M%S} text/html {len(block)}\n".encode()
        parts.append(line + block + b"\n")
    return [gzip.compress(p, mtime=0) for p in parts] if gz else parts


def to_arc(records: list[tuple[str, datetime, bytes]], gz: bool) -> bytes:
    """``arc_parts`` as one file."""
    return b"".join(arc_parts(records, gz))


def read_archive(path: Path, batch_rows: int = 64) -> tuple[list[dict[str, Any]], ProblemLog]:
    """Every document provscan's web-archive reader keeps from ``path``, with its page
    columns and row, and the reader's problem log."""
    st = path.stat()
    shard = Shard("s", str(path), "warc", st.st_size, st.st_mtime_ns)
    reader = WarcReader(WorkUnit(shard, est_bytes=st.st_size), ColumnMap(), batch_rows)
    docs: list[dict[str, Any]] = []
    for b in reader.batches():
        std = b.batch.to_pylist()
        extra = b.page.to_pylist() if b.page is not None else [{}] * len(std)
        for row, s, e in zip(b.rows.to_pylist(), std, extra, strict=True):
            docs.append({"row": row, **s, **e})
    return docs, reader.problems
