"""Candidates from the index: documents by URL, URL prefix, domain, content hash, band
keys and passage keys. Every function returns ``(query, segment, doc, kind, shared)``
arrays; nothing here reads a manifest part or a shard."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from provscan.lookup.index import IndexState
from provscan.lookup.keys import content_keys, domain_hashes, passage_keys
from provscan.lookup.urls import domain_key, host_key, url_key
from provscan.scan.minhash import MinHasher

I64 = npt.NDArray[np.int64]
KIND_ORDER = ("exact", "near", "contained")


@dataclass
class Hits:
    """Candidate documents: parallel arrays, one entry per (query, document, kind)."""

    query: list[I64] = field(default_factory=list)
    segment: list[I64] = field(default_factory=list)
    doc: list[I64] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)  # one kind per appended block
    sizes: list[int] = field(default_factory=list)
    shared: list[I64] = field(default_factory=list)

    def add(self, query: I64, seg: int, doc: I64, kind: str, shared: I64 | None = None) -> None:
        if len(doc) == 0:
            return
        self.query.append(np.asarray(query, dtype=np.int64))
        self.segment.append(np.full(len(doc), seg, dtype=np.int64))
        self.doc.append(np.asarray(doc, dtype=np.int64))
        self.kind.append(kind)
        self.sizes.append(len(doc))
        self.shared.append(np.ones(len(doc), np.int64) if shared is None else shared)

    def table(self) -> pa.Table:
        if not self.doc:
            return pa.table({"query": pa.array([], pa.int64()), "segment": pa.array([], pa.int64()),
                             "doc": pa.array([], pa.int64()), "kind": pa.array([], pa.string()),
                             "shared": pa.array([], pa.int64())})
        kinds = np.repeat(np.array(self.kind, dtype=object), self.sizes)
        return pa.table({"query": np.concatenate(self.query),
                         "segment": np.concatenate(self.segment),
                         "doc": np.concatenate(self.doc), "kind": pa.array(kinds, pa.string()),
                         "shared": np.concatenate(self.shared)})


def url_hits(state: IndexState, hits: Hits, qi: int, url: str, kind: str) -> None:
    """Documents of one normalised URL (``url``) or under one URL prefix (``url_prefix``).
    A prefix is a string prefix of the normalised URL; one that ends with ``/`` past the
    host is a folder: the folder's page and what is below it (``/blog/``: not
    ``/blogger``)."""
    key = url_key(url)
    _, domain = host_key(url)
    dh = int(domain_hashes(pa.array([domain], pa.string()))[0])
    folder = kind == "url_prefix" and url.rstrip().endswith("/") and "/" in key
    for si, seg in enumerate(state.segments):
        if folder:
            docs = np.concatenate([seg.url_docs(dh, key, prefix=False),
                                   seg.url_docs(dh, key + "/", prefix=True)])
        else:
            docs = seg.url_docs(dh, key, prefix=kind == "url_prefix")
        hits.add(np.full(len(docs), qi), si, docs, kind)


def domain_hits(state: IndexState, hits: Hits, qi: int, domain: str) -> None:
    dh = int(domain_hashes(pa.array([domain_key(domain)], pa.string()))[0])
    for si, seg in enumerate(state.segments):
        lo, hi = seg.domain_docs(dh)
        hits.add(np.full(hi - lo, qi), si, np.arange(lo, hi, dtype=np.int64), "domain")


def _grouped(qw: I64, si: int, docs: I64) -> tuple[I64, I64, I64]:
    """Distinct (work, doc) pairs of a segment with how many keys each shares."""
    if len(docs) == 0:
        return docs, docs, docs
    pairs, counts = np.unique(np.stack([qw, docs], axis=1), axis=0, return_counts=True)
    return pairs[:, 0], pairs[:, 1], counts.astype(np.int64)


def work_hits(state: IndexState, hits: Hits, first: int, norm: pa.Array,
              hashes: pa.Array) -> list[int]:
    """Exact, near and passage candidates of the works (query numbers from ``first``);
    the number of passage keys of each work."""
    n = len(norm)
    ck = content_keys(hashes)
    for si, seg in enumerate(state.segments):
        qi, docs = seg.exact_docs(ck)
        hits.add(qi + first, si, docs, "exact")
    if state.params is None:
        return [0] * n
    hasher = MinHasher(state.params)
    bk = hasher.band_keys(norm)
    bands = state.params.bands
    valid = np.flatnonzero(~np.asarray(bk.is_null()))
    if len(valid):
        vals = bk.values.slice(bk.offset * bands, len(bk) * bands)
        qk = vals.to_numpy(zero_copy_only=False).reshape(-1, bands)[valid].reshape(-1)
        qb = np.tile(np.arange(bands, dtype=np.uint8), len(valid))
        qw = np.repeat(valid, bands)
        for si, seg in enumerate(state.segments):
            qi, docs = seg.band_docs(qk, qb)
            w, d, c = _grouped(qw[qi], si, docs)
            hits.add(w + first, si, d, "near", c)
    pk, pw = passage_keys(norm, hasher)
    per_work = np.bincount(pw, minlength=n)
    if len(pk):
        need = np.array([max(1, math.ceil(0.5 * k)) for k in per_work], dtype=np.int64)
        for si, seg in enumerate(state.segments):
            qi, docs = seg.passage_docs(pk)
            w, d, c = _grouped(pw[qi], si, docs)
            ok = c >= need[w]
            hits.add(w[ok] + first, si, d[ok], "contained", c[ok])
    return [int(k) for k in per_work]


__all__ = ["KIND_ORDER", "Hits", "domain_hits", "url_hits", "work_hits"]
