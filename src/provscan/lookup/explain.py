"""Why is a document reserved, or not? ``provscan explain URL --store DIR``.

Puts together, for one URL: the manifest rows of the documents with that URL, the
evidence recorded for them at scan time (page signals, licences), and a fresh
evaluation of the host's site captures in the store, which also shows what did *not*
match (robots.txt state, allowed verdicts, captures that were not in effect). The fresh
evaluation uses the settings recorded with each document's unit (``lookup.settings``),
so it agrees with the manifest; options given to explain override them, and say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from provscan.common.captures import Capture
from provscan.common.urls import hosts_and_domains
from provscan.config import RobotsTime
from provscan.detect.optout.detector import OptoutDetector, in_effect
from provscan.detect.optout.model import Finding, decide
from provscan.lookup.settings import Recorded, UsedSettings, resolve
from provscan.store import Catalog
from provscan.store import complaints as cstore
from provscan.store.captures import SiteIndex


@dataclass(frozen=True)
class CaptureCheck:
    """One site capture and what it says about the URL."""

    kind: str
    capture: Capture
    when: str  # at-crawl | latest | at-crawl+latest | not in effect
    state: str
    findings: list[Finding]


@dataclass
class Judgement:
    """The host's site captures judged for some documents with one set of settings."""

    settings: UsedSettings
    documents: list[str]  # "source:row" of the documents judged; empty: none has the URL
    date: datetime | None  # the documents' date, which picks the capture in effect
    basis: str = ""  # why these settings when they are not the documents' own
    checks: list[CaptureCheck] = field(default_factory=list)

    @property
    def reserving(self) -> list[str]:
        """Signals of the captures in effect that reserve the URL (as the scan decides)."""
        return decide(f for c in self.checks if c.when != "not in effect"
                      for f in c.findings)[1]


@dataclass
class Explanation:
    url: str
    host: str | None
    documents: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the store as a whole
    captures: bool = False  # whether the store holds captures of the host


@dataclass(frozen=True)
class _Unit:
    source: str
    shard: str
    part: str | None
    run_id: int | None
    recorded: Recorded


def doc_label(d: dict[str, Any], docs: list[dict[str, Any]]) -> str:
    """``source:row``, with the shard's file name where two documents share both."""
    twins = sum(1 for o in docs if (o["source"], o["row"]) == (d["source"], d["row"]))
    shard = f"{Path(str(d['shard'])).name}:" if twins > 1 else ""
    return f"{d['source']}:{shard}{d['row']}"


def _units(cat: Catalog) -> list[_Unit]:
    rows = cat.db.execute(
        "select source, shard, part, run_id, settings from units "  # units whose
        "where status in ('done', 'partial') order by run_id, unit_key").fetchall()  # part counts
    return [_Unit(s, sh, str(cat.layout.resolve(p)) if p else None, r, Recorded.parse(st))
            for s, sh, p, r, st in rows]


def _doc_units(cat: Catalog, url: str, docs: list[dict[str, Any]],
               units: list[_Unit]) -> list[_Unit | None]:
    """The unit holding each document: by its shard, or by its part file where the
    shard's units were scanned with different settings."""
    out: list[_Unit | None] = []
    located: dict[tuple[str, str, int], _Unit] = {}
    for d in docs:
        cands = [u for u in units if u.source == d["source"] and u.shard == d["shard"]]
        if len({u.recorded for u in cands}) > 1 and (d["source"], d["shard"], d["row"]) \
                not in located:
            by_part = {u.part: u for u in cands if u.part}
            parts = ", ".join("'" + p.replace("'", "''") + "'" for p in by_part)
            rows = cat.db.execute(
                f"select source, shard, row, filename from read_parquet([{parts}], "
                "filename = true, union_by_name = true) where url = ?", [url]).fetchall()
            located.update({(s, sh, r): by_part[f] for s, sh, r, f in rows if f in by_part})
        key = (d["source"], d["shard"], d["row"])
        out.append(located.get(key) or (cands[0] if cands else None))
    return out


def _latest_full(units: list[_Unit]) -> tuple[Recorded | None, str, str]:
    """The settings of the latest full-profile run's units; whose they are, in short and
    in full."""
    full = [u for u in units if u.recorded.robots_time is not None]
    if not full:
        return None, "", "no full-profile scan is in the store, so the defaults are used"
    run = max(u.run_id or 0 for u in full)
    latest = [u for u in full if (u.run_id or 0) == run]
    sources = ", ".join(sorted({u.source for u in latest}))
    whose = f"the latest full-profile scan, run {run}"
    return latest[-1].recorded, whose, f"the settings of {whose} (sources: {sources}) are used"


