"""provscan: training-data provenance scanner.

Streams corpora into a per-document manifest (Parquet, queried with DuckDB) and renders
the EU AI Act training-content summary from it. The Python API (``provscan.Store`` and
the other names of ``__all__``, docs/api.md) lives in ``provscan.api`` and is loaded on
first use, so ``import provscan`` stays fast and every stage may import ``__version__``
from here without depending on the API (``__init__.pyi`` types the names).
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("provscan")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["ColumnMap", "ConfigError", "Declared", "HFCache", "InputError", "ProvscanError",
           "QueryError", "ScanOptions", "ScanSummary", "Store", "StoreError", "Verdict",
           "__version__"]


def __getattr__(name: str) -> Any:
    if name in __all__:  # by name, not an import statement: the stages stay one-way
        return getattr(import_module("provscan.api"), name)
    raise AttributeError(f"module 'provscan' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
