"""Column mapping: find the text, url, date and id columns of an input schema.

Dotted paths (``metadata.url``) reach into struct columns; a top-level column whose
name contains a dot wins over a struct path of the same spelling.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from provscan.config import DEFAULT_COLUMNS, ColumnMap
from provscan.errors import InputError
from provscan.schema import READ_SCHEMA
from provscan.sources.convert import OnBad, to_timestamp, to_utf8

FIELDS = ("text", "url", "date", "id")
Path = tuple[str, ...]


def _describe(schema: pa.Schema) -> str:
    names = [f.name for f in schema]
    return ", ".join(names[:40]) + (f", … ({len(names)} in all)" if len(names) > 40 else "")


def _walk(schema: pa.Schema, spec: str) -> Path | None:
    if spec in schema.names:
        return (spec,)
    parts = spec.split(".")
    if parts[0] not in schema.names:
        return None
    t = schema.field(parts[0]).type
    for p in parts[1:]:
        if not pa.types.is_struct(t) or t.get_field_index(p) < 0:
            return None
        t = t.field(p).type
    return tuple(parts)


class ColumnResolver:
    """Resolves a :class:`ColumnMap` against schemas and extracts the standard columns."""

    def __init__(self, cmap: ColumnMap, where: str) -> None:
        self.cmap = cmap
        self.where = where
        self._cache: dict[pa.Schema, dict[str, Path | None]] = {}

    def resolve(self, schema: pa.Schema) -> dict[str, Path | None]:
        cached = self._cache.get(schema)
        if cached is not None:
            return cached
        out: dict[str, Path | None] = {}
        for f in FIELDS:
            explicit: str | None = getattr(self.cmap, f)
            if explicit is not None:
                path = _walk(schema, explicit)
                if path is None:
                    raise InputError(
                        f"{self.where}: column {explicit!r} (--{f}-column) not found. "
                        f"Columns here: {_describe(schema)}. Map it with --{f}-column NAME "
                        "(dotted paths such as metadata.url reach into structs)."
                    )
                out[f] = path
            else:
                out[f] = next(
                    (p for c in DEFAULT_COLUMNS[f] if (p := _walk(schema, c)) is not None), None
                )
        if out["text"] is None:
            raise InputError(
                f"{self.where}: no text column. Columns here: {_describe(schema)}. "
                "Name the column that holds the document text with --text-column NAME."
            )
        self._cache[schema] = out
        return out

    def top_level(self, schema: pa.Schema) -> list[str]:
        """The top-level columns to read (projection pushed down to the reader)."""
        paths = self.resolve(schema).values()
        return sorted({p[0] for p in paths if p is not None}, key=schema.names.index)

    def apply(self, batch: pa.RecordBatch, on_bad: OnBad) -> pa.RecordBatch:
        """The standard columns of ``batch`` (``READ_SCHEMA``), converted and repaired."""
        paths = self.resolve(batch.schema)
        cols: list[pa.Array] = []
        for f in FIELDS:
            path = paths[f]
            if path is None:
                cols.append(pa.nulls(batch.num_rows, READ_SCHEMA.field(f).type))
                continue
            arr = batch.column(path[0])
            for p in path[1:]:
                arr = pc.struct_field(arr, p)
            if f == "date":
                cols.append(to_timestamp(arr, on_bad))
            else:
                s = to_utf8(arr, on_bad)
                if f in ("url", "id"):  # an empty URL or id is none
                    s = pc.if_else(pc.equal(s, ""), pa.scalar(None, pa.string()), s)
                cols.append(s)
        return pa.RecordBatch.from_arrays(cols, schema=READ_SCHEMA)

    def apply_records(
        self, records: Iterable[Mapping[str, Any]], on_bad: OnBad
    ) -> pa.RecordBatch:
        """The standard columns from parsed JSON records (the slow, repairing path)."""
        recs = list(records)
        keys: set[str] = set()
        for r in recs:
            keys.update(r)
        probe = pa.schema([pa.field(k, _probe_type(recs, k)) for k in sorted(keys)])
        paths = self.resolve(probe)
        cols: dict[str, list[Any]] = {f: [] for f in FIELDS}
        for r in recs:
            for f in FIELDS:
                cols[f].append(_get(r, paths[f]))
        arrays: list[pa.Array] = []
        for f in FIELDS:
            vals = cols[f]
            if f == "date":
                nums = all(v is None or (isinstance(v, int | float) and not isinstance(v, bool))
                           for v in vals)
                arr = pa.array(vals if nums else [_str(v) for v in vals])
                arrays.append(to_timestamp(arr, on_bad))
            else:
                s = pa.array([_str(v) for v in vals], pa.string())
                if f in ("url", "id"):
                    s = pc.if_else(pc.equal(s, ""), pa.scalar(None, pa.string()), s)
                arrays.append(s)
        return pa.RecordBatch.from_arrays(arrays, schema=READ_SCHEMA)


def _probe_type(recs: list[Mapping[str, Any]], key: str) -> pa.DataType:
    """A schema type good enough to resolve dotted paths over Python records."""
    for r in recs:
        v = r.get(key)
        if isinstance(v, dict):
            return pa.struct([pa.field(k, _probe_type([v], k)) for k in v])
    return pa.string()


def _get(rec: Mapping[str, Any], path: Path | None) -> Any:
    if path is None:
        return None
    if len(path) == 1 or (path[0] not in rec and ".".join(path) in rec):
        return rec.get(path[0] if len(path) == 1 else ".".join(path))
    cur: Any = rec
    for p in path:
        if not isinstance(cur, dict):
            return None
        cur = cur.get(p)
    return cur


def _str(v: Any) -> str | None:
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, bool | dict | list):  # as Arrow's cast writes them: true, not True
        import json

        return json.dumps(v, ensure_ascii=False)
    return str(v)


__all__ = ["FIELDS", "ColumnResolver"]
