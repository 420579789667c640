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
