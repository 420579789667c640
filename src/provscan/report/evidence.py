"""The copyright evidence bundle (``evidence/``): opt-out verdicts per document and per
domain with their signal and capture, licence findings, exclusions by reason, and the
crawler token lists and parser used, with counts that tie out with the manifest."""

from __future__ import annotations

import csv
import json
import os
from importlib.resources import files
from pathlib import Path
from typing import Any

from provscan.aggregate import evidence as E
from provscan.report.build import crawler_token_files, display_path
from provscan.store import Catalog

FILES: dict[str, tuple[str, str]] = {
    "optout_documents.csv": (E.OPTOUT_DOCUMENTS, "one row per document with an opt-out "
                             "finding: its verdict, every signal's verdict, the captures"),
    "optout_findings.csv": (E.OPTOUT_FINDINGS, "every opt-out finding of every document "
                            "(any verdict), with the rule and the capture it came from"),
    "optout_domains.csv": (E.OPTOUT_DOMAINS, "per registrable domain: documents, reserved "
                           "documents and bytes, signals, robots.txt states, captures"),
    "optout_signals.csv": (E.OPTOUT_SIGNALS, "findings and documents per signal and verdict"),
    "licence_findings.csv": (E.LICENCE_FINDINGS, "every licence finding: matcher, licence, "
                             "class, the matched text and its character offsets"),
    "licences.csv": (E.LICENCES, "per licence found in documents: documents and bytes"),
    "licence_classes.csv": (E.LICENCE_CLASSES_BY_SOURCE, "per source and licence class: "
                            "documents and bytes"),
    "exclusions.csv": (E.EXCLUSIONS, "what was not read, and what is flagged but kept, by "
                       "reason"),
}


def _literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def write_evidence(catalog: Catalog, out: Path, detectors: dict[str, Any]) -> dict[str, Any]:
    """Write ``out/evidence/`` and return its index (also written as index.json)."""
    ev = out / "evidence"
    ev.mkdir(parents=True, exist_ok=True)
    catalog.db.execute("set TimeZone = 'UTC'")
    index: dict[str, Any] = {"files": {}, "tie_outs": [], "shard_paths": (
        "as in the manifest (shard, and doc_id where it is shard#row), except that paths "
        "below the directory the report was generated in are written relative to it")}
    prefix = str(Path.cwd()) + os.sep  # shard paths below it are written relative to it
    for name, (sql, what) in FILES.items():
        target = ev / name
        rows = catalog.db.execute(
            f"copy ({E.relative(sql, prefix)}) to {_literal(str(target))} (header)"
        ).fetchone()
        index["files"][name] = {"rows": int(rows[0]) if rows else 0, "what": what,
                                "query": E.plain(sql)}
    for what, ev_sql, man_sql in E.tie_outs():
        a = catalog.db.execute(ev_sql).fetchone()
        b = catalog.db.execute(man_sql).fetchone()
        index["tie_outs"].append({"what": what, "evidence": a[0] if a else None,
                                  "manifest": b[0] if b else None,
                                  "ok": a == b, "evidence_query": ev_sql,
                                  "manifest_query": man_sql})
    methods = detectors.get("methods")
    index["crawler_token_lists"] = _crawler_tokens(catalog, ev / "crawler_tokens.csv")
    index["robots_parser"] = methods["robots_parser"] if methods else None
    index["robots_time"] = methods["robots_time"] if methods else None
    index["measured"] = detectors["measured"]
    (ev / "index.json").write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    (ev / "README.md").write_text(_readme(index), encoding="utf-8")
    return index


def _crawler_tokens(catalog: Catalog, path: Path) -> list[dict[str, Any]]:
    """crawler_tokens.csv: every token the opt-out verdicts were judged for."""
    lists: list[dict[str, Any]] = []
    rows: list[list[str]] = []
    for f in crawler_token_files(catalog):
        try:
            text = (Path(f).read_text(encoding="utf-8") if f else
                    files("provscan").joinpath("data/ai_crawlers.json").read_text("utf-8"))
            doc = json.loads(text)
        except (OSError, ValueError):
            lists.append({"file": display_path(f or ""), "readable": False})
            continue
        name = display_path(f) if f else "provscan/data/ai_crawlers.json"
        lists.append({"file": name, "version": doc.get("version"), "date": doc.get("date"),
                      "source": doc.get("source"), "tokens": len(doc.get("tokens", []))})
        rows += [[t.get("token", ""), t.get("operator", ""), t.get("purpose", ""),
                  t.get("comment", ""), name, str(doc.get("version", ""))]
                 for t in doc.get("tokens", []) if isinstance(t, dict)]
    if lists:
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["token", "operator", "purpose", "comment", "list", "list_version"])
            w.writerows(rows)
    return lists


def _readme(index: dict[str, Any]) -> str:
    lines = ["# Copyright evidence", "",
             "Written by `provscan report` from the store's `evidence` and `manifest` views. "
             "Each file's DuckDB query is in `index.json`; see docs/evidence.md.", ""]
    if index["measured"] == "none":
        lines += ["The store was scanned with the fast profile: no opt-out or licence "
                  "detector ran, so the files below are empty.", ""]
    lines += ["| file | rows | what |", "|---|---|---|"]
    lines += [f"| `{k}` | {v['rows']:,} | {v['what']} |" for k, v in index["files"].items()]
    for t in index["crawler_token_lists"]:
        lines.append(f"| `crawler_tokens.csv` | {t.get('tokens', 0)} | AI crawler tokens of "
                     f"{t['file']}, version {t.get('version')} ({t.get('date')}) |")
    lines += ["", f"robots.txt parser: {index['robots_parser'] or 'not used'}; capture time "
              f"rule: {', '.join(index['robots_time'] or []) or 'not used'}.", "",
              "## Tie-out with the manifest", "", "| count | evidence | manifest | equal |",
              "|---|---|---|---|"]
    lines += [f"| {t['what']} | {t['evidence']:,} | {t['manifest']:,} | "
              f"{'yes' if t['ok'] else 'NO'} |" for t in index["tie_outs"]]
    lines += ["", f"Shard paths: {index['shard_paths']}.", ""]
    return "\n".join(lines)
