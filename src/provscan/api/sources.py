"""What ``Store.scan`` accepts, resolved into a file source or an in-memory source."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from provscan.config import ColumnMap, Declared, SourceSpec, build_model
from provscan.errors import ConfigError
from provscan.sources.hfcache import SCHEME as HF_CACHE
from provscan.sources.hfcache import HFCacheRef, find_cached
from provscan.sources.memory import SCHEME as IN_MEMORY
from provscan.sources.memory import MemorySource, memory_parts

PathLike = str | os.PathLike[str]
Columns = ColumnMap | Mapping[str, str] | None
DeclaredArg = Declared | Mapping[str, Any] | None


def default_name(first: str) -> str:
    """A source name from the first path: its file name without extensions."""
    p = Path(first.rstrip("/"))
    stem = p.name.split(".")[0] if p.suffix else p.name
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")
    return name or "corpus"


def _paths(source: Any) -> list[str] | None:
    if isinstance(source, str | os.PathLike):
        return [os.fspath(source)]
    if isinstance(source, list | tuple) and source and all(
            isinstance(p, str | os.PathLike) for p in source):
        return [os.fspath(p) for p in source]
    return None


def _spec(data: dict[str, Any]) -> SourceSpec:
    return build_model(SourceSpec, {k: v for k, v in data.items() if v is not None},
                       "source")


def resolve_source(
    source: Any, *, name: str | None, version: str | None, fmt: str,
    columns: Columns, declared: DeclaredArg, storage_options: Mapping[str, str] | None,
    delta_version: int | None,
) -> SourceSpec | MemorySource:
    """Paths and globs, an ``hf-cache://`` URI or ``HFCacheRef``, or an in-memory object."""
    cols = build_model(ColumnMap, columns or {}, "columns")
    decl = build_model(Declared, declared or {}, "declared")
    common = {"columns": cols, "declared": decl}
    paths = _paths(source)
    if isinstance(source, str) and source.startswith(HF_CACHE):
        source = HFCacheRef.parse(source)
    if isinstance(source, HFCacheRef):
        if version is not None or delta_version is not None:
            raise ConfigError(f"{source.label()}: the revision names the version of a "
                              "cached dataset; version= and delta_version= do not apply")
        found = find_cached(source)
        return _spec({"name": name or default_name(source.name.split("/")[-1]),
                      "paths": found.files, "format": "arrow", **common})
    if paths is not None:
        if version is not None:
            raise ConfigError("version= is for in-memory sources: files are fingerprinted "
                              "by size and modification time (or ETag)")
        return _spec({"name": name or default_name(paths[0]), "paths": paths,
                      "format": fmt, "storage_options": dict(storage_options or {}),
                      "delta_version": delta_version, **common})
    parts = memory_parts(source, version)
    if parts is None:
        raise ConfigError(
            f"cannot scan a {type(source).__module__}.{type(source).__qualname__}: give "
            "paths or globs, an hf-cache://OWNER/NAME@REVISION URI, a datasets Dataset, "
            "DatasetDict or IterableDataset, a pyarrow Table or RecordBatchReader, or an "
            "object with __arrow_c_stream__ (pandas, polars)")
    if not name:
        raise ConfigError(f"an in-memory {parts[0].kind} needs a source name: "
                          "scan(data, name=...)")
    if fmt != "auto" or delta_version is not None:
        raise ConfigError("format= and delta_version= are for files; an in-memory "
                          "source is read as the Arrow data it is")
    spec = _spec({"name": name, "paths": [IN_MEMORY + name], **common})
    return MemorySource(spec, tuple(parts))


__all__ = ["Columns", "DeclaredArg", "PathLike", "default_name", "resolve_source"]
