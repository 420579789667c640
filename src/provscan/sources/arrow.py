"""Arrow IPC files and streams, and Hugging Face ``save_to_disk`` data files (which are
Arrow streams). Memory-mapped, so a file is never read into memory whole."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from provscan.sources.base import Reader
from provscan.sources.fs import is_remote, open_input
from provscan.sources.model import RawBatch


class ArrowReader(Reader):
    def raw_batches(self) -> Iterator[RawBatch]:
        remote = is_remote(self.path)
        opener = open_input(self.path, dict(self.unit.shard.storage)) if remote \
            else pa.memory_map(self.path, "r")
        with opener as src:
            size = max(src.size(), 1)
            try:
                f = pa.ipc.open_file(src)
                batches: Iterator[pa.RecordBatch] = (
                    f.get_batch(i) for i in range(f.num_record_batches)
                )
                schema = f.schema
            except pa.ArrowInvalid:
                src.seek(0)
                s = pa.ipc.open_stream(src)
                batches, schema = iter(s), s.schema
            cols = self.resolver.top_level(schema)
            for b in batches:
                b = b.select(cols)
                for off in range(0, b.num_rows, self.batch_rows):
                    yield RawBatch(b.slice(off, self.batch_rows), None, src.tell() / size)
