"""Building the rule index's 5-gram lists (``rules.RuleIndex``), vectorised over the rules."""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

K: Final = 5  # words per shingle
_MULT: Final = np.uint64(0x9E3779B97F4A7C15)
# Rules of at least BIG 5-grams are indexed by a fixed sample of them (see ``rules``).
BIG: Final = 48
SAMPLE: Final = 8
CHUNK: Final = 1 << 18  # words of rules indexed at a time (bounds the temporaries)

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


class Vocab(dict[str, int]):
    """Word -> id; an unknown word is -1 (``map(vocab.__getitem__, words)`` stays in C)."""

    def __missing__(self, key: str) -> int:
        return -1


def shingles(ids: I64) -> tuple[U64, npt.NDArray[np.bool_]]:
    """5-gram hashes of a word-id sequence, and which are valid (no unknown word)."""
    n = len(ids) - K + 1
    if n <= 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.bool_)
    u = ids.astype(np.uint64)
    h = np.zeros(n, np.uint64)
    known = np.ones(n, np.bool_)
    for j in range(K):
        h = h * _MULT + u[j:j + n] + np.uint64(j + 1)
        known &= ids[j:j + n] >= 0
    return h, known


def index_rules(texts: list[str], chunk: int = CHUNK) -> tuple[Vocab, list[U64], list[U64]]:
    """Word ids (in order of first appearance), and per rule its sorted distinct 5-grams:
    all of them, and the ones the index keeps (a fixed sample of a long rule's). Vectorised
    over the rules, a few hundred thousand words at a time (a per-rule loop took a second
    per process; all rules at once held ~150 MB of temporaries)."""
    split = pc.utf8_split_whitespace(pa.array(texts, pa.string()))
    lens = np.asarray(pc.list_value_length(split).to_numpy(zero_copy_only=False), np.int64)
    words = pc.list_flatten(split)
    del split
    words = words.filter(pc.not_equal(words, ""))  # str.split() drops empty words
    if len(words) != int(lens.sum()):  # leading or trailing white space: count again
        lens = np.fromiter((len(t.split()) for t in texts), np.int64, len(texts))
    enc = pc.dictionary_encode(words)  # indices in order of first appearance
    del words
    vocab = Vocab(zip(enc.dictionary.to_pylist(), range(len(enc.dictionary)), strict=True))
    ids = np.asarray(enc.indices.to_numpy(zero_copy_only=False), np.int64)
    del enc
    full: list[U64] = []
    kept: list[U64] = []
    ends = np.cumsum(lens)
    first = 0
    while first < len(texts):  # rules [first, last) hold at most ``chunk`` words (or one rule)
        base = int(ends[first - 1]) if first else 0
        last = max(first + 1, int(np.searchsorted(ends, base + chunk, side="right")))
        f, k = _rule_grams(ids[base:int(ends[last - 1])], lens[first:last])
        full += f
        kept += k
        first = last
    return vocab, kept, full


def _rule_grams(ids: I64, lens: I64) -> tuple[list[U64], list[U64]]:
    """Per rule (word counts ``lens`` over ``ids``): its sorted distinct 5-grams, and the
    ones the index keeps."""
    n = len(ids) - K + 1
    if n <= 0:
        empty = np.zeros(0, np.uint64)
        return [empty] * len(lens), [empty] * len(lens)
    h, _ = shingles(ids)  # every window; those crossing two rules are dropped below
    rule = np.repeat(np.arange(len(lens), dtype=np.int32), lens)[:n]
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    ok = np.arange(n) - starts[rule] <= lens[rule] - K
    h, rule = h[ok], rule[ok]
    # by rule, then 5-gram: a sort of the hashes, then a stable radix sort of the rules
    order = np.argsort(h)
    order = order[np.argsort(rule[order], kind="stable")]
    h, rule = h[order], rule[order]
    first = np.ones(len(h), np.bool_)
    first[1:] = (h[1:] != h[:-1]) | (rule[1:] != rule[:-1])
    h, rule = h[first], rule[first]
    n_full = np.bincount(rule, minlength=len(lens))
    sampled = h % np.uint64(SAMPLE) == 0
    n_sample = np.bincount(rule[sampled], minlength=len(lens))
    # a long rule: every SAMPLE-th 5-gram (by hash) will do to find it
    big = (n_full >= BIG) & (n_sample >= 4)
    keep = sampled | ~big[rule]
    full = np.split(h, np.cumsum(n_full)[:-1])
    kept = np.split(h[keep], np.cumsum(np.bincount(rule[keep], minlength=len(lens)))[:-1])
    return full, kept


