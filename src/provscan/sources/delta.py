"""Delta Lake tables: a table at one version becomes the Parquet data files active then.

The transaction log (``_delta_log/``) decides which files belong to a version; the
files themselves are ordinary Parquet, read by the Parquet reader. Data files are
immutable in Delta, so a new version only adds and removes files, and a re-run scans
only the added ones.

Tables live on local disk or on S3-compatible object stores (``s3://bucket/prefix``).
For the latter, the ``deltalake`` package reads the log with the source's
``storage_options`` (see `provscan.common.s3.s3_settings`) turned into its own
option names, and the data files are read through :mod:`provscan.common.fs`, like any
other remote Parquet file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

import pyarrow as pa
import pyarrow.fs as pafs

from provscan.common.fs import filesystem, is_remote
from provscan.common.s3 import s3_settings
from provscan.config import DEFAULT_COLUMNS, ColumnMap
from provscan.errors import InputError
from provscan.sources.model import Shard

if TYPE_CHECKING:
    from deltalake import DeltaTable

_LOG = "_delta_log"
_LOG_ENTRY = re.compile(r"^(\d{20})\.(json|checkpoint(\.\d+\.\d+)?\.parquet)$")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # deltalake colours its error chains
_CHECK_ACCESS = ("Check the credentials and AWS_ENDPOINT_URL / "
                 "--storage-option endpoint_url.")
#: ``--storage-option`` keys passed to deltalake as they are, under its own names.
_DELTA_KEYS = {"access_key": "AWS_ACCESS_KEY_ID", "secret_key": "AWS_SECRET_ACCESS_KEY",
               "session_token": "AWS_SESSION_TOKEN"}


def is_delta_table(d: Path) -> bool:
    """A directory is a Delta table when it holds a ``_delta_log`` folder."""
    return (d / _LOG).is_dir()


def is_remote_delta_table(uri: str, options: Mapping[str, str] | None = None) -> bool:
    """An object-store prefix is a Delta table when objects exist under ``_delta_log/``.

    One metadata request or two (no listing of the table's data files).
    """
    fs, path = filesystem(uri, options)
    try:
        info = fs.get_file_info(f"{path.rstrip('/')}/{_LOG}")
    except OSError as e:
        raise InputError(f"{uri}: cannot list ({_clean(e)}). {_CHECK_ACCESS}") from e
    return bool(info.type == pafs.FileType.Directory)


def delta_log_root(uri: str) -> str | None:
    """The table root of an object in a table's log (``…/table/_delta_log/x.json``)."""
    head, sep, _ = uri.partition(f"/{_LOG}/")
    return head if sep else None


def deltalake_storage_options(options: Mapping[str, str],
                              environ: Mapping[str, str]) -> dict[str, str]:
    """deltalake's ``storage_options`` for provscan's ``--storage-option`` keys.

    The endpoint and region follow :func:`provscan.common.s3.s3_settings` (options first, then
    ``AWS_ENDPOINT_URL_S3``/``AWS_ENDPOINT_URL`` and ``AWS_REGION``/
    ``AWS_DEFAULT_REGION``); an ``http://`` endpoint needs ``AWS_ALLOW_HTTP``. Other
    ``AWS_*`` variables (credentials, ``AWS_PROFILE``…) deltalake reads itself.
    """
    s = s3_settings(options, environ)
    out: dict[str, str] = {}
    if "endpoint_url" in s:
        out["AWS_ENDPOINT_URL"] = s["endpoint_url"].rstrip("/")
        if s["endpoint_url"].lower().startswith("http://"):
            out["AWS_ALLOW_HTTP"] = "true"
    if "region" in s:
        out["AWS_REGION"] = s["region"]
    for key, name in _DELTA_KEYS.items():
        if s.get(key):
            out[name] = s[key]
    if s.get("anonymous"):
        out["AWS_SKIP_SIGNATURE"] = "true"
    return out


def delta_shards(source: str, table: Path | str, version: int | None, columns: ColumnMap,
                 storage: Mapping[str, str] | None = None) -> list[Shard]:
    """One Parquet shard per data file of ``table`` at ``version`` (default: latest).

    ``table`` is a local folder or an ``s3://`` URI (read with ``storage`` options).
    A data file listed in the log but missing still becomes a shard, so its unit fails
    with the reader's reason, as a corrupt file would.
    """
    remote = isinstance(table, str) and is_remote(table)
    name = str(table).rstrip("/") if remote else str(table)
    try:  # imported here: only Delta sources need it
        from deltalake import DeltaTable
        from deltalake.exceptions import DeltaError
    except ImportError as e:
        raise InputError(f"{name}: is a Delta table; reading it needs the deltalake "
                         "package: pip install 'provscan[delta]'") from e

    options = deltalake_storage_options(storage or {}, os.environ) if remote else None
    try:
        dt = DeltaTable(name, version=version, storage_options=options)
    except DeltaError as e:
        if version is not None:
            raise InputError(_version_message(name, version, e, storage)) from e
        raise InputError(f"{name}: cannot read the Delta table: {_clean(e)}") from e
    except OSError as e:  # the object store refused or could not be reached
        raise InputError(f"{name}: cannot read the Delta table's log ({_clean(e)}). "
                         f"{_CHECK_ACCESS}") from e
    _check_supported(name, dt, columns)
    if remote:
        return _remote_shards(source, dt, storage or {})
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


def _remote_shards(source: str, dt: DeltaTable, storage: Mapping[str, str]) -> list[Shard]:
    """Shards of a table on an object store, sized and dated from the log's add actions
    (data files are immutable, so the log's size and time are the file's); a file the
    add actions do not describe is looked up on its own."""
    known = _add_action_stats(dt)
    items = tuple(sorted(storage.items()))
    shards: list[Shard] = []
    for uri in dt.file_uris():
        size, mtime = known.get(uri) or _stat_remote(uri, storage)
        shards.append(Shard(source, uri, "parquet", size, mtime, items))
    return sorted(shards, key=lambda s: s.uri)


def _add_action_stats(dt: DeltaTable) -> dict[str, tuple[int, int]]:
    """``{file uri: (size, mtime_ns)}`` from the add actions of the loaded version."""
    try:
        t = pa.table(dt.get_add_actions()).select(["path", "size_bytes",
                                                   "modification_time"])
    except Exception:  # an older or newer deltalake without these columns
        return {}
    mtime = t.column("modification_time")
    if pa.types.is_timestamp(mtime.type):
        mtime = mtime.cast(pa.timestamp("ms"))
    mtime = mtime.cast(pa.int64())
    root = dt.table_uri.rstrip("/") + "/"
    stats: dict[str, tuple[int, int]] = {}
    for path, size, ms in zip(t.column("path").to_pylist(),
                              t.column("size_bytes").to_pylist(), mtime.to_pylist(),
                              strict=True):
        rel = unquote(str(path))  # log paths are URI-encoded object keys
        uri = rel if "://" in rel else root + rel
        stats[uri] = (int(size), int(ms or 0) * 1_000_000)
    return stats


def _stat_remote(uri: str, storage: Mapping[str, str]) -> tuple[int, int]:
    fs, path = filesystem(uri, storage)
    try:
        info = fs.get_file_info(path)
    except OSError:
        return 1, 0
    if info.type != pafs.FileType.File:
        return 1, 0  # missing: as for local files, a shard that fails when read
    return info.size or 0, info.mtime_ns or 0


def _local_path(uri: str) -> Path:
    if uri.startswith("file://"):
        return Path(unquote(urlparse(uri).path))
    if "://" in uri:  # an absolute path in the log of a local table (a shallow clone)
        raise InputError(f"{uri}: a data file on an object store in the log of a local "
                         "Delta table; not supported yet")
    return Path(uri)


def _clean(err: BaseException) -> str:
    """deltalake's error text on one line, without terminal colours."""
    return " ".join(_ANSI.sub("", str(err)).replace("↳", "").split())


def _log_names(table: str, storage: Mapping[str, str] | None) -> Iterable[str]:
    if not is_remote(table):
        return [f.name for f in (Path(table) / _LOG).iterdir()]
    fs, path = filesystem(table, storage)
    infos = fs.get_file_info(pafs.FileSelector(f"{path}/{_LOG}", recursive=False))
    return [i.base_name for i in infos]


def _versions(table: str, storage: Mapping[str, str] | None) -> tuple[int, int] | None:
    """The oldest and newest version the log still describes, from its file names."""
    try:
        names = _log_names(table, storage)
    except OSError:
        return None
    found = [int(m.group(1)) for n in names if (m := _LOG_ENTRY.match(n))]
    return (min(found), max(found)) if found else None


def _version_message(table: str, version: int, err: Exception,
                     storage: Mapping[str, str] | None) -> str:
    span = _versions(table, storage)
    if span is None:
        return f"{table}: cannot read Delta version {version}: {_clean(err)}"
    lo, hi = span
    if lo <= version <= hi:  # the version is listed but the log could not be read
        return f"{table}: cannot read Delta version {version}: {_clean(err)}"
    return (f"{table}: the Delta table has no version {version}; its log holds versions "
            f"{lo} to {hi}. Give one of those with delta_version (--delta-version), or "
            "leave it out for the latest.")


def _check_supported(table: str, dt: DeltaTable, columns: ColumnMap) -> None:
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
