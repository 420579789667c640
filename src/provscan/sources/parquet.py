"""Parquet: row groups as the split unit, columns projected at the reader."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow.parquet as pq

from provscan.sources.base import Reader
from provscan.sources.fs import is_remote, open_input
from provscan.sources.model import RawBatch


class ParquetReader(Reader):
    def raw_batches(self) -> Iterator[RawBatch]:
        if is_remote(self.path):
            pf = pq.ParquetFile(open_input(self.path, dict(self.unit.shard.storage)))
        else:
            pf = pq.ParquetFile(self.path, memory_map=True)
        cols = self.resolver.top_level(pf.schema_arrow)
        groups = list(self.unit.row_groups or range(pf.num_row_groups))
        total = sum(pf.metadata.row_group(g).num_rows for g in groups) or 1
        done = 0
        for b in pf.iter_batches(
            batch_size=self.batch_rows, row_groups=groups, columns=cols, use_threads=False
        ):
            done += b.num_rows
            yield RawBatch(b, None, done / total)
