"""One segment of the lookup index: sorted, memory-mapped Arrow files, searched by binary
search so that a lookup reads only the pages holding the keys it asks for.

A segment covers some units of the store and numbers their documents ``0..n-1`` in the
order of ``docs.arrow``:

    docs.arrow      domain_hash u64, url_key string, unit i32, row i64, bytes i64
                    sorted by (domain_hash, url_key): a domain is one run, a URL a run in it
    exact.arrow     key u64 (xxh3-64 of content_hash), doc i32; sorted by key
    bands.arrow     key u64 (a MinHash band key), band u8, doc i32; sorted by key
    passages.arrow  key u64 (a sampled word-shingle hash), doc i32; sorted by key

Every file is one uncompressed record batch, so its columns are numpy views of the
mapped file: ``np.searchsorted`` touches about log2(n) pages per key, never the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

DOCS_SCHEMA = pa.schema([("domain_hash", pa.uint64()), ("url_key", pa.string()),
                         ("unit", pa.int32()), ("row", pa.int64()), ("bytes", pa.int64())])
EXACT_SCHEMA = pa.schema([("key", pa.uint64()), ("doc", pa.int32())])
BANDS_SCHEMA = pa.schema([("key", pa.uint64()), ("band", pa.uint8()), ("doc", pa.int32())])
PASSAGES_SCHEMA = EXACT_SCHEMA
FILES = {"docs": DOCS_SCHEMA, "exact": EXACT_SCHEMA, "bands": BANDS_SCHEMA,
         "passages": PASSAGES_SCHEMA}


def write_file(path: Path, table: pa.Table) -> None:
    """One uncompressed record batch (memory-mappable, zero-copy)."""
    table = table.combine_chunks()
    batches = table.to_batches()
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as w:
        if batches:
            w.write_batch(batches[0])


def _read(path: Path) -> pa.RecordBatch | None:
    if not path.exists():
        return None
    reader = pa.ipc.open_file(pa.memory_map(str(path), "r"))
    if reader.num_record_batches == 0:
        return None
    return reader.get_batch(0)


def _col(batch: pa.RecordBatch | None, name: str) -> npt.NDArray[Any]:
    if batch is None:
        return np.empty(0, dtype=np.uint64)
    out: npt.NDArray[Any] = batch.column(name).to_numpy(zero_copy_only=True)
    return out


def ranges(sorted_keys: npt.NDArray[Any], queries: npt.NDArray[Any]) -> tuple[I64, I64]:
    """For each query key, the positions ``[qi], [pos]`` of every equal key."""
    lo = np.searchsorted(sorted_keys, queries, "left")
    hi = np.searchsorted(sorted_keys, queries, "right")
    n = hi - lo
    qi = np.repeat(np.arange(len(queries), dtype=np.int64), n)
    starts = np.repeat(lo - (np.cumsum(n) - n), n)
    pos = starts + np.arange(int(n.sum()), dtype=np.int64)
    return qi, pos.astype(np.int64)


class Segment:
    """The mapped files of one segment directory."""

    def __init__(self, path: Path, units: list[str]) -> None:
        self.path = path
        self.units = units  # unit keys, by the ``unit`` numbers of docs.arrow
        self.docs = _read(path / "docs.arrow")
        self.exact = _read(path / "exact.arrow")
        self.bands = _read(path / "bands.arrow")
        self.passages = _read(path / "passages.arrow")

    def doc_rows(self, docs: npt.NDArray[Any]) -> pa.Table:
        """``unit_key, row, bytes`` of document numbers (in that order)."""
        assert self.docs is not None
        idx = pa.array(np.asarray(docs, dtype=np.int64))
        unit = pc.take(self.docs.column("unit"), idx).to_numpy()
        keys = pa.array(self.units, pa.string())
        return pa.table({"unit_key": pc.take(keys, pa.array(unit)),
                         "row": pc.take(self.docs.column("row"), idx),
                         "bytes": pc.take(self.docs.column("bytes"), idx)})

    def domain_docs(self, domain_hash: int) -> tuple[int, int]:
        """The run of documents of one registrable domain."""
        d = _col(self.docs, "domain_hash")
        q = np.array([domain_hash], dtype=np.uint64)
        return int(np.searchsorted(d, q, "left")[0]), int(np.searchsorted(d, q, "right")[0])

    def url_docs(self, domain_hash: int, url_key: str, prefix: bool) -> I64:
        """Documents whose normalised URL is ``url_key`` (or starts with it)."""
        lo, hi = self.domain_docs(domain_hash)
        if hi <= lo or self.docs is None:
            return np.empty(0, dtype=np.int64)
        urls = self.docs.column("url_key").slice(lo, hi - lo)
        hit = pc.starts_with(urls, url_key) if prefix else pc.equal(urls, url_key)
        return np.flatnonzero(pc.fill_null(hit, False).to_numpy(zero_copy_only=False)) + lo

    def exact_docs(self, keys: U64) -> tuple[I64, I64]:
        """``(query index, doc)`` of documents whose content key is one of ``keys``."""
        qi, pos = ranges(_col(self.exact, "key"), keys)
        return qi, _col(self.exact, "doc")[pos].astype(np.int64)

    def band_docs(self, keys: U64, bands: npt.NDArray[np.uint8]) -> tuple[I64, I64]:
        """``(query index, doc)`` of documents with the key in the same band."""
        if self.bands is None:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        qi, pos = ranges(_col(self.bands, "key"), keys)
        same = _col(self.bands, "band")[pos] == bands[qi]
        return qi[same], _col(self.bands, "doc")[pos[same]].astype(np.int64)

    def passage_docs(self, keys: U64) -> tuple[I64, I64]:
        """``(query index, doc)`` of documents holding a sampled shingle of ``keys``."""
        if self.passages is None:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        qi, pos = ranges(_col(self.passages, "key"), keys)
        return qi, _col(self.passages, "doc")[pos].astype(np.int64)


__all__ = ["BANDS_SCHEMA", "DOCS_SCHEMA", "EXACT_SCHEMA", "FILES", "PASSAGES_SCHEMA",
           "Segment", "ranges", "write_file"]
