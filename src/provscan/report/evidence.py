"""The copyright evidence bundle (``evidence/``): opt-out verdicts per document and per
domain with their signal and capture, licence findings, exclusions by reason, and the
crawler token lists and parser used, with counts that tie out with the manifest."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

from provscan.aggregate import evidence as E
from provscan.aggregate import queries as Q
from provscan.report.build import crawler_token_lists
from provscan.report.model import Detectors, EvidenceFile, EvidenceIndex, TieOut, TokenListFile
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

SHARD_PATHS = ("as in the manifest (shard, and doc_id where it is shard#row), except that "
               "paths below the directory the report was generated in are written relative "
               "to it")


def _literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _copy(sql: str, target: Path) -> str:
    """The statement that writes the result of ``sql`` to ``target`` as CSV."""
    parts = {"query": sql, "path": _literal(str(target))}
    return re.sub(r"\$(query|path)", lambda m: parts[m[1]], Q.COPY_CSV)


def _first(catalog: Catalog, sql: str) -> tuple[object, ...] | None:
    rows = Q.rows(catalog, sql)
    return tuple(rows[0].values()) if rows else None


def _count(row: tuple[object, ...] | None) -> int | None:
    v = row[0] if row else None
    return v if isinstance(v, int) else None


def write_evidence(catalog: Catalog, out: Path, detectors: Detectors) -> EvidenceIndex:
    """Write ``out/evidence/`` and return its index (also written as index.json)."""
    ev = out / "evidence"
    ev.mkdir(parents=True, exist_ok=True)
    Q.rows(catalog, Q.UTC)
    written: dict[str, EvidenceFile] = {}
    prefix = str(Path.cwd()) + os.sep  # shard paths below it are written relative to it
    for name, (sql, what) in FILES.items():
        rows = _first(catalog, _copy(E.relative(sql, prefix), ev / name))
        written[name] = EvidenceFile(rows=_count(rows) or 0, what=what, query=E.plain(sql))
    tie_outs = []
    for what, ev_sql, man_sql in E.tie_outs():
        a, b = _first(catalog, ev_sql), _first(catalog, man_sql)
        tie_outs.append(TieOut(what=what, evidence=_count(a), manifest=_count(b), ok=a == b,
                               evidence_query=ev_sql, manifest_query=man_sql))
    methods = detectors.methods
    index = EvidenceIndex(
        files=written, tie_outs=tuple(tie_outs), shard_paths=SHARD_PATHS,
        crawler_token_lists=_crawler_tokens(catalog, ev / "crawler_tokens.csv"),
        robots_parser=methods.robots_parser if methods else None,
        robots_time=methods.robots_time if methods else None,
        measured=detectors.measured)
    (ev / "index.json").write_text(json.dumps(index.model_dump(), indent=2, ensure_ascii=False)
                                   + "\n", encoding="utf-8")
    (ev / "README.md").write_text(_readme(index), encoding="utf-8")
    return index


def _crawler_tokens(catalog: Catalog, path: Path) -> tuple[TokenListFile, ...]:
    """crawler_tokens.csv: every token the opt-out verdicts were judged for, from the
    lists as the scan read them (the catalog keeps them)."""
    lists: list[TokenListFile] = []
    rows: list[list[str]] = []
    for name, doc in crawler_token_lists(catalog):
        tokens = doc.get("tokens", [])
        tokens = tokens if isinstance(tokens, list) else []
        lists.append(TokenListFile.model_validate({
            "file": name, "version": doc.get("version"), "date": doc.get("date"),
            "source": doc.get("source"), "tokens": len(tokens)}))
        rows += [[t.get("token", ""), t.get("operator", ""), t.get("purpose", ""),
                  t.get("comment", ""), name, str(doc.get("version", ""))]
                 for t in tokens if isinstance(t, dict)]
    if lists:
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["token", "operator", "purpose", "comment", "list", "list_version"])
            w.writerows(rows)
    return tuple(lists)


def _readme(index: EvidenceIndex) -> str:
    lines = ["# Copyright evidence", "",
             "Written by `provscan report` from the store's `evidence` and `manifest` views. "
             "Each file's DuckDB query is in `index.json`; see docs/evidence.md.", ""]
    if index.measured == "none":
        lines += ["The store was scanned with the fast profile: no opt-out or licence "
                  "detector ran, so the files below are empty.", ""]
    lines += ["| file | rows | what |", "|---|---|---|"]
    lines += [f"| `{k}` | {v.rows:,} | {v.what} |" for k, v in index.files.items()]
    for t in index.crawler_token_lists:
        lines.append(f"| `crawler_tokens.csv` | {t.tokens} | AI crawler tokens of "
                     f"{t.file}, version {t.version} ({t.date}) |")
    lines += ["", f"robots.txt parser: {index.robots_parser or 'not used'}; capture time "
              f"rule: {', '.join(index.robots_time or []) or 'not used'}.", "",
              "## Tie-out with the manifest", "", "| count | evidence | manifest | equal |",
              "|---|---|---|---|"]
    lines += [f"| {t.what} | {t.evidence:,} | {t.manifest:,} | "
              f"{'yes' if t.ok else 'NO'} |" for t in index.tie_outs]
    lines += ["", f"Shard paths: {index.shard_paths}.", ""]
    return "\n".join(lines)
