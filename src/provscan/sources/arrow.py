"""Arrow IPC files and streams, and Hugging Face ``save_to_disk`` data files (which are
Arrow streams). Memory-mapped, so a file is never read into memory whole.

Both forms are read as a stream of batches from the front: an IPC file is its stream
(after the 8-byte magic) plus a footer, and reading the stream does not depend on the
footer, so a file cut short or with a damaged footer keeps every whole batch before the
damage (a ``truncated`` problem says where). An empty file is not an Arrow file: its
unit fails.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from provscan.common.fs import is_remote, open_input
from provscan.errors import InputError
from provscan.sources.base import Reader
from provscan.sources.model import RawBatch

_MAGIC = b"ARROW1"


class ArrowReader(Reader):
    def raw_batches(self) -> Iterator[RawBatch]:
        if self.unit.shard.size == 0:
            raise InputError(
                f"{self.path}: the file is empty (0 bytes), so it is not an Arrow file. "
                "Re-export it, or remove it from the source; the rest of the scan is "
                "unaffected.")
        remote = is_remote(self.path)
        opener = open_input(self.path, dict(self.unit.shard.storage)) if remote \
            else pa.memory_map(self.path, "r")
        with opener as src:
            size = max(src.size(), 1)
            is_file = src.read(6) == _MAGIC  # an IPC file: its stream follows the magic
            src.seek(8 if is_file else 0)
            s = pa.ipc.open_stream(src)
            cols = self.resolver.top_level(s.schema)
            batches = iter(s)
            read = 0
            while True:
                try:
                    b = next(batches).select(cols)
                    # zero-copy data is not checked on read: invalid UTF-8, bad offsets
                    b.validate(full=True)
                except StopIteration:
                    break
                except (OSError, pa.ArrowException) as e:
                    if not self.docs_read:
                        raise
                    self._cut(f"the data breaks off, or a batch is damaged, before byte "
                              f"{src.tell():,} of {size:,} ({type(e).__name__}: {e})")
                    return
                read += 1
                for off in range(0, b.num_rows, self.batch_rows):
                    yield RawBatch(b.slice(off, self.batch_rows), None, src.tell() / size)
            if is_file:
                self._check_footer(src, size, read)

    def _check_footer(self, src: pa.NativeFile, size: int, read: int) -> None:
        """An IPC file's footer lists its batches: a stream that ended before the last
        of them (a marker read in damaged data) lost the rest."""
        at = src.tell()
        try:
            listed = pa.ipc.open_file(src).num_record_batches
        except (OSError, pa.ArrowException):
            self._cut(f"the file has no intact footer (cut short at byte {size:,}?)")
            return
        if read < listed:
            self.problems.add(
                "read_error", None,
                f"{self.path}: the batches end at byte {at:,} after {read} of the {listed} "
                f"batches the footer lists (damaged data there); the {self.docs_read:,} "
                "documents before were kept, the rest was not read. Re-export the file.")

    def _cut(self, what: str) -> None:
        self.problems.add(
            "truncated", None,
            f"{self.path}: {what}; the {self.docs_read:,} documents of its whole batches "
            "were kept. Re-export the file.")
