"""Reading exclusion sets: the documents of one set (a Parquet file in the store) and the
sets a store holds with their counts (the catalog)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from provscan.exclude.config import SET_NAME
from provscan.exclude.errors import ExclusionError, UnknownExclusionSet
from provscan.store import Catalog, Layout

#: The columns of ``STORE/exclusions/<name>.parquet``, sorted by ``source, shard, row``.
SET_SCHEMA = pa.schema([
    pa.field("doc_id", pa.string()),
    pa.field("source", pa.string()),
    pa.field("shard", pa.string()),
    pa.field("row", pa.int64()),
    pa.field("url", pa.string()),
    pa.field("reasons", pa.list_(pa.string())),  # every rule that drops it, sorted
    pa.field("signals", pa.list_(pa.string())),  # "reason:signal", e.g. reserved:robots_txt
    pa.field("bytes", pa.int64()),
    pa.field("tokens", pa.int64()),
    pa.field("content_hash", pa.string()),
])


def set_names(store: str | Path) -> list[str]:
    """The names of the exclusion sets in ``store``."""
    d = Layout(store).exclusions_dir
    return sorted(p.stem for p in d.glob("*.parquet")) if d.is_dir() else []


def exclusion_set_path(store: str | Path, name: str) -> Path:
    """The Parquet file of the set ``name``; an error naming the existing sets if none."""
    path = Layout(store).exclusion_set(name)
    if not SET_NAME.match(name) or not path.is_file():
        raise UnknownExclusionSet(name, str(store), set_names(store))
    return path


def read_exclusion_set(store: str | Path, name: str) -> pa.Table:
    """The documents of the exclusion set ``name``: ``doc_id, source, shard, row, url,
    reasons, signals, bytes, tokens, content_hash`` (``SET_SCHEMA``), sorted by
    ``source, shard, row``. Raises ``UnknownExclusionSet`` (a ``ProvscanError``) naming
    the sets the store has when there is none of that name."""
    path = exclusion_set_path(store, name)
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowInvalid) as e:
        raise ExclusionError(f"{path}: the exclusion set {name!r} cannot be read ({e}); "
                             f"build it again with provscan exclude --name {name}") from e
    return table.select(SET_SCHEMA.names).cast(SET_SCHEMA)


@dataclass(frozen=True)
class ReasonCount:
    """Documents, bytes and tokens one reason (or one signal of it) removes."""

    reason: str
    signal: str | None
    documents: int
    bytes: int
    tokens: int | None


@dataclass(frozen=True)
class SetInfo:
    """What the catalog records of one exclusion set."""

    name: str
    rules: dict[str, object]
    keep_rule: str
    robots_time: str | None
    manifest_documents: int
    documents: int
    bytes: int
    tokens: int | None
    updated_at: datetime | None
    counts: tuple[ReasonCount, ...]

    def by_reason(self) -> tuple[ReasonCount, ...]:
        return tuple(c for c in self.counts if c.signal is None)

    def by_signal(self) -> tuple[ReasonCount, ...]:
        return tuple(c for c in self.counts if c.signal is not None)


def set_infos(catalog: Catalog, name: str | None = None) -> list[SetInfo]:
    """The exclusion sets the catalog records (one, with ``name``), with their counts."""
    where = "where name = ?" if name else ""
    rows = catalog.db.execute(
        "select name, rules, keep_rule, robots_time, manifest_documents, documents, bytes, "
        f"tokens, updated_at from exclusion_sets {where} order by name",
        [name] if name else []).fetchall()
    counts: dict[str, list[ReasonCount]] = {}
    for r in catalog.db.execute(
            "select name, reason, signal, documents, bytes, tokens from exclusion_counts "
            "order by name, reason, signal nulls first").fetchall():
        counts.setdefault(r[0], []).append(ReasonCount(r[1], r[2], int(r[3]), int(r[4] or 0),
                                                       None if r[5] is None else int(r[5])))
    return [SetInfo(r[0], json.loads(r[1]), r[2], r[3], int(r[4]), int(r[5]), int(r[6] or 0),
                    None if r[7] is None else int(r[7]), r[8], tuple(counts.get(r[0], [])))
            for r in rows]


def set_info(catalog: Catalog, name: str) -> SetInfo:
    """One set's record; an error naming the existing sets if there is none."""
    found = set_infos(catalog, name)
    if not found:
        raise UnknownExclusionSet(name, str(catalog.layout.root),
                                  [s.name for s in set_infos(catalog)])
    return found[0]


__all__ = ["SET_SCHEMA", "ReasonCount", "SetInfo", "exclusion_set_path",
           "read_exclusion_set", "set_info", "set_infos", "set_names"]