def _mixed(units: list[_Unit], sources: set[str]) -> list[str]:
    """A note per source whose full-profile units were scanned with different settings."""
    notes = []
    for s in sorted(sources):
        keys = {u.recorded.optout_key: u.recorded for u in units
                if u.source == s and u.recorded.robots_time is not None}
        if len(keys) > 1:
            kinds = "; ".join(r.describe() for r in keys.values())
            notes.append(f"units of source {s} were scanned with {len(keys)} different opt-out "
                         f"settings ({kinds}), so its manifest mixes their verdicts; each "
                         "document is judged with its own unit's settings below; scan the "
                         "source again with one setting to make them agree")
    return notes


def _requests(cat: Catalog, url: str, out: Explanation) -> None:
    """Rightsholder requests covering the documents (``provscan complaint``): the
    reservation signal ``rightsholder_request``, shown as an evidence row of its own."""
    if not cstore.has_tables(cat.db):
        return
    rows = cat.db.execute(
        "select d.source, d.shard, d.row, c.reference, c.received, c.kind, c.value, "
        "d.kind, d.score from complaint_documents d join complaints c using (reference) "
        "where d.url = ? order by d.source, d.row, c.reference", [url]).fetchall()
    for d in out.documents:
        refs = [r for r in rows if (r[0], r[1], r[2]) == (d["source"], d["shard"], d["row"])]
        if not refs:
            continue
        d["optout"] = True
        d["optout_signals"] = [*(d.get("optout_signals") or []), cstore.SIGNAL]
        for _, _, _, ref, received, kind, value, how, score in refs:
            by = f"{how} {score:.2f}" if how in ("near", "contained") else how
            out.evidence.append({
                "source": d["source"], "row": d["row"], "kind": "optout",
                "signal": cstore.SIGNAL, "verdict": "reserved", "value": ref, "token": None,
                "rule": f"rightsholder request {ref} received {received}: {kind} {value} "
                        f"(matched as {by})", "capture_when": None, "capture_url": None,
                "capture_date": None})


def explain(
    store: str | Path, url: str, robots_time: RobotsTime | None = None,
    crawler_tokens: str | None = None,
) -> Explanation:
    """Everything the store knows about ``url``'s reservation status. ``robots_time`` and
    ``crawler_tokens`` override the settings recorded with the scan."""
    import pyarrow as pa

    host = hosts_and_domains(pa.array([url], pa.string()))[0][0].as_py()
    out = Explanation(url, host)
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
        _requests(cat, url, out)
        units = _units(cat)
        doc_units = _doc_units(cat, url, out.documents, units)
        current = cat.get_meta("captures")
        captures = cat.layout.captures_file
    out.notes = _mixed(units, {d["source"] for d in out.documents})
    latest, latest_whose, latest_basis = _latest_full(units)

    pairs: list[tuple[dict[str, Any] | None, _Unit | None]] = [
        *zip(out.documents, doc_units, strict=True)] or [(None, None)]
    groups: dict[tuple[Any, ...], Judgement] = {}
    for d, unit in pairs:
        rec = unit.recorded if unit else None
        basis, origin = "", "recorded with the scan"
        if rec is None or rec.robots_time is None:  # no document, or fast profile
            rec, origin = latest, f"recorded with {latest_whose}"
            basis = ("no document has this URL" if d is None else
                     f"document {doc_label(d, out.documents)} was scanned with the fast profile "
                     "(no opt-out check)") + f", so {latest_basis}"
        used = resolve(rec, origin, robots_time, crawler_tokens, current)
        date = d["date"] if d else None
        j = groups.setdefault((used.key, used.warnings, date, basis),
                              Judgement(used, [], date, basis))
        if d is not None:
            j.documents.append(doc_label(d, out.documents))
    out.judgements = list(groups.values())

    sites = SiteIndex(captures)
    if host is None or not sites:
        return out
    by_kind: dict[str, list[Capture]] = {}
    for c in sites.captures(host):
        by_kind.setdefault(c.kind, []).append(c)
    out.captures = bool(by_kind)
    for j in out.judgements:
        det = OptoutDetector(j.settings.tokens, sites, j.settings.robots_time)
        for kind, caps in by_kind.items():
            applied = {id(c): w for w, c in in_effect(caps, j.date, j.settings.robots_time)}
            for c in caps:
                parsed = det.parse(c)
                found = (parsed.evaluate(url, j.settings.tokens) if kind == "robots"
                         else parsed.evaluate(url))
                j.checks.append(CaptureCheck(kind, c, applied.get(id(c), "not in effect"),
                                             parsed.state, found))
    return out


__all__ = ["CaptureCheck", "Explanation", "Judgement", "doc_label", "explain"]
