"""provscan: training-data provenance scanner.

Streams corpora into a per-document manifest (Parquet, queried with DuckDB) and renders
the EU AI Act training-content summary from it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("provscan")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
