"""Text normalisation and content hashing, over a batch.

``content_hash`` is xxh3-128 (hex) of the normalised text: Unicode NFC, every run of
white space (the Unicode White_Space property) collapsed to one space, stripped.

The public functions run the compiled core (:mod:`provscan.scan.core`, one pass per
row) when it is installed. The ``*_reference`` functions are the numpy/Arrow
implementation that defined these values; the core must match them byte for byte
(``tests/test_core.py``), and they run whenever the core cannot be imported. In the
reference, Arrow compute does the normalisation and only rows that need a change are
rewritten (most web text is ASCII with single spaces).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from provscan.scan import core
from provscan.scan.nfc_data import regex_class
from provscan.scan.tokens import WordCounter

# The Unicode White_Space property, in RE2 syntax: \t-\r, space, U+0085 and \p{Z}
# (U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000).
WHITESPACE = r"[\t-\r \x{85}\p{Z}]"
_NOT_SPACE_WS = (
    r"[\t-\r\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
)
# A white-space run that is not already a single ASCII space.
NON_CANONICAL_WS = rf" {WHITESPACE}+|{_NOT_SPACE_WS}{WHITESPACE}*"


def normalise(texts: pa.Array) -> pa.Array:
    """NFC, white-space runs collapsed to one space, stripped. Nulls become ''."""
    if core.available():
        return core.normalise(texts)[0]
    return normalise_reference(texts)


def normalise_and_hash(texts: pa.Array, *, tokens: bool = False) -> tuple[
        pa.Array, pa.Array, pa.Array | None]:
    """The normalised texts, their ``content_hash`` and, if asked, the token estimate
    (:class:`provscan.scan.tokens.WordCounter`), in one pass of the core."""
    if core.available():
        norm, hashes, counts = core.normalise(texts, with_hash=True, with_tokens=tokens)
        assert hashes is not None
        return norm, hashes, counts
    norm = normalise_reference(texts)
    return norm, xxh3_128_hex_reference(norm), \
        WordCounter().count_reference(norm) if tokens else None


def _patch(arr: pa.Array, mask: pa.Array, fn: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """Apply ``fn`` only to the rows selected by ``mask``."""
    if not pc.any(mask).as_py():
        return arr
    return pc.replace_with_mask(arr, mask, fn(pc.filter(arr, mask)))


def normalise_reference(texts: pa.Array) -> pa.Array:
    """NFC, white-space runs collapsed to one space, stripped. Nulls become ''.

    Rows with non-ASCII white space (rare) go through an RE2 replace; every row then
    goes through :func:`_collapse_ascii_ws`, a numpy pass over the UTF-8 bytes, which
    is several times faster than a regex that matches at every line break.
    """
    arr = pc.fill_null(texts, "") if texts.null_count else texts  # fill_null always copies
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    # One scan finds the rare rows that need NFC (~100 MB/s, so only where a character
    # may change) or hold non-ASCII white space; each fix then runs on those rows only.
    rare = pc.match_substring_regex(arr, _RARE)
    if pc.any(rare).as_py():
        unstable = pc.and_(rare, pc.match_substring_regex(arr, _NFC_UNSTABLE))
        arr = _patch(arr, unstable, lambda a: pc.utf8_normalize(a, "NFC"))
        exotic = pc.and_(rare, pc.match_substring_regex(arr, _EXOTIC_WS))
        arr = _patch(arr, exotic, lambda a: pc.replace_substring_regex(a, NON_CANONICAL_WS, " "))
    return pc.utf8_trim(_collapse_ascii_ws(arr), " ")


_NFC_UNSTABLE = regex_class()
# RE2 has no class subtraction: the non-ASCII members of White_Space, spelled out.
_EXOTIC_WS = r"[\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
_RARE = _NFC_UNSTABLE[:-1] + _EXOTIC_WS[1:]  # the union of both classes


def _collapse_ascii_ws(arr: pa.Array) -> pa.Array:
    """Each run of ASCII white space (\\t-\\r, space) as one space; a leading run removed.

    Works on the whole data buffer at once: UTF-8 continuation bytes are >= 0x80, so an
    ASCII byte test never splits a character.
    """
    n = len(arr)
    if n == 0:
        return arr
    bufs = arr.buffers()
    off = np.frombuffer(bufs[1], dtype=np.int32)[arr.offset : arr.offset + n + 1]
    start, end = int(off[0]), int(off[-1])
    if bufs[2] is None or end == start:
        return arr
    b = np.frombuffer(bufs[2], dtype=np.uint8)[start:end]
    ws = (b == 32) | ((b - np.uint8(9)) < 5)  # \t \n \v \f \r or space; uint8 wraps
    drop = ws.copy()  # white space after white space, or at the start of a string
    drop[1:] &= ws[:-1]
    starts = off[:-1] - start
    inside = starts[starts < len(b)]
    drop[inside] = ws[inside]
    dropped = np.flatnonzero(drop)
    if len(dropped) == 0 and not ws.any():
        return arr
    out = np.where(ws, np.uint8(32), b)
    if len(dropped):
        out = out[~drop]
    # Dropped bytes per string: few, so locate them rather than scan every byte again.
    owner = np.searchsorted(starts, dropped, side="right") - 1
    lengths = np.diff(off).astype(np.int64) - np.bincount(owner, minlength=n)
    new_off = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=new_off[1:])
    return pa.StringArray.from_buffers(n, pa.py_buffer(new_off), pa.py_buffer(out))


def _offsets(arr: pa.Array) -> tuple[list[int], memoryview]:
    """Value offsets and data of a string/binary array (no per-row objects)."""
    if pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type):
        dtype: type[np.signedinteger] = np.int64  # type: ignore[type-arg]
    else:
        dtype = np.int32
    bufs = arr.buffers()
    off = np.frombuffer(bufs[1], dtype=dtype)[arr.offset : arr.offset + len(arr) + 1]
    data = memoryview(bufs[2]) if bufs[2] is not None else memoryview(b"")
    return off.tolist(), data


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def hex_digests(digests: bytes, width: int) -> pa.Array:
    """Concatenated ``width``-byte digests as a string array of lower-case hex."""
    n = len(digests) // width
    d = np.frombuffer(digests, dtype=np.uint8).reshape(n, width)
    out = np.empty((n, 2 * width), dtype=np.uint8)
    out[:, 0::2] = _HEX[d >> 4]
    out[:, 1::2] = _HEX[d & 15]
    offsets = np.arange(0, 2 * width * (n + 1), 2 * width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(out.tobytes()))


def xxh3_128_hex(arr: pa.Array) -> pa.Array:
    """xxh3-128 of each value's UTF-8 bytes, as 32 lower-case hex characters."""
    return core.xxh3_128_hex(arr) if core.available() else xxh3_128_hex_reference(arr)


