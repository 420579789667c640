"""Write every report file into one directory."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from provscan.declaration import EMPTY, Declaration, load_declaration
from provscan.report.annex import annex_blocks
from provscan.report.build import build_summary
from provscan.report.diff import SummaryView, compare, load_previous, render_changes_md
from provscan.report.evidence import write_evidence
from provscan.report.exclusions import check_messages
from provscan.report.html import render_html
from provscan.report.layout import template_blocks
from provscan.report.markdown import render_markdown
from provscan.report.mdf import build_croissant, build_mdf
from provscan.report.model import Check, ScanFigures, Summary, to_json
from provscan.report.obligations import build_obligations
from provscan.report.obligations_md import write_obligations
from provscan.report.tables import write_sources, write_top_domains
from provscan.report.template import TEMPLATE
from provscan.report.template_processing import build_template
from provscan.store import Catalog

TITLE = "Public Summary of Training Content"


def _intro(s: ScanFigures, d: Declaration) -> list[str]:
    names = ", ".join(d.model.names) or "(model name to be provided)"
    return [f"General-purpose AI model: **{names}**",
            f"Drawn up following the {TEMPLATE}. Measured figures come from provscan "
            f"{s.provscan_version} (report generated {s.generated_at[:10]}); answers "
            "marked *declared* come from the provider's declaration; the annex gives the "
            "figures behind the answers and the DuckDB query of each."]


def write_report(catalog: Catalog, out: str | Path, *, sme: bool = False,
                 declaration: Declaration = EMPTY, previous: str | Path | None = None,
                 now: datetime | None = None, exclusions: str | None = None) -> Summary:
    """Write summary.{json,md,html}, top_domains.csv, sources.csv, evidence/,
    mdf_data.json, croissant.json, obligations.{json,md} (and changes.{json,md} with
    ``previous``) into ``out``; return the summary model. With ``exclusions`` (the name
    of an exclusion set), every figure is over the documents that set keeps."""
    outp = Path(out)
    outp.mkdir(parents=True, exist_ok=True)
    prev = load_previous(previous) if previous is not None else None
    s = build_summary(catalog, sme or declaration.provider.sme, now, exclusions)
    obligations = build_obligations(s, declaration)  # checks the declaration against s
    template, checks = build_template(s, declaration)
    checks += obligations.checks()
    changes = compare(prev, SummaryView.of(s, template), now) if prev is not None else None
    if changes is not None and changes.warning:
        checks.insert(0, Check(level="warning", message=changes.warning))
    if s.store.units_partial:
        checks.insert(0, Check(level="warning", message=f"{s.store.units_partial} work "
                               "units were read only in part (a truncated file, a broken "
                               "record, a bad line): what they lost is not counted; see "
                               "provscan status"))
    if s.exclusions is not None:
        checks[:0] = [Check(level="warning", message=m) for m in check_messages(s.exclusions)]
    if s.store.units_failed:
        checks.insert(0, Check(level="warning", message=f"{s.store.units_failed} work units "
                               "failed and are not counted: see provscan status"))
    evidence = write_evidence(catalog, outp, s.detectors)
    summary = Summary.model_validate({**dict(s), "template": template, "checks": tuple(checks),
                                      "changes": changes, "evidence": evidence})
    (outp / "summary.json").write_text(to_json(summary), encoding="utf-8")
    intro = _intro(s, declaration)
    blocks = template_blocks(template) + annex_blocks(s, checks, changes, obligations)
    (outp / "summary.md").write_text(render_markdown(TITLE, intro, blocks), encoding="utf-8")
    (outp / "summary.html").write_text(render_html(TITLE, intro, blocks), encoding="utf-8")
    write_top_domains(s, outp / "top_domains.csv")
    write_sources(s, declaration, outp / "sources.csv")
    (outp / "mdf_data.json").write_text(to_json(build_mdf(s, declaration, obligations)),
                                        encoding="utf-8")
    (outp / "croissant.json").write_text(
        json.dumps(build_croissant(s, declaration), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8")
    write_obligations(outp, obligations)
    if changes is not None:
        (outp / "changes.json").write_text(to_json(changes), encoding="utf-8")
        (outp / "changes.md").write_text(render_changes_md(changes), encoding="utf-8")
    return summary


def run_report(store: str | Path, out: str, *, sme: bool = False,
               declaration: str | None = None, previous: str | None = None,
               exclusions: str | None = None) -> list[str]:
    """Write the report of ``store`` into ``out``; the lines to show the user."""
    decl = load_declaration(declaration)
    with Catalog(store, read_only=True) as cat:
        s = write_report(cat, out, sme=sme, declaration=decl, previous=previous,
                         exclusions=exclusions)
    kept = "" if s.exclusions is None else (
        f" kept by {s.exclusions.name} (of {s.exclusions.totals.value.documents_before:,} "
        "scanned)")
    lines = [f"report for {s.totals.documents.value:,} documents{kept}, "
             f"{s.domains.total.value:,} domains "
             f"({s.domains.listed} listed) written to {out}"]
    bad = [x.what for x in s.evidence.tie_outs if not x.ok]
    if bad:
        lines.append("EVIDENCE DOES NOT TIE OUT with the manifest: " + "; ".join(bad))
    lines += [f"{c.level}: {c.message}" for c in s.checks]
    return lines
