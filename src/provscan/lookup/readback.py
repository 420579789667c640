"""Documents read back from their original shards, as ``provscan export`` reads them:
the reader that scanned the shard (``sources.open_reader``) over the whole shard, rows
picked by number, after checking the shard's fingerprint against the one the scan
recorded. (``export`` sits beside ``lookup`` in the package layers, so the two share the
readers rather than each other's code.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from provscan.common.fs import is_remote
from provscan.config import ColumnMap, SourceSpec
from provscan.errors import InputError
from provscan.sources import Shard, WorkUnit, discover, open_reader
from provscan.store import Catalog
from provscan.store.catalog import READ_STATUSES


@dataclass(frozen=True)
class ShardRef:
    """Where a scanned shard is, and how the scan read it."""

    source: str
    uri: str
    format: str
    fingerprint: str
    columns: ColumnMap


def shard_refs(cat: Catalog, shards: set[str] | None = None) -> dict[str, ShardRef]:
    """The scanned shards (all, or those named) with their recorded fingerprint."""
    cols = {str(n): (ColumnMap.model_validate_json(str(c)), str(f), str(p), d) for n, c, f, p, d
            in cat.db.execute("select name, columns, format, paths, delta_version "
                              "from sources").fetchall()}
    out: dict[str, ShardRef] = {}
    for source, shard, fmt, fp in cat.db.execute(
            f"select distinct source, shard, format, fingerprint from units "
            f"where status in {READ_STATUSES}").fetchall():
        if shards is None or shard in shards:
            out[str(shard)] = ShardRef(str(source), str(shard), str(fmt), str(fp),
                                       cols[str(source)][0])
    return out


def _specs(cat: Catalog) -> dict[str, SourceSpec]:
    return {str(n): SourceSpec(name=str(n), format=str(f),  # type: ignore[arg-type]
                               paths=tuple(json.loads(str(p))),
                               columns=ColumnMap.model_validate_json(str(c)),
                               delta_version=None if d is None else int(str(d)))
            for n, f, p, c, d in cat.db.execute(
                "select name, format, paths, columns, delta_version from sources").fetchall()}


def find_shard(ref: ShardRef, specs: dict[str, SourceSpec] | None) -> tuple[Shard | None, str]:
    """The shard as it is now, or None and why it cannot be read back."""
    if is_remote(ref.uri):
        try:
            found = {s.uri: s for s in discover(specs[ref.source])[0]} if specs else {}
        except InputError:
            found = {}
        shard = found.get(ref.uri)
    else:
        try:
            st = Path(ref.uri).stat()
        except OSError:
            return None, f"{ref.uri}: no longer found where the scan read it"
        shard = Shard(ref.source, ref.uri, ref.format, st.st_size, st.st_mtime_ns)
    if shard is None:
        return None, f"{ref.uri}: no longer found where the scan read it"
    if shard.fingerprint != ref.fingerprint:
        return None, (f"{ref.uri}: changed since the scan (fingerprint {shard.fingerprint}, "
                      f"scanned {ref.fingerprint}); re-scan it")
    return shard, ""


def read_rows(ref: ShardRef, rows: pa.Array | None, specs: dict[str, SourceSpec] | None = None,
              ) -> Iterator[tuple[pa.Array, pa.Array]]:
    """``(rows, text)`` batches of the shard (only ``rows`` when given), as the scan read
    them. Raises ``InputError`` when the shard cannot be read back."""
    shard, why = find_shard(ref, specs)
    if shard is None:
        raise InputError(why)
    reader = open_reader(WorkUnit(shard, est_bytes=shard.size), ref.columns)
    for rb in reader.batches():
        text, got = rb.batch.column("text"), rb.rows
        if rows is not None:
            mask = pc.is_in(got, value_set=rows)
            if not pc.any(mask).as_py():
                continue
            text, got = text.filter(mask), got.filter(mask)
        yield got, text


def read_documents(cat: Catalog, wanted: dict[str, set[int]]) -> tuple[
        dict[tuple[str, int], str], list[str]]:
    """The texts of the documents ``{shard: {row, ...}}`` and, for the shards that could
    not be read back, why."""
    refs = shard_refs(cat, set(wanted))
    specs = _specs(cat) if any(is_remote(s) for s in wanted) else None
    texts: dict[tuple[str, int], str] = {}
    problems: list[str] = []
    for shard, rows in sorted(wanted.items()):
        ref = refs.get(shard)
        if ref is None:
            problems.append(f"{shard}: not in the store's catalog")
            continue
        try:
            for got, text in read_rows(ref, pa.array(sorted(rows), pa.int64()), specs):
                for r, t in zip(got.to_pylist(), text.to_pylist(), strict=True):
                    texts[(shard, int(r))] = t or ""
        except InputError as e:
            problems.append(str(e))
        except Exception as e:  # a reader failing on a damaged file: said, not raised
            problems.append(f"{shard}: cannot be read back ({type(e).__name__}: {e})")
    return texts, problems


__all__ = ["ShardRef", "find_shard", "read_documents", "read_rows", "shard_refs"]
