"""The summary as one self-contained HTML file: inline CSS and SVG, no script, no
remote font or file."""

from __future__ import annotations

import re
from html import escape

from provscan.report.layout import SOURCE_LABEL, Answer, Block, Chart, Heading, Para, Table

_CSS = """body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1050px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:2px solid #3b6ea5;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0 1em}td,th{border:1px solid #ccc;padding:3px 8px;
vertical-align:top}th{background:#f0f3f7;text-align:left}td.n{text-align:right;
font-variant-numeric:tabular-nums}caption{text-align:left;font-style:italic;padding:.3em 0}
.answer{margin:.8em 0 1em;padding:.2em 0 .2em .8em;border-left:4px solid #cfd8e3}
.answer.to_be_provided{border-left-color:#c0392b}.answer.optional{border-left-color:#cfd8e3}.answer.supplement{border-left-color:#9ab;
background:#f7f9fb}.q{font-weight:600;margin:.2em 0}.a{margin:.2em 0}
.tag{font-size:.75em;font-weight:normal;padding:1px 6px;border-radius:8px;margin-left:.5em;
background:#e8eef5;color:#345}.tag.to_be_provided{background:#fbe3e0;color:#a0281b}
.optional .tag.to_be_provided{background:#eee;color:#555}
.tbp{color:#a0281b;font-weight:600}.check{color:#7a4b00}code{background:#f3f3f3;padding:0 3px}
details{margin:-.6em 0 1em}summary{cursor:pointer;color:#567;font-size:.85em}
pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font-size:.85em}
svg.chart{display:block;margin:.5em 0;font-size:12px}svg .ct{font-weight:600;font-size:13px}
svg .cv{font-size:11px;fill:#444}"""

_NUMERIC = re.compile(r"^[\d,.%() –/—-]+$")


def _td(cell: str) -> str:
    cls = ' class="n"' if _NUMERIC.match(cell) else ""
    return f"<td{cls}>{escape(cell)}</td>"


def _table(t: Table) -> str:
    cap = f"<caption>{escape(t.caption)}</caption>" if t.caption else ""
    rows = "".join("<tr>" + "".join(_td(c) for c in r) + "</tr>" for r in t.rows)
    out = (f"<table>{cap}<tr>" + "".join(f"<th>{escape(h)}</th>" for h in t.head)
           + f"</tr>{rows}</table>")
    if t.query:
        out += (f"<details><summary>DuckDB query</summary><pre>{escape(t.query)}</pre>"
                "</details>")
    return out


def _inline(s: str) -> str:
    """Escape, then the little Markdown the report itself writes: `code`, **bold**, *em*."""
    s = re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(s))
    s = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", s)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", s)


def _answer(a: Answer) -> str:
    cls = a.source + (" supplement" if a.supplement else "") + (" optional" if a.optional
                                                                  else "")
    label = ("measured by provscan" if a.supplement else "optional" if a.optional and
             a.source == "to_be_provided" else SOURCE_LABEL[a.source])
    out = [f'<div class="answer {cls}"><p class="q">{escape(a.question)}'
           f'<span class="tag {a.source}">{escape(label)}</span></p>']
    lines = [_inline(x) for x in a.lines]
    if a.source == "to_be_provided" and lines and lines[-1].endswith("To be provided."):
        lines[-1] = lines[-1].replace("To be provided.", '<span class="tbp">To be provided.'
                                      "</span>") + (f" Declaration field: <code>"
                                                    f"{escape(a.ref)}</code>." if a.ref else "")
    if a.bullets:
        out.append("<ul>" + "".join(f"<li>{x}</li>" for x in lines) + "</ul>")
    else:
        out += [f'<p class="a">{x}</p>' for x in lines]
    if a.table is not None:
        out.append(_table(a.table))
    return "".join(out) + "</div>"


def render_html(title: str, intro: list[str], blocks: list[Block]) -> str:
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
             f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{escape(title)}</h1>"]
    parts += [f"<p>{_inline(p)}</p>" for p in intro]
    for b in blocks:
        if isinstance(b, Heading):
            parts.append(f"<h{b.level}>{escape(b.text)}</h{b.level}>")
        elif isinstance(b, Para):
            cls = f' class="{b.cls}"' if b.cls else ""
            parts.append(f"<p{cls}>{_inline(b.text)}</p>")
        elif isinstance(b, Table):
            parts.append(_table(b))
        elif isinstance(b, Answer):
            parts.append(_answer(b))
        elif isinstance(b, Chart):
            parts.append(b.svg)
    parts.append("</body></html>\n")
    return "\n".join(parts)
