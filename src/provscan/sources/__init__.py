"""Sources: shard discovery and one reader per format, yielding Arrow record batches."""

from __future__ import annotations

from provscan.config import ColumnMap
from provscan.sources.arrow import ArrowReader
from provscan.sources.base import Reader
from provscan.sources.csv import CsvReader
from provscan.sources.discover import Skipped, discover, format_of, plan_units
from provscan.sources.jsonl import JsonlReader
from provscan.sources.model import LOSS_KINDS, Problem, ProblemLog, ReadBatch, Shard, WorkUnit
from provscan.sources.parquet import ParquetReader
from provscan.sources.warc import WarcReader

READERS: dict[str, type[Reader]] = {
    "parquet": ParquetReader,
    "jsonl": JsonlReader,
    "csv": CsvReader,
    "arrow": ArrowReader,
    "warc": WarcReader,
}


#: Readers whose output changed for the same file: the version enters the units'
#: settings, so stores scanned before are redone for those formats only. Web archives:
#: 2 = ARC, WET, LF-only HTTP headers, falsely chunked bodies and damage recovery.
READER_VERSIONS: dict[str, int] = {"warc": 2}


def open_reader(unit: WorkUnit, columns: ColumnMap, batch_rows: int = 8192) -> Reader:
    """The reader for a unit's format."""
    return READERS[unit.shard.format](unit, columns, batch_rows)


__all__ = [
    "LOSS_KINDS", "READERS", "READER_VERSIONS", "Problem", "ProblemLog", "ReadBatch",
    "Reader", "Shard", "Skipped", "WorkUnit", "discover", "format_of", "open_reader",
    "plan_units",
]
