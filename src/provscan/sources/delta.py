"""Delta Lake tables: a table at one version becomes the Parquet data files active then.

The transaction log (``_delta_log/``) decides which files belong to a version; the
files themselves are ordinary Parquet, read by the Parquet reader. Data files are
immutable in Delta, so a new version only adds and removes files, and a re-run scans
only the added ones.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from provscan.config import DEFAULT_COLUMNS, ColumnMap
from provscan.errors import InputError
from provscan.sources.model import Shard

if TYPE_CHECKING:
    from deltalake import DeltaTable

_LOG = "_delta_log"
_LOG_ENTRY = re.compile(r"^(\d{20})\.(json|checkpoint(\.\d+\.\d+)?\.parquet)$")


def is_delta_table(d: Path) -> bool:
    """A directory is a Delta table when it holds a ``_delta_log`` folder."""
    return (d / _LOG).is_dir()


def delta_shards(source: str, table: Path, version: int | None,
                 columns: ColumnMap) -> list[Shard]:
    """One Parquet shard per data file of ``table`` at ``version`` (default: latest).

    A data file listed in the log but missing on disk still becomes a shard, so its unit
    fails with the reader's reason, as a corrupt file would.
    """
    try:  # imported here: only Delta sources need it
        from deltalake import DeltaTable
        from deltalake.exceptions import DeltaError
    except ImportError as e:
        raise InputError(f"{table}: is a Delta table; reading it needs the deltalake "
                         "package: pip install 'provscan[delta]'") from e

    try:
        dt = DeltaTable(str(table), version=version)
    except DeltaError as e:
        if version is not None:
            raise InputError(_version_message(table, version, e)) from e
        raise InputError(f"{table}: cannot read the Delta table: {e}") from e
    _check_supported(table, dt, columns)
    shards: list[Shard] = []
    for uri in dt.file_uris():
        path = _local_path(uri)
        try:
            st = path.stat()
            size, mtime = st.st_size, st.st_mtime_ns
        except FileNotFoundError:
            # Size 1, not 0: the worker skips reading empty shards, and this one must
            # fail. The fingerprint 1:0 changes when the file comes back.
            size, mtime = 1, 0
        shards.append(Shard(source, str(path.resolve()), "parquet", size, mtime))
    return sorted(shards, key=lambda s: s.uri)


def _local_path(uri: str) -> Path:
    if uri.startswith("file://"):
        return Path(unquote(urlparse(uri).path))
    if "://" in uri:
        raise InputError(f"{uri}: Delta tables are read from local paths only, for now")
    return Path(uri)


def _versions(table: Path) -> tuple[int, int] | None:
    """The oldest and newest version the log still describes, from its file names."""
    found = [int(m.group(1)) for f in (table / _LOG).iterdir()
             if (m := _LOG_ENTRY.match(f.name))]
    return (min(found), max(found)) if found else None


def _version_message(table: Path, version: int, err: Exception) -> str:
    span = _versions(table)
    if span is None:
        return f"{table}: cannot read Delta version {version}: {err}"
    lo, hi = span
    if lo <= version <= hi:  # the version is listed but the log could not be read
        return f"{table}: cannot read Delta version {version}: {err}"
    return (f"{table}: the Delta table has no version {version}; its log holds versions "
            f"{lo} to {hi}. Give one of those with delta_version (--delta-version), or "
            "leave it out for the latest.")


def _check_supported(table: Path, dt: DeltaTable, columns: ColumnMap) -> None:
    """Refuse tables whose rows are not exactly the rows of their Parquet files."""
    features = set(dt.protocol().reader_features or ())
    config = dt.metadata().configuration
    if "deletionVectors" in features:
        raise InputError(
            f"{table}: the table uses the Delta reader feature 'deletionVectors'; "
            "deletion vectors are not supported yet (deleted rows would be counted). "
            "Rewrite the table without them (e.g. OPTIMIZE/REORG ... APPLY (PURGE) and "
            "disable delta.enableDeletionVectors), or export it to Parquet.")
    mode = config.get("delta.columnMapping.mode", "none")
    if "columnMapping" in features or mode != "none":
        raise InputError(
            f"{table}: the table uses Delta column mapping (mode {mode!r}); its Parquet "
            "files use physical column names, which is not supported yet. Export the "
            "table to Parquet, or rewrite it without column mapping.")
    wanted = {
        name.split(".")[0]
        for field, defaults in DEFAULT_COLUMNS.items()
        for name in ((getattr(columns, field),) if getattr(columns, field) else defaults)
    }
    clash = sorted(wanted & set(dt.metadata().partition_columns))
    if clash:
        raise InputError(
            f"{table}: the table is partitioned by {', '.join(clash)}, a column provscan "
            "reads; partition values are not in the data files and are not read yet. "
            "Map the field to another column (--date-column etc.) or export the table to Parquet.")
