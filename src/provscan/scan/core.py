"""The compiled scan core, for Arrow arrays, and which core is in use.

``provscan.scan._core`` (C, built by the install from ``src/provscan/_core``) does in
one pass per row what the numpy/Arrow reference in ``text``, ``tokens`` and ``minhash``
does in several passes over a batch: White_Space collapse and strip, the NFC check,
xxh3-128, the token estimate, and word-shingle MinHash with its band keys. It gives the
reference's output byte for byte (``tests/test_core.py``), so stores written by either
keep their ``content_hash`` and band keys.

If the extension cannot be imported, the callers run the reference, and provscan says
so once: a warning in the main process (not again in every pool worker), and
:func:`core_name`, which ``provscan --version`` prints.
"""

from __future__ import annotations

import multiprocessing
import warnings
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

U64 = npt.NDArray[np.uint64]


def _load() -> tuple[ModuleType | None, str | None]:
    try:
        from provscan.scan import _core  # type: ignore[attr-defined]
    except ImportError as e:
        return None, str(e)
    return _core, None


_CORE, _WHY_NOT = _load()
if _CORE is None and multiprocessing.parent_process() is None:
    warnings.warn(
        f"provscan's compiled scan core is not available ({_WHY_NOT}); using the slower "
        "numpy reference, which gives the same results. Reinstall with a C compiler "
        "present (pip install --force-reinstall provscan) to build it.",
        RuntimeWarning, stacklevel=2,
    )


def available() -> bool:
    """Whether the compiled core is in use (else the numpy reference runs)."""
    return _CORE is not None


def core_name() -> str:
    """One line naming the scan core in use, for ``provscan --version`` and reports."""
    if _CORE is None:
        return f"numpy reference (compiled core unavailable: {_WHY_NOT})"
    return f"compiled C ({kernels()[0]} MinHash, xxHash {_CORE.XXHASH_VERSION})"


def kernels() -> list[str]:
    """The MinHash kernels this machine runs, fastest first (the first is used)."""
    assert _CORE is not None
    return [name for name, _ in _CORE.kernels()]


# --- Arrow arrays to buffers ------------------------------------------------------------

def _strings(arr: pa.Array | pa.ChunkedArray, *, to_string: bool) -> pa.Array:
    """One chunk; cast to ``string`` when asked (as the reference does), else any of
    string, binary and their large variants."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if to_string and arr.type != pa.string():
        arr = arr.cast(pa.string())
    return arr


Offsets = npt.NDArray[np.signedinteger[Any]]


def _parts(arr: pa.Array) -> tuple[Offsets, pa.Buffer | bytes, pa.Buffer | None, bool]:
    """Offsets (sliced to the array), data, validity bitmap and whether offsets are 64-bit."""
    wide = pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type)
    bufs = arr.buffers()
    dtype: type[np.signedinteger[Any]] = np.int64 if wide else np.int32
    n = len(arr)
    if bufs[1] is None:
        off: Offsets = np.zeros(n + 1, dtype=dtype)
    else:
        off = np.frombuffer(bufs[1], dtype=dtype)[arr.offset : arr.offset + n + 1]
    data = bufs[2] if bufs[2] is not None else b""
    valid = bufs[0] if arr.null_count else None
    return off, data, valid, wide


def _hex_array(hexes: pa.Buffer, n: int) -> pa.Array:
    offsets = np.arange(0, 32 * (n + 1), 32, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), hexes)


def _alloc(nbytes: int) -> pa.Buffer:
    """An output buffer from Arrow's memory pool: it reuses the memory of batches already
    written, where a fresh numpy array would fault in new pages every batch."""
    return pa.allocate_buffer(max(nbytes, 1))


def _view(buf: pa.Buffer, dtype: type[np.generic]) -> npt.NDArray[Any]:
    return np.frombuffer(buf, dtype=dtype)


# --- the functions ----------------------------------------------------------------------

def normalise(texts: pa.Array | pa.ChunkedArray, *, with_hash: bool = False,
              with_tokens: bool = False) -> tuple[pa.Array, pa.Array | None, pa.Array | None]:
    """Normalised text, and in the same pass its ``content_hash`` and token estimate."""
    arr = _strings(texts, to_string=True)
    n = len(arr)
    norm, hexes, tokens, nfc = _normalise_pass(arr, with_hash, with_tokens)
    if nfc.any():
        # NFC as the reference does it (Arrow's utf8proc), on the few rows that may
        # change, then collapsed again; the other rows keep their single pass.
        rows = np.flatnonzero(nfc)
        filled = pc.fill_null(arr, "") if arr.null_count else arr
        fixed, fixed_hex, fixed_tok, _ = _normalise_pass(
            pc.utf8_normalize(filled.take(pa.array(rows)), "NFC"), with_hash, with_tokens)
        norm = pc.replace_with_mask(norm, pa.array(nfc.astype(bool)), fixed)
        if hexes is not None and fixed_hex is not None:
            _view(hexes, np.uint8).reshape(n, 32)[rows] = _view(fixed_hex, np.uint8).reshape(-1, 32)
        if tokens is not None and fixed_tok is not None:
            _view(tokens, np.int64)[rows] = _view(fixed_tok, np.int64)
    return (norm, _hex_array(hexes, n) if hexes is not None else None,
            pa.Array.from_buffers(pa.int64(), n, [None, tokens]) if tokens is not None else None)


def _normalise_pass(arr: pa.Array, with_hash: bool, with_tokens: bool) -> tuple[
        pa.Array, pa.Buffer | None, pa.Buffer | None, npt.NDArray[np.uint8]]:
    """One pass of the core: collapsed text, hex digests, tokens, and the NFC flags."""
    assert _CORE is not None
    n = len(arr)
    off, data, valid, _ = _parts(arr)
    out_off = _alloc(4 * (n + 1))
    out = _alloc(int(off[-1] - off[0]))
    nfc = np.empty(n, dtype=np.uint8)
    hexes = _alloc(32 * n) if with_hash else None
    tokens = _alloc(8 * n) if with_tokens else None
    used = _CORE.normalise(off, data, valid, arr.offset, False, out_off, out, nfc, hexes, tokens)
    norm = pa.StringArray.from_buffers(n, out_off, out.slice(0, used))
    return norm, hexes, tokens, nfc


def xxh3_128_hex(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    """xxh3-128 of each value's bytes, as 32 lower-case hex characters."""
    assert _CORE is not None
    a = _strings(arr, to_string=False)
    off, data, _, wide = _parts(a)
    hexes = _alloc(32 * len(a))
    _CORE.hash128_hex(off, data, wide, hexes)
    return _hex_array(hexes, len(a))


