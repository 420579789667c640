"""MinHash signatures and LSH band keys, vectorised over a batch of normalised texts.

Why our own kernel and not a library: the expensive part of MinHash is not the
permutations but turning text into shingle hashes, and every library takes one Python
set of shingle strings per document (rensa, the fastest measured, reaches ~9 MB/s per
core that way; datasketch ~2-5 MB/s). Here a batch never becomes Python objects:

1. **Words.** The normalised text (NFC, single spaces; :func:`provscan.scan.text.normalise`)
   is cut at its spaces with one numpy pass over the UTF-8 buffer. The tokens of the
   batch are dictionary-encoded by Arrow, so each *distinct* token is cleaned and hashed
   once: lower-cased, leading and trailing punctuation (Unicode ``P*``) removed, and
   dropped if nothing is left. In scripts written without spaces between words (Han,
   Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) every character is a word of its own,
   so a shingle there is a character n-gram: a rule as fast as splitting on spaces that
   needs no dictionary or model, unlike spaCy's per-language tokenisers.
2. **Shingles.** A word's hash is xxh3-64 of its UTF-8 bytes; a shingle (``shingle``
   consecutive words) hashes as the polynomial ``((w0*P + w1)*P + ...)`` mod 2^64,
   finished with murmur3's fmix64, computed for all positions of the batch at once.
3. **Permutations.** ``h_i(x) = a_i * x mod 2^64`` with odd multipliers ``a_i``
   (multiply-shift hashing: the minimum is decided by the high bits, which depend on
   every bit of ``x``); per-document minima by ``np.minimum.reduceat``, in chunks of
   documents so the working array stays in cache.
4. **Bands.** The ``rows`` minima of each band fold into one 64-bit key (seeded by the
   band number, so equal keys in different bands never meet).

Everything is derived from xxh3 and fixed constants, never from a random generator,
so band keys are the same on every machine, numpy version and batch split. The pure
Python reference in the tests recomputes them one document at a time.

:meth:`MinHasher.band_keys` and :meth:`MinHasher.signatures` run the compiled core
(:mod:`provscan.scan.core`: the same steps, one document at a time, in C) when it is
installed; the numpy kernel above stays as ``*_reference``, the definition the core
matches bit for bit, and runs when the core cannot be imported.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from provscan.config import NearDuplicates
from provscan.scan import core
from provscan.scan.text import xxh3_64_ints_reference
from provscan.schema import MINHASH_PART_KEY

U64 = npt.NDArray[np.uint64]

# Characters that are words of their own: scripts written without spaces between words.
NO_SPACE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3005, 0x3007),  # iteration mark, closing mark, ideographic zero
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3040, 0x30FF),  # Hiragana, Katakana (with the prolonged sound mark)
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x3134F),  # CJK extensions B-G
)
_NO_SPACE_RE2 = "[" + "".join(rf"\x{{{a:x}}}-\x{{{b:x}}}" for a, b in NO_SPACE_RANGES) + "]"
_PUNCT_EDGES_RE2 = r"^\pP+|\pP+$"


_P = np.uint64(0x9E3779B97F4A7C15)  # odd: the polynomial base of shingle and band hashes
_M64 = (1 << 64) - 1
_CHUNK_SHINGLES = 1 << 15  # shingles per reduceat chunk: 256 KB of uint64, fits in L2


@dataclass(frozen=True)
class MinHashParams:
    """MinHash and LSH settings.

    The defaults, 12 bands of 10 rows (120 permutations) over word 5-grams, make
    documents candidates when their shingle sets have a Jaccard similarity of about
    0.8: the S-curve ``1 - (1 - J^10)^12`` gives 1.2 % at J = 0.5, 29 % at 0.7, 74 % at
    0.8, 93 % at 0.85 and 99.4 % at 0.9 (a copy with 1 % of its words changed has
    J ≈ 0.9). Its midpoint, ``(1/b)^(1/r)``, is 0.78.
    """

    num_perm: int = 120  # permutations computed; the first bands*rows form the bands
    bands: int = 12
    rows: int = 10
    shingle: int = 5  # words per shingle (characters, in scripts without spaces)
    seed: int = 0  # changes every hash; stores with different seeds do not match

    def __post_init__(self) -> None:
        for name in ("num_perm", "bands", "rows", "shingle"):
            if getattr(self, name) < 1:
                raise ValueError(f"MinHashParams.{name} must be at least 1")
        if self.bands * self.rows > self.num_perm:
            raise ValueError(
                f"MinHashParams: bands x rows ({self.bands} x {self.rows}) is more than "
                f"num_perm ({self.num_perm}); raise num_perm or lower bands or rows"
            )
        if not 0 <= self.seed <= _M64:
            raise ValueError("MinHashParams.seed must be an unsigned 64-bit integer")

    @classmethod
    def of(cls, nd: NearDuplicates) -> MinHashParams:
        """The parameters a scan's ``near_duplicates`` settings give."""
        return cls(num_perm=nd.bands * nd.rows, bands=nd.bands, rows=nd.rows,
                   shingle=nd.shingle, seed=nd.seed)

    def threshold(self) -> float:
        """The Jaccard similarity at the steep part of the S-curve: (1/b)^(1/r)."""
        return float((1.0 / self.bands) ** (1.0 / self.rows))

    def candidate_probability(self, jaccard: float) -> float:
        """Probability that two documents of this Jaccard similarity share a band key."""
        return float(1.0 - (1.0 - jaccard**self.rows) ** self.bands)


