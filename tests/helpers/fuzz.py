"""Damaged inputs for the reader fuzz tests: small valid files of every format with the
byte span of each document, seeded mutations (truncation, bit flips, inserted junk, cut
spans), and the oracle: which documents lie wholly before the first damaged byte.

Spans are in the file's own bytes for plain files and for web archives with one gzip
member per record; for whole-file compression (``.jsonl.gz``, ``.jsonl.zst``,
``.csv.gz``) they are in the decompressed stream, and the damage offset is found by
decompressing the mutated file as far as it goes (``intact_prefix``), independently of
provscan's own stream code.
"""

from __future__ import annotations

import contextlib
import csv as pycsv
import gzip
import io
import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard
from fastwarc.warc import WarcRecordType

from provscan.demo_web import html_page, http_response, warc_record

WORDS = ["archive", "record", "crawler", "licence", "opt-out", "corpus", "text", "token",
         "manifest", "shard", "Köln", "café", "naïve", "東京", "данные", "ñandú", "emoji",
         "🙂", 'tab\tquote"', "comma,", "semi;"]
D0 = datetime(2024, 3, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Base:
    """A valid file and where each document lies in it."""

    name: str
    data: bytes
    spans: list[tuple[int, int]]  # per document, [start, end) in span coordinates
    stream_codec: str | None = None  # spans are in the decompressed stream of this codec
    plain: bytes | None = None  # the decompressed stream, for whole-file codecs


def _text(rng: random.Random, i: int) -> str:
    return f"doc {i}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60)))


def jsonl(rng: random.Random, n: int = 30) -> tuple[bytes, list[tuple[int, int]]]:
    out, spans, pos = [], [], 0
    for i in range(n):
        line = json.dumps({"id": f"d{i}", "text": _text(rng, i)}, ensure_ascii=i % 2 == 0)
        b = line.encode() + b"\n"
        out.append(b)
        spans.append((pos, pos + len(b)))
        pos += len(b)
    return b"".join(out), spans


def csv(rng: random.Random, n: int = 30) -> tuple[bytes, list[tuple[int, int]]]:
    head = b"id,text\n"
    out, spans, pos = [head], [], len(head)
    for i in range(n):
        text = _text(rng, i).replace('"', '""')
        if i % 7 == 3:
            text += "\nsecond line of a quoted value"
        b = f'd{i},"{text}"\n'.encode()
        out.append(b)
        spans.append((pos, pos + len(b)))
        pos += len(b)
    return b"".join(out), spans


def _pages(rng: random.Random, n: int) -> list[tuple[str, datetime, bytes]]:
    return [(f"https://site{i % 4}.example.org/p/{i}", D0 + timedelta(hours=i),
             http_response("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                           html_page(f"Page {i}", _text(rng, i))))
            for i in range(n)]


def warc_gz(rng: random.Random, n: int = 20) -> tuple[bytes, list[tuple[int, int]]]:
    out, spans, pos = [], [], 0
    for i, (url, date, http) in enumerate(_pages(rng, n)):
        req = warc_record(WarcRecordType.request, url, date, b"GET / HTTP/1.1\r\n\r\n", 2 * i)
        rec = warc_record(WarcRecordType.response, url, date, http, 2 * i + 1)
        out += [req, rec]
        spans.append((pos + len(req), pos + len(req) + len(rec)))
        pos += len(req) + len(rec)
    return b"".join(out), spans


def warc_plain(rng: random.Random, n: int = 20) -> tuple[bytes, list[tuple[int, int]]]:
    out, spans, pos = [], [], 0
    for i, (url, date, http) in enumerate(_pages(rng, n)):
        rec = gzip.decompress(warc_record(WarcRecordType.response, url, date, http, i))
        out.append(rec)
        spans.append((pos, pos + len(rec)))
        pos += len(rec)
    return b"".join(out), spans


def arc(rng: random.Random, gz: bool, n: int = 20) -> tuple[bytes, list[tuple[int, int]]]:
    from helpers.web import arc_parts

    parts = arc_parts(_pages(rng, n), gz)
    spans, pos = [], len(parts[0])
    for p in parts[1:]:
        spans.append((pos, pos + len(p)))
        pos += len(p)
    return b"".join(parts), spans


def parquet(rng: random.Random, n: int = 40) -> tuple[bytes, list[tuple[int, int]]]:
    t = pa.table({"id": [f"d{i}" for i in range(n)], "text": [_text(rng, i) for i in range(n)]})
    buf = io.BytesIO()
    pq.write_table(t, buf, row_group_size=5, compression="zstd")
    data = buf.getvalue()
    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    spans = []
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        cols = [rg.column(c) for c in range(rg.num_columns)]
        start = min(c.dictionary_page_offset or c.data_page_offset for c in cols)
        end = max((c.dictionary_page_offset or c.data_page_offset) + c.total_compressed_size
                  for c in cols)
        spans += [(start, end)] * rg.num_rows
    return data, spans


def arrow(rng: random.Random, n: int = 40) -> tuple[bytes, list[tuple[int, int]]]:
    schema = pa.schema([("id", pa.string()), ("text", pa.string())])
    sink = pa.BufferOutputStream()
    spans = []
    with pa.ipc.new_file(sink, schema) as w:
        for b in range(0, n, 5):
            start = sink.tell()
            w.write_batch(pa.record_batch(
                [pa.array([f"d{i}" for i in range(b, b + 5)]),
                 pa.array([_text(rng, i) for i in range(b, b + 5)])], schema=schema))
            spans += [(start, sink.tell())] * 5
    return sink.getvalue().to_pybytes(), spans


def _zstd(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


BUILDERS: dict[str, Callable[[random.Random], Base]] = {
    "jsonl": lambda r: Base("x.jsonl", *jsonl(r)),
    "jsonl.gz": lambda r: _whole(r, "x.jsonl.gz", jsonl, "gzip"),
    "jsonl.zst": lambda r: _whole(r, "x.jsonl.zst", jsonl, "zstd"),
    "csv": lambda r: Base("x.csv", *csv(r)),
    "csv.gz": lambda r: _whole(r, "x.csv.gz", csv, "gzip"),
    "parquet": lambda r: Base("x.parquet", *parquet(r)),
    "arrow": lambda r: Base("x.arrow", *arrow(r)),
    "warc.gz": lambda r: Base("x.warc.gz", *warc_gz(r)),
    "warc": lambda r: Base("x.warc", *warc_plain(r)),
    "arc.gz": lambda r: Base("x.arc.gz", *arc(r, True)),
    "arc": lambda r: Base("x.arc", *arc(r, False)),
}


def _whole(rng: random.Random, name: str, make: Callable[[random.Random],
           tuple[bytes, list[tuple[int, int]]]], codec: str) -> Base:
    plain, spans = make(rng)
    data = gzip.compress(plain, mtime=0) if codec == "gzip" else _zstd(plain)
    return Base(name, data, spans, codec, plain)


@dataclass(frozen=True)
class Mutation:
    kind: str  # truncate | flip | junk | cut
    at: int  # the first byte changed, in the file
    data: bytes  # the mutated file

    def __str__(self) -> str:
        return f"{self.kind} at byte {self.at} of {len(self.data)}"


def mutate(rng: random.Random, data: bytes) -> Mutation:
    kind = rng.choice(["truncate", "flip", "junk", "cut"])
    at = rng.randrange(1, len(data))
    if kind == "truncate":
        return Mutation(kind, at, data[:at])
    if kind == "flip":
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            i = min(at + rng.randrange(0, 64), len(b) - 1)
            b[i] ^= 1 << rng.randrange(8)
        return Mutation(kind, at, bytes(b))
    if kind == "junk":
        junk = rng.choice([b"\x00" * 7, b"\x1f\x8b\x08\x00junk", b"WARC/1.0\r\n",
                           b'{"text": "x"', b"\xff\xfe\xfd", b'"\n', b"\n\n\n",
                           bytes(rng.randrange(256) for _ in range(40))])
        return Mutation(kind, at, data[:at] + junk + data[at:])
    end = min(len(data), at + rng.randint(1, 300))
    return Mutation(kind, at, data[:at] + data[end:])


def intact_prefix(codec: str, original_plain: bytes, mutated: bytes) -> int:
    """How many decompressed bytes of the mutated file equal the original's, decoding
    the mutated file in small steps until it fails."""
    got: list[bytes] = []
    try:
        if codec == "gzip":
            d = zlib.decompressobj(31)
            for i in range(0, len(mutated), 64):
                got.append(d.decompress(mutated[i:i + 64]))
        else:
            z = zstandard.ZstdDecompressor().decompressobj()
            for i in range(0, len(mutated), 64):
                got.append(z.decompress(mutated[i:i + 64]))
    except Exception:
        pass
    out = b"".join(got)
    n = 0
    while n < min(len(out), len(original_plain)) and out[n] == original_plain[n]:
        n += 1
    return n


def kept_before(base: Base, m: Mutation) -> list[int]:
    """Indices of the documents that lie wholly before the damage."""
    if base.stream_codec is not None and base.plain is not None:
        limit = intact_prefix(base.stream_codec, base.plain, m.data)
    else:
        limit = m.at
    return [i for i, (_, end) in enumerate(base.spans) if end <= limit]


def strict_count(fmt: str, data: bytes) -> int | None:
    """The documents in ``data`` by a strict, independent reader, or None when the file
    is not a valid file of its format (then a reader must say that it lost something)."""
    try:
        with contextlib.redirect_stderr(io.StringIO()) as err, \
                contextlib.redirect_stdout(io.StringIO()) as out:
            n = _strict(fmt, data)
        if err.getvalue() or out.getvalue():  # warcio warns of invalid lengths
            return None
        return n
    except Exception:
        return None


def _strict(fmt: str, data: bytes) -> int:
    if fmt.endswith(".gz") and not fmt.startswith(("warc", "arc")):
        data = gzip.decompress(data)
    elif fmt.endswith(".zst"):
        data = zstandard.ZstdDecompressor().decompress(data, max_output_size=1 << 26)
    if fmt.startswith("jsonl"):
        n = 0
        for line in data.decode("utf-8").split("\n"):
            if line.strip():
                if not isinstance(json.loads(line), dict):
                    raise ValueError("not a record")
                n += 1
        return n
    if fmt.startswith("csv"):
        rows = list(pycsv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        if rows[0] != ["id", "text"] or any(len(r) != 2 for r in rows[1:]):
            raise ValueError("bad row")
        return len(rows) - 1
    if fmt == "parquet":
        return int(pq.read_table(io.BytesIO(data)).num_rows)
    if fmt == "arrow":
        return int(pa.ipc.open_file(pa.BufferReader(data)).read_all().num_rows)
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    for rec in ArchiveIterator(io.BytesIO(data), arc2warc=True):
        if rec.rec_type == "response" and rec.http_headers is not None:
            rec.content_stream().read()
            status = rec.http_headers.get_statuscode() or ""
            if status.startswith("2") and "html" in (
                    rec.http_headers.get_header("content-type") or ""):
                n += 1
    return n
