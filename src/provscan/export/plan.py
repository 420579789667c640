"""Planning an export: the shards with kept documents, found again where the scan found
them and checked against the fingerprints the scan recorded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from provscan.common.fs import is_remote
from provscan.config import ColumnMap, SourceSpec
from provscan.errors import InputError, ProvscanError
from provscan.sources import Shard, discover
from provscan.store import Catalog
from provscan.store.catalog import READ_STATUSES


class ExportError(ProvscanError):
    """An export cannot run as asked (a changed or vanished shard, a used folder...)."""


@dataclass(frozen=True)
class PlannedShard:
    shard: Shard
    columns: ColumnMap
    parts: tuple[str, ...]
    kept: int  # kept documents, from the manifest minus the set


def _spec(row: tuple[object, ...], storage: dict[str, str]) -> SourceSpec:
    name, fmt, paths, columns, delta_version = row
    return SourceSpec(name=str(name), format=str(fmt),  # type: ignore[arg-type]
                      paths=tuple(json.loads(str(paths))),
                      columns=ColumnMap.model_validate_json(str(columns)),
                      storage_options=storage,
                      delta_version=None if delta_version is None else int(str(delta_version)))


def plan_export(catalog: Catalog, set_path: str, storage: dict[str, str]) -> list[PlannedShard]:
    """Every shard with kept documents; an ``ExportError`` listing the shards that changed
    or vanished since the scan (nothing is written then)."""
    db = catalog.db
    units = db.execute(
        f"select source, shard, fingerprint, part from units where status in {READ_STATUSES} "
        "order by source, shard, unit_index").fetchall()
    parts: dict[str, list[str]] = {}
    prints: dict[str, str] = {}
    for _source, shard, fp, part in units:
        if part and (p := catalog.layout.resolve(str(part))).exists():
            parts.setdefault(str(shard), []).append(str(p))
        prints[str(shard)] = str(fp)
    kept = dict(db.execute(
        f"select shard, count(*) from ({catalog.manifest_sql()}) m anti join "
        f"read_parquet($set) x using (source, shard, row) group by shard",
        {"set": set_path}).fetchall())
    formats = dict(db.execute("select distinct shard, format from units").fetchall())
    specs = {str(r[0]): _spec(r, storage) for r in db.execute(
        "select name, format, paths, columns, delta_version from sources").fetchall()}
    found: dict[str, tuple[Shard, ColumnMap]] = {}
    remote_sources = set()
    for source, shard, _, _ in units:
        spec = specs[str(source)]
        if is_remote(str(shard)):
            remote_sources.add(str(source))
        elif shard in kept:  # a local file: as the scan found it (discover's _shard)
            try:
                st = Path(str(shard)).stat()
            except OSError:
                continue
            found[str(shard)] = (Shard(spec.name, str(shard), str(formats[shard]), st.st_size,
                                       st.st_mtime_ns), spec.columns)
    for name in sorted(remote_sources):  # object stores: listed as the scan listed them
        spec = specs[name]
        try:
            shards, _ = discover(spec)
        except InputError:  # a source gone: each of its shards is reported below
            shards = []
        for sh in shards:
            found[sh.uri] = (sh, spec.columns)
    bad: list[str] = []
    planned: list[PlannedShard] = []
    for shard, n in sorted(kept.items()):
        hit = found.get(shard)
        if hit is None:
            bad.append(f"{shard}: vanished (no longer found where the scan read it)")
            continue
        if hit[0].fingerprint != prints.get(shard):
            bad.append(f"{shard}: changed since the scan (fingerprint {hit[0].fingerprint}, "
                       f"scanned {prints.get(shard)})")
            continue
        planned.append(PlannedShard(hit[0], hit[1], tuple(parts.get(shard, ())), int(n)))
    if bad:
        more = f" (and {len(bad) - 5} more)" if len(bad) > 5 else ""
        raise ExportError(
            "cannot export: " + "; ".join(bad[:5]) + more + ". The manifest no longer "
            "describes these files: re-scan (provscan scan), rebuild the exclusion set "
            "(provscan exclude), then export again. Nothing was written")
    return planned


__all__ = ["ExportError", "PlannedShard", "plan_export"]
