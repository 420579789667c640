"""JSON Lines, plain or compressed (.gz, .zst). Blocks of whole lines are parsed by
pyarrow; a block that fails (a broken line, a bad byte, a type that changes between
lines) is parsed line by line so that only the bad lines are lost, each reported with
its line number. ``row`` is the 0-based line number in the file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.json as pajson

from provscan.sources.base import Reader
from provscan.sources.model import RawBatch
from provscan.sources.streams import open_stream

BLOCK = 8 << 20
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE = re.compile("[\ud800-\udfff]")


def _no_lone_surrogates(v: Any) -> Any:
    """``v`` with each lone surrogate (JSON allows the escape, UTF-8 has no such
    character) replaced by U+FFFD; valid pairs were already joined by the parser."""
    if isinstance(v, str):
        return _LONE.sub("\ufffd", v)
    if isinstance(v, dict):
        return {_LONE.sub("\ufffd", k): _no_lone_surrogates(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_no_lone_surrogates(x) for x in v]
    return v


class JsonlReader(Reader):
    row_word = "line"
    row_base = 1

    def _blocks(self) -> Iterator[tuple[bytes, int, float, bool]]:
        """Whole-line blocks with the number of their first line, the progress, and
        whether the block is the file's last line without a newline."""
        size = max(self.unit.shard.size, 1)
        line = 0
        pending: list[bytes] = []  # pieces of a line that is longer than a block
        first = True
        with open_stream(self.path, self.unit.shard.storage, lines=True) as stream:
            while True:
                chunk = stream.read(BLOCK)
                if not chunk:
                    break
                if first and chunk.startswith(b"\xef\xbb\xbf"):  # UTF-8 byte order mark
                    chunk = chunk[3:]
                first = False
                cut = chunk.rfind(b"\n") + 1
                if cut == 0:
                    pending.append(chunk)
                    continue
                block = b"".join([*pending, chunk[:cut]])
                pending = [chunk[cut:]] if cut < len(chunk) else []
                yield block, line, min(stream.raw_pos / size, 1.0), False
                line += block.count(b"\n")
            if pending and stream.damage is None:
                yield b"".join(pending), line, 1.0, True
            elif pending:  # a long line the break cut short
                stream.dropped += sum(len(p) for p in pending)
            if stream.damage is not None:
                d = stream.damage
                cut_line = f"; the partial line {line + 1} was dropped" if stream.dropped else ""
                self.problems.add(
                    "truncated", line,
                    f"{self.path}: {d.detail} (byte {d.offset:,} of {size:,}): "
                    f"{self.docs_read:,} documents before it were kept{cut_line}. "
                    "Re-download or re-export the file.",
                )

    def raw_batches(self) -> Iterator[RawBatch]:
        for block, first_line, progress, tail in self._blocks():
            for batch, rows, mapped in self._parse(block, first_line, tail):
                for off in range(0, batch.num_rows, self.batch_rows):
                    yield RawBatch(
                        batch.slice(off, self.batch_rows), rows.slice(off, self.batch_rows),
                        progress, mapped,
                    )

    def _parse(
        self, block: bytes, first_line: int, tail: bool = False
    ) -> Iterator[tuple[pa.RecordBatch, pa.Array, bool]]:
        """(batch, line numbers, already mapped to the standard columns)."""
        n_lines = block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
        try:
            table = pajson.read_json(
                BytesIO(block), read_options=pajson.ReadOptions(block_size=len(block) + 1)
            )
            # pyarrow's JSON parser lets invalid UTF-8 through, in keys and values:
            # such a block is read line by line, where it is repaired and reported
            _ = table.schema.names
            table.validate(full=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
            table = None
        if table is not None and table.num_rows == n_lines:
            table = table.select(self.resolver.top_level(table.schema))
            rows = pa.array(np.arange(first_line, first_line + n_lines, dtype=np.int64))
            for b in table.combine_chunks().to_batches():
                yield b, rows.slice(0, b.num_rows), False
                rows = rows.slice(b.num_rows)
            return
        yield from self._parse_lines(block, first_line, tail)

    def _parse_lines(
        self, block: bytes, first_line: int, tail: bool = False
    ) -> Iterator[tuple[pa.RecordBatch, pa.Array, bool]]:
        records: list[dict[str, Any]] = []
        rows: list[int] = []
        for i, raw in enumerate(block.split(b"\n")):
            line_no = first_line + i
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                self.problems.add(
                    "bad_utf8", line_no,
                    f"line {line_no + 1}: invalid UTF-8 at byte {e.start}; replaced with U+FFFD",
                )
                text = raw.decode("utf-8", errors="replace")
            try:
                rec = json.loads(text)
            except json.JSONDecodeError as e:
                if tail:  # the last line, with no newline: the file was cut here
                    self.problems.add(
                        "truncated", line_no,
                        f"line {line_no + 1}: the file ends inside this line (no newline, "
                        f"not valid JSON: {e.msg}); it was dropped, the "
                        f"{self.docs_read:,} documents before it were kept. Re-download "
                        "or re-export the file.",
                    )
                    continue
                self.problems.add(
                    "bad_json", line_no,
                    f"line {line_no + 1}: not valid JSON ({e.msg} at column {e.colno}); skipped",
                )
                continue
            if not isinstance(rec, dict):
                self.problems.add(
                    "bad_json", line_no,
                    f"line {line_no + 1}: a JSON {type(rec).__name__}, not an object; skipped",
                )
                continue
            if b"\\u" in raw and _SURROGATE.search(text):
                rec = _no_lone_surrogates(rec)
                self.problems.add(
                    "bad_utf8", line_no,
                    f"line {line_no + 1}: a lone UTF-16 surrogate escape (half of a pair); "
                    "replaced with U+FFFD",
                )
            records.append(rec)
            rows.append(line_no)
        if not records:
            return

        def on_bad(i: int, msg: str) -> None:
            self.problems.add("bad_value", rows[i], f"line {rows[i] + 1}: {msg}")

        yield self.resolver.apply_records(records, on_bad), pa.array(rows, pa.int64()), True
