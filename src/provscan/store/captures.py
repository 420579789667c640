"""Site-level captures (robots.txt, /.well-known/tdmrep.json, /ai.txt) in the store.

``provscan scan --site-captures PATH`` reads capture files (``sources/captures.py``) once
into ``STORE/captures/captures.arrow``: one row per capture (``CAPTURE_SCHEMA``), sorted
by host, kind and date.

The file is Arrow IPC, uncompressed, so workers memory-map it: bodies are paged in
from disk on demand and never copied whole into a worker's memory. A worker keeps an
index of host -> row range (about 100 bytes per host) and reads one host's captures
when a batch holds a document of that host. ``SiteIndex`` is what the detectors read
(it has the shape of ``detect.captures.SiteCaptures``).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from provscan.common.captures import CAPTURE_SCHEMA, Capture


def write_captures(table: pa.Table, out_file: Path) -> None:
    """Replace the store's captures file with ``table`` (atomically)."""
    out_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_file.with_name(out_file.name + ".tmp")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, CAPTURE_SCHEMA) as w:
        w.write_table(table)
    os.replace(tmp, out_file)


class SiteIndex:
    """Read access to a store's captures, memory-mapped; one per worker."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._table: pa.Table | None = None
        self._ranges: dict[str, tuple[int, int]] = {}
        if path.is_file():
            source = pa.memory_map(str(path), "r")
            self._table = pa.ipc.open_file(source).read_all().combine_chunks()
            hosts = self._table.column("host")
            ree = pc.run_end_encode(hosts.combine_chunks())
            ends = ree.run_ends.to_pylist()
            start = 0
            for h, end in zip(ree.values.to_pylist(), ends, strict=True):
                self._ranges[h] = (start, end)
                start = end
        self.hosts = pa.array(list(self._ranges), pa.string())

    def __bool__(self) -> bool:
        return bool(self._ranges)

    def captures(self, host: str) -> list[Capture]:
        """The captures of one host, by kind then date (oldest first)."""
        return self.captures_of([host]).get(host, [])

    def captures_of(self, hosts: list[str]) -> dict[str, list[Capture]]:
        """The captures of many hosts (those that have any), read in one pass."""
        found = [(h, self._ranges[h]) for h in dict.fromkeys(hosts) if h in self._ranges]
        if not found or self._table is None:
            return {}
        rows = np.concatenate([np.arange(a, b) for _, (a, b) in found])
        part = self._table.take(rows)
        cols = [part.column(c).to_pylist()
                for c in ("kind", "url", "date", "status", "body", "body_hash")]
        caps = [Capture(*r) for r in zip(*cols, strict=True)]
        out: dict[str, list[Capture]] = {}
        at = 0
        for h, (a, b) in found:
            out[h] = caps[at:at + b - a]
            at += b - a
        return out


__all__ = ["SiteIndex", "write_captures"]
