"""Handing freed memory back to the system."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util

import pyarrow as pa


def give_back() -> None:
    """Return freed memory to the system: Arrow's allocator and glibc's heap keep freed
    blocks for reuse otherwise. Used after building the licence rule index (measured: +200
    MB RSS per worker after the build, +82 MB with this) and between a scan's units and
    its clustering."""
    pa.default_memory_pool().release_unused()
    pa.system_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc (macOS, musl): no trim
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


__all__ = ["give_back"]
