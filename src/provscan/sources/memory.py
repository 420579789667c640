"""In-memory sources: Hugging Face ``datasets`` objects, Arrow tables and streams, and
anything that exports an Arrow C stream (``__arrow_c_stream__``: pandas, polars, DuckDB).

They have no file to fingerprint, so the caller names a version; a ``datasets.Dataset``
brings its own (``Dataset._fingerprint``, which changes with every transform). Each split
is one shard named ``inmemory://SOURCE/SPLIT`` (``inmemory://SOURCE`` when there is no
split), read batch by batch in the calling process. ``datasets`` is never imported here:
an object is recognised as a ``datasets`` object only if that module is already loaded.
"""

from __future__ import annotations

import sys
import uuid
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from provscan.config import ColumnMap, SourceSpec
from provscan.errors import InputError
from provscan.sources.base import Reader
from provscan.sources.model import RawBatch, Shard, WorkUnit

SCHEME = "inmemory://"
#: The shard format of in-memory units (in the catalog's ``units.format``).
FORMAT = "memory"

#: ``open(columns, batch_rows)``: the part's batches, projected to ``columns`` (all
#: columns when ``None``).
Opener = Callable[[list[str] | None, int], Iterator[pa.RecordBatch]]


@dataclass(frozen=True, eq=False)
class MemoryPart:
    """One split of an in-memory source: how to read it, and what is known of it."""

    split: str | None
    open: Opener
    #: The version that stands in for a file fingerprint: unchanged, the part is skipped.
    version: str
    #: Whether the caller (or the Dataset's fingerprint) named the version; if not, the
    #: part is read again on every scan.
    versioned: bool
    schema: pa.Schema | None
    num_rows: int | None
    nbytes: int
    #: A stream that can be read only once (a RecordBatchReader): a scan of it that
    #: breaks off cannot be resumed from the same object.
    once: bool
    kind: str  # what the object is, for messages: "datasets.Dataset", "pyarrow.Table"…

    def shard(self, source: str) -> Shard:
        uri = SCHEME + source + (f"/{self.split}" if self.split else "")
        return Shard(source, uri, FORMAT, self.nbytes, 0, version=self.version)


def _datasets() -> Any:
    return sys.modules.get("datasets")


def _batches(tables: Iterator[Any]) -> Iterator[pa.RecordBatch]:
    for t in tables:
        if isinstance(t, pa.RecordBatch):
            yield t
        else:
            yield from t.to_batches()


def _hf_part(obj: Any, split: str | None, version: str | None, kind: str) -> MemoryPart:
    """A ``datasets.Dataset`` or ``IterableDataset``, read as Arrow tables."""
    ds_mod = _datasets()
    mapped = isinstance(obj, ds_mod.Dataset)
    own = getattr(obj, "_fingerprint", None) if mapped else None
    name = split if split is not None else (str(obj.split) if obj.split is not None else None)
    features = obj.features
    schema = features.arrow_schema if features is not None else None

    def open_(cols: list[str] | None, rows: int) -> Iterator[pa.RecordBatch]:
        ds = obj.select_columns(cols) if cols is not None else obj
        return _batches(ds.with_format("arrow").iter(batch_size=rows))

    return MemoryPart(
        name, open_, _version(version or own), bool(version or own), schema,
        len(obj) if mapped else None, obj.data.nbytes if mapped else 0, False, kind)


def _version(v: str | None) -> str:
    # Without a version, a unique one: the part is never taken for the one scanned before.
    return f"v:{v}" if v else f"unversioned:{uuid.uuid4().hex}"


def _table_part(t: pa.Table, version: str | None, kind: str) -> MemoryPart:
    def open_(cols: list[str] | None, rows: int) -> Iterator[pa.RecordBatch]:
        sel = t.select(cols) if cols is not None else t
        return iter(sel.to_reader(max_chunksize=rows))

    return MemoryPart(None, open_, _version(version), bool(version), t.schema, t.num_rows,
                      t.nbytes, False, kind)


#: The RecordBatchReaders read so far: an exhausted reader yields nothing and does not
#: say it was read, which would scan as an empty source.
_READ: weakref.WeakSet[pa.RecordBatchReader] = weakref.WeakSet()


