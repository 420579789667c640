"""Parquet: row groups as the split unit, columns projected at the reader.

A file whose footer cannot be read (cut short, empty, not Parquet) fails its unit with
the reason: nothing in it can be located without the footer. A row group that cannot
be decoded loses only itself: it is reported with its rows (``bad_row_group``), and the
row groups after it are read.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from provscan.common.fs import is_remote, open_input
from provscan.errors import InputError
from provscan.sources.base import Reader
from provscan.sources.model import RawBatch


class ParquetReader(Reader):
    def _open(self) -> pq.ParquetFile:
        if self.unit.shard.size == 0:
            raise InputError(
                f"{self.path}: the file is empty (0 bytes), so it is not a Parquet file "
                "(a Parquet file with no rows still has a footer). Re-export it, or remove "
                "it from the source; the rest of the scan is unaffected.")
        if is_remote(self.path):
            return pq.ParquetFile(open_input(self.path, dict(self.unit.shard.storage)))
        # read, not memory-mapped: a mapped file's pages count in the process's RSS for as
        # long as the unit reads it (+~70 MB per 250 MB shard and thread, measured)
        return pq.ParquetFile(self.path, memory_map=False)

    def raw_batches(self) -> Iterator[RawBatch]:
        pf = self._open()
        meta = pf.metadata
        cols = self.resolver.top_level(pf.schema_arrow)
        groups = list(self.unit.row_groups or range(pf.num_row_groups))
        total = sum(meta.row_group(g).num_rows for g in groups) or 1
        row, done = self.unit.first_row, 0
        for g in groups:
            n = meta.row_group(g).num_rows
            at = row
            try:
                for b in pf.iter_batches(batch_size=self.batch_rows, row_groups=[g],
                                         columns=cols, use_threads=False):
                    rows = pa.array(np.arange(at, at + b.num_rows, dtype=np.int64))
                    at += b.num_rows
                    yield RawBatch(b, rows, (done + at - row) / total)
                if at < row + n:  # damaged pages can decode to fewer values, quietly
                    raise ValueError(f"it decoded to {at - row} of its {n} rows")
            except (OSError, pa.ArrowException, ValueError) as e:
                self.problems.add(
                    "bad_row_group", at,
                    f"row group {g} (rows {at}-{row + n - 1}) cannot be decoded "
                    f"({type(e).__name__}: {e}); its {row + n - at:,} rows were skipped, "
                    "the other row groups were read. Re-export the file.",
                )
            row += n
            done += n
