"""The summary model: every figure tagged with where it came from and the query that
re-derives it. Renderers only format this model."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from provscan import __version__
from provscan.aggregate import queries as Q
from provscan.scan.urls import psl_version
from provscan.store import Catalog

TEXT_BINS = (
    (1_000_000_000, "Less than 1 billion tokens"),
    (10_000_000_000_000, "1 billion to 10 trillion tokens"),
    (None, "More than 10 trillion tokens"),
)


def token_bin(tokens: int | None) -> str | None:
    """The template's size bin for a text token count (the bounds as the template words
    them: under 1e9; 1e9 to 1e13 inclusive; above 1e13)."""
    if tokens is None:
        return None
    if tokens < 1_000_000_000:
        return TEXT_BINS[0][1]
    return TEXT_BINS[1][1] if tokens <= 10_000_000_000_000 else TEXT_BINS[2][1]


def scan(value: Any, query: str) -> dict[str, Any]:
    """A figure measured by the scan, with the query that re-derives it."""
    return {"value": value, "source": "scan", "query": query}


def _jsonable(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    return v


def _mm_yyyy(d: datetime | None) -> str | None:
    return d.strftime("%m/%Y") if d else None


def build_summary(catalog: Catalog, sme: bool = False) -> dict[str, Any]:
    """The report model for a store."""
    totals = Q.rows(catalog, Q.TOTALS)[0]
    n_domains = int(totals["domains"] or 0)
    k, rule = Q.top_domain_count(n_domains, sme)
    top = Q.rows(catalog, Q.TOP_DOMAINS, k=k)
    methods = [r["token_method"] for r in Q.rows(catalog, Q.TOKEN_METHODS)]
    status = {r["status"]: r for r in Q.rows(catalog, Q.UNIT_STATUS)}
    docs = int(totals["documents"])
    dups = int(totals["exact_duplicates"])
    modalities = Q.rows(catalog, Q.PER_MODALITY)
    for m in modalities:
        m["size_bin"] = token_bin(m["tokens"]) if m["modality"] == "text" else None
    model: dict[str, Any] = _jsonable({
        "provscan_version": __version__,
        "generated_at": datetime.now(timezone.utc).replace(microsecond=0),
        "store": {
            "units_done": int(status.get("done", {}).get("units", 0)),
            "units_failed": int(status.get("failed", {}).get("units", 0)),
            "units_pending": int(status.get("pending", {}).get("units", 0)),
        },
        "totals": {
            "documents": scan(docs, Q.TOTALS),
            "bytes": scan(int(totals["bytes"]), Q.TOTALS),
            "tokens": scan(totals["tokens"], Q.TOTALS),
            "token_method": scan(methods or None, Q.TOKEN_METHODS),
            "unique_documents": scan(int(totals["unique_documents"]), Q.TOTALS),
            "exact_duplicates": scan(dups, Q.TOTALS),
            "exact_duplicate_rate": scan(dups / docs if docs else 0.0, Q.TOTALS),
            "documents_with_url": scan(int(totals["documents_with_url"]), Q.TOTALS),
        },
        "size_per_modality": scan(modalities, Q.PER_MODALITY),
        "acquisition_period": {
            "earliest": scan(totals["earliest_date"], Q.TOTALS),
            "latest": scan(totals["latest_date"], Q.TOTALS),
            "latest_mm_yyyy": scan(_mm_yyyy(totals["latest_date"]), Q.TOTALS),
        },
        "sources": scan(Q.rows(catalog, Q.PER_SOURCE), Q.PER_SOURCE),
        "domains": {
            "total": scan(n_domains, Q.DOMAIN_COUNT),
            "rule": rule,
            "sme": sme,
            "listed": len(top),
            "size_measure": "bytes of UTF-8 text per registrable domain (eTLD+1)",
            "public_suffix_list": psl_version(),
            "top": scan(top, Q.TOP_DOMAINS.replace("$k", str(k))),
        },
        "detectors": _detectors(catalog),
    })
    return model


def _detectors(catalog: Catalog) -> dict[str, Any]:
    """Languages, opt-outs, licences and personal data, as measured per document."""
    from provscan.detect.language import language_name

    d = Q.rows(catalog, Q.DETECTED)[0]
    langs = Q.rows(catalog, Q.LANGUAGES)
    for r in langs:
        r["name"] = language_name(r["language"])
    return {
        "documents_checked": scan(int(d["documents_checked"]), Q.DETECTED),
        "languages": scan(langs, Q.LANGUAGES),
        "optout": {
            "documents_reserved": scan(int(d["documents_reserved"]), Q.DETECTED),
            "bytes_reserved": scan(int(d["bytes_reserved"]), Q.DETECTED),
            "by_signal": scan(Q.rows(catalog, Q.OPTOUT_BY_SIGNAL), Q.OPTOUT_BY_SIGNAL),
            "robots_states": scan(Q.rows(catalog, Q.ROBOTS_STATES), Q.ROBOTS_STATES),
            "documents_with_robots_capture": scan(
                int(d["documents_with_robots_capture"]), Q.DETECTED),
        },
        "licences": {
            "classes": scan(Q.rows(catalog, Q.LICENCE_CLASSES), Q.LICENCE_CLASSES),
            "top": scan(Q.rows(catalog, Q.TOP_LICENCES), Q.TOP_LICENCES),
        },
        "personal_data": {
            k: scan(int(d[k]), Q.DETECTED)
            for k in ("documents_with_email", "documents_with_phone", "documents_with_ip",
                      "emails", "phones", "ip_addresses")
        },
    }


def write_top_domains(summary: dict[str, Any], path: Path) -> None:
    d = summary["domains"]
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write(
            f"# rule: {d['rule']} ({'SME' if d['sme'] else 'non-SME'}); "
            f"listed {d['listed']} of {d['total']['value']} domains; "
            f"size measure: {d['size_measure']}; ranked by bytes, ties by domain name; "
            f"share of the bytes of all documents that have a domain; "
            f"{d['public_suffix_list']}\n"
        )
        w = csv.writer(f)
        w.writerow(["rank", "domain", "bytes", "tokens", "documents", "share",
                    "cumulative_share"])
        for r in d["top"]["value"]:
            w.writerow([r["rank"], r["domain"], r["bytes"], r["tokens"], r["documents"],
                        f"{r['share']:.6f}", f"{r['cumulative_share']:.6f}"])


def write_report(catalog: Catalog, out: str | Path, sme: bool = False) -> dict[str, Any]:
    """Write summary.json, summary.md, summary.html and top_domains.csv into ``out``."""
    from provscan.report.render import render_html, render_markdown

    outp = Path(out)
    outp.mkdir(parents=True, exist_ok=True)
    summary = build_summary(catalog, sme)
    (outp / "summary.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (outp / "summary.md").write_text(render_markdown(summary), encoding="utf-8")
    (outp / "summary.html").write_text(render_html(summary), encoding="utf-8")
    write_top_domains(summary, outp / "top_domains.csv")
    return summary
