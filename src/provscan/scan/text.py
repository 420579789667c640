"""Text normalisation and content hashing, vectorised over a batch.

``content_hash`` is xxh3-128 (hex) of the normalised text: Unicode NFC, every run of
white space (the Unicode White_Space property) collapsed to one space, stripped.
Arrow compute does the normalisation; only rows that need a change are rewritten
(most web text is ASCII with single spaces), which keeps it near decoding speed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

# The Unicode White_Space property, in RE2 syntax: \t-\r, space, U+0085 and \p{Z}
# (U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000).
WHITESPACE = r"[\t-\r \x{85}\p{Z}]"
_NOT_SPACE_WS = (
    r"[\t-\r\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
)
# A white-space run that is not already a single ASCII space.
NON_CANONICAL_WS = rf" {WHITESPACE}+|{_NOT_SPACE_WS}{WHITESPACE}*"


def _patch(arr: pa.Array, mask: pa.Array, fn: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """Apply ``fn`` only to the rows selected by ``mask``."""
    if not pc.any(mask).as_py():
        return arr
    return pc.replace_with_mask(arr, mask, fn(pc.filter(arr, mask)))


def normalise(texts: pa.Array) -> pa.Array:
    """NFC, white-space runs collapsed to one space, stripped. Nulls become ''."""
    arr = pc.fill_null(texts, "")
    arr = _patch(arr, pc.invert(pc.string_is_ascii(arr)), lambda a: pc.utf8_normalize(a, "NFC"))
    arr = _patch(
        arr,
        pc.match_substring_regex(arr, NON_CANONICAL_WS),
        lambda a: pc.replace_substring_regex(a, NON_CANONICAL_WS, " "),
    )
    return pc.utf8_trim(arr, " ")


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
    o, data = _offsets(arr)
    digest = xxhash.xxh3_128_digest
    joined = b"".join([digest(data[o[i] : o[i + 1]]) for i in range(len(arr))])
    return hex_digests(joined, 16)


def xxh3_64_ints(arr: pa.Array) -> np.ndarray:  # type: ignore[type-arg]
    """xxh3-64 of each value's UTF-8 bytes, as unsigned 64-bit integers."""
    o, data = _offsets(arr)
    h = xxhash.xxh3_64_intdigest
    return np.fromiter((h(data[o[i] : o[i + 1]]) for i in range(len(arr))), np.uint64, len(arr))


def content_hash(texts: pa.Array) -> pa.Array:
    """The manifest's ``content_hash`` of each text."""
    return xxh3_128_hex(normalise(texts))


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
