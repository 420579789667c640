"""Byte streams of possibly compressed files that lose nothing at a break.

pyarrow's ``CompressedInputStream`` raises when a file ends inside its compressed data,
and the bytes it decompressed in that call are gone: up to a block of intact lines. The
readers here decompress incrementally (zlib for gzip, multi-member included; bz2;
``zstandard`` for zstd), so everything before the break is delivered, and the break is
recorded instead of raised: ``stream.damage`` says where it is (the byte offset in the
file on disk) and what it is. The position in the file on disk (``raw_pos``) gives an
honest progress figure.
"""

from __future__ import annotations

import bz2
import io
import zlib
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from provscan.common.fs import open_input_stream

CODECS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd", ".bz2": "bz2"}
_READ = 1 << 18
_PIECE = 1 << 15


def codec_of(path: str) -> str | None:
    for ext, codec in CODECS.items():
        if path.endswith(ext):
            return codec
    return None


@dataclass(frozen=True)
class StreamDamage:
    """Where the compressed data stopped making sense: ``truncated`` (the file ends
    before the compressed stream does) or ``corrupt`` (the data cannot be decoded)."""

    kind: str
    offset: int  # byte offset in the file on disk
    detail: str


class _Decoder:
    """Incremental decompression of one codec; ``feed`` never drops output."""

    def __init__(self, codec: str) -> None:
        self.codec = codec
        self.obj: Any = self._new()
        self.started = False  # a member/frame has begun and not ended

    def _new(self) -> Any:
        if self.codec == "gzip":
            return zlib.decompressobj(31)
        if self.codec == "bz2":
            return bz2.BZ2Decompressor()
        import zstandard

        return zstandard.ZstdDecompressor().decompressobj()

    def feed(self, data: bytes, out: list[bytes]) -> None:
        """Decompress ``data`` onto ``out``; what was decoded before an error stays."""
        while data:
            self.started = True
            out.append(self.obj.decompress(data))
            if not self._eof():
                break
            data = self._unused()
            self.obj = self._new()
            self.started = False
            if self.codec == "gzip":  # padding after the last member is allowed
                data = data.lstrip(b"\0")

    def feed_carefully(self, data: bytes, out: list[bytes]) -> None:
        """``feed`` so that an error loses little: gzip backs up and retries in small
        pieces; zstd and bz2 cannot back up, so they are fed in pieces of at most one
        zstd block (an error then loses at most the output of one piece)."""
        if self.codec != "gzip":
            for i in range(0, len(data), _PIECE):
                self.feed(data[i:i + _PIECE], out)
            return
        saved = self.obj.copy()
        was, mark = self.started, len(out)
        try:
            self.feed(data, out)
            return
        except Exception:
            pass
        del out[mark:]
        self.obj, self.started = saved, was
        for i in range(0, len(data), 64):
            self.feed(data[i:i + 64], out)

    def _eof(self) -> bool:
        return bool(getattr(self.obj, "eof", False))

    def _unused(self) -> bytes:
        return bytes(getattr(self.obj, "unused_data", b""))


