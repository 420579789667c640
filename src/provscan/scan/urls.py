"""Moved to ``provscan.common.urls``; this name stays only until the report takes the
Public Suffix List version from the provenance recorded at scan time."""

from provscan.common.urls import psl_version

__all__ = ["psl_version"]