def fmix64(x: U64) -> U64:
    """murmur3's 64-bit finaliser, in place on a uint64 array (full avalanche)."""
    x ^= x >> np.uint64(33)
    x *= np.uint64(0xFF51AFD7ED558CCD)
    x ^= x >> np.uint64(33)
    x *= np.uint64(0xC4CEB9FE1A85EC53)
    x ^= x >> np.uint64(33)
    return x


def _seeded(label: str, n: int, seed: int) -> U64:
    """``n`` fixed 64-bit constants: xxh3-64 of ``label + index`` under ``seed``."""
    h = xxhash.xxh3_64_intdigest
    return np.array([h(f"{label}{i}".encode(), seed) for i in range(n)], dtype=np.uint64)


class MinHasher:
    """Band keys (and full signatures) for batches of normalised text."""

    def __init__(self, params: MinHashParams = MinHashParams()) -> None:
        self.params = params
        self.multipliers = _seeded("perm", params.num_perm, params.seed) | np.uint64(1)
        self.band_seeds = _seeded("band", params.bands, params.seed)
        self.shingle_seed = np.uint64(_seeded("shingle", 1, params.seed)[0])
        p = params
        self.name = (
            f"provscan minhash (xxh3-64 words, {p.shingle}-word shingles, {p.num_perm} "
            f"permutations, {p.bands} bands x {p.rows} rows, seed {p.seed})"
        )

    def part_schema(self) -> pa.Schema:
        """Schema of a ``STORE/minhash/<source>/<unit>.parquet`` part. Its metadata
        records the settings, so clustering can refuse parts made with others."""
        return pa.schema(
            [
                ("source", pa.string()),
                ("shard", pa.string()),
                ("row", pa.int64()),
                ("doc_id", pa.string()),
                ("content_hash", pa.string()),
                ("bands", pa.list_(pa.uint64(), self.params.bands)),
            ],
            metadata={MINHASH_PART_KEY: self.name},
        )

    def band_keys(self, norm_text: pa.Array | pa.ChunkedArray) -> pa.Array:
        """One ``fixed_size_list<uint64>[bands]`` per document; null when the text has
        fewer than ``shingle`` words (or is null or empty)."""
        if not core.available():
            return self.band_keys_reference(norm_text)
        p = self.params
        _, keys, has = core.minhash(
            norm_text, self.multipliers[: p.bands * p.rows], int(self.shingle_seed),
            p.shingle, self.band_seeds, p.rows, signatures=False)
        assert keys is not None
        return self._key_array(keys, has)

    def band_keys_reference(self, norm_text: pa.Array | pa.ChunkedArray) -> pa.Array:
        """:meth:`band_keys` by the numpy kernel."""
        sig, has = self.signatures_reference(norm_text, self.params.bands * self.params.rows)
        values = np.zeros((len(has), self.params.bands), dtype=np.uint64)
        values[has] = self._band_keys(sig)
        return self._key_array(values, has)

    def _key_array(self, values: U64, has: npt.NDArray[np.bool_]) -> pa.Array:
        return pa.FixedSizeListArray.from_arrays(
            pa.array(values.reshape(-1)), self.params.bands, mask=pa.array(~has)
        )

    def signatures(
        self, norm_text: pa.Array | pa.ChunkedArray, num_perm: int | None = None
    ) -> tuple[U64, npt.NDArray[np.bool_]]:
        """The MinHash signature of every document that has at least one shingle.

        Returns ``(sig, has)``: ``has[i]`` says whether document ``i`` has a signature,
        and ``sig`` holds one row of ``num_perm`` minima per such document, in order.
        The share of equal positions in two rows estimates their Jaccard similarity.
        """
        n_perm = self._num_perm(num_perm)
        if not core.available():
            return self.signatures_reference(norm_text, n_perm)
        sig, _, has = core.minhash(norm_text, self.multipliers[:n_perm],
                                   int(self.shingle_seed), self.params.shingle, None, 0,
                                   signatures=True)
        assert sig is not None
        return sig, has

    def _num_perm(self, num_perm: int | None) -> int:
        n_perm = self.params.num_perm if num_perm is None else num_perm
        if not 0 < n_perm <= self.params.num_perm:
            raise ValueError(f"num_perm must be 1..{self.params.num_perm}, not {n_perm}")
        return n_perm

    def signatures_reference(
        self, norm_text: pa.Array | pa.ChunkedArray, num_perm: int | None = None
    ) -> tuple[U64, npt.NDArray[np.bool_]]:
        """:meth:`signatures` by the numpy kernel."""
        n_perm = self._num_perm(num_perm)
        shingles, offsets = self.shingle_hashes(norm_text)
        counts = np.diff(offsets)
        has = counts > 0
        starts = offsets[:-1][has]
        sig = np.empty((len(starts), n_perm), dtype=np.uint64)
        # Chunks of whole documents, so one multiply + reduceat per permutation stays in
        # cache; a document longer than a chunk is a chunk of its own.
        ends = np.append(starts[1:], offsets[-1]) if len(starts) else starts
        bounds = _chunk_bounds(starts, ends, _CHUNK_SHINGLES)
        tmp = np.empty(0, dtype=np.uint64)
        for d0, d1 in itertools.pairwise(bounds.tolist()):
            lo, hi = int(starts[d0]), int(ends[d1 - 1])
            x = shingles[lo:hi]
            rel = starts[d0:d1] - lo
            if len(tmp) < len(x):
                tmp = np.empty(len(x), dtype=np.uint64)
            t = tmp[: len(x)]
            for i in range(n_perm):
                np.multiply(x, self.multipliers[i], out=t)
                sig[d0:d1, i] = np.minimum.reduceat(t, rel)
        return sig, has

    def shingle_hashes(self, norm_text: pa.Array) -> tuple[U64, npt.NDArray[np.int64]]:
        """All shingle hashes of the batch, and each document's range in them."""
        words, word_off = self.word_hashes(norm_text)
        k = self.params.shingle
        n_words = np.diff(word_off)
        per_doc = np.maximum(n_words - (k - 1), 0)
        offsets = np.zeros(len(per_doc) + 1, dtype=np.int64)
        np.cumsum(per_doc, out=offsets[1:])
        total = int(offsets[-1])
        if total == 0:
            return np.empty(0, dtype=np.uint64), offsets
        m = len(words) - (k - 1)
        s = words[:m].copy()
        for j in range(1, k):
            s *= _P
            s += words[j : j + m]
        del words
        s ^= self.shingle_seed
        fmix64(s)
        # Keep the positions whose k words lie inside one document.
        first = word_off[:-1] - offsets[:-1]
        take = np.repeat(first, per_doc)
        take += np.arange(total, dtype=np.int64)
        return s[take], offsets

    def word_hashes(self, norm_text: pa.Array) -> tuple[U64, npt.NDArray[np.int64]]:
        """xxh3-64 of every word of the batch in order, and each document's range."""
        arr = _plain_strings(norm_text)
        n = len(arr)
        bufs = arr.buffers()
        off = np.frombuffer(bufs[1], dtype=np.int32)[arr.offset : arr.offset + n + 1]
        base, end = int(off[0]), int(off[-1])
        if bufs[2] is None or end == base:
            return np.empty(0, dtype=np.uint64), np.zeros(n + 1, dtype=np.int64)
        data = np.frombuffer(bufs[2], dtype=np.uint8)[base:end]
        # Token boundaries: every document start and every byte after a space. A token
        # keeps its trailing space, which cleaning removes with the punctuation.
        mark = np.zeros(len(data) + 1, dtype=bool)
        mark[np.flatnonzero(data == 32) + 1] = True
        mark[off - base] = True
        bounds = np.flatnonzero(mark).astype(np.int32)
        del mark
        doc_tok = np.searchsorted(bounds, off - base)
        tokens = pa.StringArray.from_buffers(
            len(bounds) - 1, pa.py_buffer(bounds + np.int32(base)), bufs[2]
        )
        enc = pc.dictionary_encode(tokens)
        idx = np.frombuffer(enc.indices.buffers()[1], dtype=np.int32)[: len(tokens)]
        counts, hashes = _clean_dictionary(enc.dictionary)
        del tokens, enc
        occ = counts[idx]
        starts = np.cumsum(counts) - counts  # each distinct token's first word in hashes
        if counts.max(initial=0) <= 1:  # no token split into characters: a plain lookup
            words = hashes[starts[idx[occ == 1]]]
        else:
            total = int(occ.sum())
            occ_start = np.cumsum(occ) - occ
            pos = np.repeat(starts[idx] - occ_start, occ) + np.arange(total, dtype=np.int64)
            words = hashes[pos]
        cum = np.zeros(len(occ) + 1, dtype=np.int64)
        np.cumsum(occ, out=cum[1:])
        return words, cum[doc_tok]

    def _band_keys(self, sig: U64) -> U64:
        b, r = self.params.bands, self.params.rows
        rows = sig[:, : b * r].reshape(len(sig), b, r)
        h = np.repeat(self.band_seeds[None, :], len(sig), axis=0)
        for j in range(r):
            h *= _P
            h += rows[:, :, j]
        return fmix64(h)