class DecodedStream(io.RawIOBase):
    """A read-only stream of the decompressed bytes of ``raw``.

    With ``lines``, a line is handed out only once its newline is read (or the file
    ends cleanly), so when the data breaks off, the partial last line is dropped, not
    delivered: ``dropped`` counts its bytes. (A single line longer than one read is
    handed out in pieces.) Decoded data is kept as a list of chunks and joined once per
    read: one copy per byte beyond the decompressor's.
    """

    def __init__(self, raw: Any, codec: str | None, lines: bool = False,
                 repair_utf8: bool = False) -> None:
        self.raw = raw
        self.decoder = _Decoder(codec) if codec else None
        self.lines = lines
        #: Replace invalid UTF-8 with U+FFFD, noting (line, byte of the line) of each.
        self.repair_utf8 = repair_utf8
        self.utf8_repairs: list[tuple[int, int]] = []
        self.line = 1  # the line the next byte handed out is on
        self.chunks: deque[bytes] = deque()
        self.buffered = 0
        self.eof = False
        self.damage: StreamDamage | None = None
        self.dropped = 0
        self.raw_pos = 0

    def readable(self) -> bool:
        return True

    def _fill(self, want: int) -> None:
        while self.buffered < want and not self.eof:
            chunk = self.raw.read(_READ)
            if not chunk:
                self.eof = True
                if self.decoder is not None and self.decoder.started:
                    self._broken(StreamDamage(
                        "truncated", self.raw_pos,
                        f"the file ends inside its {self.decoder.codec} data"))
                break
            at = self.raw_pos
            self.raw_pos += len(chunk)
            out: list[bytes] = []
            if self.decoder is None:
                out.append(chunk)
            else:
                try:
                    self.decoder.feed_carefully(chunk, out)
                except Exception as e:  # zlib.error, OSError, zstandard.ZstdError
                    self.eof = True
                    self._broken(StreamDamage(
                        "corrupt", at, f"the {self.decoder.codec} data cannot be decoded "
                        f"in the block from byte {at} ({type(e).__name__}: {e})"))
            for c in out:
                if c:
                    self.chunks.append(c)
                    self.buffered += len(c)

    def _broken(self, damage: StreamDamage) -> None:
        self.damage = damage
        if self.lines:  # the partial last line is dropped
            while self.chunks:
                last = self.chunks[-1]
                nl = last.rfind(b"\n")
                if nl >= 0:
                    self.chunks[-1] = last[:nl + 1]
                    self.dropped += len(last) - nl - 1
                    self.buffered -= len(last) - nl - 1
                    break
                self.chunks.pop()
                self.dropped += len(last)
                self.buffered -= len(last)

    def _take(self, n: int) -> bytes:
        parts: list[bytes] = []
        got = 0
        while got < n:
            c = self.chunks.popleft()
            if got + len(c) > n:
                self.chunks.appendleft(c[n - got:])
                c = c[:n - got]
            parts.append(c)
            got += len(c)
        self.buffered -= got
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def _line_end(self, n: int) -> int:
        """The end of the last whole line within the first ``n`` buffered bytes, or
        ``n`` when there is no newline there (a line longer than one read)."""
        ends = [0]
        for c in self.chunks:
            ends.append(ends[-1] + len(c))
            if ends[-1] >= n:
                break
        for k in range(len(ends) - 1, 0, -1):
            c = self.chunks[k - 1]
            nl = c.rfind(b"\n", 0, max(0, n - ends[k - 1]))
            if nl >= 0:
                return ends[k - 1] + nl + 1
        return n

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            while not self.eof:
                self._fill(self.buffered + _READ)
            size = self.buffered
        self._fill(size)
        n = min(size, self.buffered)
        if self.lines and not self.eof and n:
            n = self._line_end(n)
        out = self._take(n) if n else b""
        if self.repair_utf8:
            out = self._utf8(out)
        return out

    def _utf8(self, data: bytes) -> bytes:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data = self._repair(data)
        self.line += data.count(b"\n")
        return data

    def _repair(self, data: bytes) -> bytes:
        parts: list[bytes] = []
        start = 0
        while True:
            try:
                data[start:].decode("utf-8")
                parts.append(data[start:])
                break
            except UnicodeDecodeError as e:
                bad = start + e.start
                parts.append(data[start:bad])
                parts.append("\ufffd".encode())
                line_start = data.rfind(b"\n", 0, bad) + 1
                self.utf8_repairs.append(
                    (self.line + data.count(b"\n", 0, bad), bad - line_start))
                start = start + max(e.end, e.start + 1)
        return b"".join(parts)

    def readinto(self, b: Any) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)


@contextmanager
def open_stream(
    path: str, storage: tuple[tuple[str, str], ...] = (), lines: bool = False,
    repair_utf8: bool = False,
) -> Iterator[DecodedStream]:
    """The decompressed stream of ``path``; ``raw_pos`` is the position on disk."""
    raw = open_input_stream(path, dict(storage))
    try:
        yield DecodedStream(raw, codec_of(path), lines, repair_utf8)
    finally:
        raw.close()


__all__ = ["CODECS", "DecodedStream", "StreamDamage", "codec_of", "open_stream"]
