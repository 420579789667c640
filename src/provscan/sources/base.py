"""The reader base class: subclasses write ``raw_batches``; mapping, repair, row
numbering and problem logging live here."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from provscan.config import ColumnMap
from provscan.sources.columns import ColumnResolver
from provscan.sources.model import ProblemLog, RawBatch, ReadBatch, WorkUnit


class Reader(ABC):
    """Reads one work unit as Arrow record batches of the standard columns."""

    #: What the row index means for this format, for error messages ("row", "line"),
    #: and the number a person uses for row index 0 (editors count lines from 1).
    row_word = "row"
    row_base = 0

    def __init__(self, unit: WorkUnit, columns: ColumnMap, batch_rows: int = 8192) -> None:
        self.unit = unit
        self.path = unit.shard.uri
        self.batch_rows = batch_rows
        self.resolver = ColumnResolver(columns, unit.where())
        self.problems = ProblemLog(unit.where())
        #: Documents handed on so far: what a break in the input keeps.
        self.docs_read = 0

    @abstractmethod
    def raw_batches(self) -> Iterator[RawBatch]:
        """Input batches; project columns with ``self.resolver.top_level(schema)``."""

    def batches(self) -> Iterator[ReadBatch]:
        """Standard-column batches. If the input breaks off after some documents were
        read (an error no format-specific recovery caught), those are kept and the break
        is a ``read_error`` problem; a unit that breaks before any document fails."""
        next_row = self.unit.first_row
        raws = self.raw_batches()
        while True:
            try:
                raw = next(raws)
            except StopIteration:
                return
            except Exception as e:
                if not self.docs_read:
                    raise
                self.problems.add(
                    "read_error", next_row,
                    f"{self.unit.where()}: reading stopped after {self.row_word} "
                    f"{next_row - 1 + self.row_base} ({type(e).__name__}: {e}); the "
                    f"{self.docs_read:,} documents before were kept, the rest of the file "
                    "was not read. Check the file, or re-export it.",
                )
                return
            n = raw.batch.num_rows
            rows = raw.rows if raw.rows is not None else pa.array(
                np.arange(next_row, next_row + n, dtype=np.int64)
            )
            if n:
                next_row = rows[n - 1].as_py() + 1

            def on_bad(i: int, msg: str, rows: pa.Array = rows) -> None:
                row = rows[i].as_py()
                self.problems.add(
                    "bad_value", row, f"{self.row_word} {row + self.row_base}: {msg}"
                )

            std = raw.batch if raw.mapped else self.resolver.apply(raw.batch, on_bad)
            self.docs_read += n
            yield ReadBatch(std, rows, raw.progress, raw.page)
