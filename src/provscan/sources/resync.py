"""Reading on after damage in a web archive: where the next record starts, whether
bytes follow the last record, and the stretch of damage between two good records.

A record start is a gzip member whose data opens like a record (in a gzipped file: the
three magic bytes alone also occur inside compressed data) or a record header line (in
an uncompressed file). zstd and LZ4 files have no such marks: damage there runs to the
end of the file.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Literal, Protocol

Flavour = Literal["warc", "arc"]
Container = Literal["plain", "gzip", "other"]

_GZIP = b"\x1f\x8b\x08"
_WARC_START = re.compile(rb"WARC/[01]\.\d+\r?\n")
# An ARC v1 record header line: URL, IP address, 14-digit date, MIME type, length.
_ARC_START = re.compile(
    rb"(?:^|\n)([a-z][a-z0-9+.-]*:[^\n]{0,8000}? [0-9a-fA-F.:-]{1,45} \d{14} [^ \n]* \d+\n)")


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




class Located(Protocol):
    """Where a record read lies in the file."""

    @property
    def offset(self) -> int: ...
    @property
    def length(self) -> int: ...
    @property
    def end(self) -> int | None: ...


def _plausible(buf: bytes, i: int, flavour: Flavour) -> bool:
    """Whether the gzip magic at ``buf[i]`` opens a member whose data starts like a
    record (three magic bytes also occur by chance inside compressed data)."""
    if len(buf) < i + 11 or buf[i + 3] & 0xE0:
        return len(buf) < i + 11  # too close to the end to tell: try it
    data = buf[i:i + 4096]
    try:
        head = zlib.decompressobj(31).decompress(data, 16)
    except zlib.error:
        return False
    if not head:  # no output yet: a member cut short within its first block? try it
        return len(data) < 4096
    if flavour == "warc":
        return head.startswith(b"WARC/")
    return bool(re.match(rb"[a-z][a-z0-9+.-]*:", head))


def container_of(head: bytes) -> Container:
    """How the records are stored: uncompressed, gzip members, or another compression
    (zstd, LZ4) in which no record start can be found after damage."""
    if head.startswith(_GZIP):
        return "gzip"
    if head.startswith((b"\x28\xb5\x2f\xfd", b"\x04\x22\x4d\x18")):
        return "other"
    return "plain"


def next_start(f: BinaryIO, start: int, flavour: Flavour,
               container: Container = "plain") -> int | None:
    """The offset of the next record start at or after ``start``: a gzip member that
    decompresses to a record in a gzipped file, a record header line in a plain one."""
    if container == "other":
        return None
    f.seek(start)
    tail = b""
    pos = start
    keep = 8200 if flavour == "arc" else 4096
    pat = _ARC_START if flavour == "arc" else _WARC_START
    while chunk := f.read(1 << 20):
        buf = tail + chunk
        base = pos - len(tail)
        hits = []
        if container == "gzip":
            g = buf.find(_GZIP)
            while g >= 0 and not _plausible(buf, g, flavour):
                g = buf.find(_GZIP, g + 1)
            if g >= 0:
                hits.append(g)
        elif (m := pat.search(buf)) is not None:
            hits.append(m.start(1) if flavour == "arc" else m.start())
        if hits:
            return base + min(hits)
        tail = buf[-keep:]
        pos += len(chunk)
    return None


def _end_of(f: BinaryIO, rec: Located, container: Container) -> int | None:
    """Where the last record read ends in the file, or None when it cannot be told
    (zstd, LZ4): past it, only padding may follow. -1: its gzip member is cut short."""
    if rec.end is not None:
        return rec.end
    if container == "gzip":  # inflate its member to where the member ends
        f.seek(rec.offset)
        d = zlib.decompressobj(31)
        pos = rec.offset
        while not d.eof and (chunk := f.read(1 << 16)):
            try:
                d.decompress(chunk)
            except zlib.error:
                return -1
            pos += len(chunk)
        return pos - len(d.unused_data) if d.eof else -1
    if container == "plain":  # header, blank line, block, and the two CRLFs after it
        f.seek(rec.offset)
        head = f.read(1 << 20)
        cut = head.find(b"\r\n\r\n")
        return rec.offset + cut + 4 + rec.length if cut >= 0 else None
    return None


def has_data(f: BinaryIO, pos: int) -> bool:
    """Whether anything but padding and line ends follows ``pos``."""
    f.seek(pos)
    return bool(f.read(1 << 16).strip(b"\r\n\0 \t"))


def trailing(f: BinaryIO, rec: Located, container: Container) -> int | None:
    """The offset of bytes after the last record that are neither padding nor line
    ends (a record cut at its very start leaves a few), or None."""
    end = _end_of(f, rec, container)
    if end is None:
        return None
    if end == -1:  # the file ends inside the last member (its trailer): it was cut
        return rec.offset
    return end if has_data(f, end) else None


@dataclass
class Resync:
    """The state of reading on after damage."""

    damage_from: int | None = None
    approx: bool = False  # damage_from is only "somewhere after the last good record"
    error: str = ""
    resyncs: int = 0

    def mark(self, where: int, rough: bool, error: str) -> None:
        if self.damage_from is None or (self.approx and not rough and where >= self.damage_from):
            self.damage_from, self.approx, self.error = where, rough, error

    def flush(self, end: int | None) -> Damage | None:
        if self.damage_from is None:
            return None
        d = Damage(self.damage_from, end, self.error, self.approx)
        self.damage_from = None
        return d


__all__ = ["Container", "Damage", "Flavour", "Located", "Resync", "container_of",
           "has_data", "next_start", "trailing"]