def xxh3_64_ints(arr: pa.Array) -> np.ndarray:  # type: ignore[type-arg]
    """xxh3-64 of each value's UTF-8 bytes, as unsigned 64-bit integers."""
    return core.xxh3_64_ints(arr) if core.available() else xxh3_64_ints_reference(arr)


def xxh3_128_hex_reference(arr: pa.Array) -> pa.Array:
    """:func:`xxh3_128_hex` with the Python xxhash binding, one call per value."""
    o, data = _offsets(arr)
    digest = xxhash.xxh3_128_digest
    joined = b"".join([digest(data[o[i] : o[i + 1]]) for i in range(len(arr))])
    return hex_digests(joined, 16)


def xxh3_64_ints_reference(arr: pa.Array) -> np.ndarray:  # type: ignore[type-arg]
    """:func:`xxh3_64_ints` with the Python xxhash binding, one call per value."""
    o, data = _offsets(arr)
    h = xxhash.xxh3_64_intdigest
    return np.fromiter((h(data[o[i] : o[i + 1]]) for i in range(len(arr))), np.uint64, len(arr))


def content_hash(texts: pa.Array) -> pa.Array:
    """The manifest's ``content_hash`` of each text."""
    return normalise_and_hash(texts)[1]


def content_hash_reference(texts: pa.Array) -> pa.Array:
    """:func:`content_hash` by the numpy/Arrow reference."""
    return xxh3_128_hex_reference(normalise_reference(texts))


def content_hash_py(text: str) -> str:
    """Reference implementation of :func:`content_hash` for one string (lookups, tests)."""
    import unicodedata

    s = unicodedata.normalize("NFC", text)
    s = " ".join(_split_ws(s))
    return xxhash.xxh3_128_hexdigest(s.encode("utf-8"))


_WS_CHARS = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _split_ws(s: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    for ch in s:
        if ch in _WS_CHARS:
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(ch)
    if cur:
        out.append("".join(cur))
    return out
