"""Why is a document reserved, or not? ``provscan explain URL --store DIR``.

Puts together, for one URL: the manifest rows of the documents with that URL, the
evidence recorded for them at scan time (page signals, licences), and a fresh
evaluation of the host's site captures in the store, which also shows what did *not*
match (robots.txt state, allowed verdicts, captures that were not in effect).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from provscan.config import RobotsTime
from provscan.detect.optout.detector import OptoutDetector, in_effect
from provscan.detect.optout.model import Finding
from provscan.detect.optout.robots import CrawlerTokens
from provscan.scan.urls import hosts_and_domains
from provscan.store import Catalog
from provscan.store.captures import Capture, SiteIndex


@dataclass(frozen=True)
class CaptureCheck:
    """One site capture and what it says about the URL."""

    kind: str
    capture: Capture
    when: str  # at-crawl | latest | at-crawl+latest | not in effect
    state: str
    findings: list[Finding]


@dataclass
class Explanation:
    url: str
    host: str | None
    documents: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    checks: list[CaptureCheck] = field(default_factory=list)
    tokens: CrawlerTokens | None = None
    robots_time: str = "any"


def _doc_date(docs: list[dict[str, Any]]) -> datetime | None:
    dates = [d["date"] for d in docs if d.get("date") is not None]
    return max(dates) if dates else None


def explain(
    store: str | Path, url: str, robots_time: RobotsTime = "any",
    crawler_tokens: str | None = None,
) -> Explanation:
    """Everything the store knows about ``url``'s reservation status."""
    import pyarrow as pa

    host = hosts_and_domains(pa.array([url], pa.string()))[0][0].as_py()
    out = Explanation(url, host, robots_time=robots_time)
    with Catalog(store, read_only=True) as cat:
        cat.db.execute(f"create or replace temp view manifest as {cat.manifest_sql()}")
        cat.db.execute(f"create or replace temp view evidence as {cat.evidence_sql()}")
        rel = cat.db.execute(
            "select source, shard, row, doc_id, date, optout, optout_signals, robots_state, "
            "licences, licence_class, language from manifest where url = ? "
            "order by source, shard, row", [url])
        cols = [d[0] for d in rel.description]
        out.documents = [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]
        rel = cat.db.execute(
            "select source, row, kind, signal, verdict, value, rule, token, capture_when, "
            "capture_url, capture_date from evidence where url = ? "
            "order by source, row, kind, signal", [url])
        cols = [d[0] for d in rel.description]
        out.evidence = [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]
        captures = cat.layout.captures_file
    tokens = CrawlerTokens.load(crawler_tokens)
    out.tokens = tokens
    sites = SiteIndex(captures)
    if host is None or not sites:
        return out
    det = OptoutDetector(tokens, sites, robots_time)
    date = _doc_date(out.documents)
    by_kind: dict[str, list[Capture]] = {}
    for c in sites.captures(host):
        by_kind.setdefault(c.kind, []).append(c)
    for kind, caps in by_kind.items():
        applied = {id(c): w for w, c in in_effect(caps, date, robots_time)}
        for c in caps:
            parsed = det.parse(c)
            found = (parsed.evaluate(url, tokens) if kind == "robots" else parsed.evaluate(url))
            out.checks.append(
                CaptureCheck(kind, c, applied.get(id(c), "not in effect"), parsed.state, found)
            )
    return out


__all__ = ["CaptureCheck", "Explanation", "explain"]
