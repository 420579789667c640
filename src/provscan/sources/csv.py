"""CSV with a header row, streamed by pyarrow.

Invalid UTF-8 is replaced with U+FFFD before pyarrow parses the bytes (and reported with
its line): pyarrow cannot even report a bad row whose bytes are not UTF-8. A row with the
wrong number of fields is skipped and reported. A compressed file that breaks off keeps
every row before the break; the partial last line is dropped."""

from __future__ import annotations

import csv as pycsv
import io
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.csv as pacsv

from provscan.errors import InputError
from provscan.sources.base import Reader
from provscan.sources.model import RawBatch
from provscan.sources.streams import DecodedStream, open_stream


class CsvReader(Reader):
    def _header(self) -> list[str]:
        with open_stream(self.path, self.unit.shard.storage, lines=True) as f:
            head = f.read(1 << 20).decode("utf-8-sig", errors="replace")
        line = next(pycsv.reader(io.StringIO(head)), None)
        if not line:
            raise InputError(f"{self.path}: no header row; provscan reads CSV with a header")
        return line

    def raw_batches(self) -> Iterator[RawBatch]:
        size = self.unit.shard.size
        if size == 0:
            return
        names = self._header()

        def bad_row(row: pacsv.InvalidRow) -> str:
            where = f"line {row.number}" if row.number is not None else "a row"
            self.problems.add(
                "bad_csv_row", row.number,
                f"{where}: expected {row.expected_columns} fields, found {row.actual_columns}; "
                "skipped",
            )
            return "skip"

        with open_stream(self.path, self.unit.shard.storage, lines=True,
                         repair_utf8=True) as stream:
            reader = pacsv.open_csv(
                stream,
                # one thread: pyarrow numbers the bad rows it reports only then
                read_options=pacsv.ReadOptions(block_size=4 << 20, use_threads=False),
                parse_options=pacsv.ParseOptions(
                    newlines_in_values=True, invalid_row_handler=bad_row
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types={n: pa.binary() for n in names},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            cols = self.resolver.top_level(reader.schema)
            for b in reader:
                self._repairs(stream)
                b = b.select(cols)
                progress = min(stream.raw_pos / size, 1.0)
                for off in range(0, b.num_rows, self.batch_rows):
                    yield RawBatch(b.slice(off, self.batch_rows), None, progress)
            self._repairs(stream)
            if stream.damage is not None:
                d = stream.damage
                cut = " the partial last line was dropped;" if stream.dropped else ""
                self.problems.add(
                    "truncated", None,
                    f"{self.path}: {d.detail} (byte {d.offset:,} of {size:,}):{cut} the "
                    f"{self.docs_read:,} documents before it were kept. Re-download or "
                    "re-export the file.",
                )

    def _repairs(self, stream: DecodedStream) -> None:
        for line, col in stream.utf8_repairs:
            self.problems.add(
                "bad_utf8", line,
                f"line {line}: invalid UTF-8 at byte {col} of the line; replaced with U+FFFD",
            )
        stream.utf8_repairs.clear()
