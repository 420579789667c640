"""Resolve a source spec (files, directories, globs) into shards and work units."""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from provscan.common.fs import expand, is_remote, open_input
from provscan.config import SourceSpec
from provscan.errors import InputError
from provscan.sources.delta import (
    delta_log_root,
    delta_shards,
    is_delta_table,
    is_remote_delta_table,
)
from provscan.sources.model import Shard, WorkUnit
from provscan.sources.streams import CODECS

_EXT = {
    ".parquet": "parquet", ".pq": "parquet",
    ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
    ".arrow": "arrow", ".feather": "arrow", ".ipc": "arrow",
    # Web archives: WARC, Common Crawl's WET (extracted text), ARC v1. One reader.
    ".warc": "warc", ".arc": "warc", ".wet": "warc",
    ".wat": "wat",  # refused: metadata, no text (see WAT_REASON)
}
#: Compressions the web-archive reader (FastWARC) decodes itself, beyond CODECS.
_WEB_CODECS = (".lz4",)
WAT_REASON = (
    "a Common Crawl WAT file: it holds metadata extracted from a crawl (headers, links), "
    "not document text. Scan the matching WARC files (the pages) or WET files (their "
    "extracted text) instead")
# Files a dataset directory commonly holds beside its data; never documents.
_IGNORED_NAMES = {"_SUCCESS", "dataset_info.json", "state.json", "dataset_dict.json",
                  "README.md", ".gitattributes"}


@dataclass(frozen=True)
class Skipped:
    """A file found under a source path that is not scanned, and why."""

    path: str
    reason: str


def format_of(path: str) -> str | None:
    """The format implied by a file name (``.jsonl.zst`` is JSONL), or None; ``wat`` for
    a Common Crawl WAT file, which is not scanned."""
    name = path.lower()
    web_only = False
    for ext in (*CODECS, *_WEB_CODECS):
        if name.endswith(ext):
            name = name[: -len(ext)]
            web_only = ext in _WEB_CODECS
            break
    fmt = _EXT.get(os.path.splitext(name)[1])
    if web_only and fmt not in ("warc", "wat"):
        return None
    return fmt


def _unreadable(p: Path, e: OSError | None) -> str:
    if p.is_symlink() and not p.exists():
        return f"a symbolic link to {os.readlink(p)}, which does not exist"
    return f"cannot be read ({e.strerror if e and e.strerror else e})"


def _hf_data_files(d: Path) -> list[Path] | None:
    """The Arrow files of a ``datasets`` ``save_to_disk`` folder, or None if it is not one."""
    if (d / "dataset_dict.json").is_file():
        splits = json.loads((d / "dataset_dict.json").read_text())["splits"]
        files: list[Path] = []
        for s in splits:
            files.extend(_hf_data_files(d / s) or [])
        return files
    if (d / "state.json").is_file() and (d / "dataset_info.json").is_file():
        state = json.loads((d / "state.json").read_text())
        return [d / f["filename"] for f in state.get("_data_files", [])]
    return None


def _shard(source: str, path: Path, fmt: str) -> Shard:
    st = path.stat()
    return Shard(source, str(path.resolve()), fmt, st.st_size, st.st_mtime_ns)


def discover(spec: SourceSpec) -> tuple[list[Shard], list[Skipped]]:
    """All shards of a source, sorted by URI so every run sees the same order."""
    shards: dict[str, Shard] = {}
    skipped: list[Skipped] = []
    delta_tables: list[str] = []

    def add_file(p: Path, explicit: bool) -> None:
        fmt = spec.format if spec.format not in ("auto", "hf") else format_of(p.name)
        if spec.format == "hf":
            fmt = "arrow"
        if fmt == "wat":
            if explicit:
                raise InputError(f"{p}: {WAT_REASON}.")
            skipped.append(Skipped(str(p), WAT_REASON))
            return
        if fmt is None:
            if explicit:
                raise InputError(
                    f"{p}: cannot tell the format from the file name; "
                    "give it with --format parquet|jsonl|csv|arrow|warc"
                )
            if p.name not in _IGNORED_NAMES and not p.name.startswith("."):
                skipped.append(Skipped(str(p), "unknown format (file name extension)"))
            return
        try:
            s = _shard(spec.name, p, fmt)
        except OSError as e:  # a dangling link, a file removed while listing
            if explicit:
                raise InputError(f"{p}: cannot be read ({e.strerror or e}); check the "
                                 "path") from e
            skipped.append(Skipped(str(p), _unreadable(p, e)))
            return
        shards[s.uri] = s

    def add_delta(d: Path) -> None:
        # The log decides which files are in the table; a plain walk would also list
        # files that earlier versions removed.
        delta_tables.append(str(d))
        for s in delta_shards(spec.name, d, spec.delta_version, spec.columns):
            shards[s.uri] = s

    def add_dir(d: Path) -> None:
        if is_delta_table(d):
            add_delta(d)
            return
        hf = _hf_data_files(d)
        if hf is not None:
            for f in hf:
                s = _shard(spec.name, f, "arrow")
                shards[s.uri] = s
            return
        for root, dirs, files in os.walk(d):
            dirs[:] = sorted(x for x in dirs if not x.startswith((".", "_")))
            rp = Path(root)
            if (rp / "catalog.duckdb").exists():  # a provscan store inside the source
                dirs[:] = []
                continue
            if rp != d and (is_delta_table(rp) or _hf_data_files(rp) is not None):
                dirs[:] = []
                add_dir(rp)
                continue
            for fname in sorted(files):
                if not fname.startswith("."):  # hidden files, temporary parts
                    add_file(rp / fname, explicit=False)

    for raw in spec.paths:
        if is_remote(raw):
            delta_tables.extend(_add_remote(spec, raw, shards, skipped))
            continue
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else [raw]
        if not matches:
            raise InputError(f"{raw}: no file matches this pattern")
        for match in matches:
            p = Path(match)
            if spec.format == "delta" and not is_delta_table(p):
                raise InputError(f"{match}: not a Delta table (no _delta_log folder); "
                                 "give the table's root folder, or another --format")
            if p.is_dir():
                add_dir(p)
            elif p.is_file():
                add_file(p, explicit=not glob.has_magic(raw))
            elif p.is_symlink() and glob.has_magic(raw):
                skipped.append(Skipped(match, _unreadable(p, None)))
            elif p.is_symlink():
                raise InputError(f"{match}: a symbolic link to {os.readlink(p)}, which does "
                                 "not exist")
            else:
                raise InputError(f"{match}: no such file or directory")
    if spec.delta_version is not None and not delta_tables:
        raise InputError(f"source {spec.name}: delta_version {spec.delta_version} is given "
                         "but none of its paths is a Delta table (a folder with _delta_log)")
    return sorted(shards.values(), key=lambda s: s.uri), skipped


