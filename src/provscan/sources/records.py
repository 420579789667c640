"""Records of web archives (WARC and ARC, plain or compressed), with damage recovery.

Two real libraries frame the records:

- **WARC** (``.warc``, ``.warc.gz``, ``.warc.zst``, ``.warc.lz4``): FastWARC. It reads
  records about five times faster than warcio (``benchmarks/warc_bench.py``) and
  detects gzip, zstd and LZ4 members itself.
- **ARC v1** (``.arc``, ``.arc.gz``, Internet Archive's format before WARC): warcio,
  the reference reader of both formats, which FastWARC does not read; its ``arc2warc``
  mode gives each ARC record WARC-style headers.

The format is told by the content (``filedesc://`` opens an ARC file, ``WARC/`` a WARC
file, after gzip decompression), falling back on the name.

Every record's block is read whole (up to a limit), so a record cut short by the end of
the file is seen: its ``complete`` is false. When a library fails (a damaged gzip
member, garbage between records, an unparsable header), reading resumes at the next
gzip member or record start after the damage, and a ``Damage`` item says which bytes
were lost. One damaged record loses only itself.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import Any, BinaryIO, Literal

#: A record block is read up to this many bytes; the rest is counted, not kept.
MAX_BLOCK = 33 << 20
#: Header blocks up to this size are parsed (FastWARC's default is 32 KiB; real crawls
#: have cookies and CSP headers well above it).
MAX_HEADER = 1 << 20
#: After this many damaged stretches in one file, the rest of the file is given up.
MAX_RESYNCS = 1000

Flavour = Literal["warc", "arc"]

_GZIP = b"\x1f\x8b\x08"
_WARC_START = re.compile(rb"WARC/[01]\.\d+\r?\n")
# An ARC v1 record header line: URL, IP address, 14-digit date, MIME type, length.
_ARC_START = re.compile(
    rb"(?:^|\n)([a-z][a-z0-9+.-]*:[^\n]{0,8000}? [0-9a-fA-F.:-]{1,45} \d{14} [^ \n]* \d+\n)")


@dataclass(frozen=True)
class WebRecord:
    """One record: where it is, what its headers say and its raw block."""

    offset: int  # byte offset of the record (or of its gzip member) in the file
    kind: str  # WARC-Type: response, request, conversion, metadata, warcinfo, …
    url: str | None
    date: datetime | None
    record_id: str | None  # WARC-Record-ID (None for ARC: it has no ids)
    content_type: str | None  # the record's Content-Type (application/http…)
    block: bytes  # the raw block, at most MAX_BLOCK bytes
    length: int  # the block's declared length
    complete: bool  # every declared byte is in the file
    cut: bool  # the block is longer than MAX_BLOCK and was cut there


@dataclass(frozen=True)
class Damage:
    """Bytes that could not be read as records: from ``start`` to ``end`` (``None``: to
    the end of the file, nothing readable follows). With ``approx``, ``start`` is only
    a lower bound: the damage came somewhere after the record before it."""

    start: int
    end: int | None
    error: str
    approx: bool = False

    def describe(self) -> str:
        first = f"from about byte {self.start}" if self.approx else f"from byte {self.start}"
        last = f"to byte {self.end - 1}" if self.end is not None else "to the end of the file"
        return f"{first} {last}"


def sniff(head: bytes, name: str) -> Flavour:
    """ARC or WARC, from the first bytes of the file (after gzip decompression)."""
    data = head
    if head.startswith(_GZIP):
        try:
            data = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            data = b""
    if data.startswith(b"filedesc://"):
        return "arc"
    if data.startswith(b"WARC/"):
        return "warc"
    low = name.lower()
    return "arc" if low.endswith((".arc", ".arc.gz")) else "warc"


def target_uri(value: str | None) -> str | None:
    """``WARC-Target-URI`` without the angle brackets WARC/0.x and some writers add."""
    if value is None:
        return None
    uri = value.strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1]
    return uri or None


def warc_date(value: str | None) -> datetime | None:
    """``WARC-Date`` (ISO 8601, ``Z`` or an offset, fractions allowed) as UTC."""
    if not value:
        return None
    v = value.strip()
    if v.endswith(("Z", "z")):
        v = v[:-1] + "+00:00"
    try:
        d = datetime.fromisoformat(v)
    except ValueError:
        return None
    return d.replace(tzinfo=timezone.utc) if d.tzinfo is None else d.astimezone(timezone.utc)


def _read_block(reader: Any, declared: int) -> tuple[bytes, bool, bool]:
    """(block up to MAX_BLOCK, complete, cut): read the rest to see where it ends."""
    block = reader.read(MAX_BLOCK)
    got = len(block)
    while chunk := reader.read(1 << 20):
        got += len(chunk)
    return block, got >= declared, got > MAX_BLOCK


Framed = tuple[int | None, Callable[[], WebRecord]]
"""What a framer yields per record: its offset when known before its block is read,
and the function that reads the block and builds the record."""


def _fastwarc(f: BinaryIO) -> Iterator[Framed]:
    from fastwarc.warc import ArchiveIterator

    it = ArchiveIterator(f, parse_http=False, strict_mode=False, max_header_len=MAX_HEADER)
    for rec in it:
        yield rec.stream_pos, partial(_warc_record, rec.stream_pos, rec)


def _warc_record(offset: int, rec: Any) -> WebRecord:
    h = rec.headers
    block, complete, cut = _read_block(rec.reader, rec.content_length)
    kind = (h.get("WARC-Type") or "").strip().lower() or "unknown"
    return WebRecord(offset, kind, target_uri(h.get("WARC-Target-URI")),
                     rec.record_date or warc_date(h.get("WARC-Date")),
                     h.get("WARC-Record-ID"), h.get("Content-Type"), block,
                     rec.content_length, complete, cut)


def _warcio(f: BinaryIO) -> Iterator[Framed]:
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(f, arc2warc=True, no_record_parse=True)
    for rec in it:
        # warcio knows a record's offset only once the record is read to its end.
        yield None, partial(_arc_record, it, rec)


def _arc_record(it: Any, rec: Any) -> WebRecord:
    h = rec.rec_headers
    block, _, cut = _read_block(rec.raw_stream, rec.length)
    complete = rec.raw_stream.limit == 0
    offset = it.get_record_offset()
    return WebRecord(offset, rec.rec_type or "unknown",
                     target_uri(h.get_header("WARC-Target-URI")),
                     warc_date(h.get_header("WARC-Date")), None,
                     h.get_header("Content-Type"), block, rec.length or 0, complete, cut)


def next_start(f: BinaryIO, start: int, flavour: Flavour) -> int | None:
    """The offset of the next gzip member or record start at or after ``start``."""
    f.seek(start)
    tail = b""
    pos = start
    keep = 8200 if flavour == "arc" else 16
    while chunk := f.read(1 << 20):
        buf = tail + chunk
        base = pos - len(tail)
        hits = [i for i in (buf.find(_GZIP),) if i >= 0]
        pat = _ARC_START if flavour == "arc" else _WARC_START
        m = pat.search(buf)
        if m is not None:
            hits.append(m.start(1) if flavour == "arc" else m.start())
        if hits:
            return base + min(hits)
        tail = buf[-keep:]
        pos += len(chunk)
    return None


def iter_records(f: BinaryIO, flavour: Flavour) -> Iterator[WebRecord | Damage]:
    """Every record of an open file, and every stretch of damage between them."""
    framer = _warcio if flavour == "arc" else _fastwarc
    f.seek(0)
    # In an uncompressed file the next record starts after the last one's block, so a
    # search for the next start skips the block (which may hold a gzip body or "WARC/").
    plain = not f.read(4).startswith((_GZIP, b"\x28\xb5\x2f\xfd", b"\x04\x22\x4d\x18"))
    pos = 0
    damage_from: int | None = None
    approx = False  # damage_from is only "somewhere after the last good record"
    error = ""
    resyncs = 0
    while True:
        f.seek(pos)
        last: int | None = None  # the last record read whole in this pass
        skip = 1  # from ``last``, where the next record may start
        current: int | None = None  # the record being read when an error comes
        exact = True  # whether ``current`` is that record's offset, or a lower bound
        try:
            for offset, build in framer(f):
                current = offset if offset is not None else (
                    last + skip if last is not None else pos)
                exact = offset is not None or last is None
                rec = build()
                current = None
                if damage_from is not None:
                    yield Damage(damage_from, rec.offset, error, approx)
                    damage_from = None
                last = rec.offset
                skip = len(rec.block) + 1 if plain else 1
                yield rec
            if damage_from is not None:  # restarted, but nothing readable followed
                yield Damage(damage_from, None, error, approx)
            return
        except Exception as e:  # the libraries raise many kinds; each is damage
            if current is not None:  # this record's block is damaged
                where, rough = current, not exact
            elif last is not None:  # the next record, somewhere after the last good one
                where, rough = last + skip, True
            else:  # a restart that read nothing: the damage starts here
                where, rough = pos, False
            if damage_from is None or (approx and not rough and where >= damage_from):
                damage_from, approx = where, rough
                error = f"{type(e).__name__}: {e}"
            resyncs += 1
            nxt = next_start(f, where + 1, flavour) if resyncs <= MAX_RESYNCS else None
            if nxt is None:
                yield Damage(damage_from, None, error, approx)
                return
            pos = nxt


__all__ = ["MAX_BLOCK", "Damage", "Flavour", "WebRecord", "iter_records", "next_start",
           "sniff", "target_uri", "warc_date"]
