"""Normalisation, hashing and sampling: properties (hypothesis) and known cases."""

from __future__ import annotations

import unicodedata
from importlib.resources import files

import pyarrow as pa
import pytest
import xxhash
from hypothesis import given, settings
from hypothesis import strategies as st

from provscan.scan.batch import doc_ids, sample_mask
from provscan.scan.nfc_data import unstable_codepoints
from provscan.scan.text import content_hash, content_hash_py, normalise

# Unicode's White_Space property (PropList.txt, Unicode 15): what normalisation collapses.
# Not str.isspace(), which also holds U+001C-U+001F.
WHITE_SPACE = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                        + "".join(map(chr, range(0x2000, 0x200B))))
WS = sorted(WHITE_SPACE)
# Surrogates cannot be encoded as UTF-8, so no Arrow string holds them.
chars = st.characters(blacklist_categories=("Cs",))
texts = st.text(alphabet=st.one_of(chars, st.sampled_from(WS)), max_size=200)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hello world", "  Hello \t\n world \n"),
        ("Hello world", "Hello\u00a0world"),           # no-break space
        ("Hello world", "Hello\u3000\u2003world"),     # ideographic + em space
        ("Café", "Cafe\u0301"),                         # NFC vs NFD
        ("a b", "a\u2028b"),                            # line separator
        ("", "   \n\t "),
    ],
)
def test_equivalent_texts_hash_equal(a: str, b: str) -> None:
    h = content_hash(pa.array([a, b])).to_pylist()
    assert h[0] == h[1]


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hello world", "Hello  World"), ("ﬁ", "fi"), ("a\x1cb", "a b"), ("a-b", "a b")],
)
def test_different_texts_hash_differently(a: str, b: str) -> None:
    # NFC, not NFKC: the ligature stays; U+001C is not Unicode White_Space.
    h = content_hash(pa.array([a, b])).to_pylist()
    assert h[0] != h[1]


def test_every_white_space_character_collapses_and_no_other() -> None:
    got = normalise(pa.array([f"a{c}{c}b" for c in WS])).to_pylist()
    assert got == ["a b"] * len(WS)
    # separators for str.isspace(), or invisible, but not Unicode White_Space
    others = ["\x1c", "\x1f", "\u200b", "\u2060", "\ufeff"]
    assert normalise(pa.array([f"a{c}b" for c in others])).to_pylist() == [
        f"a{c}b" for c in others]


def test_hash_is_xxh3_128_of_normalised_utf8() -> None:
    assert content_hash(pa.array([" Grüße  aus\nKöln "])).to_pylist() == [
        xxhash.xxh3_128_hexdigest("Grüße aus Köln".encode())
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=20))
def test_vectorised_hash_matches_reference(xs: list[str]) -> None:
    got = content_hash(pa.array(xs, pa.string())).to_pylist()
    assert got == [content_hash_py(x) for x in xs]
    assert all(len(h) == 32 and int(h, 16) >= 0 for h in got)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_normalise_is_idempotent_and_canonical(x: str) -> None:
    once = normalise(pa.array([x])).to_pylist()[0]
    assert normalise(pa.array([once])).to_pylist()[0] == once
    assert once == once.strip(" ")
    assert "  " not in once
    assert not any(c in WHITE_SPACE and c != " " for c in once)
    assert unicodedata.is_normalized("NFC", once)


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, min_size=1, max_size=30), st.integers(0, 29))
def test_hash_does_not_depend_on_batch_neighbours(xs: list[str], k: int) -> None:
    whole = content_hash(pa.array(xs)).to_pylist()
    k = k % len(xs)
    sliced = content_hash(pa.array(xs).slice(k)).to_pylist()
    assert sliced == whole[k:]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=chars, max_size=30), max_size=50), st.floats(0, 1))
def test_sampling_is_deterministic_and_monotone(ids: list[str], rate: float) -> None:
    arr = pa.array(ids, pa.string())
    a = sample_mask(arr, rate).to_pylist()
    assert a == sample_mask(arr, rate).to_pylist()
    # A higher rate keeps every document a lower rate kept.
    b = sample_mask(arr, min(1.0, rate + 0.1)).to_pylist()
    assert all(y for x, y in zip(a, b, strict=True) if x)


def test_sample_rate_is_close_to_requested() -> None:
    ids = pa.array([f"doc-{i}" for i in range(100_000)])
    share = sum(sample_mask(ids, 0.01).to_pylist()) / 100_000
    assert 0.009 < share < 0.011
    assert sum(sample_mask(ids, 0.0).to_pylist()) == 0
    assert all(sample_mask(ids, 1.0).to_pylist())


def test_doc_id_falls_back_to_shard_and_row() -> None:
    ids = pa.array(["a", None, "c"], pa.string())
    rows = pa.array([5, 6, 7], pa.int64())
    assert doc_ids(ids, "s3://b/x.parquet", rows).to_pylist() == ["a", "s3://b/x.parquet#6", "c"]


def test_nfc_table_covers_every_character_nfc_may_change() -> None:
    # If this fails after a Python upgrade (newer Unicode), regenerate the table:
    #   python -m provscan.scan.nfc_data > src/provscan/data/nfc_unstable.txt
    table = files("provscan").joinpath("data/nfc_unstable.txt").read_text("ascii")
    covered: set[int] = set()
    for line in table.splitlines():
        if line and not line.startswith("#"):
            a, b = (int(x, 16) for x in line.split())
            covered.update(range(a, b + 1))
    needed = set(unstable_codepoints())
    assert needed <= covered
    assert {0x0301, 0x212B, 0x1161, 0x0F73} <= covered  # combining, singleton, jamo, excluded
    assert not {ord("a"), ord("é"), ord(" ")} & covered
