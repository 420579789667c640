"""The store: a DuckDB catalog plus manifest and sample parts in a directory.

The names are imported on first use: a scan worker imports ``store.layout`` and
``store.captures`` only, and so never loads DuckDB (~15 MB and 40 ms a process).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from provscan.store.catalog import Catalog, ShardRecord
    from provscan.store.layout import Layout

__all__ = ["Catalog", "Layout", "ShardRecord"]


def __getattr__(name: str) -> Any:
    if name in ("Catalog", "ShardRecord"):
        from provscan.store import catalog

        return getattr(catalog, name)
    if name == "Layout":
        from provscan.store.layout import Layout

        return Layout
    raise AttributeError(f"module 'provscan.store' has no attribute {name!r}")