def xxh3_64_ints(arr: pa.Array | pa.ChunkedArray, seed: int = 0) -> U64:
    """xxh3-64 of each value's bytes."""
    assert _CORE is not None
    a = _strings(arr, to_string=False)
    off, data, _, wide = _parts(a)
    out = np.empty(len(a), dtype=np.uint64)
    _CORE.hash64(off, data, wide, seed, out)
    return out


def count_tokens(normalised: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Words between spaces plus one per CJK character; null where the text is null."""
    assert _CORE is not None
    a = _strings(normalised, to_string=True)
    off, data, _, wide = _parts(a)
    out = np.empty(len(a), dtype=np.int64)
    _CORE.count_tokens(off, data, wide, out)
    return pa.array(out, mask=np.asarray(a.is_null()) if a.null_count else None)


def minhash(texts: pa.Array | pa.ChunkedArray, multipliers: U64, shingle_seed: int,
            shingle: int, band_seeds: U64 | None, rows: int, *, signatures: bool,
            kernel: str | None = None) -> tuple[U64 | None, U64 | None, npt.NDArray[np.bool_]]:
    """MinHash of each text: ``(sig, keys, has)``. ``sig`` holds ``len(multipliers)``
    minima per text with a shingle (if ``signatures``); ``keys`` the band keys of every
    text, zeros where ``has`` is false (if ``band_seeds`` is given). ``kernel`` picks one
    of :func:`kernels` (the tests compare them); the default is the fastest."""
    assert _CORE is not None
    number = -1 if kernel is None else dict(_CORE.kernels())[kernel]
    a = _strings(texts, to_string=True)
    n = len(a)
    off, data, valid, _ = _parts(a)
    mult = np.ascontiguousarray(multipliers, dtype=np.uint64)
    seeds = None if band_seeds is None else np.ascontiguousarray(band_seeds, dtype=np.uint64)
    has = np.empty(n, dtype=np.uint8)
    sig = np.empty((n, len(mult)), dtype=np.uint64) if signatures else None
    keys = np.empty((n, len(seeds)), dtype=np.uint64) if seeds is not None else None
    n_has = _CORE.minhash(off, data, valid, a.offset, False, mult, shingle_seed, shingle,
                          seeds, rows, has, sig, keys, number)
    return (sig[:n_has] if sig is not None else None), keys, has.astype(bool)
