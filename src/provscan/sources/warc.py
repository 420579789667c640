"""WARC files (``.warc``, ``.warc.gz``, ``.warc.zst``): HTML responses become documents.

Parser: FastWARC. On the benchmark WARC (benchmarks/warc_bench.py) it reads records
several times faster than warcio, streams gzip and zstd members itself and parses the
HTTP headers without merging repeated ones, which the opt-out signals need.

Per ``response`` record with HTTP status 2xx and an HTML content type:

- ``text``: the page's main text (``sources/html.py``);
- ``url``: ``WARC-Target-URI``; ``date``: ``WARC-Date`` (the capture date);
  ``id``: ``WARC-Record-ID``;
- page extras (``PAGE_SCHEMA``): HTTP status, the HTTP response headers with repeats
  kept in order, the HTML ``<meta>`` tags and the ``rel="license"`` links.

``row`` is the 0-based ordinal of the record among all records of the file (requests,
metadata and non-HTML responses count too), so a row points back at one record.
Records that are not documents are counted as problems of kind ``skipped_record`` with
the reason; a body above ``MAX_BODY`` is cut there and reported. A broken record (bad
gzip member, garbage, an unparsable header) is reported with its byte offset, and
reading resumes at the next gzip member or ``WARC/1.`` line, so one bad record loses
only itself. A record cut short at the very end of an uncompressed file keeps the
bytes it has.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import pyarrow as pa
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from provscan.schema import PAGE_SCHEMA, READ_SCHEMA
from provscan.sources.base import Reader
from provscan.sources.fs import is_remote, open_input
from provscan.sources.html import parse_page
from provscan.sources.model import RawBatch

#: HTML bodies are cut at this many bytes (a page is rarely above 5 MB).
MAX_BODY = 32 << 20
#: Header blocks up to this size are parsed (FastWARC's default is 32 KiB; real crawls
#: have cookies and CSP headers well above it). A larger block stops the file there.
MAX_HEADER = 1 << 20
#: After this many broken records, the rest of the file is given up.
MAX_RESYNCS = 1000
#: Header values are kept up to this many characters in the page columns.
MAX_HEADER_VALUE = 16384
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")


def _next_record(f: BinaryIO, start: int) -> int | None:
    """The offset of the next gzip member or ``WARC/`` record at or after ``start``."""
    f.seek(start)
    tail = b""
    pos = start
    while chunk := f.read(1 << 20):
        buf = tail + chunk
        hits = [i for i in (buf.find(b"\x1f\x8b\x08"), buf.find(b"WARC/1.")) if i >= 0]
        if hits:
            return pos - len(tail) + min(hits)
        tail = buf[-8:]
        pos += len(chunk)
    return None


def _is_html(rec: WarcRecord, head: bytes) -> bool:
    ctype = (rec.http_content_type or "").lower()
    if ctype:
        return ctype.startswith(_HTML_TYPES)
    return head.lstrip()[:64].lower().startswith(_HTML_SNIFF)


def target_uri(rec: WarcRecord) -> str | None:
    uri = rec.headers.get("WARC-Target-URI")
    if uri is None:
        return None
    uri = uri.strip()
    if uri.startswith("<") and uri.endswith(">"):  # WARC/0.x and some writers wrap it
        uri = uri[1:-1]
    return uri or None


class WarcReader(Reader):
    row_word = "record"
    row_base = 0

    def raw_batches(self) -> Iterator[RawBatch]:
        size = max(self.unit.shard.size, 1)
        cols: dict[str, list[Any]] = {f: [] for f in (*READ_SCHEMA.names, *PAGE_SCHEMA.names)}
        rows: list[int] = []
        ordinal = -1
        offset: int | None = 0
        resyncs = 0
        opener: Any = (open_input(self.path, dict(self.unit.shard.storage))
                       if is_remote(self.path) else open(self.path, "rb"))  # noqa: SIM115
        with opener as stream:
            while offset is not None:
                stream.seek(offset)
                # FastWARC detects gzip/zstd members itself (stream_detect).
                it = ArchiveIterator(stream, parse_http=True, auto_decode="all",
                                     strict_mode=False, max_header_len=MAX_HEADER)
                last_pos = offset
                try:
                    for rec in it:
                        ordinal += 1
                        last_pos = offset + rec.stream_pos
                        if self._add(rec, ordinal, cols):
                            rows.append(ordinal)
                        if len(rows) >= self.batch_rows:
                            yield self._batch(cols, rows, min(stream.tell() / size, 1.0))
                            cols = {k: [] for k in cols}
                            rows = []
                    offset = None
                except Exception as e:
                    ordinal += 1
                    offset = _next_record(stream, last_pos + 1) if resyncs < MAX_RESYNCS else None
                    resyncs += 1
                    after = (f"reading resumes at byte {offset}" if offset is not None
                             else "no readable record follows")
                    self.problems.add(
                        "broken_record", ordinal,
                        f"record {ordinal} (at or after byte {last_pos}) is broken "
                        f"({type(e).__name__}: {e}); {after}. Check the file with "
                        "`warcio check` or re-download it.",
                    )
        if rows:
            yield self._batch(cols, rows, 1.0)

    def _add(self, rec: WarcRecord, ordinal: int, cols: dict[str, list[Any]]) -> bool:
        if rec.record_type != WarcRecordType.response:
            return False
        claimed = (rec.headers.get("Content-Type") or "").startswith("application/http") or (
            (target_uri(rec) or "").startswith(("http:", "https:")))
        status = rec.http_headers.status_code if rec.is_http else None
        if not claimed and status is None:
            self.problems.add("skipped_record", ordinal, f"record {ordinal}: not an HTTP response")
            return False
        if status is None:
            self.problems.add(
                "broken_record", ordinal,
                f"record {ordinal}: the HTTP response cannot be parsed (truncated record?)",
            )
            return False
        body = rec.reader.read(MAX_BODY + 1)
        if not 200 <= status < 300:
            self.problems.add("skipped_record", ordinal, f"record {ordinal}: HTTP {status}")
            return False
        if not _is_html(rec, body[:1024]):
            self.problems.add(
                "skipped_record", ordinal,
                f"record {ordinal}: not HTML ({rec.http_content_type or 'no content type'})",
            )
            return False
        if len(body) > MAX_BODY:
            body = body[:MAX_BODY]
            self.problems.add(
                "truncated", ordinal,
                f"record {ordinal}: HTML body above {MAX_BODY >> 20} MiB, cut there",
            )
        page = parse_page(body, rec.http_charset)
        cols["text"].append(page.text)
        cols["url"].append(target_uri(rec))
        cols["date"].append(rec.record_date)
        cols["id"].append(rec.record_id)
        cols["status"].append(status)
        cols["headers"].append(
            [{"name": k, "value": v[:MAX_HEADER_VALUE]} for k, v in rec.http_headers.astuples()]
        )
        cols["meta"].append([{"name": k, "content": v} for k, v in page.meta])
        cols["links"].append(page.links)
        return True

    @staticmethod
    def _batch(cols: dict[str, list[Any]], rows: list[int], progress: float) -> RawBatch:
        std = pa.RecordBatch.from_arrays(
            [pa.array(cols[f.name], f.type) for f in READ_SCHEMA], schema=READ_SCHEMA
        )
        page = pa.RecordBatch.from_arrays(
            [pa.array(cols[f.name], f.type) for f in PAGE_SCHEMA], schema=PAGE_SCHEMA
        )
        return RawBatch(std, pa.array(rows, pa.int64()), progress, mapped=True, page=page)


__all__ = ["WarcReader", "target_uri"]
