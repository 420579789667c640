"""Vectorised conversions of input columns to the standard types, with repair.

The fast path is one Arrow cast; only a batch that fails it is repaired row by row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.compute as pc

from provscan.schema import TIMESTAMP

try:  # compiled with the scan core (src/provscan/_core/utf8.c); Arrow's check otherwise
    from provscan.sources import _utf8  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - an install without a C compiler
    _utf8 = None

OnBad = Callable[[int, str], None]
"""Called with the position in the batch and a message for each repaired value."""


def to_utf8(arr: pa.Array, on_bad: OnBad) -> pa.Array:
    """Any column as a valid UTF-8 string array; invalid bytes become U+FFFD."""
    t = arr.type
    if pa.types.is_large_string(t) or pa.types.is_string(t):
        if _surely_valid(arr):
            return arr.cast(pa.string()) if pa.types.is_large_string(t) else arr
        try:
            arr.validate(full=True)
            return arr.cast(pa.string()) if pa.types.is_large_string(t) else arr
        except pa.ArrowInvalid:
            arr = arr.cast(pa.large_binary() if pa.types.is_large_string(t) else pa.binary())
            t = arr.type
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        try:
            return arr.cast(pa.string())
        except pa.ArrowInvalid:
            return _repair(arr, on_bad)
    if pa.types.is_null(t):
        return pa.nulls(len(arr), pa.string())
    if pa.types.is_dictionary(t):
        return to_utf8(arr.dictionary_decode(), on_bad)
    try:
        return arr.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array([None if v is None else str(v) for v in arr.to_pylist()], pa.string())


def _surely_valid(arr: pa.Array) -> bool:
    """The compiled check that every row is valid UTF-8 (AVX2: ~8x Arrow's full
    validation on web text). False sends the array to Arrow's own check, which decides;
    True only where Arrow's check passes too (tests/test_core.py), so the result never
    depends on which check ran."""
    if _utf8 is None or _utf8.KERNEL is None or len(arr) == 0:
        return False
    try:
        arr.validate()  # the structure: buffers present and large enough
    except pa.ArrowInvalid:
        return False
    offsets, data = arr.buffers()[1:3]
    if offsets is None:
        return False
    return bool(_utf8.all_valid(offsets, data if data is not None else b"", arr.offset,
                                len(arr), pa.types.is_large_string(arr.type)) == 1)


def _repair(arr: pa.Array, on_bad: OnBad) -> pa.Array:
    out: list[str | None] = []
    for i, v in enumerate(arr.to_pylist()):
        if v is None:
            out.append(None)
            continue
        try:
            out.append(v.decode("utf-8"))
        except UnicodeDecodeError as e:
            on_bad(i, f"invalid UTF-8 at byte {e.start}; replaced with U+FFFD")
            out.append(v.decode("utf-8", errors="replace"))
    return pa.array(out, pa.string())


def to_timestamp(arr: pa.Array, on_bad: OnBad) -> pa.Array:
    """Dates of any common form as UTC timestamps.

    Timestamps without a zone and bare dates are taken as UTC; integers as Unix
    seconds (milliseconds when above 10^11); strings as ISO 8601 (``2024-05-01``,
    ``2024-05-01T12:00:00Z``, ``+02:00`` offsets) or WARC's ``20240501120000``.
    Values that cannot be read become null and are reported.
    """
    t = arr.type
    if pa.types.is_null(t):
        return pa.nulls(len(arr), TIMESTAMP)
    if pa.types.is_dictionary(t):
        arr, t = arr.dictionary_decode(), t.value_type
    if pa.types.is_timestamp(t):
        # Nanoseconds are truncated to microseconds, not an error.
        if t.tz is None:
            return arr.cast(pa.timestamp("us"), safe=False).cast(TIMESTAMP)
        return arr.cast(TIMESTAMP, safe=False)
    if pa.types.is_date(t):
        return arr.cast(pa.timestamp("us")).cast(TIMESTAMP)
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        secs = arr.cast(pa.float64())
        ms = pc.greater(pc.abs(secs), 1e11)
        micros = pc.if_else(ms, pc.multiply(secs, 1e3), pc.multiply(secs, 1e6))
        return pc.cast(pc.round(micros), pa.int64()).cast(TIMESTAMP)
    strings = to_utf8(arr, on_bad)
    try:
        return strings.cast(TIMESTAMP)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    # Slow path on distinct values only: dates repeat much more than documents do.
    enc = pc.dictionary_encode(strings)
    parsed = [_parse_date(s) for s in enc.dictionary.to_pylist()]
    values = pa.array(parsed, TIMESTAMP)
    for i, (s, p) in enumerate(zip(enc.dictionary.to_pylist(), parsed, strict=True)):
        if p is None and s not in (None, ""):
            first = pc.index(enc.indices, i).as_py()
            on_bad(first, f"unreadable date {s[:40]!r}; left empty")
    return pc.take(values, enc.indices)


def _parse_date(s: str | None) -> datetime | None:
    if not s:
        return None
    s = s.strip()
    if len(s) == 14 and s.isdigit():  # WARC-Date short form, CDX timestamps
        s = f"{s[:4]}-{s[4:6]}-{s[6:8]}T{s[8:10]}:{s[10:12]}:{s[12:14]}"
    elif s.lstrip("-").isdigit():  # Unix time as text (CSV): seconds, or ms above 10^11
        n = int(s)
        try:
            return datetime.fromtimestamp(n / 1000 if abs(n) > 10**11 else n, timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        d = datetime.fromisoformat(s.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return d.replace(tzinfo=timezone.utc) if d.tzinfo is None else d.astimezone(timezone.utc)
