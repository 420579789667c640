"""Byte streams of possibly compressed files, with the position in the file on disk
(not in the decompressed data) for an honest progress figure."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa

from provscan.sources.fs import open_input_stream

CODECS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd", ".bz2": "bz2"}


def codec_of(path: str) -> str | None:
    for ext, codec in CODECS.items():
        if path.endswith(ext):
            return codec
    return None


@contextmanager
def open_stream(
    path: str, storage: tuple[tuple[str, str], ...] = ()
) -> Iterator[tuple[pa.NativeFile, pa.NativeFile]]:
    """(decompressed stream, raw file) for ``path``; read the first, ``tell`` the second."""
    raw = open_input_stream(path, dict(storage))
    try:
        codec = codec_of(path)
        stream = pa.CompressedInputStream(raw, codec) if codec else raw
        yield stream, raw
    finally:
        raw.close()
