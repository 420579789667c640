"""Markdown and self-contained HTML renderings of the summary model."""

from __future__ import annotations

import html
import re
from typing import Any


def _n(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.2%}" if v <= 1 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _date(v: str | None) -> str:
    return v[:10] if v else "—"


def _tables(s: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    t = s["totals"]
    tables: list[tuple[str, list[str], list[list[str]]]] = []
    tables.append(("Totals", ["figure", "value"], [
        ["Documents", _n(t["documents"]["value"])],
        ["Bytes of text (UTF-8)", _n(t["bytes"]["value"])],
        ["Tokens", _n(t["tokens"]["value"])],
        ["Token count method",
         "; ".join(t["token_method"]["value"] or ["not counted (fast profile)"])],
        ["Unique documents (by content hash)", _n(t["unique_documents"]["value"])],
        ["Exact duplicates", f"{_n(t['exact_duplicates']['value'])} "
                             f"({t['exact_duplicate_rate']['value']:.2%})"],
        ["Documents with a URL", _n(t["documents_with_url"]["value"])],
    ]))
    tables.append(("Size per modality (1.3)", ["modality", "documents", "bytes", "tokens",
                                              "template size bin"], [
        [m["modality"], _n(m["documents"]), _n(m["bytes"]), _n(m["tokens"]),
         m["size_bin"] or "—"] for m in s["size_per_modality"]["value"]]))
    a = s["acquisition_period"]
    tables.append(("Acquisition period (1.3)", ["figure", "value"], [
        ["Earliest acquisition date", _date(a["earliest"]["value"])],
        ["Latest acquisition date", _date(a["latest"]["value"])],
        ["Latest acquisition (MM/YYYY)", a["latest_mm_yyyy"]["value"] or "—"],
    ]))
    tables.append(("Sources", ["source", "class", "modality", "documents", "bytes", "tokens",
                               "exact dups", "domains", "period"], [
        [r["source"], r["template_class"] or "to be declared", r["modality"],
         _n(r["documents"]), _n(r["bytes"]), _n(r["tokens"]), _n(r["exact_duplicates"]),
         _n(r["domains"]), f"{_date(r['earliest_date'])} – {_date(r['latest_date'])}"]
        for r in s["sources"]["value"]]))
    d = s["domains"]
    tables.append((f"Top domains (2.3): {d['listed']} of {d['total']['value']} domains, "
                   f"{d['rule']}", ["rank", "domain", "bytes", "tokens", "documents", "share",
                                    "cumulative"], [
        [str(r["rank"]), r["domain"], _n(r["bytes"]), _n(r["tokens"]), _n(r["documents"]),
         f"{r['share']:.2%}", f"{r['cumulative_share']:.2%}"] for r in d["top"]["value"]]))
    tables += _detector_tables(s["detectors"])
    return tables


def _detector_tables(det: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    if not det["documents_checked"]["value"]:
        return [("Detectors", ["figure", "value"], [
            ["Documents checked", "0 (scanned with the fast profile)"]])]
    o, lic, pii = det["optout"], det["licences"], det["personal_data"]
    return [
        ("Languages", ["language", "code", "documents", "bytes", "share of bytes"], [
            [r["name"], r["language"], _n(r["documents"]), _n(r["bytes"]),
             f"{r['share_of_bytes']:.2%}"] for r in det["languages"]["value"]]),
        ("Rights reservations (TDM / AI-training opt-outs)", ["figure", "value"], [
            ["Documents checked", _n(det["documents_checked"]["value"])],
            ["Documents with a reservation", _n(o["documents_reserved"]["value"])],
            ["Bytes with a reservation", _n(o["bytes_reserved"]["value"])],
            ["Documents whose host has a robots.txt capture",
             _n(o["documents_with_robots_capture"]["value"])],
            *[[f"signal: {r['signal']}", _n(r["documents"])] for r in o["by_signal"]["value"]],
            *[[f"robots.txt state: {r['robots_state']}", _n(r["documents"])]
              for r in o["robots_states"]["value"]],
        ]),
        ("Licences found in documents", ["licence class", "documents", "bytes"], [
            [r["licence_class"], _n(r["documents"]), _n(r["bytes"])]
            for r in lic["classes"]["value"]]),
        ("Personal data (counts of matches)", ["figure", "value"], [
            [k.replace("_", " ").capitalize(), _n(v["value"])] for k, v in pii.items()]),
    ]


def render_markdown(s: dict[str, Any]) -> str:
    out = ["# Training content summary (scan figures)", "",
           f"Generated {s['generated_at']} by provscan {s['provscan_version']} from "
           f"{s['store']['units_done']} scanned units"
           + (f"; {s['store']['units_failed']} units FAILED and are not counted"
              if s["store"]["units_failed"] else "") + ".", ""]
    for title, head, body in _tables(s):
        out += [f"## {title}", "", "| " + " | ".join(head) + " |",
                "|" + "---|" * len(head)]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body]
        out.append("")
    d = s["domains"]
    out += [f"Size measure: {d['size_measure']}. {d['public_suffix_list']}.", "",
            "Every figure can be re-derived from the manifest; `summary.json` holds the "
            "query beside each value.", ""]
    return "\n".join(out)


def _bars(rows: list[dict[str, Any]]) -> str:
    rows = rows[:20]
    if not rows:
        return ""
    top = max(r["bytes"] for r in rows) or 1
    h = 22 * len(rows) + 10
    bars = []
    for i, r in enumerate(rows):
        w = 420 * r["bytes"] / top
        y = 5 + 22 * i
        bars.append(
            f'<text x="0" y="{y + 15}" font-size="12">{html.escape(r["domain"])}</text>'
            f'<rect x="200" y="{y}" width="{w:.1f}" height="18" fill="#3b6ea5"/>'
            f'<text x="{205 + w:.1f}" y="{y + 15}" font-size="11">{r["share"]:.1%}</text>'
        )
    return (f'<svg role="img" aria-label="Top domains by bytes" width="700" height="{h}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>')


_CSS = """body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px}
th{background:#f0f3f7;text-align:left}td.n{text-align:right}
.warn{color:#a00;font-weight:bold}"""


_NUMERIC = re.compile(r"^[\d,.%() –-]+$")


def _td(cell: str) -> str:
    """A table cell; figures are right-aligned, text is not."""
    cls = ' class="n"' if _NUMERIC.match(cell) else ""
    return f"<td{cls}>{html.escape(cell)}</td>"


def render_html(s: dict[str, Any]) -> str:
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>Training content summary</title><style>{_CSS}</style></head><body>",
             "<h1>Training content summary (scan figures)</h1>",
             f"<p>Generated {html.escape(s['generated_at'])} by provscan "
             f"{html.escape(s['provscan_version'])}.</p>"]
    if s["store"]["units_failed"]:
        parts.append(f"<p class='warn'>{s['store']['units_failed']} units failed and are "
                     "not counted: see <code>provscan status</code>.</p>")
    for title, head, body in _tables(s):
        parts.append(f"<h2>{html.escape(title)}</h2>")
        if title.startswith("Top domains"):
            parts.append(_bars(s["domains"]["top"]["value"]))
        parts.append("<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head)
                     + "</tr>")
        parts += ["<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in body]
        parts.append("</table>")
    d = s["domains"]
    parts.append(f"<p>Size measure: {html.escape(d['size_measure'])}. "
                 f"{html.escape(d['public_suffix_list'])}.</p></body></html>\n")
    return "\n".join(parts)