def _add_remote(spec: SourceSpec, pattern: str, shards: dict[str, Shard],
                skipped: list[Skipped]) -> list[str]:
    """Objects of an ``s3://`` URI, prefix or glob; format by name as for local files.

    A prefix holding ``_delta_log/`` is a Delta table, read through its log (its data
    files are not listed); so is a table found under a prefix. Returns the tables read.
    """
    options = dict(spec.storage_options)
    storage = tuple(sorted(options.items()))
    if _is_remote_table(spec, pattern, options):
        table = pattern.rstrip("/")
        for s in delta_shards(spec.name, table, spec.delta_version, spec.columns, options):
            shards[s.uri] = s
        return [table]
    files = expand(pattern, options)
    found = {root for f in files if (root := delta_log_root(f.uri)) is not None}
    tables = sorted(found)
    for table in tables:
        for s in delta_shards(spec.name, table, spec.delta_version, spec.columns, options):
            shards[s.uri] = s
    for f in files:
        if found and _under(f.uri, found):
            continue  # the log decides which of a table's files are read
        fmt = spec.format if spec.format not in ("auto", "hf") else format_of(f.uri)
        if fmt is None or fmt == "wat":
            skipped.append(Skipped(f.uri, WAT_REASON if fmt else
                                   "unknown format (file name extension)"))
            continue
        shards[f.uri] = Shard(spec.name, f.uri, fmt, f.size, f.mtime_ns, storage, f.etag)
    return tables


def _under(uri: str, roots: set[str]) -> bool:
    """Whether ``uri`` is below one of ``roots`` (checks each parent, not each root)."""
    cut = uri.find("/", uri.find("://") + 3)
    while cut != -1:
        if uri[:cut] in roots:
            return True
        cut = uri.find("/", cut + 1)
    return False


def _is_remote_table(spec: SourceSpec, uri: str, options: dict[str, str]) -> bool:
    """Whether a remote path is the root of a Delta table; with ``format: delta`` it
    must be."""
    if spec.format == "delta" and glob.has_magic(uri):
        raise InputError(f"{uri}: give a Delta table's root URI, not a pattern")
    if glob.has_magic(uri):
        return False
    try:
        found = is_remote_delta_table(uri, options)
    except InputError:
        if spec.format == "delta":
            raise
        return False  # listing the path reports the problem, if there is one
    if spec.format == "delta" and not found:
        raise InputError(f"{uri}: not a Delta table (no _delta_log/ under this prefix); "
                         "give the table's root URI, or another --format")
    return found


def plan_units(shard: Shard, unit_bytes: int) -> list[WorkUnit]:
    """Split a large Parquet file into row-group ranges of about ``unit_bytes`` each.

    A file whose footer cannot be read stays one unit: its worker reports the error.
    """
    if shard.format != "parquet" or shard.size <= unit_bytes:
        return [WorkUnit(shard, est_bytes=shard.size)]
    try:
        meta = pq.ParquetFile(open_input(shard.uri, dict(shard.storage))).metadata
    except Exception:
        return [WorkUnit(shard, est_bytes=shard.size)]
    groups: list[list[int]] = [[]]
    sizes = [0]
    for g in range(meta.num_row_groups):
        gsize = meta.row_group(g).total_byte_size
        if groups[-1] and sizes[-1] + gsize > unit_bytes:
            groups.append([])
            sizes.append(0)
        groups[-1].append(g)
        sizes[-1] += gsize
    units: list[WorkUnit] = []
    first_row = 0
    for i, gs in enumerate(groups):
        units.append(WorkUnit(shard, i, len(groups), tuple(gs), first_row, sizes[i]))
        first_row += sum(meta.row_group(g).num_rows for g in gs)
    return units