def _stream_part(reader: pa.RecordBatchReader, version: str | None, kind: str) -> MemoryPart:
    def open_(cols: list[str] | None, rows: int) -> Iterator[pa.RecordBatch]:
        if reader in _READ:
            raise InputError(
                f"this {kind} was read by an earlier scan and a stream can be read only "
                "once: pass a new one (with the same version, the parts already scanned "
                "are skipped)")
        _READ.add(reader)
        for b in reader:
            b = b.select(cols) if cols is not None else b
            for off in range(0, b.num_rows, rows):
                yield b.slice(off, rows)

    return MemoryPart(None, open_, _version(version), bool(version), reader.schema, None, 0,
                      True, kind)


def memory_parts(obj: Any, version: str | None = None) -> list[MemoryPart] | None:
    """The parts of an in-memory source, or ``None`` if ``obj`` is not one."""
    ds_mod = _datasets()
    kind = f"{type(obj).__module__.split('.')[0]}.{type(obj).__name__}"
    if ds_mod is not None:
        if isinstance(obj, ds_mod.DatasetDict | ds_mod.IterableDatasetDict):
            if not obj:
                raise InputError(f"this {kind} has no splits: nothing to scan")
            return [_hf_part(obj[k], str(k), version, kind) for k in sorted(obj)]
        if isinstance(obj, ds_mod.Dataset | ds_mod.IterableDataset):
            return [_hf_part(obj, None, version, kind)]
    if isinstance(obj, pa.RecordBatch):
        obj = pa.Table.from_batches([obj])
    if isinstance(obj, pa.Table):
        return [_table_part(obj, version, kind)]
    if isinstance(obj, pa.RecordBatchReader):
        return [_stream_part(obj, version, kind)]
    if hasattr(obj, "__arrow_c_stream__"):  # a data frame: exported anew on each read
        return [_exporter_part(obj, version, kind)]
    return None


def _exporter_part(obj: Any, version: str | None, kind: str) -> MemoryPart:
    def open_(cols: list[str] | None, rows: int) -> Iterator[pa.RecordBatch]:
        try:
            reader = pa.RecordBatchReader.from_stream(obj)
        except (TypeError, ValueError, pa.ArrowException) as e:
            raise InputError(f"this {kind} has __arrow_c_stream__ but gives no Arrow "
                             f"stream of record batches ({e})") from e
        for b in reader:
            b = b.select(cols) if cols is not None else b
            for off in range(0, b.num_rows, rows):
                yield b.slice(off, rows)

    try:  # a data frame's length is its rows
        rows: int | None = len(obj)
    except TypeError:
        rows = None
    return MemoryPart(None, open_, _version(version), bool(version), None, rows, 0, False,
                      kind)


@dataclass(frozen=True, eq=False)
class MemorySource:
    """A named in-memory source: its spec (name, columns, declared; ``paths`` names it
    ``inmemory://NAME``) and its parts, one per split."""

    spec: SourceSpec
    parts: tuple[MemoryPart, ...]

    def notes(self) -> list[str]:
        """What a user should know about scanning it again."""
        out: list[str] = []
        kinds = sorted({p.kind for p in self.parts if not p.versioned})
        if kinds:
            out.append(f"source {self.spec.name}: a {', '.join(kinds)} has no version, so "
                       "it is read again in full on every scan; give version=... (any "
                       "string that changes when the data does) to skip it when unchanged")
        if any(p.once for p in self.parts):
            out.append(f"source {self.spec.name}: a stream is read once; if the scan breaks "
                       "off, scan a new stream of the same data (a stream cannot resume "
                       "where it stopped)")
        return out


class MemoryReader(Reader):
    """Reads one in-memory part; rows are numbered from 0 in the order the part gives
    them (a Dataset's row index, after any ``select`` or ``shuffle``)."""

    def __init__(self, unit: WorkUnit, columns: ColumnMap, batch_rows: int,
                 part: MemoryPart) -> None:
        super().__init__(unit, columns, batch_rows)
        self.part = part

    def raw_batches(self) -> Iterator[RawBatch]:
        part = self.part
        cols = self.resolver.top_level(part.schema) if part.schema is not None else None
        done = 0
        for b in part.open(cols, self.batch_rows):
            if cols is None:  # the schema is known only now (a stream without features)
                b = b.select(self.resolver.top_level(b.schema))
            done += b.num_rows
            frac = done / part.num_rows if part.num_rows else 0.0
            yield RawBatch(b, None, min(frac, 1.0))


__all__ = ["FORMAT", "SCHEME", "MemoryPart", "MemoryReader", "MemorySource", "memory_parts"]
