"""The store: a DuckDB catalog plus manifest and sample parts in a directory."""

from provscan.store.catalog import Catalog, ShardRecord
from provscan.store.layout import Layout

__all__ = ["Catalog", "Layout", "ShardRecord"]
