"""The keys the lookup index and a query share: one function each, used on both sides.

- ``domain_hashes``: xxh3-64 of the registrable domain (0: no domain).
- ``content_keys``: xxh3-64 of the 32-hex ``content_hash`` (the full hash confirms a hit).
- ``passage_keys``: the word-shingle hashes of a document (the MinHash shingles, same
  words, same seed) whose low ``PASSAGE_BITS`` bits are zero: a content-defined sample,
  so a passage copied into a longer page brings its sampled shingles with it.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from provscan.scan.minhash import MinHasher
from provscan.scan.text import xxh3_64_ints

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

#: One shingle in 2**PASSAGE_BITS is a passage key: 1 in 16. A passage of n words shares
#: about (n - 4) / 16 keys with the page holding it; at 50 words the chance that it has
#: none is (15/16)^46 = 5 %, at 80 words 0.6 %.
PASSAGE_BITS = 4
_MASK = np.uint64((1 << PASSAGE_BITS) - 1)


def domain_hashes(domains: pa.Array) -> U64:
    """xxh3-64 of each domain; 0 where it is null."""
    out = xxh3_64_ints(pc.fill_null(domains, ""))
    out[np.asarray(pc.is_null(domains))] = 0
    return out


def content_keys(hashes: pa.Array) -> U64:
    return xxh3_64_ints(pc.fill_null(hashes, ""))


def passage_keys(norm_text: pa.Array, hasher: MinHasher) -> tuple[U64, I64]:
    """The distinct passage keys of each normalised text: ``(keys, doc)``."""
    shingles, offsets = hasher.shingle_hashes(norm_text)
    doc = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    keep = (shingles & _MASK) == 0
    keys, doc = shingles[keep], doc[keep]
    if len(keys) == 0:
        return keys, doc
    pairs = np.unique(np.stack([doc.astype(np.uint64), keys], axis=1), axis=0)
    return pairs[:, 1].copy(), pairs[:, 0].astype(np.int64)


def shingle_sets(norm_text: pa.Array, hasher: MinHasher) -> list[U64]:
    """The set (sorted distinct hashes) of word shingles of each normalised text."""
    shingles, offsets = hasher.shingle_hashes(norm_text)
    return [np.unique(shingles[a:b]) for a, b in itertools.pairwise(offsets)]


__all__ = ["PASSAGE_BITS", "content_keys", "domain_hashes", "passage_keys", "shingle_sets"]
