"""Arrow IPC files and streams, and Hugging Face ``save_to_disk`` data files (which are
Arrow streams). Memory-mapped, so a file is never read into memory whole.

An IPC file cut short has lost its footer; it is then read as a stream, batch by batch,
and the batches before the cut are kept (a ``truncated`` problem says where). An empty
file is not an Arrow file: its unit fails."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from provscan.errors import InputError
from provscan.sources.base import Reader
from provscan.sources.fs import is_remote, open_input
from provscan.sources.model import RawBatch


class ArrowReader(Reader):
    def raw_batches(self) -> Iterator[RawBatch]:
        if self.unit.shard.size == 0:
            raise InputError(
                f"{self.path}: the file is empty (0 bytes), so it is not an Arrow file. "
                "Re-export it, or remove it from the source; the rest of the scan is "
                "unaffected.")
        remote = is_remote(self.path)
        opener = open_input(self.path, dict(self.unit.shard.storage)) if remote \
            else pa.memory_map(self.path, "r")
        with opener as src:
            size = max(src.size(), 1)
            cut_file = False  # an IPC file whose footer is missing: it was cut short
            try:
                f = pa.ipc.open_file(src)
                batches: Iterator[pa.RecordBatch] = (
                    f.get_batch(i) for i in range(f.num_record_batches)
                )
                schema = f.schema
            except pa.ArrowInvalid:
                src.seek(0)
                # An IPC file cut short: its stream follows the 8-byte magic.
                cut_file = src.read(6) == b"ARROW1"
                src.seek(8 if cut_file else 0)
                s = pa.ipc.open_stream(src)
                batches, schema = iter(s), s.schema
            cols = self.resolver.top_level(schema)
            while True:
                try:
                    b = next(batches)
                except StopIteration:
                    if cut_file:
                        self.problems.add(
                            "truncated", None,
                            f"{self.path}: the Arrow file has no footer (it was cut short "
                            f"at byte {size:,}); the {self.docs_read:,} documents of its "
                            "whole batches were kept. Re-export the file.")
                    return
                except (OSError, pa.ArrowException) as e:
                    if not self.docs_read:
                        raise
                    self.problems.add(
                        "truncated", None,
                        f"{self.path}: the data breaks off at byte {src.tell():,} of "
                        f"{size:,} ({type(e).__name__}: {e}); the {self.docs_read:,} "
                        "documents before it were kept. Re-export the file.")
                    return
                b = b.select(cols)
                for off in range(0, b.num_rows, self.batch_rows):
                    yield RawBatch(b.slice(off, self.batch_rows), None, src.tell() / size)
