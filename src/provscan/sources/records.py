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

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import Any, BinaryIO

from provscan.sources.resync import (
    Damage,
    Flavour,
    Resync,
    container_of,
    has_data,
    next_start,
    trailing,
)

#: A record block is read up to this many bytes; the rest is counted, not kept.
MAX_BLOCK = 33 << 20
#: Header blocks up to this size are parsed (FastWARC's default is 32 KiB; real crawls
#: have cookies and CSP headers well above it).
MAX_HEADER = 1 << 20
#: After this many damaged stretches in one file, the rest of the file is given up.
MAX_RESYNCS = 1000

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
    end: int | None = None  # where the record ends in the file, when the library says


def sniff(head: bytes, name: str) -> Flavour:
    """ARC or WARC, from the first bytes of the file (after gzip decompression)."""
    data = head
    if head.startswith(b"\x1f\x8b\x08"):
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
    """(block up to MAX_BLOCK, complete, cut). Reads exactly the declared length (a
    larger request makes FastWARC allocate it per record), then, past MAX_BLOCK, counts
    the rest to see where it ends."""
    want = min(max(declared, 0), MAX_BLOCK)
    parts: list[bytes] = []
    got = 0
    while got < want and (chunk := reader.read(want - got)):
        parts.append(chunk)
        got += len(chunk)
    block = parts[0] if len(parts) == 1 else b"".join(parts)
    if declared > MAX_BLOCK:
        while chunk := reader.read(1 << 20):
            got += len(chunk)
    return block, got >= declared, got > MAX_BLOCK


Framed = tuple[int | None, Callable[[], WebRecord]]
"""What a framer yields per record: its offset when known before its block is read,
and the function that reads the block and builds the record."""


#: Fields every WARC record has (WARC 1.1, section 5), and the record types that also
#: name their target URI.
_MANDATORY = ("warc-type", "warc-record-id", "warc-date", "content-length")
_WITH_TARGET = ("response", "request", "resource", "revisit", "conversion", "continuation")


class BadRecord(ValueError):
    """A record whose header lacks what every record has (a cut or garbled header)."""


def _fastwarc(f: BinaryIO) -> Iterator[Framed]:
    from fastwarc.warc import ArchiveIterator

    it = ArchiveIterator(f, parse_http=False, strict_mode=False, max_header_len=MAX_HEADER)
    for rec in it:
        yield rec.stream_pos, partial(_warc_record, rec.stream_pos, rec)


def _warc_record(offset: int, rec: Any) -> WebRecord:
    h: dict[str, str] = {}
    for k, v in rec.headers.astuples():  # one call; names are case-insensitive
        h.setdefault(k.lower(), v)
    kind = h.get("warc-type", "").strip().lower()
    missing = [k for k in _MANDATORY if not h.get(k, "").strip()]
    if kind in _WITH_TARGET and not h.get("warc-target-uri", "").strip():
        missing.append("warc-target-uri")
    if missing or not h["content-length"].strip().isdigit():
        # FastWARC, lenient, yields a record whose header was cut or garbled
        raise BadRecord("the record header lacks or garbles the mandatory "
                        + ", ".join(missing or ["content-length"]))
    block, complete, cut = _read_block(rec.reader, rec.content_length)
    return WebRecord(offset, kind, target_uri(h.get("warc-target-uri")),
                     warc_date(h.get("warc-date")), h.get("warc-record-id"),
                     h.get("content-type"), block, rec.content_length, complete, cut)


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
                     h.get_header("Content-Type"), block, rec.length or 0, complete, cut,
                     offset + it.get_record_length())


def iter_records(f: BinaryIO, flavour: Flavour) -> Iterator[WebRecord | Damage]:
    """Every record of an open file, and every stretch of damage between them.

    Damage is found three ways: the library raises; it yields a record whose header is
    incomplete; or it stops (or, for ARC, skips ahead) while a record start follows in
    the file. Each time, reading resumes at the next plausible record start.
    """
    framer = _warcio if flavour == "arc" else _fastwarc
    f.seek(0)
    container = container_of(f.read(4))
    # In an uncompressed file the next record starts after the last one's block, so a
    # search for the next start skips the block (which may hold a gzip body or "WARC/").
    plain = container == "plain"
    pos = 0
    rs = Resync()
    while True:
        f.seek(pos)
        last: int | None = None  # the last record read whole in this pass
        last_end: int | None = None  # where it ends, when the library says (warcio)
        rec_last: WebRecord | None = None
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
                if last_end is not None and rec.offset > last_end + 2:  # warcio skipped
                    rs.mark(last_end, False, "bytes between two records were skipped")
                if (d := rs.flush(rec.offset)) is not None:
                    yield d
                last, last_end, rec_last = rec.offset, rec.end, rec
                skip = len(rec.block) + 1 if plain else 1
                yield rec
        except Exception as e:  # the libraries raise many kinds; each is damage
            if current is not None:  # this record's block is damaged
                where, rough = current, not exact
            elif last is not None:  # the next record, somewhere after the last good one
                where, rough = last + skip, True
            else:  # a restart that read nothing: the damage starts here
                where, rough = pos, False
            rs.mark(where, rough, f"{type(e).__name__}: {e}")
        else:  # a clean end: is there a record start the library did not read?
            if last is None and has_data(f, pos):  # this pass read nothing at all
                rs.mark(pos, False, "no record can be read here")
            where = last + skip if last is not None else pos + 1
            probe = (next_start(f, where, flavour, container)
                     if rs.resyncs < MAX_RESYNCS else None)
            if probe is None:
                # (a last record cut short is reported by its reader already)
                junk = (trailing(f, rec_last, container)
                        if rec_last is not None and rec_last.complete else None)
                if junk is not None:
                    rs.mark(junk, False, "the file ends inside the gzip member of the last "
                            "record read (records after it are lost)" if junk == last else
                            "bytes after the last record that are no record (a record cut "
                            "at its start?)")
                if (d := rs.flush(None)) is not None:
                    yield d
                return
            rs.mark(probe if last is not None else pos, False,
                    "the reader stopped before a record start")
            where = probe - 1 if last is not None else pos
        rs.resyncs += 1
        nxt = (next_start(f, where + 1, flavour, container)
               if rs.resyncs <= MAX_RESYNCS else None)
        if nxt is None:
            if (d := rs.flush(None)) is not None:
                yield d
            return
        pos = nxt


__all__ = ["MAX_BLOCK", "Damage", "Flavour", "WebRecord", "iter_records", "next_start",
           "sniff", "target_uri", "warc_date"]
