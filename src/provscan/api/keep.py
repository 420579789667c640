"""``Store.keep_mask``: which rows of a dataset an exclusion set keeps, as a boolean mask
aligned with the rows, for ``Dataset.select`` / ``Dataset.filter`` or a table's filter.

A row is matched to the set by its document id when it has one (the mapped ``id``
column, converted as the scan converts it), else by its shard and row: an in-memory
source's ``inmemory://SOURCE/SPLIT`` and row index, which holds only for the very data
that was scanned (its version is checked against the store's).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from provscan.config import ColumnMap
from provscan.errors import ConfigError, InputError
from provscan.sources.convert import to_utf8
from provscan.sources.memory import MemoryPart, memory_parts

_BATCH = 65_536


def _ids(batch: pa.RecordBatch, path: list[str]) -> pa.Array | None:
    """The batch's document ids as the scan makes them (strings, empty as null)."""
    if path[0] not in batch.schema.names:
        return None
    arr = batch.column(path[0])
    for p in path[1:]:
        if not pa.types.is_struct(arr.type) or arr.type.get_field_index(p) < 0:
            return None
        arr = pc.struct_field(arr, p)
    s = to_utf8(arr, lambda _i, _m: None)
    return pc.if_else(pc.equal(s, ""), pa.scalar(None, pa.string()), s)


def _part_mask(part: MemoryPart, excluded: pa.Table, source: str | None,
               id_path: list[str], fingerprints: dict[str, str]) -> np.ndarray:
    n = part.num_rows
    if n is None:
        raise ConfigError(f"keep_mask needs data of known length (a Dataset, a table, a "
                          f"data frame), not a {part.kind}: filter a stream by doc_id with "
                          "the exclusion set itself")
    if source is not None:
        excluded = excluded.filter(pc.equal(excluded.column("source"), source))
    drop_ids = excluded.column("doc_id").combine_chunks()
    shard = part.shard(source).uri if source is not None else None
    drop_rows = np.zeros(n, dtype=bool)
    if shard is not None:
        rows = excluded.filter(pc.equal(excluded.column("shard"), shard)).column("row")
        idx = rows.to_numpy()
        drop_rows[idx[(idx >= 0) & (idx < n)]] = True
    keep = np.ones(n, dtype=bool)
    at = 0
    fallback = False  # some row has no id: it is matched by shard and row
    cols = [id_path[0]] if part.schema is not None and id_path[0] in part.schema.names \
        else None
    for batch in part.open(cols, _BATCH):
        m = batch.num_rows
        ids = _ids(batch, id_path)
        if ids is None:
            keep[at:at + m] = ~drop_rows[at:at + m]
            fallback = True
        else:
            hit = pc.is_in(ids, value_set=drop_ids).to_numpy(zero_copy_only=False)
            null = pc.is_null(ids).to_numpy(zero_copy_only=False)
            fallback = fallback or bool(null.any())
            keep[at:at + m] = ~np.where(null, drop_rows[at:at + m], hit)
        at += m
    if at != n:
        raise InputError(f"this {part.kind} gave {at:,} rows, not the {n:,} it has")
    if fallback:
        _check_scanned(part, source, shard, fingerprints)
    return keep


def _check_scanned(part: MemoryPart, source: str | None, shard: str | None,
                   fingerprints: dict[str, str]) -> None:
    """Rows without an id are matched by row index: only sound for the data scanned."""
    if source is None or shard is None:
        raise ConfigError("rows without an id column are matched by their row in the "
                          "scanned source: give keep_mask(..., source=NAME), the name it "
                          "was scanned under")
    got = fingerprints.get(shard)
    if got is None:
        raise InputError(f"{shard}: not in the store; scan this data as source {source} "
                         "first (rows without an id are matched by shard and row)")
    if not part.versioned or got != part.version:
        raise InputError(
            f"{shard}: this {part.kind} is not the version scanned (rows without an id "
            "are matched by their row, so they must be the same rows): give the version it "
            "was scanned with, or scan it again and rebuild the exclusion set")


def keep_masks(data: Any, excluded: pa.Table, *, source: str | None, version: str | None,
               columns: ColumnMap, fingerprints: dict[str, str],
               ) -> np.ndarray | dict[str, np.ndarray]:
    """One mask for a dataset or table; a mask per split for a ``DatasetDict``."""
    parts = memory_parts(data, version)
    if parts is None:
        raise ConfigError(f"keep_mask takes a datasets Dataset or DatasetDict, a pyarrow "
                          f"Table or a data frame, not a {type(data).__qualname__}")
    id_path = (columns.id or "id").split(".")
    masks = {p.split or "": _part_mask(p, excluded, source, id_path, fingerprints)
             for p in parts}
    if len(parts) == 1 and not _is_dict(data):
        return masks[parts[0].split or ""]
    return masks


def _is_dict(data: Any) -> bool:
    return isinstance(data, dict)


__all__ = ["keep_masks"]
