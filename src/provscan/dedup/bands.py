"""The band-key links of the clustering, found with numpy in bounded memory.

Every document has one 64-bit key per LSH band; two documents are linked when they share
the key of one band. In SQL this was a ``group by (band, key)`` over one row per key: 46
million rows at 4 GB of text, nearly all of them singletons, an aggregate far past the
memory limit that spilled to disk (16 s of a 24 s clustering at 3.9 million documents).

Here the keys are read from the MinHash parts once and radix-partitioned by their top bits
into temporary files (the partitions are sized so one fits a fixed memory budget; a small
store needs one partition and no files). Per partition, ``np.sort`` of the keys alone finds
the key values that occur more than once, and only the rows holding those (a few per cent)
are grouped exactly by (band, key) and sorted by document id: each group links its members
to its smallest id, the star ``cluster._link`` used. Same links as the SQL
(``tests/test_dedup.py``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

#: Bytes per key while a partition is grouped (key, id, band, sort and mask temporaries).
_BYTES_PER_KEY = 40
_MAX_PARTITIONS = 4096
EDGE_SCHEMA = pa.schema([("src", pa.int64()), ("dst", pa.int64())])


def band_edges(parts: list[str], shard_no: dict[tuple[str, str], int], tmp_dir: str,
               budget_bytes: int) -> pa.Table:
    """``(src, dst)``: each document sharing a (band, key) with others, linked to the
    smallest id among them (``shard_no << 32 | row``). Rows with null bands have no keys."""
    total = sum(_keys_in(p) for p in parts)
    partitions = 1
    while partitions < _MAX_PARTITIONS and total * _BYTES_PER_KEY > budget_bytes * partitions:
        partitions *= 2
    if partitions == 1:
        chunks = list(_keys(parts, shard_no))
        if not chunks:
            return EDGE_SCHEMA.empty_table()
        key, ids, band = (np.concatenate(c) for c in zip(*chunks, strict=True))
        return _edges(key, ids, band)
    shift = np.uint64(64 - partitions.bit_length() + 1)
    with tempfile.TemporaryDirectory(prefix="bands-", dir=tmp_dir) as work:
        files = [[(Path(work) / f"{i}.{kind}").open("wb") for kind in ("k", "i", "b")]
                 for i in range(partitions)]
        try:
            for key, ids, band in _keys(parts, shard_no):
                which = (key >> shift).astype(np.uint16)
                order = np.argsort(which, kind="stable")  # a radix sort for 16-bit values
                bounds = np.searchsorted(which[order], np.arange(partitions + 1))
                for p in np.flatnonzero(np.diff(bounds)).tolist():
                    rows = order[bounds[p]:bounds[p + 1]]
                    for f, arr in zip(files[p], (key, ids, band), strict=True):
                        arr[rows].tofile(f)
        finally:
            for fs in files:
                for f in fs:
                    f.close()
        out = []
        for i in range(partitions):
            base = Path(work) / str(i)
            key = np.fromfile(f"{base}.k", dtype=np.uint64)
            ids = np.fromfile(f"{base}.i", dtype=np.int64)
            band = np.fromfile(f"{base}.b", dtype=np.uint8)
            for kind in ("k", "i", "b"):
                Path(f"{base}.{kind}").unlink()
            out.append(_edges(key, ids, band))
    return pa.concat_tables(out)


def _keys_in(part: str) -> int:
    md = pq.ParquetFile(part).metadata
    schema = md.schema.to_arrow_schema()
    return int(md.num_rows) * int(schema.field("bands").type.list_size)


def _keys(parts: list[str], shard_no: dict[tuple[str, str], int],
          ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(key, document id, band) of every key, one row group at a time."""
    for part in parts:
        pf = pq.ParquetFile(part, read_dictionary=["source", "shard"])
        for g in range(pf.num_row_groups):
            t = pf.read_row_group(g, columns=["source", "shard", "row", "bands"])
            t = t.filter(pc.is_valid(t.column("bands")))
            if t.num_rows == 0:
                continue
            bands = t.column("bands").combine_chunks()
            width = bands.type.list_size
            values = bands.flatten()
            if values.null_count:
                raise ValueError(f"{part}: a band key is null inside a list of keys")
            key = values.to_numpy(zero_copy_only=False).astype(np.uint64, copy=False)
            ids = _ids(t, shard_no)
            yield key, np.repeat(ids, width), np.tile(np.arange(width, dtype=np.uint8),
                                                      t.num_rows)


def _ids(t: pa.Table, shard_no: dict[tuple[str, str], int]) -> np.ndarray:
    rows = t.column("row").to_numpy().astype(np.int64)
    one = [_only(t.column(c)) for c in ("source", "shard")]
    if one[0] is not None and one[1] is not None:  # a part is one unit: one shard
        only: np.ndarray = (np.int64(shard_no[(one[0], one[1])]) << 32) | rows
        return only
    pairs = pc.binary_join_element_wise(t.column("source").cast(pa.string()),
                                        t.column("shard").cast(pa.string()), "\x1f")
    enc = pc.dictionary_encode(pairs).combine_chunks()
    numbers = np.array([shard_no[tuple(s.split("\x1f", 1))]  # type: ignore[index]
                        for s in enc.dictionary.to_pylist()], dtype=np.int64)
    out: np.ndarray = (numbers[enc.indices.to_numpy(zero_copy_only=False)] << 32) | rows
    return out


def _only(col: pa.ChunkedArray) -> str | None:
    """The column's one value when it has exactly one (and no nulls), else None."""
    arr = col.combine_chunks()
    if arr.null_count:
        return None
    if pa.types.is_dictionary(arr.type):
        used = pc.unique(arr.indices)
        return str(arr.dictionary[used[0].as_py()].as_py()) if len(used) == 1 else None
    values = pc.unique(arr)
    return str(values[0].as_py()) if len(values) == 1 else None


def _edges(key: np.ndarray, ids: np.ndarray, band: np.ndarray) -> pa.Table:
    """The links of one partition: keys found twice or more, grouped by (band, key)."""
    if len(key) < 2:
        return EDGE_SCHEMA.empty_table()
    s = np.sort(key)
    repeated = np.unique(s[1:][s[1:] == s[:-1]])  # few: a binary search each is cheap
    if len(repeated) == 0:
        return EDGE_SCHEMA.empty_table()
    # a table of their low bits first (~1/64 false hits), a binary search only for hits
    size = 1 << min(26, max(10, (64 * len(repeated)).bit_length()))
    low = np.uint64(size - 1)
    hit = np.zeros(size, dtype=bool)
    hit[(repeated & low).astype(np.intp)] = True
    rows = np.flatnonzero(hit[(key & low).astype(np.intp)])
    at = np.minimum(np.searchsorted(repeated, key[rows]), len(repeated) - 1)
    rows = rows[repeated[at] == key[rows]]
    k, i, b = key[rows], ids[rows], band[rows]
    order = np.lexsort((i, b, k))  # by key, then band, then id
    k, i, b = k[order], i[order], b[order]
    start = np.ones(len(k), dtype=bool)
    start[1:] = (k[1:] != k[:-1]) | (b[1:] != b[:-1])
    group = np.cumsum(start) - 1
    root = i[start][group]  # the group's smallest id
    size = np.bincount(group)[group]
    keep = (size > 1) & (i != root)
    return pa.table({"src": i[keep], "dst": root[keep]}, schema=EDGE_SCHEMA)


__all__ = ["EDGE_SCHEMA", "band_edges"]
