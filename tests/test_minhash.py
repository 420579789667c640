"""MinHash band keys: the vectorised kernel against a pure-Python reference, and the
properties near-duplicate detection relies on (near copies found, unrelated texts
apart, the S-curve, determinism)."""

from __future__ import annotations

import random
import re
import unicodedata

import numpy as np
import pyarrow as pa
import pytest
import xxhash
from hypothesis import given, settings
from hypothesis import strategies as st

from provscan.scan.minhash import NO_SPACE_RANGES, MinHasher, MinHashParams
from provscan.scan.text import normalise

M64 = (1 << 64) - 1
P = 0x9E3779B97F4A7C15
NO_SPACE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in NO_SPACE_RANGES) + "]")


# --- pure-Python reference: one document at a time, Python ints ------------------------

def _fmix(x: int) -> int:
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & M64
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & M64
    return x ^ (x >> 33)


def _strip_punct(w: str) -> str:
    i, j = 0, len(w)
    while i < j and unicodedata.category(w[i]).startswith("P"):
        i += 1
    while j > i and unicodedata.category(w[j - 1]).startswith("P"):
        j -= 1
    return w[i:j]


def ref_words(text: str) -> list[str]:
    """Space-separated tokens; each no-space-script character a word; lower-cased,
    edge punctuation removed, empty words dropped."""
    out = []
    for tok in text.split(" "):
        for piece in NO_SPACE.sub(lambda m: f" {m.group(0)} ", tok).split(" "):
            w = _strip_punct(piece.lower())
            if w:
                out.append(w)
    return out


def ref_shingles(text: str, mh: MinHasher) -> list[int]:
    hs = [xxhash.xxh3_64_intdigest(w.encode()) for w in ref_words(text)]
    k = mh.params.shingle
    out = []
    for i in range(len(hs) - k + 1):
        x = 0
        for h in hs[i : i + k]:
            x = (x * P + h) & M64
        out.append(_fmix(x ^ int(mh.shingle_seed)))
    return out


def ref_band_keys(text: str | None, mh: MinHasher) -> list[int] | None:
    p = mh.params
    sh = ref_shingles(text or "", mh)
    if not sh:
        return None
    sig = [min((int(a) * x) & M64 for x in sh) for a in mh.multipliers[: p.bands * p.rows]]
    keys = []
    for b in range(p.bands):
        x = int(mh.band_seeds[b])
        for v in sig[b * p.rows : (b + 1) * p.rows]:
            x = (x * P + v) & M64
        keys.append(_fmix(x))
    return keys


# --- helpers ---------------------------------------------------------------------------

VOCAB = [f"w{i:05d}" for i in range(20_000)]
MH = MinHasher()


def keys_of(texts: list[str | None], mh: MinHasher = MH) -> list[list[int] | None]:
    return mh.band_keys(normalise(pa.array(texts, pa.string()))).to_pylist()  # type: ignore[no-any-return]


def shares_key(a: list[int] | None, b: list[int] | None) -> bool:
    return a is not None and b is not None and any(x == y for x, y in zip(a, b, strict=True))


def random_doc(rng: random.Random, n: int) -> list[str]:
    return [rng.choice(VOCAB) for _ in range(n)]


def change_words(rng: random.Random, words: list[str], share: float) -> list[str]:
    out = list(words)
    for i in rng.sample(range(len(words)), max(1, round(share * len(words)))):
        out[i] = "x" + rng.choice(VOCAB)
    return out


def pair_with_jaccard(rng: random.Random, target: float, n: int = 300) -> tuple[str, str]:
    """Two texts whose 1-word shingle sets have Jaccard ``target`` (n distinct words each)."""
    common = round(2 * n * target / (1 + target))
    ws = rng.sample(VOCAB, 2 * n - common)
    a = ws[:n]
    b = ws[:common] + ws[n:]
    rng.shuffle(b)
    return " ".join(a), " ".join(b)


# --- the kernel against the reference --------------------------------------------------

ALPHABET = st.sampled_from(
    list("abcdefghijXYZ0123456789 .,;:!?'\"-()éüßÀ東京日本語のはカタナ学校ภาษาไทย  ")
)
texts = st.one_of(st.none(), st.text(alphabet=ALPHABET, max_size=120))


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, max_size=12))
def test_vectorised_matches_reference(xs: list[str | None]) -> None:
    mh = MinHasher(MinHashParams(num_perm=12, bands=4, rows=3, shingle=2))
    norm = normalise(pa.array(xs, pa.string()))
    got = mh.band_keys(norm).to_pylist()
    assert got == [ref_band_keys(t, mh) for t in norm.to_pylist()]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hello, World! (twice)", ["hello", "world", "twice"]),
        ("... — ,", []),
        ("東京は日本", ["東", "京", "は", "日", "本"]),
        ("iPhone用ケース", ["iphone", "用", "ケ", "ー", "ス"]),
        ("ภาษาไทย ok", ["ภ", "า", "ษ", "า", "ไ", "ท", "ย", "ok"]),
        ("l'été «chaud»", ["l'été", "chaud"]),
    ],
)
def test_word_rule(text: str, words: list[str]) -> None:
    assert ref_words(text) == words
    got, _ = MH.word_hashes(pa.array([text]))
    assert got.tolist() == [xxhash.xxh3_64_intdigest(w.encode()) for w in words]


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=1, max_size=10), st.integers(0, 10))
def test_band_keys_independent_of_batch_split(xs: list[str | None], cut: int) -> None:
    cut = min(cut, len(xs))
    norm = normalise(pa.array(xs, pa.string()))
    whole = MH.band_keys(norm).to_pylist()
    parts = MH.band_keys(norm.slice(0, cut)).to_pylist() + MH.band_keys(norm.slice(cut)).to_pylist()
    chunked = MH.band_keys(pa.chunked_array([norm.slice(0, cut), norm.slice(cut)], pa.string()))
    assert whole == parts == chunked.to_pylist()


