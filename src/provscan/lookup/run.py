"""``provscan lookup``: is this work, URL or site in the store? See docs/lookup.md.

1. ``index.refresh`` brings the lookup index up to date (only new or changed units).
2. ``search`` finds candidates in the index: URLs, domains, content hashes, band keys,
   passage keys; only the matching keys are read.
3. The candidates' manifest rows are read from their units' parts only.
4. Content candidates are read back from their shards and verified: the Jaccard
   similarity of the word 5-gram sets (``near``) and the share of the work's 5-grams in
   the document (``contained``); an exact copy has the same ``content_hash``.
5. Each match gets its opt-out status at crawl time, the rightsholder requests that
   cover it, and the exclusion sets that remove it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from provscan.exclude import exclusion_set_path, set_names
from provscan.lookup.index import IndexState, refresh
from provscan.lookup.keys import shingle_sets
from provscan.lookup.readback import read_documents
from provscan.lookup.search import Hits, domain_hits, url_hits, work_hits
from provscan.lookup.urls import check_url, domain_key, url_key
from provscan.lookup.works import Work
from provscan.scan.minhash import MinHasher, MinHashParams
from provscan.scan.text import normalise, normalise_and_hash
from provscan.store import Catalog
from provscan.store import complaints as cstore

MATCH_FIELDS = ("query", "query_kind", "kind", "score", "similarity", "containment",
                "doc_id", "source", "shard", "row", "url", "date", "bytes", "optout",
                "optout_signals", "complaints", "excluded_by", "excerpt")


@dataclass(frozen=True)
class LookupOptions:
    min_similarity: float = 0.5  # Jaccard of word 5-grams for a near copy
    min_containment: float = 0.8  # share of the work's 5-grams inside a longer document
    max_candidates: int = 100  # documents read back per work, the most promising first
    limit: int = 1000  # matches listed per URL, prefix or domain query (all are counted)
    excerpts: bool = True  # read URL and domain matches back for an excerpt
    excerpt_chars: int = 300


@dataclass
class Query:
    kind: str  # url | url_prefix | domain | work
    value: str  # as given
    key: str  # as compared: the normalised URL, the domain, the content hash
    matches: int = 0
    listed: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class LookupResult:
    store: str
    queries: list[Query]
    matches: list[dict[str, Any]]
    index: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def unmatched(self) -> list[Query]:
        return [q for q in self.queries if q.matches == 0]


def _queries(urls: list[str], prefixes: list[str], domains: list[str],
             works: list[Work]) -> list[Query]:
    qs = [Query("url", u, url_key(u)) for u in urls]
    for p in prefixes:
        check_url(p, "URL prefix")
        qs.append(Query("url_prefix", p, url_key(p)))
    qs += [Query("domain", d, domain_key(d)) for d in domains]
    return qs + [Query("work", w.name, "") for w in works]


def _resolve(state: IndexState, hits: pa.Table) -> pa.Table:
    """``query, kind, shared, unit_no, unit_key, row, bytes`` of the hits (``unit_no``
    numbers the units of the index: segment << 32 | unit in the segment)."""
    out = []
    seg = hits.column("segment").to_numpy()
    for si in np.unique(seg):
        sel = np.flatnonzero(seg == si)
        sub = hits.take(pa.array(sel))
        rows = state.segments[int(si)].doc_rows(sub.column("doc").to_numpy())
        unit_no = pc.add(pc.cast(rows.column("unit"), pa.int64()), int(si) << 32)
        out.append(pa.table({"query": sub.column("query"), "kind": sub.column("kind"),
                             "shared": sub.column("shared"), "unit_no": unit_no,
                             **{c: rows.column(c) for c in ("unit_key", "row", "bytes")}}))
    return pa.concat_tables(out) if out else pa.table({
        "query": pa.array([], pa.int64()), "kind": pa.array([], pa.string()),
        "shared": pa.array([], pa.int64()), "unit_no": pa.array([], pa.int64()),
        "unit_key": pa.array([], pa.string()),
        "row": pa.array([], pa.int64()), "bytes": pa.array([], pa.int64())})


def _details(cat: Catalog, resolved: pa.Table) -> list[dict[str, Any]]:
    """The manifest rows of the hits, with complaints and opt-out; one per hit."""
    if resolved.num_rows == 0:
        return []
    keys = sorted(set(resolved.column("unit_key").to_pylist()))
    parts = dict(cat.db.execute("select unit_key, part from units where unit_key in "
                                "(select unnest(?))", [keys]).fetchall())
    fmap = pa.table({"unit_key": list(parts),
                     "filename": [str(cat.layout.resolve(p)) for p in parts.values()]})
    con = duckdb.connect()
    con.execute("set threads = 2")
    con.register("hits", resolved.append_column(
        "i", pa.array(np.arange(resolved.num_rows), pa.int64())))
    con.register("fmap", fmap)
    rel = con.execute(
        "select h.i, h.query, h.kind, h.shared, m.doc_id, m.source, m.shard, m.row, m.url, "
        "m.date, m.bytes, m.content_hash, m.optout, m.optout_signals "
        "from hits h join fmap f using (unit_key) join read_parquet($p, filename = true, "
        "union_by_name = true) m on m.filename = f.filename and m.row = h.row order by h.i",
        {"p": list(fmap.column("filename").to_pylist())})
    cols = [d[0] for d in rel.description]
    rows = [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]
    con.close()
    return rows


def _marks(cat: Catalog, store: Path, rows: list[dict[str, Any]]) -> None:
    """Complaints and exclusion sets covering each row."""
    if not rows:
        return
    keys = pa.table({"source": [r["source"] for r in rows], "shard": [r["shard"] for r in rows],
                     "row": pa.array([r["row"] for r in rows], pa.int64())})
    con = cat.db
    con.register("_lk", keys)
    try:
        req: dict[tuple[str, str, int], list[str]] = {}
        if cstore.has_tables(con):
            for s, sh, r, ref in con.execute(
                    f"select c.* from ({cstore.DOCUMENTS_SQL}) c semi join _lk k "
                    "using (source, shard, row) order by reference").fetchall():
                req.setdefault((s, sh, r), []).append(ref)
        sets: dict[tuple[str, str, int], list[str]] = {}
        for name in set_names(store):
            for s, sh, r in con.execute(
                    "select source, shard, row from read_parquet(?) x semi join _lk k "
                    "using (source, shard, row)", [str(exclusion_set_path(store, name))]
            ).fetchall():
                sets.setdefault((s, sh, r), []).append(name)
    finally:
        con.unregister("_lk")
    for r in rows:
        k = (r["source"], r["shard"], r["row"])
        r["complaints"] = req.get(k, [])
        r["excluded_by"] = sets.get(k, [])
        signals = list(r.get("optout_signals") or [])
        if r["complaints"]:
            signals.append(cstore.SIGNAL)
            r["optout"] = True
        r["optout_signals"] = signals


def _excerpt(text: str | None, work_norm: str | None, n: int) -> str | None:
    if text is None:
        return None
    flat = " ".join(text.split())
    at = 0
    if work_norm:
        head = " ".join(work_norm.split()[:6]).lower()
        at = max(flat.lower().find(head), 0)
    start = max(at - n // 5, 0)
    out = flat[start:start + n]
    return ("…" if start else "") + out + ("…" if start + n < len(flat) else "")


def _verify(rows: list[dict[str, Any]], texts: dict[tuple[str, int], str],
            works: list[Work], first: int, params: MinHashParams | None,
            opts: LookupOptions) -> list[dict[str, Any]]:
    """Content candidates judged on their read-back text; one match per (work, doc)."""
    norm_w, hash_w, _ = normalise_and_hash(pa.array([w.text for w in works], pa.string()))
    hasher = MinHasher(params or MinHashParams())
    wsets = shingle_sets(norm_w, hasher)
    best: dict[tuple[int, str, str, int], dict[str, Any]] = {}
    have = [r for r in rows if (r["shard"], r["row"]) in texts]
    dnorm = normalise(pa.array([texts[(r["shard"], r["row"])] for r in have], pa.string()))
    dsets = dict(zip((id(r) for r in have), shingle_sets(dnorm, hasher), strict=True))
    for r in rows:
        w = r["query"] - first
        ws = wsets[w]
        exact = r["content_hash"] == hash_w[w].as_py()
        ds = dsets.get(id(r))
        if ds is None and not exact:
            continue  # not read back: reported as unverified by the caller
        inter = len(np.intersect1d(ws, ds, assume_unique=True)) if ds is not None else 0
        union = len(ws) + len(ds) - inter if ds is not None else 0
        sim = 1.0 if exact else (inter / union if union else 0.0)
        cont = 1.0 if exact else (inter / len(ws) if len(ws) else 0.0)
        if exact:
            kind, score = "exact", 1.0
        elif sim >= opts.min_similarity:
            kind, score = "near", sim
        elif cont >= opts.min_containment and r["bytes"] > len(works[w].text.encode()):
            kind, score = "contained", cont
        else:
            continue
        m = dict(r, kind=kind, score=round(score, 4), similarity=round(sim, 4),
                 containment=round(cont, 4),
                 excerpt=_excerpt(texts.get((r["shard"], r["row"])), norm_w[w].as_py(),
                                  opts.excerpt_chars))
        best[(r["query"], r["source"], r["shard"], r["row"])] = m
    return list(best.values())


def lookup(store: str | Path, urls: list[str] = (), prefixes: list[str] = (),  # type: ignore[assignment]
           domains: list[str] = (), works: list[Work] = (),  # type: ignore[assignment]
           options: LookupOptions = LookupOptions()) -> LookupResult:
    """Every match of every query in ``store``."""
    store = Path(store)
    queries = _queries(list(urls), list(prefixes), list(domains), list(works))
    with Catalog(store, read_only=True) as cat:
        state = refresh(cat)
        hits = Hits()
        first = len(queries) - len(works)
        for qi, q in enumerate(queries[:first]):
            if q.kind == "domain":
                domain_hits(state, hits, qi, q.value)
            else:
                url_hits(state, hits, qi, q.value, q.kind)
        notes = list(state.notes)
        if works:
            norm, hashes, _ = normalise_and_hash(pa.array([w.text for w in works], pa.string()))
            for q, h in zip(queries[first:], hashes.to_pylist(), strict=True):
                q.key = h
            pkeys = work_hits(state, hits, first, norm, hashes)
            if state.params is None:
                notes.append("the store was scanned with the fast profile (no MinHash band "
                             "keys): works are looked up as exact copies only (and URLs "
                             "and domains as usual); scan with --profile full to find near "
                             "copies and passages")
            else:
                for q, k in zip(queries[first:], pkeys, strict=True):
                    if k == 0:
                        q.notes.append("too short for near-copy and passage search (fewer "
                                       "than a few dozen words): exact copies only")
        resolved = _resolve(state, _listed(state, hits.table(), queries, first,
                                           options.limit))
        rows = _details(cat, resolved)
        matches, wanted = _select(rows, queries, first, options)
        texts, problems = read_documents(cat, wanted) if wanted else ({}, [])
        notes += [f"not read back: {p}" for p in problems]
        content = [r for r in rows if r["query"] >= first]
        matches += _verify(content, texts, list(works), first, state.params, options)
        for m in matches:
            if m["query"] < first and m.get("excerpt") is None:
                m["excerpt"] = _excerpt(texts.get((m["shard"], m["row"])), None,
                                        options.excerpt_chars)
        _marks(cat, store, matches)
    return _finish(store, queries, matches, state, notes)


def _listed(state: IndexState, hits: pa.Table, queries: list[Query], first: int,
            limit: int) -> pa.Table:
    """Count every URL and domain match; keep the first ``limit`` of each query in unit
    order, so that the few units they are in are all that is read further (a domain may
    have millions of documents)."""
    q = hits.column("query").to_numpy()
    seg = hits.column("segment").to_numpy()
    doc = hits.column("doc").to_numpy()
    url_q = q < first
    counts = np.bincount(q[url_q], minlength=first)
    for i in range(first):
        queries[i].matches = int(counts[i])
        queries[i].listed = min(int(counts[i]), limit)
    unit = np.zeros(len(q), dtype=np.int64)
    for si in np.unique(seg[url_q]):
        m = url_q & (seg == si)
        unit[m] = state.segments[int(si)].unit_of(doc[m])
    order = np.lexsort((doc, unit, seg, q))
    starts = np.concatenate([[0], np.cumsum(np.bincount(q, minlength=len(queries)))])
    rank = np.empty(len(q), dtype=np.int64)
    rank[order] = np.arange(len(q)) - starts[q[order]]
    return hits.filter(pa.array(~url_q | (rank < limit)))


def _select(rows: list[dict[str, Any]], queries: list[Query], first: int,
            opts: LookupOptions) -> tuple[list[dict[str, Any]], dict[str, set[int]]]:
    """URL and domain matches (the listed ones), and the documents to read back:
    content candidates (``max_candidates`` per work, most keys shared first) and the
    listed URL matches when excerpts are asked for."""
    wanted: dict[str, set[int]] = {}
    matches: list[dict[str, Any]] = []
    seen: set[tuple[int, str, str, int]] = set()
    for r in rows:
        if r["query"] >= first:
            continue
        k = (r["query"], r["source"], r["shard"], r["row"])
        if k in seen:
            continue
        seen.add(k)
        matches.append(dict(r, kind=queries[r["query"]].kind, score=1.0, similarity=None,
                            containment=None, excerpt=None))
        if opts.excerpts:
            wanted.setdefault(r["shard"], set()).add(r["row"])
    by_work: dict[int, dict[tuple[str, int], tuple[int, int]]] = {}
    rank = {"exact": 0, "near": 1, "contained": 2}
    for r in rows:
        if r["query"] < first:
            continue
        cand = by_work.setdefault(r["query"], {})
        key = (r["shard"], r["row"])
        score = (rank[r["kind"]], -int(r["shared"]))
        cand[key] = min(cand.get(key, score), score)
    for qi, cand in by_work.items():
        ordered = sorted(cand, key=lambda k: cand[k])
        if len(ordered) > opts.max_candidates:
            queries[qi].notes.append(f"{len(ordered)} candidate documents; the "
                                     f"{opts.max_candidates} sharing most keys were verified")
        for shard, row in ordered[:opts.max_candidates]:
            wanted.setdefault(shard, set()).add(row)
    return matches, wanted


def _finish(store: Path, queries: list[Query], matches: list[dict[str, Any]],
            state: IndexState, notes: list[str]) -> LookupResult:
    for m in matches:
        q = queries[m["query"]]
        if q.kind == "work":
            q.matches += 1
            q.listed += 1
    out = []
    for m in sorted(matches, key=lambda m: (m["query"], -(m["score"] or 0), m["source"],
                                            m["shard"], m["row"])):
        q = queries[m["query"]]
        d = {f: m.get(f) for f in MATCH_FIELDS}
        d["query"], d["query_kind"] = q.value, q.kind
        out.append(d)
    index = {"units": state.units, "units_with_band_keys": state.units_with_bands,
             "units_with_passage_keys": state.units_with_passages,
             "units_added": state.added, "units_removed": state.removed,
             "segments": len(state.segments),
             "minhash": MinHasher(state.params).name if state.params else None,
             "state": state.state}
    return LookupResult(str(store), queries, out, index, notes)


__all__ = ["MATCH_FIELDS", "LookupOptions", "LookupResult", "Query", "lookup"]
