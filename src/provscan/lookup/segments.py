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
mapped file (mapped for random access: no read-ahead). Beside each sorted key file,
``<name>.fence.arrow`` holds every ``FENCE``-th key (one per 4 KiB page of keys), read
whole: a query key is placed by the fence in memory, then one page of keys is read, and
one page of each other column per hit; nothing else of the file is touched.
"""

from __future__ import annotations

import mmap
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
FENCE = 512  # keys per fence entry: 4 KiB of uint64
FILES = {"docs": DOCS_SCHEMA, "exact": EXACT_SCHEMA, "bands": BANDS_SCHEMA,
         "passages": PASSAGES_SCHEMA}


def write_file(path: Path, table: pa.Table, fence: bool = False) -> None:
    """One uncompressed record batch (memory-mappable, zero-copy); with ``fence``, the
    fence of its sorted ``key`` column beside it."""
    table = table.combine_chunks()
    if fence:
        keys = table.column("key").to_numpy()
        write_file(path.with_suffix(".fence.arrow"), pa.table({"key": keys[::FENCE].copy()}))
    batches = table.to_batches()
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as w:
        if batches:
            w.write_batch(batches[0])


def _read(path: Path) -> pa.RecordBatch | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if hasattr(mm, "madvise"):
        mm.madvise(mmap.MADV_RANDOM)  # binary search: read-ahead would only waste pages
    reader = pa.ipc.open_file(pa.BufferReader(pa.py_buffer(mm)))
    if reader.num_record_batches == 0:
        return None
    return reader.get_batch(0)


def _fence(path: Path) -> npt.NDArray[np.uint64] | None:
    f = _read(path.with_suffix(".fence.arrow"))
    return None if f is None else np.array(f.column("key").to_numpy(), copy=True)


def _col(batch: pa.RecordBatch | None, name: str) -> npt.NDArray[Any]:
    if batch is None:
        return np.empty(0, dtype=np.uint64)
    out: npt.NDArray[Any] = batch.column(name).to_numpy(zero_copy_only=True)
    return out


def _bound(keys: npt.NDArray[Any], fence: npt.NDArray[Any], q: npt.NDArray[Any],
           side: str) -> I64:
    """``np.searchsorted(keys, q, side)``, each query's binary search confined to the
    window of ``FENCE`` keys the fence gives it (one page of the mapped file)."""
    n = len(keys)
    a = np.searchsorted(fence, q, side)  # type: ignore[call-overload]
    lo: I64 = np.maximum(a - 1, 0).astype(np.int64) * FENCE
    hi: I64 = np.minimum(lo + FENCE, n)
    while True:  # all queries at once: about log2(FENCE) rounds
        active = lo < hi
        if not active.any():
            return lo
        mid = (lo + hi) // 2
        v = keys[np.minimum(mid, n - 1)]
        right = (v < q) if side == "left" else (v <= q)
        lo = np.where(active & right, mid + 1, lo)
        hi = np.where(active & ~right, mid, hi)


def ranges(sorted_keys: npt.NDArray[Any], queries: npt.NDArray[Any],
           fence: npt.NDArray[Any] | None = None) -> tuple[I64, I64]:
    """For each query key, the positions ``[qi], [pos]`` of every equal key (placed by
    the ``fence`` of the keys when given)."""
    if fence is not None and len(sorted_keys) and len(queries):
        lo, hi = _bound(sorted_keys, fence, queries, "left"), \
            _bound(sorted_keys, fence, queries, "right")
    else:
        lo = np.searchsorted(sorted_keys, queries, "left")
        hi = np.searchsorted(sorted_keys, queries, "right")
    n = hi - lo
    qi = np.repeat(np.arange(len(queries), dtype=np.int64), n)
    starts = np.repeat(lo - (np.cumsum(n) - n), n)
    pos = starts + np.arange(int(n.sum()), dtype=np.int64)
    return qi, pos.astype(np.int64)


def _lower(urls: pa.Array, lo: int, hi: int, key: str, strict: bool) -> int:
    """The first position in ``urls[lo:hi]`` (sorted, nulls last) whose value is not
    below ``key`` (``strict``) or is above it."""
    while lo < hi:
        mid = (lo + hi) // 2
        v = urls[mid].as_py()
        below = v is not None and (v < key if strict else v <= key)
        lo, hi = (mid + 1, hi) if below else (lo, mid)
    return lo


class Segment:
    """The mapped files of one segment directory."""

    def __init__(self, path: Path, units: list[str]) -> None:
        self.path = path
        self.units = units  # unit keys, by the ``unit`` numbers of docs.arrow
        self.docs = _read(path / "docs.arrow")
        self.exact = _read(path / "exact.arrow")
        self.bands = _read(path / "bands.arrow")
        self.passages = _read(path / "passages.arrow")
        self.fences = {n: _fence(path / f"{n}.arrow") for n in ("exact", "bands", "passages")}

    def doc_rows(self, docs: npt.NDArray[Any]) -> pa.Table:
        """``unit, unit_key, row, bytes`` of document numbers (in that order); ``unit`` is
        the unit's number in the segment."""
        assert self.docs is not None
        idx = pa.array(np.asarray(docs, dtype=np.int64))
        unit = pc.take(self.docs.column("unit"), idx)
        keys = pa.array(self.units, pa.string())
        return pa.table({"unit": unit, "unit_key": pc.take(keys, unit),
                         "row": pc.take(self.docs.column("row"), idx),
                         "bytes": pc.take(self.docs.column("bytes"), idx)})

    def domain_docs(self, domain_hash: int) -> tuple[int, int]:
        """The run of documents of one registrable domain."""
        d = _col(self.docs, "domain_hash")
        q = np.array([domain_hash], dtype=np.uint64)
        return int(np.searchsorted(d, q, "left")[0]), int(np.searchsorted(d, q, "right")[0])

    def url_docs(self, domain_hash: int, url_key: str, prefix: bool) -> I64:
        """Documents whose normalised URL is ``url_key`` (or starts with it): a run of the
        domain's run, found by binary search (URLs sort by their UTF-8 bytes, as Python
        compares strings)."""
        lo, hi = self.domain_docs(domain_hash)
        if hi <= lo or self.docs is None:
            return np.empty(0, dtype=np.int64)
        urls = self.docs.column("url_key")
        end = url_key + "\U0010ffff" if prefix else url_key
        a = _lower(urls, lo, hi, url_key, strict=True)
        b = _lower(urls, a, hi, end, strict=False)
        return np.arange(a, b, dtype=np.int64)

    def unit_of(self, docs: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """The unit number (in the segment) of each document."""
        out: npt.NDArray[Any] = _col(self.docs, "unit")[docs]
        return out

    def exact_docs(self, keys: U64) -> tuple[I64, I64]:
        """``(query index, doc)`` of documents whose content key is one of ``keys``."""
        qi, pos = ranges(_col(self.exact, "key"), keys, self.fences["exact"])
        return qi, _col(self.exact, "doc")[pos].astype(np.int64)

    def band_docs(self, keys: U64, bands: npt.NDArray[np.uint8]) -> tuple[I64, I64]:
        """``(query index, doc)`` of documents with the key in the same band."""
        if self.bands is None:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        qi, pos = ranges(_col(self.bands, "key"), keys, self.fences["bands"])
        same = _col(self.bands, "band")[pos] == bands[qi]
        return qi[same], _col(self.bands, "doc")[pos[same]].astype(np.int64)

    def passage_docs(self, keys: U64) -> tuple[I64, I64]:
        """``(query index, doc)`` of documents holding a sampled shingle of ``keys``."""
        if self.passages is None:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        qi, pos = ranges(_col(self.passages, "key"), keys, self.fences["passages"])
        return qi, _col(self.passages, "doc")[pos].astype(np.int64)


__all__ = ["BANDS_SCHEMA", "DOCS_SCHEMA", "EXACT_SCHEMA", "FILES", "PASSAGES_SCHEMA",
           "Segment", "ranges", "write_file"]