def _plain_strings(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A single-chunk ``string`` array without nulls (nulls become empty)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    return pc.fill_null(arr, "") if arr.null_count else arr


def _clean_dictionary(d: pa.Array) -> tuple[npt.NDArray[np.int64], U64]:
    """Per distinct token: how many words it yields, and their hashes (flat, in order).

    Tokens holding no-space-script characters are split so each such character is a
    word; every piece is lower-cased and stripped of edge punctuation, empty ones dropped.
    """
    no_space = pc.match_substring_regex(d, _NO_SPACE_RE2)
    if pc.any(no_space).as_py():
        spaced = pc.replace_substring_regex(pc.filter(d, no_space), f"({_NO_SPACE_RE2})", r" \1 ")
        d = pc.replace_with_mask(d, no_space, spaced)
    pieces = pc.split_pattern(d, " ")
    flat = pc.replace_substring_regex(pc.utf8_lower(pieces.flatten()), _PUNCT_EDGES_RE2, "")
    keep = np.asarray(pc.greater(pc.binary_length(flat), 0))
    list_off = np.asarray(pieces.offsets)
    list_off = list_off - list_off[0]
    kept = np.zeros(len(keep) + 1, dtype=np.int64)
    np.cumsum(keep, out=kept[1:])
    counts = kept[list_off[1:]] - kept[list_off[:-1]]
    return counts, xxh3_64_ints_reference(pc.filter(flat, pa.array(keep)))


def _chunk_bounds(starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64], size: int) -> (
    npt.NDArray[np.int64]
):
    """Document indices that cut the documents into runs of about ``size`` shingles."""
    if len(starts) == 0:
        return np.zeros(1, dtype=np.int64)
    base = int(starts[0])
    cuts = np.searchsorted(starts - base, np.arange(size, int(ends[-1]) - base, size))
    return np.unique(np.concatenate([[0], cuts, [len(starts)]])).astype(np.int64)
