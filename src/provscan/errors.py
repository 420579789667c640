"""Errors a user can hit. Each message says what was wrong, where, and what to do."""

from __future__ import annotations


class ProvscanError(Exception):
    """Base class for errors reported to the user without a traceback."""


class ConfigError(ProvscanError):
    """The scan configuration or command-line options are invalid."""


class InputError(ProvscanError):
    """A shard cannot be read as asked (wrong column, corrupt file, unknown format)."""


class StoreError(ProvscanError):
    """The store is missing, locked or from an incompatible version."""


def duckdb_interrupt(e: BaseException) -> bool:
    """Whether ``e`` is DuckDB's answer to Ctrl-C during a query: ``InterruptException``
    in DuckDB 1.x, a plain ``RuntimeError("Query interrupted")`` in 2.x (measured with
    duckdb 2.0.1). Callers turn it back into ``KeyboardInterrupt``."""
    return type(e).__name__ == "InterruptException" or (
        type(e) is RuntimeError and str(e).startswith("Query interrupted"))