def test_golden_keys_are_stable() -> None:
    """Band keys are stored and compared across runs: they must never drift."""
    keys = keys_of(["The quick brown fox jumps over the lazy dog near the river bank"])[0]
    assert keys is not None and keys[:2] == [15476029485253051356, 12937403232966035329]


def test_output_type_and_nulls() -> None:
    out = MH.band_keys(normalise(pa.array(["one two three four five", "one two", "", None])))
    assert out.type == pa.list_(pa.uint64(), 12) == MH.part_schema().field("bands").type
    assert MH.part_schema().metadata == {b"provscan.minhash": MH.name.encode()}
    assert out.is_null().to_pylist() == [False, True, True, True]
    assert len(MH.band_keys(pa.array([], pa.string()))) == 0


def test_case_punctuation_and_white_space_do_not_matter() -> None:
    a, b = keys_of(["The cat sat on the mat, quietly.", "the CAT sat   on the mat quietly"])
    assert a == b


# --- near-duplicate behaviour -------------------------------------------------------------

def test_planted_near_copies_are_candidates() -> None:
    rng = random.Random(1)
    docs = [random_doc(rng, rng.randint(150, 400)) for _ in range(60)]
    copies = [change_words(rng, d, 0.01) for d in docs]
    keys = keys_of([" ".join(d) for d in docs + copies])
    found = sum(shares_key(keys[i], keys[i + 60]) for i in range(60))
    assert found >= 59  # J ≈ 0.9: 99.4 % each


def test_unrelated_documents_share_no_key() -> None:
    rng = random.Random(2)
    keys = keys_of([" ".join(random_doc(rng, 200)) for _ in range(400)])
    seen: set[tuple[int, int]] = set()
    for k in keys:
        assert k is not None
        for band, key in enumerate(k):
            assert (band, key) not in seen
            seen.add((band, key))


def test_cjk_near_copy_found_and_other_text_apart() -> None:
    rng = random.Random(3)
    chars = "東京大阪日本語学校研究会社仕事時間写真新聞電車映画世界政府地域情報経済"
    doc = "".join(rng.choice(chars) for _ in range(300))
    near = doc[:150] + "の" + doc[151:]
    other = "".join(rng.choice(chars) for _ in range(300))
    a, b, c = keys_of([doc, near, other])
    assert shares_key(a, b)
    assert not shares_key(a, c)


@pytest.mark.parametrize(
    ("params", "jaccard", "low", "high"),
    [
        (MinHashParams(), 0.5, 0.0, 0.05),     # expected 1.2 %
        (MinHashParams(), 0.95, 0.97, 1.0),    # expected 100 %
        (MinHashParams(num_perm=100, bands=20, rows=5), 0.5, 0.35, 0.65),  # threshold 0.55
    ],
)
def test_threshold_behaviour(
    params: MinHashParams, jaccard: float, low: float, high: float
) -> None:
    mh = MinHasher(MinHashParams(params.num_perm, params.bands, params.rows, shingle=1))
    rng = random.Random(4)
    pairs = [pair_with_jaccard(rng, jaccard) for _ in range(150)]
    keys = mh.band_keys(pa.array([t for p in pairs for t in p])).to_pylist()
    rate = sum(shares_key(keys[2 * i], keys[2 * i + 1]) for i in range(len(pairs))) / len(pairs)
    assert low <= rate <= high
    assert abs(params.candidate_probability(jaccard) - (low + high) / 2) < (high - low)


def test_signatures_estimate_jaccard() -> None:
    mh = MinHasher(MinHashParams(shingle=1))
    rng = random.Random(5)
    est = []
    for _ in range(100):
        a, b = pair_with_jaccard(rng, 0.6)
        sig, has = mh.signatures(pa.array([a, b]))
        assert has.all()
        est.append(float(np.mean(sig[0] == sig[1])))
    assert abs(np.mean(est) - 0.6) < 0.02


def test_defaults_and_validation() -> None:
    p = MinHashParams()
    assert (p.num_perm, p.bands, p.rows, p.shingle) == (120, 12, 10, 5)
    assert p.threshold() == pytest.approx(0.780, abs=1e-3)
    assert p.candidate_probability(0.9) == pytest.approx(0.994, abs=1e-3)
    assert hash(p) == hash(MinHashParams())
    assert "12 bands x 10 rows" in MinHasher(p).name
    with pytest.raises(ValueError, match="bands x rows"):
        MinHashParams(num_perm=100)
    with pytest.raises(ValueError, match="shingle"):
        MinHashParams(shingle=0)


def test_seed_changes_keys() -> None:
    text = ["alpha beta gamma delta epsilon zeta eta theta"]
    assert keys_of(text) != keys_of(text, MinHasher(MinHashParams(seed=1)))
