"""HTTP responses inside web-archive records, parsed as warcio parses them.

The record framers (``sources/records.py``) hand over a record's raw block: the HTTP
status line, headers and body as the crawler received them. Real archives bend HTTP in
ways a strict parser refuses, so the block is read with warcio's tolerant parts:

- ``StatusAndHeadersParser``: header lines may end in CRLF or in LF alone (ClueWeb09
  writes LF only), repeated headers are kept in order, folded lines are joined;
- ``ArcWarcRecord.content_stream``: ``Transfer-Encoding: chunked`` is de-chunked when
  the body is valid chunked data and taken as it is when it is not (Internet Archive's
  writers de-chunk but keep the header), and a ``Content-Encoding`` that warcio knows
  (gzip, deflate, br) is decoded.

Reading the HTTP part with warcio costs about 3.5 µs per record over FastWARC's own
parser (``benchmarks/warc_bench.py``), against about 60 µs for the text extraction of
a small page; it buys one behaviour for WARC and ARC, the one warcio users know.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParser, StatusAndHeadersParserException

_PARSER = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/2.0", "HTTP/3"],
                                 verify=False)


@dataclass
class HttpResponse:
    """An HTTP response read from a record block; the body is decoded on first use."""

    status: int
    headers: list[tuple[str, str]]
    block: bytes = field(repr=False)
    max_body: int
    _parsed: Any = field(default=None, repr=False)
    _start: int = 0
    _body: bytes | None = field(default=None, repr=False)
    #: The body is longer than ``max_body`` and was cut there.
    cut: bool = False
    #: What was repaired while reading the body, for the problem log.
    repairs: list[str] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        low = name.lower()
        for k, v in self.headers:
            if k.lower() == low:
                return v
        return None

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").strip().lower()

    @property
    def charset(self) -> str | None:
        value = self.header("Content-Type")
        if not value:
            return None
        msg = Message()
        msg["content-type"] = value
        cs = msg.get_content_charset()
        return cs or None

    def complete_message(self) -> bool:
        """Whether the raw body holds all of what the HTTP message announces: its
        ``Content-Length``, or the last chunk of a chunked body. Tells a record whose
        declared length is wrong from one that was cut short."""
        raw = self.block[self._start:]
        if (self.header("Transfer-Encoding") or "").strip().lower() == "chunked":
            return raw.rstrip(b"\r\n").endswith(b"\n0") or raw.startswith(b"0\r\n")
        try:
            return len(raw) >= int((self.header("Content-Length") or "").strip())
        except ValueError:
            return False

    @property
    def body(self) -> bytes:
        """The body, de-chunked and decoded as warcio does, at most ``max_body`` bytes."""
        if self._body is None:
            self._body = self._decode()
        return self._body

    def _decode(self) -> bytes:
        stream = io.BytesIO(self.block)
        stream.seek(self._start)
        record = ArcWarcRecord("warc", "response", None, stream, self._parsed,
                               "application/http", len(self.block))
        limit = self.max_body + 1
        try:
            body: bytes = record.content_stream().read(limit)
        except Exception as e:  # a body that claims an encoding it does not have
            enc = self._parsed.get_header("content-encoding") or "chunked"
            self.repairs.append(f"the body could not be decoded as {enc} "
                                f"({type(e).__name__}); its bytes were taken as they are")
            body = self.block[self._start:self._start + limit]
        self.cut = len(body) > self.max_body
        return body[:self.max_body] if self.cut else body


class NotHttp(ValueError):
    """The block does not start with an HTTP status line."""


def parse_response(block: bytes, max_body: int) -> HttpResponse:
    """Status and headers of an HTTP response block; its body (at most ``max_body``
    bytes) is decoded when first read. Raises ``NotHttp`` when the block is not an
    HTTP response."""
    stream = io.BytesIO(block)
    try:
        sh = _PARSER.parse(stream)
    except (StatusAndHeadersParserException, EOFError, ValueError) as e:
        raise NotHttp(str(e)) from e
    if sh is None or not sh.protocol.upper().startswith("HTTP/"):
        raise NotHttp("no HTTP status line")
    try:
        status = int(sh.get_statuscode())
    except (TypeError, ValueError) as e:
        raise NotHttp(f"bad HTTP status {sh.statusline!r}") from e
    headers = [(str(k), str(v)) for k, v in sh.headers]
    return HttpResponse(status, headers, block, max_body, sh, stream.tell())


__all__ = ["HttpResponse", "NotHttp", "parse_response"]
