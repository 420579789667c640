"""Web archives as a source: WARC (``.warc``, ``.gz``, ``.zst``, ``.lz4``), Common
Crawl's WET files, and ARC v1 (``.arc``, ``.arc.gz``).

Records come from ``sources/records.py`` (FastWARC for WARC, warcio for ARC) and their
HTTP part from ``sources/http.py`` (warcio's tolerant parser). A record becomes a
document when it is

- a ``response`` with HTTP status 2xx and an HTML content type (or, with none, a body
  that starts like HTML): ``text`` is the page's main text (``sources/html.py``), and the
  page extras (``PAGE_SCHEMA``) keep the status, the HTTP headers with repeats in order,
  the ``<meta>`` tags and the ``rel="license"`` links;
- a ``conversion`` record (WET: the text Common Crawl extracted): ``text`` is its block.

``url`` is ``WARC-Target-URI``, ``date`` the capture date (``WARC-Date``), ``id`` the
``WARC-Record-ID`` (ARC records have none: the manifest's ``doc_id`` is then
``shard#row``). ``row`` is the 0-based ordinal of the record among all records of the
file, so a row points back at one record.

What is not a document is counted per reason, not listed: ``request record``, ``not
2xx``, ``not HTML``, … (``provscan status`` shows the counts). What is damaged is
listed with its byte offset: a stretch of bytes that is no record (``broken_record``:
reading resumes at the next record), a record cut short by the end of the file
(``truncated``: the partial document is dropped and the unit is partial), an HTTP block
that cannot be parsed. A body above ``MAX_BODY`` is cut there and reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import pyarrow as pa

from provscan.common.fs import is_remote, open_input
from provscan.schema import PAGE_SCHEMA, READ_SCHEMA
from provscan.sources.base import Reader
from provscan.sources.html import parse_page
from provscan.sources.http import HttpResponse, NotHttp, parse_response
from provscan.sources.model import RawBatch
from provscan.sources.records import Damage, WebRecord, iter_records, sniff

#: HTML bodies are cut at this many bytes (a page is rarely above 5 MB).
MAX_BODY = 32 << 20
#: Header values are kept up to this many characters in the page columns.
MAX_HEADER_VALUE = 16384
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")


def _is_html(resp: HttpResponse) -> bool:
    ctype = resp.content_type
    if ctype:
        return ctype.startswith(_HTML_TYPES)
    return resp.body[:1024].lstrip()[:64].lower().startswith(_HTML_SNIFF)


def _claims_http(rec: WebRecord) -> bool:
    """An HTTP(S) capture: by its URL (warcio labels every ARC record, ``dns:`` ones
    included, ``application/http``), else by its content type, else by its block."""
    if rec.url:
        return rec.url.lower().startswith(("http:", "https:"))
    if rec.content_type:
        return rec.content_type.lower().startswith("application/http")
    return rec.block.startswith(b"HTTP/")


class WarcReader(Reader):
    row_word = "record"
    row_base = 0

    def _open(self) -> BinaryIO:
        if is_remote(self.path):
            f: Any = open_input(self.path, dict(self.unit.shard.storage))
        else:
            f = open(self.path, "rb")  # noqa: SIM115 - closed by raw_batches
        return f  # type: ignore[no-any-return]

    def raw_batches(self) -> Iterator[RawBatch]:
        size = max(self.unit.shard.size, 1)
        cols: dict[str, list[Any]] = {f: [] for f in (*READ_SCHEMA.names, *PAGE_SCHEMA.names)}
        self._rows: list[int] = []  # the rows of the batch being built
        ordinal = -1
        with self._open() as f:
            flavour = sniff(f.read(4096), self.path)
            for item in iter_records(f, flavour):
                ordinal += 1
                if isinstance(item, Damage):
                    self._damage(item, ordinal)
                elif self._add(item, ordinal, cols):
                    self._rows.append(ordinal)
                if len(self._rows) >= self.batch_rows:
                    yield self._batch(cols, self._rows, min(item_end(item) / size, 1.0))
                    cols = {k: [] for k in cols}
                    self._rows = []
        if self._rows:
            yield self._batch(cols, self._rows, 1.0)

    def _damage(self, d: Damage, ordinal: int) -> None:
        after = (f"reading resumed at byte {d.end}" if d.end is not None
                 else "no readable record follows")
        self.problems.add(
            "broken_record", ordinal,
            f"record {ordinal}: the data {d.describe()} cannot be read as records "
            f"({d.error}); {after}, the {len(self._rows) + self.docs_read:,} documents before "
            "were kept. Check the file with `warcio check` or re-download it.",
        )

    def _add(self, rec: WebRecord, ordinal: int, cols: dict[str, list[Any]]) -> bool:
        if rec.kind == "conversion":  # WET: text extracted by the crawler
            return self._complete(rec, ordinal, None) and self._add_text(rec, cols)
        if rec.kind != "response":
            if not self._complete(rec, ordinal, None):
                return False
            self.problems.skip(f"{rec.kind} record")
            return False
        if not _claims_http(rec):
            if self._complete(rec, ordinal, None):
                self.problems.skip("not an HTTP response")
            return False
        try:
            resp = parse_response(rec.block, MAX_BODY)
        except NotHttp as e:
            if self._complete(rec, ordinal, None):
                self.problems.add(
                    "broken_record", ordinal,
                    f"record {ordinal} (at byte {rec.offset}): the HTTP response cannot "
                    f"be parsed ({e}); skipped",
                )
            return False
        if not self._complete(rec, ordinal, resp):
            return False
        if not 200 <= resp.status < 300:
            self.problems.skip("not 2xx")
            return False
        if not _is_html(resp):
            self.problems.skip("not HTML")
            return False
        body = resp.body
        for msg in resp.repairs:
            self.problems.add("bad_encoding", ordinal, f"record {ordinal}: {msg}")
        if resp.cut or rec.cut:
            self.problems.add(
                "cut_body", ordinal,
                f"record {ordinal}: HTML body above {MAX_BODY >> 20} MiB, cut there",
            )
        page = parse_page(body, resp.charset)
        self._common(rec, page.text, cols)
        cols["status"].append(resp.status)
        cols["headers"].append(
            [{"name": k, "value": v[:MAX_HEADER_VALUE]} for k, v in resp.headers])
        cols["meta"].append([{"name": k, "content": v} for k, v in page.meta])
        cols["links"].append(page.links)
        return True

    def _complete(self, rec: WebRecord, ordinal: int, resp: HttpResponse | None) -> bool:
        """Whether a record is whole; a record the file cuts short is a ``truncated``
        problem, unless its HTTP message is complete (then its declared length was wrong,
        as in some ARC files whose header lines lost their CR: a repair)."""
        if rec.complete:
            return True
        short = rec.length - len(rec.block)
        if resp is not None and resp.complete_message():
            self.problems.add(
                "length_mismatch", ordinal,
                f"record {ordinal} (at byte {rec.offset}): the file ends {short:,} bytes "
                "before the record's declared length, but its HTTP response is complete "
                "(the length field is wrong); kept",
            )
            return True
        self.problems.add(
            "truncated", ordinal,
            f"record {ordinal} (at byte {rec.offset}, {rec.kind}) is cut short: the file "
            f"ends {short:,} bytes before the record does; it was dropped, the "
            f"{self.docs_read + len(self._rows):,} documents before it were kept. "
            "Re-download or re-export the file.",
        )
        return False

    def _add_text(self, rec: WebRecord, cols: dict[str, list[Any]]) -> bool:
        self._common(rec, rec.block.decode("utf-8", errors="replace"), cols)
        cols["status"].append(None)
        cols["headers"].append([])
        cols["meta"].append([])
        cols["links"].append([])
        return True

    @staticmethod
    def _common(rec: WebRecord, text: str, cols: dict[str, list[Any]]) -> None:
        cols["text"].append(text)
        cols["url"].append(rec.url)
        cols["date"].append(rec.date)
        cols["id"].append(rec.record_id)

    @staticmethod
    def _batch(cols: dict[str, list[Any]], rows: list[int], progress: float) -> RawBatch:
        std = pa.RecordBatch.from_arrays(
            [pa.array(cols[f.name], f.type) for f in READ_SCHEMA], schema=READ_SCHEMA
        )
        page = pa.RecordBatch.from_arrays(
            [pa.array(cols[f.name], f.type) for f in PAGE_SCHEMA], schema=PAGE_SCHEMA
        )
        return RawBatch(std, pa.array(rows, pa.int64()), progress, mapped=True, page=page)


def item_end(item: WebRecord | Damage) -> int:
    """About where in the file an item ends, for the progress figure."""
    if isinstance(item, Damage):
        return item.end or item.start
    return item.offset + len(item.block)


__all__ = ["MAX_BODY", "WarcReader"]
