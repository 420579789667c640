"""Clustering a whole store: every completed unit's MinHash part, all sources together,
into ``STORE/near_duplicates.parquet``; skipped when the parts have not changed since
the last clustering. A scan calls it at its end; ``provscan dedup`` on its own."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import xxhash

from provscan.dedup.cluster import ClusterStats, cluster
from provscan.errors import duckdb_interrupt
from provscan.store import Catalog


def cluster_store(catalog: Catalog, memory_limit: str = "192MB",
              only_if_changed: bool = False) -> ClusterStats | None:
    """Cluster near duplicates over every completed unit of the store (all sources).

    With ``only_if_changed``, nothing is done (None) when the MinHash parts are the
    ones the existing ``near_duplicates.parquet`` was made from.
    """
    layout = catalog.layout
    parts = [str(m) for p in catalog.done_parts() if (m := layout.minhash_of(p)).exists()]
    state = xxhash.xxh3_64_hexdigest("\n".join(
        f"{Path(p).relative_to(layout.root)}:{os.stat(p).st_mtime_ns}" for p in parts
    ).encode())
    if (only_if_changed and layout.near_duplicates.exists()
            and catalog.get_meta("near_duplicates_of") == state):
        return None
    tmp = layout.root / "tmp"
    tmp.mkdir(exist_ok=True)
    try:
        stats = cluster(parts, str(layout.near_duplicates), str(tmp), memory_limit)
    except (duckdb.InterruptException, RuntimeError) as e:  # DuckDB's own Ctrl-C error
        if not duckdb_interrupt(e):
            raise
        raise KeyboardInterrupt from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    catalog.set_meta("near_duplicates_of", state)
    return stats


__all__ = ["cluster_store"]
