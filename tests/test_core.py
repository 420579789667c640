"""The compiled scan core gives exactly the reference's output.

Stores keep their ``content_hash`` and band keys across an upgrade only if the C core
(provscan.scan.core) and the numpy/Arrow reference (``*_reference`` in text, tokens,
minhash) agree byte for byte: on random Unicode (every White_Space character, combining
marks, CJK, emoji, replaced invalid UTF-8, empty and null texts, sliced arrays), on a
20 MB document and on every text of the sample corpus. Also: the core is built, its
SIMD and portable MinHash agree, its Unicode tables match the Arrow the reference runs,
and without it provscan says so once and runs the reference.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import files
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from conftest import sample_config
from hypothesis import given, settings
from hypothesis import strategies as st

from provscan.scan import core
from provscan.scan.core_tables import render
from provscan.scan.core_tables import tables as core_tables
from provscan.scan.minhash import MinHasher, MinHashParams
from provscan.scan.text import (
    content_hash,
    content_hash_py,
    content_hash_reference,
    normalise,
    normalise_and_hash,
    normalise_reference,
    xxh3_64_ints,
    xxh3_64_ints_reference,
    xxh3_128_hex,
    xxh3_128_hex_reference,
)
from provscan.scan.tokens import WordCounter
from provscan.sources import discover, open_reader, plan_units

WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
               + "".join(map(chr, range(0x2000, 0x200B))))
SPECIAL = [
    *WHITE_SPACE,
    "\u0301", "\u0308", "\u0323", "\u302a", "\u3099", "\u1161", "\u11a8",  # combining, jamo
    "e\u0301", "\u212b", "\u2000", "\u0958", "\uf900", "\u1e9b\u0323",  # NFC changes these
    "東", "京", "は", "カ", "ー", "ภ", "ไ", "한", "국", "\u3005", "\U00020000",  # no-space
    "😀", "👍🏽", "🇩🇪", "\u200d", "\ufeff", "\u200b", "\x00", "\x1c",  # emoji, invisible
    "\ufffd",  # what a reader puts for invalid UTF-8
    "İ", "Ȁ", "Ⱥ", "ẞ", "Ω", "K", "Σ", "ǅ", "ﬁ", "Ａ",  # lower-casing grows or maps oddly
    ",", ".", "!", "«", "»", "—", "、", "。", "・", "¿", "'", "\"", "(", "_", "$", "+", "@",
    "a", "b", "Z", "7", "é", "ß", "ł", "ж", "ع", "א", "ह", "ก",
]
# Surrogates cannot be encoded as UTF-8, so no Arrow string holds them.
chars = st.characters(blacklist_categories=("Cs",))
texts = st.lists(st.one_of(chars, st.sampled_from(SPECIAL)), max_size=120).map("".join)
maybe = st.one_of(st.none(), texts)
SMALL = MinHasher(MinHashParams(num_perm=12, bands=4, rows=3, shingle=2))
DEFAULT = MinHasher()

pytestmark = pytest.mark.skipif(not core.available(), reason="the compiled core is not built")


def test_core_is_built_and_named() -> None:
    # `make test` builds it (pip install -e .): if this fails, the compiler did.
    assert core.available(), core.core_name()
    assert core.core_name().startswith("compiled C (")


@settings(max_examples=400, deadline=None)
@given(st.lists(maybe, max_size=15), st.integers(0, 15))
def test_normalise_hash_and_tokens_match_reference(xs: list[str | None], cut: int) -> None:
    arr = pa.array(xs, pa.string()).slice(min(cut, len(xs)))  # offsets not at 0
    norm, hashes, tokens = normalise_and_hash(arr, tokens=True)
    ref = normalise_reference(arr)
    assert norm.to_pylist() == ref.to_pylist()
    assert hashes.to_pylist() == content_hash_reference(arr).to_pylist() == [
        content_hash_py(x or "") for x in arr.to_pylist()]
    assert tokens is not None
    assert tokens.to_pylist() == WordCounter().count_reference(ref).to_pylist()
    assert WordCounter().count(arr, norm).to_pylist() == tokens.to_pylist()
    assert normalise(arr).to_pylist() == ref.to_pylist()
    assert content_hash(arr).to_pylist() == hashes.to_pylist()


@settings(max_examples=300, deadline=None)
@given(st.lists(maybe, max_size=12))
def test_band_keys_and_signatures_match_reference(xs: list[str | None]) -> None:
    # Raw text as well as normalised: the kernel must not rely on single spaces.
    for arr in (pa.array(xs, pa.string()), normalise(pa.array(xs, pa.string()))):
        for mh in (SMALL, DEFAULT):
            assert mh.band_keys(arr).to_pylist() == mh.band_keys_reference(arr).to_pylist()
        sig, has = SMALL.signatures(arr)
        ref_sig, ref_has = SMALL.signatures_reference(arr)
        assert has.tolist() == ref_has.tolist()
        assert np.array_equal(sig, ref_sig)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(texts, st.binary(max_size=40)), max_size=12))
def test_hashes_of_any_bytes_match_reference(xs: list[str | bytes]) -> None:
    raw = [x.encode() if isinstance(x, str) else x for x in xs]
    for typ in (pa.binary(), pa.large_binary()):
        arr = pa.array(raw, typ)
        assert xxh3_128_hex(arr).to_pylist() == xxh3_128_hex_reference(arr).to_pylist()
        assert xxh3_64_ints(arr).tolist() == xxh3_64_ints_reference(arr).tolist()


def test_replaced_invalid_utf8_matches_reference() -> None:
    bad = [b"caf\xc3", b"\xff\xfe a  b", b"x\xed\xa0\x80y", b"\xf0\x9f\x98 ok", b"\xc0\xaf"]
    arr = pa.array([b.decode("utf-8", errors="replace") for b in bad])
    assert normalise(arr).to_pylist() == normalise_reference(arr).to_pylist()
    assert content_hash(arr).to_pylist() == content_hash_reference(arr).to_pylist()
    assert DEFAULT.band_keys(arr).to_pylist() == DEFAULT.band_keys_reference(arr).to_pylist()


def test_twenty_megabyte_document_matches_reference() -> None:
    rng = np.random.default_rng(3)
    words = np.array(["Ünïcode", "words,", "東京", "the", "Straße", "a\u0301", "😀", "(x)",
                      "\u00a0", "\n\n", "\t", "İstanbul", "end."], dtype=object)
    parts = words[rng.integers(0, len(words), 3_700_000)]
    doc = " ".join(parts.tolist())
    assert len(doc.encode()) > 20_000_000
    arr = pa.array([doc, "short text", None, ""])
    norm = normalise(arr)
    assert norm.to_pylist() == normalise_reference(arr).to_pylist()
    assert content_hash(arr).to_pylist() == content_hash_reference(arr).to_pylist()
    assert DEFAULT.band_keys(norm).to_pylist() == DEFAULT.band_keys_reference(norm).to_pylist()


def test_sample_corpus_hashes_and_band_keys_match_reference(sample_corpus: Path) -> None:
    cfg = sample_config(sample_corpus)
    docs = 0
    for spec in cfg.sources:
        shards, _ = discover(spec)
        for shard in shards:
            for unit in plan_units(shard, 1 << 40):
                for rb in open_reader(unit, spec.columns).batches():
                    text = rb.batch.column("text")
                    norm, hashes, _ = normalise_and_hash(text)
                    ref = normalise_reference(text)
                    assert norm.equals(ref)
                    assert hashes.equals(content_hash_reference(text))
                    assert DEFAULT.band_keys(norm).equals(DEFAULT.band_keys_reference(ref))
                    docs += len(text)
    assert docs > 1000


def test_every_minhash_kernel_agrees() -> None:
    # SIMD kernels (AVX-512, AVX2) are chosen at run time: each one this machine has
    # must give the portable kernel's minima, for any number of permutations.
    rng = np.random.default_rng(9)
    vocab = [f"w{i}" for i in range(5000)]
    arr = pa.array([" ".join(rng.choice(vocab, n)) for n in rng.integers(0, 400, 300)])
    assert core.kernels()[-1] == "portable"
    mh = MinHasher(MinHashParams(num_perm=130, bands=13, rows=10, shingle=3))
    for perms in (1, 4, 7, 8, 15, 16, 17, 63, 64, 65, 120, 130):
        mult = mh.multipliers[:perms]
        runs = [core.minhash(arr, mult, int(mh.shingle_seed), 3, mh.band_seeds[:perms // 10],
                             10, signatures=True, kernel=k) for k in core.kernels()]
        for sig, keys, has in runs[:-1]:
            assert np.array_equal(sig, runs[-1][0]) and np.array_equal(has, runs[-1][2])
            assert np.array_equal(keys, runs[-1][1])


def test_threads_share_one_process() -> None:
    # The core releases the GIL; results must not depend on what runs beside it.
    rng = np.random.default_rng(4)
    batches = [pa.array([" ".join(rng.choice(["a", "b", "c", "d", "e", "f"], 50))
                         for _ in range(200)]) for _ in range(8)]
    serial = [DEFAULT.band_keys(b) for b in batches]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(DEFAULT.band_keys, batches))
    assert all(a.equals(b) for a, b in zip(serial, threaded, strict=True))


def test_unicode_tables_match_the_installed_arrow() -> None:
    # If this fails after a pyarrow upgrade, the reference's answers changed for some
    # characters; regenerate the core's tables and rebuild:
    #   python -m provscan.scan.core_tables > src/provscan/_core/unicode_tables.h
    header = Path(__file__).parents[1] / "src/provscan/_core/unicode_tables.h"
    if not header.exists():
        pytest.skip("not a source checkout")

    def tables(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("/* Generated")]

    now = core_tables()
    assert tables(header.read_text()) == tables(render(now))
    # The ASCII fast path of the core lower-cases A-Z by arithmetic: still all there is.
    assert [(a, b) for a, b in now["LOWER"] if a < 0x80] == [(c, c + 32) for c in range(65, 91)]
    assert files("provscan").joinpath("data/nfc_unstable.txt").is_file()


def test_without_the_core_provscan_says_so_once_and_runs_the_reference() -> None:
    code = (
        "import sys, warnings; sys.modules['provscan.scan._core'] = None\n"
        "warnings.simplefilter('default')\n"
        "import pyarrow as pa\n"
        "from provscan.scan import core, text\n"
        "from provscan.scan.minhash import MinHasher\n"
        "assert not core.available()\n"
        "print(core.core_name())\n"
        "a = pa.array(['Cafe\\u0301  au lait, s\\u2019il vous pla\\u00eet'])\n"
        "print(text.content_hash(a)[0], MinHasher().band_keys(text.normalise(a))[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    lines = out.stdout.splitlines()
    assert lines[0].startswith("numpy reference (compiled core unavailable")
    a = pa.array(["Cafe\u0301  au lait, s\u2019il vous pla\u00eet"])
    assert lines[1] == f"{content_hash(a)[0]} {DEFAULT.band_keys(normalise(a))[0]}"
    assert out.stderr.count("compiled scan core is not available") == 1


# --- the readers' UTF-8 check (provscan.sources._utf8) ---------------------------------

# Pieces that make and break UTF-8 at every place the lookup algorithm looks: each lead
# byte class, continuations, overlong forms, surrogates, past U+10FFFF, cut sequences.
UTF8_PIECES = [
    b"a", b" " * 31, b"x" * 40, "é".encode(), "東".encode(), "😀".encode(), "\U0010ffff".encode(),
    "\ud7ff".encode(), "\ue000".encode(), "\u0800".encode(), "\U00010000".encode(),
    b"\x80", b"\xbf", b"\xc0\x80", b"\xc1\xbf", b"\xc2", b"\xe0\x80\x80", b"\xe0\x9f\xbf",
    b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf0\x8f\xbf\xbf", b"\xf4\x90\x80\x80",
    b"\xf5\x80\x80\x80", b"\xff", b"\xfe", b"\xe2\x82", b"\xf0\x9f\x98", b"\x00",
]


def _arrow_valid(arr: pa.Array) -> bool:
    try:
        arr.validate(full=True)
        return True
    except pa.ArrowInvalid:
        return False


def _as_strings(rows: list[bytes | None], start: int) -> pa.Array:
    """Rows as a string array without validation, sliced from ``start``."""
    return pa.array(rows, pa.binary()).view(pa.string()).slice(start)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(UTF8_PIECES), max_size=12)
                          .map(b"".join), st.binary(max_size=70)), min_size=1, max_size=10),
       st.integers(0, 3), st.booleans())
def test_utf8_check_agrees_with_arrow(rows: list[bytes | None], start: int,
                                      large: bool) -> None:
    """Surely valid exactly when Arrow's full validation passes (null rows holding no
    bytes, as readers give them), so the fast path decides only what Arrow would."""
    from provscan.sources import _utf8
    from provscan.sources.convert import _surely_valid

    arr = _as_strings(rows, min(start, len(rows) - 1))
    if large:
        arr = arr.cast(pa.large_binary()).view(pa.large_string())
    want = _arrow_valid(arr)
    assert _utf8.KERNEL is not None  # x86-64 with AVX2 here; else Arrow alone decides
    assert _surely_valid(arr) == want


def test_utf8_check_lets_arrow_decide_junk_in_a_null_slot() -> None:
    """Arrow does not check the bytes of a null row; the compiled check says "not sure",
    and the reader's result is Arrow's."""
    from provscan.sources.convert import _surely_valid, to_utf8

    junk = pa.StringArray.from_buffers(
        2, pa.py_buffer(np.array([0, 1, 3], dtype=np.int32)), pa.py_buffer(b"a\xff\xfe"),
        pa.py_buffer(bytes([0b01])))
    assert junk.null_count == 1 and _arrow_valid(junk)
    assert not _surely_valid(junk)
    assert to_utf8(junk, lambda i, m: None) is junk


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(UTF8_PIECES), max_size=8)
                          .map(b"".join)), min_size=1, max_size=8))
def test_to_utf8_gives_the_same_with_and_without_the_compiled_check(
        rows: list[bytes | None]) -> None:
    from provscan.sources import convert

    def run() -> tuple[pa.Array, list[tuple[int, str]]]:
        bad: list[tuple[int, str]] = []
        out = convert.to_utf8(_as_strings(rows, 0), lambda i, m: bad.append((i, m)))
        return out, bad

    fast = run()
    saved, convert._utf8 = convert._utf8, None
    try:
        slow = run()
    finally:
        convert._utf8 = saved
    assert fast[0].equals(slow[0]) and fast[1] == slow[1]
