"""The Python API: the command line's operations on a :class:`Store`, with in-memory
sources (Hugging Face ``datasets``, Arrow tables and streams) and the Hugging Face
datasets cache. See docs/api.md."""

from __future__ import annotations

from provscan.api.results import QueryError, Verdict
from provscan.api.store import Store
from provscan.config import ColumnMap, Declared, ScanOptions
from provscan.errors import ConfigError, InputError, ProvscanError, StoreError
from provscan.scan.run import ScanSummary
from provscan.sources.hfcache import HFCacheRef as HFCache

__all__ = ["ColumnMap", "ConfigError", "Declared", "HFCache", "InputError", "ProvscanError",
           "QueryError", "ScanOptions", "ScanSummary", "Store", "StoreError", "Verdict"]
