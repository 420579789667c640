"""The lookup index of a store, ``STORE/lookup/``, kept up to date incrementally.

``refresh`` compares the catalog's completed units (their manifest part's checksum) with
what ``STORE/lookup/index.json`` says was indexed: a segment holding a unit that is gone
or changed is rebuilt from its units still current; new units go into new segments of
at most ``SEGMENT_DOCS`` documents (with the small segments of earlier refreshes, so
their number stays small); nothing else is read. A segment is built from its units'
manifest parts, MinHash parts (band keys; full profile) and passage parts
(``STORE/lookup/passages/<source>/<unit>.parquet``: the sampled shingle hashes of each
document, computed once per unit by reading its shard back). ``index.json`` is written
last, so an interrupted refresh leaves the previous index whole.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from provscan.config import NearDuplicates
from provscan.lookup.keys import content_keys, domain_hashes, passage_keys
from provscan.lookup.readback import read_rows, shard_refs
from provscan.lookup.segments import Segment, write_file
from provscan.lookup.urls import url_keys
from provscan.scan.minhash import MinHasher, MinHashParams
from provscan.scan.text import normalise
from provscan.store import Catalog
from provscan.store.catalog import READ_STATUSES
from provscan.store.layout import tmp_path

SEGMENT_DOCS = 2_000_000
INDEX_FORMAT = 1
PASSAGE_SCHEMA = pa.schema([("row", pa.int64()), ("key", pa.uint64())])
_STAMP = b"provscan.lookup.stamp"


@dataclass(frozen=True)
class UnitRef:
    unit_key: str
    source: str
    shard: str
    part: str  # the manifest part, resolved
    minhash: str  # its MinHash part (band keys; full profile)
    stamp: str  # the manifest part's checksum (or size:mtime): changes when it does
    docs: int
    params: MinHashParams | None  # None: fast profile (no band keys)


@dataclass
class IndexState:
    """What ``refresh`` found and did; the segments to search."""

    root: Path
    params: MinHashParams | None  # the MinHash settings of the band keys indexed
    segments: list[Segment] = field(default_factory=list)
    units: int = 0
    units_with_bands: int = 0
    units_with_passages: int = 0
    added: int = 0  # units indexed by this refresh
    removed: int = 0  # units no longer in the store
    state: str = ""  # a digest of the units indexed
    notes: list[str] = field(default_factory=list)


def index_dir(store: str | Path) -> Path:
    return Path(store).absolute() / "lookup"


def _params(settings: str | None) -> MinHashParams | None:
    try:
        nd = json.loads(settings or "{}").get("near_duplicates")
    except (json.JSONDecodeError, AttributeError):
        return None
    if not nd or not nd.get("enabled", True):
        return None
    return MinHashParams.of(NearDuplicates.model_validate(nd))


def current_units(cat: Catalog) -> dict[str, UnitRef]:
    out: dict[str, UnitRef] = {}
    for key, source, shard, part, xxh3, docs, settings in cat.db.execute(
            "select unit_key, source, shard, part, part_xxh3, docs, settings from units "
            f"where status in {READ_STATUSES} and part is not null order by unit_key"
    ).fetchall():
        p = cat.layout.resolve(str(part))
        if not p.exists():
            continue
        stamp = str(xxh3) if xxh3 else f"{p.stat().st_size}:{p.stat().st_mtime_ns}"
        out[str(key)] = UnitRef(str(key), str(source), str(shard), str(p),
                                str(cat.layout.minhash_of(p)), stamp, int(docs or 0),
                                _params(settings))
    return out


def passage_part(root: Path, u: UnitRef) -> Path:
    return root / "passages" / u.source / f"{u.unit_key}.parquet"


def _passages_current(path: Path, u: UnitRef) -> bool:
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowInvalid):
        return False
    return meta.get(_STAMP) == u.stamp.encode()


def ensure_passages(cat: Catalog, root: Path, units: list[UnitRef], hasher: MinHasher,
                    notes: list[str]) -> None:
    """Write the passage part of every unit that lacks a current one, reading each of
    their shards back once. A shard that cannot be read back is noted, not indexed."""
    todo: dict[str, list[UnitRef]] = defaultdict(list)
    for u in units:
        if not _passages_current(passage_part(root, u), u):
            todo[u.shard].append(u)
    if not todo:
        return
    refs = shard_refs(cat, set(todo))
    con = duckdb.connect()
    for shard, us in sorted(todo.items()):
        try:
            rows_l, keys_l = [], []
            for got, text in read_rows(refs[shard], None):
                keys, doc = passage_keys(normalise(text), hasher)
                rows_l.append(got.to_numpy(zero_copy_only=False)[doc])
                keys_l.append(keys)
            rows = np.concatenate(rows_l) if rows_l else np.empty(0, np.int64)
            keys = np.concatenate(keys_l) if keys_l else np.empty(0, np.uint64)
        except Exception as e:  # unreadable or moved: no passages for its units
            notes.append(f"{shard}: not read back ({e}); passages inside its documents "
                         "cannot be found until it is")
            continue
        found = pa.table({"row": pa.array(rows, pa.int64()), "key": pa.array(keys, pa.uint64())})
        for u in us:
            mine = _arrow(con, "select row from read_parquet($p)", {"p": u.part})
            t = found.filter(pc.is_in(found.column("row"), value_set=mine.column("row")))
            path = passage_part(root, u)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = tmp_path(path)
            pq.write_table(t.replace_schema_metadata({_STAMP: u.stamp.encode()}), tmp)
            tmp.replace(path)
    con.close()


def build_segment(path: Path, units: list[UnitRef], root: Path,
                  params: MinHashParams | None) -> int:
    """Write one segment of ``units``; the number of documents."""
    path.mkdir(parents=True)
    con = duckdb.connect()
    con.execute("set threads = 2; set memory_limit = '1GB'")
    fmap = pa.table({"filename": [u.part for u in units], "minhash": [u.minhash for u in units],
                     "passages": [str(passage_part(root, u)) for u in units],
                     "unit": pa.array(range(len(units)), pa.int32())})
    con.register("fmap", fmap)
    docs = _arrow(
        con, "select f.unit, m.row, m.url, m.host, m.domain, m.content_hash, m.bytes "
        "from read_parquet($p, filename = true, union_by_name = true) m "
        "join fmap f using (filename)", {"p": [u.part for u in units]})
    url = url_keys(docs.column("url").combine_chunks(), docs.column("host").combine_chunks())
    dh = domain_hashes(docs.column("domain").combine_chunks())
    t = pa.table({"domain_hash": pa.array(dh), "url_key": url, "unit": docs.column("unit"),
                  "row": docs.column("row"), "bytes": docs.column("bytes")})
    order = pc.sort_indices(t, [("domain_hash", "ascending"), ("url_key", "ascending")])
    t = t.take(order)
    write_file(path / "docs.arrow", t)
    ck = content_keys(docs.column("content_hash").combine_chunks())[order.to_numpy()]
    by = np.argsort(ck, kind="stable")
    write_file(path / "exact.arrow", pa.table({"key": pa.array(ck[by]),
                                               "doc": pa.array(by.astype(np.int32))}), True)
    con.register("docs", pa.table({"unit": t.column("unit"), "row": t.column("row"),
                                   "doc": pa.array(np.arange(len(t), dtype=np.int32))}))
    with_bands = [u for u in units if u.params is not None and u.params == params
                  and Path(u.minhash).exists()]
    if with_bands:
        mh = _arrow(
            con, "select d.doc, m.bands from read_parquet($p, filename = true) m "
            "join fmap f on f.minhash = m.filename "
            "join docs d on d.unit = f.unit and d.row = m.row where m.bands is not null",
            {"p": [u.minhash for u in with_bands]})
        _write_keys(path / "bands.arrow", mh, with_band=True)
    have = [u for u in units if passage_part(root, u).exists()]
    if have:
        pas = _arrow(
            con, "select d.doc, p.key from read_parquet($p, filename = true) p "
            "join fmap f on f.passages = p.filename "
            "join docs d on d.unit = f.unit and d.row = p.row",
            {"p": [str(passage_part(root, u)) for u in have]})
        _write_keys(path / "passages.arrow", pas, with_band=False)
    con.close()
    return len(t)


def _arrow(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> pa.Table:
    return con.sql(sql, params=params).to_arrow_table()


def _write_keys(path: Path, t: pa.Table, with_band: bool) -> None:
    doc = t.column("doc").to_numpy()
    if with_band:
        bands = t.column("bands").combine_chunks()
        width = pc.list_value_length(bands).to_numpy(zero_copy_only=False)
        keys = pc.list_flatten(bands).to_numpy()
        band = (np.arange(len(keys)) - np.repeat(np.cumsum(width) - width, width)
                ).astype(np.uint8)
        doc = np.repeat(doc, width)
    else:
        keys = t.column("key").to_numpy()
    by = np.argsort(keys, kind="stable")
    cols: dict[str, Any] = {"key": pa.array(keys[by])}
    if with_band:
        cols["band"] = pa.array(band[by])
    cols["doc"] = pa.array(doc[by].astype(np.int32))
    write_file(path, pa.table(cols), fence=True)


def _digest(units: dict[str, UnitRef]) -> str:
    h = xxhash.xxh3_64()
    for k in sorted(units):
        h.update(f"{k}\x1f{units[k].stamp}\n".encode())
    return h.hexdigest()


def _choose_params(units: dict[str, UnitRef], notes: list[str]) -> MinHashParams | None:
    found: dict[MinHashParams, int] = defaultdict(int)
    for u in units.values():
        if u.params is not None:
            found[u.params] += 1
    if not found:
        return None
    params = max(found, key=lambda p: found[p])
    if len(found) > 1:
        notes.append(f"units were scanned with {len(found)} different MinHash settings; "
                     f"near copies are looked up in the {found[params]} units of the most "
                     f"common one ({MinHasher(params).name})")
    return params


def refresh(cat: Catalog, *, passages: bool = True) -> IndexState:
    """Bring ``STORE/lookup/`` up to date with the catalog and open its segments."""
    root = index_dir(cat.layout.root)
    units = current_units(cat)
    notes: list[str] = []
    params = _choose_params(units, notes)
    meta_path = root / "index.json"
    old: dict[str, Any] = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    if old.get("format") != INDEX_FORMAT or old.get("params") != _pdict(params):
        old = {}
    kept: list[dict[str, Any]] = []
    pending: list[UnitRef] = []
    seen: set[str] = set()
    removed = 0
    for seg in old.get("segments", []):
        cur = [units.get(k) for k, _ in seg["units"]]
        stale = any(c is None or c.stamp != s for c, (_, s) in zip(cur, seg["units"],
                                                                   strict=True))
        if stale:
            removed += sum(1 for c in cur if c is None)
            pending += [c for c in cur if c is not None]
            seen.update(c.unit_key for c in cur if c is not None)
        else:
            kept.append(seg)
            seen.update(k for k, _ in seg["units"])
    new = [u for k, u in units.items() if k not in seen]
    added = len(new)
    pending += new
    if pending:  # small segments join the new ones: their number stays small
        small = [s for s in kept if s["docs"] < SEGMENT_DOCS // 4]
        kept = [s for s in kept if s not in small]
        pending += [units[k] for s in small for k, _ in s["units"]]
    if pending and passages and params is not None:
        root.mkdir(parents=True, exist_ok=True)
        ensure_passages(cat, root, pending, MinHasher(params), notes)
    counter = int(old.get("next", 0))
    for group in _groups(sorted(pending, key=lambda u: u.unit_key)):
        name = f"seg-{counter:06d}"
        counter += 1
        d = root / name
        if d.exists():
            shutil.rmtree(d)
        n = build_segment(d, group, root, params)
        kept.append({"name": name, "docs": n, "units": [[u.unit_key, u.stamp] for u in group]})
    meta = {"format": INDEX_FORMAT, "params": _pdict(params), "next": counter,
            "segments": kept}
    if pending or removed or meta != old:
        root.mkdir(parents=True, exist_ok=True)
        tmp = tmp_path(meta_path)
        tmp.write_text(json.dumps(meta, indent=1))
        tmp.replace(meta_path)
        live = {s["name"] for s in kept}
        for d in root.glob("seg-*"):
            if d.name not in live:
                shutil.rmtree(d, ignore_errors=True)
        for p in (root / "passages").glob("*/*.parquet"):
            if p.stem not in units:
                p.unlink()
    state = IndexState(root, params, added=added, removed=removed, state=_digest(units),
                       notes=notes)
    for s in kept:
        state.segments.append(Segment(root / s["name"], [k for k, _ in s["units"]]))
    state.units = len(units)
    state.units_with_bands = sum(1 for u in units.values() if u.params == params and params)
    state.units_with_passages = sum(1 for u in units.values()
                                    if passage_part(root, u).exists())
    return state


def _pdict(params: MinHashParams | None) -> dict[str, int] | None:
    if params is None:
        return None
    return {"num_perm": params.num_perm, "bands": params.bands, "rows": params.rows,
            "shingle": params.shingle, "seed": params.seed}


def _groups(units: list[UnitRef]) -> list[list[UnitRef]]:
    out: list[list[UnitRef]] = []
    cur: list[UnitRef] = []
    n = 0
    for u in units:
        if cur and n + u.docs > SEGMENT_DOCS:
            out.append(cur)
            cur, n = [], 0
        cur.append(u)
        n += u.docs
    if cur:
        out.append(cur)
    return out


__all__ = ["SEGMENT_DOCS", "IndexState", "UnitRef", "build_segment", "current_units",
           "ensure_passages", "index_dir", "passage_part", "refresh"]
