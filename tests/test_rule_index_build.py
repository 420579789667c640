"""The licence rule index is built vectorised over every rule (``rulegrams.index_rules``):
property test against the plain per-rule construction it replaced."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from provscan.detect.licences.rulegrams import BIG, SAMPLE, Vocab, index_rules, shingles


def _reference(texts: list[str]) -> tuple[dict[str, int], list[np.ndarray], list[np.ndarray]]:
    vocab: dict[str, int] = {}
    kept, full = [], []
    for t in texts:
        seq = np.fromiter((vocab.setdefault(w, len(vocab)) for w in t.split()), np.int64)
        grams = np.unique(shingles(seq)[0])
        full.append(grams)
        sample = grams[grams % np.uint64(SAMPLE) == 0]
        kept.append(sample if len(grams) >= BIG and len(sample) >= 4 else grams)
    return vocab, kept, full


WORDS = st.sampled_from(["the", "licence", "permission", "is", "hereby", "granted", "free",
                         "of", "charge", "to", "any", "person", "copy", "software", "mit",
                         "gnu", "general", "public", "version", "2", "3", "or", "later"])
TEXT = st.lists(WORDS, max_size=120).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=30), st.integers(4, 64))
def test_vectorised_build_equals_the_per_rule_build(texts: list[str], chunk: int) -> None:
    vocab, kept, full = index_rules(texts, chunk)  # several chunks, cut between rules
    want_vocab, want_kept, want_full = _reference(texts)
    assert isinstance(vocab, Vocab) and dict(vocab) == want_vocab
    assert list(vocab) == list(want_vocab)  # ids in order of first appearance
    assert len(kept) == len(full) == len(texts)
    for got, want in [*zip(kept, want_kept, strict=True), *zip(full, want_full, strict=True)]:
        assert np.array_equal(got, want)
