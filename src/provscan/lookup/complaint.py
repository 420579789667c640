"""``provscan complaint``: record a rightsholder's request and the documents it covers.

A complaint names a URL prefix, a domain or a work; the documents are found exactly as
``provscan lookup`` finds them (every match, no listing limit) and kept in the catalog
(``store.complaints``), where they are the reservation signal ``rightsholder_request``
for ``exclude --drop reserved``, the report and ``explain``. When the store changes
(a scan adds or retires units), ``rematch`` finds each complaint's documents again;
``complaint add`` and ``complaint list`` run it first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa

from provscan.lookup.index import refresh
from provscan.lookup.run import LookupOptions, LookupResult, lookup
from provscan.lookup.urls import LookupInputError, check_url, domain_key
from provscan.lookup.works import Work, read_works
from provscan.scan.text import content_hash_py
from provscan.store import Catalog
from provscan.store import complaints as cstore

_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$")
#: Every document a complaint covers is recorded: no listing limit, no excerpts.
MATCH_ALL = LookupOptions(limit=10**12, excerpts=False, max_candidates=10_000)


@dataclass(frozen=True)
class ComplaintResult:
    complaint: cstore.Complaint
    documents: list[dict[str, object]]
    rematched: list[str]  # other complaints matched again because the store changed


def _match(store: Path, c: cstore.Complaint) -> LookupResult:
    if c.kind == "url_prefix":
        return lookup(store, prefixes=[c.value], options=MATCH_ALL)
    if c.kind == "domain":
        return lookup(store, domains=[c.value], options=MATCH_ALL)
    return lookup(store, works=[Work(c.value, c.work_text or "")], options=MATCH_ALL)


def _docs_table(reference: str, res: LookupResult) -> pa.Table:
    ms = res.matches
    return pa.table({
        "reference": [reference] * len(ms), "source": [m["source"] for m in ms],
        "shard": [m["shard"] for m in ms], "row": pa.array([m["row"] for m in ms], pa.int64()),
        "doc_id": [m["doc_id"] for m in ms], "url": pa.array([m["url"] for m in ms], pa.string()),
        "kind": [m["kind"] for m in ms], "score": pa.array([m["score"] for m in ms],
                                                           pa.float64())})


def _store_matches(store: Path, c: cstore.Complaint) -> None:
    res = _match(store, c)
    with Catalog(store) as cat:
        cstore.set_documents(cat.db, c.reference, _docs_table(c.reference, res),
                             res.index["state"])


def rematch(store: str | Path) -> list[str]:
    """Match again every complaint recorded before the store last changed; their
    references."""
    store = Path(store)
    with Catalog(store, read_only=True) as cat:
        state = refresh(cat).state
        stale = [c for c in cstore.complaints(cat.db) if c.index_state != state]
    for c in stale:
        _store_matches(store, c)
    return [c.reference for c in stale]


def add_complaint(store: str | Path, reference: str, received: date, *,
                  url_prefix: str | None = None, domain: str | None = None,
                  work: str | None = None, note: str | None = None) -> ComplaintResult:
    """Record (or replace) the complaint ``reference`` and the documents it covers."""
    store = Path(store)
    if not _REF.match(reference):
        raise LookupInputError(f"complaint reference {reference!r}: use up to 100 letters, "
                               "digits and . _ : / - (e.g. RH-2026-0042)")
    given = [x for x in (url_prefix, domain, work) if x]
    if len(given) != 1:
        raise LookupInputError("a complaint names exactly one of --url-prefix, --domain, "
                               "--work")
    if url_prefix:
        check_url(url_prefix, "URL prefix")
        c = cstore.Complaint(reference, received, "url_prefix", url_prefix, note)
    elif domain:
        c = cstore.Complaint(reference, received, "domain", domain_key(domain), note)
    else:
        assert work is not None
        ws = read_works([work])
        if len(ws) != 1:
            raise LookupInputError(f"work {work}: holds {len(ws)} works; a complaint names "
                                   "one work (record one complaint per work)")
        c = cstore.Complaint(reference, received, "work", ws[0].name, note, ws[0].text,
                             content_hash_py(ws[0].text))
    rematched = rematch(store)
    with Catalog(store) as cat:
        cstore.record(cat.db, c)
    _store_matches(store, c)
    with Catalog(store, read_only=True) as cat:
        found = cstore.complaints(cat.db, reference)[0]
        docs = cstore.documents(cat.db, reference)
    return ComplaintResult(found, docs, rematched)


def list_complaints(store: str | Path) -> tuple[list[ComplaintResult], list[str]]:
    """Every complaint with the documents it covers now."""
    store = Path(store)
    rematched = rematch(store)
    with Catalog(store, read_only=True) as cat:
        out = [ComplaintResult(c, cstore.documents(cat.db, c.reference), [])
               for c in cstore.complaints(cat.db)]
    return out, rematched


__all__ = ["MATCH_ALL", "ComplaintResult", "add_complaint", "list_complaints", "rematch"]
