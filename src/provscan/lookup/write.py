"""The answer to a rightsholder: ``lookup.json``, ``lookup.csv``, ``lookup.md`` and a
self-contained ``lookup.html`` (see docs/lookup.md for every field)."""

from __future__ import annotations

import csv
import html
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from provscan import __version__
from provscan.lookup.run import MATCH_FIELDS, LookupResult

KIND_TEXT = {"url": "the same URL", "url_prefix": "a URL under the prefix",
             "domain": "a page of the domain", "exact": "an exact copy",
             "near": "a near copy", "contained": "the passage inside a longer document"}


def _plain(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def to_json(res: LookupResult) -> dict[str, Any]:
    return {
        "provscan_version": __version__,
        "store": Path(res.store).name,
        "index": res.index,
        "queries": [{"query": q.value, "kind": q.kind, "compared_as": q.key,
                     "matches": q.matches, "listed": q.listed, "notes": q.notes}
                    for q in res.queries],
        "matches": [{k: _plain(v) for k, v in m.items()} for m in res.matches],
        "no_match": [{"query": q.value, "kind": q.kind} for q in res.unmatched],
        "notes": res.notes,
    }


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ";".join(map(str, v))
    return str(_plain(v))


def _status(m: dict[str, Any]) -> str:
    if m["optout"] is None:
        return "not checked (fast profile)"
    if m["optout"]:
        return "reserved (" + ", ".join(m["optout_signals"]) + ")"
    return "no reservation found"


def _score(m: dict[str, Any]) -> str:
    if m["kind"] in ("url", "url_prefix", "domain"):
        return "-"
    if m["kind"] == "contained":
        return f"containment {m['containment']:.2f}"
    return f"similarity {m['similarity']:.2f}"


def to_markdown(res: LookupResult) -> str:
    n_docs = len({(m["source"], m["shard"], m["row"]) for m in res.matches})
    lines = ["# Is your work in our training data?", "",
             f"We searched the training-data store (`{Path(res.store).name}`, "
             f"{res.index['units']:,} units) for {len(res.queries)} queries. "
             f"{len(res.queries) - len(res.unmatched)} of them matched {n_docs:,} "
             "document(s); the others matched none.", ""]
    for q in res.queries:
        lines += [f"## {q.kind.replace('_', ' ')}: {q.value}", ""]
        if q.key and q.kind != "work":
            lines.append(f"Compared as `{q.key}`.")
        lines += [*q.notes, ""] if q.notes else []
        ms = [m for m in res.matches if m["query"] == q.value and m["query_kind"] == q.kind]
        if not ms:
            lines += ["No document in the store matches.", ""]
            continue
        more = f" ({q.listed:,} listed)" if q.listed < q.matches else ""
        lines += [f"{q.matches:,} matching document(s){more}.", "",
                  "| document | URL | date | match | score | reservation at crawl time "
                  "| excluded by |", "|---|---|---|---|---|---|---|"]
        for m in ms:
            date_ = f"{m['date']:%Y-%m-%d}" if m.get("date") else "-"
            lines.append(f"| `{m['doc_id']}` ({m['source']}, row {m['row']}) | "
                         f"{m['url'] or '-'} | {date_} | {KIND_TEXT[m['kind']]} | "
                         f"{_score(m)} | {_status(m)} | "
                         f"{', '.join(m['excluded_by']) or 'no exclusion set'} |")
        ex = [m for m in ms if m.get("excerpt")][:5]
        if ex:
            lines += ["", "Excerpts:", ""]
            lines += [f"> `{m['doc_id']}`: {m['excerpt']}" for m in ex]
        lines.append("")
    if res.notes:
        lines += ["## Notes", "", *[f"- {n}" for n in res.notes], ""]
    lines += ["## How this was found", "",
              "URLs are compared normalised (scheme, `www.`, trailing slash and "
              "percent-encoding ignored; international domain names in their ASCII form). "
              "Texts are compared after Unicode NFC normalisation and white-space "
              "collapsing: an exact copy has the same content hash; a near copy shares "
              "word 5-grams with a Jaccard similarity at or above the threshold; a passage "
              "is contained when that share of its 5-grams is inside a longer document. "
              "Every near copy and passage was read back from the original file and "
              "measured. See docs/lookup.md.", ""]
    return "\n".join(lines)


def to_html(md_text: str, res: LookupResult) -> str:
    body = []
    for m in res.matches:
        body.append("<tr>" + "".join(f"<td>{html.escape(_cell(m[f]))}</td>" for f in
                                     ("query", "kind", "score", "doc_id", "url", "date",
                                      "optout_signals", "excluded_by", "excerpt")) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("query", "match", "score", "document", "URL",
                                              "date", "reservation signals", "excluded by",
                                              "excerpt"))
    unmatched = "".join(f"<li>{html.escape(q.kind)}: {html.escape(q.value)}</li>"
                        for q in res.unmatched) or "<li>none</li>"
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in res.notes)
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>Lookup: is your work in the training data?</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:80em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px;vertical-align:top;
font-size:90%}}</style></head><body>
<h1>Is your work in our training data?</h1>
<p>{len(res.queries)} queries; {len(res.matches)} matches listed.</p>
<table><tr>{head}</tr>{''.join(body)}</table>
<h2>Queries with no match</h2><ul>{unmatched}</ul>
{f'<h2>Notes</h2><ul>{notes}</ul>' if notes else ''}
<h2>Answer (text)</h2><pre>{html.escape(md_text)}</pre>
</body></html>
"""


def relative_paths(res: LookupResult, base: Path) -> None:
    """Shard paths (and ids made of them) below ``base`` written relative to it, as the
    report writes them, so that an answer sent out carries no machine paths."""
    prefix = str(base) + os.sep
    for m in res.matches:
        for f in ("shard", "doc_id"):
            if isinstance(m.get(f), str) and m[f].startswith(prefix):
                m[f] = m[f][len(prefix):]


def write_lookup(res: LookupResult, out: str | Path, base: Path | None = None) -> list[Path]:
    """Write the four files into ``out``; their paths. Shard paths below ``base`` (the
    working directory by default) are written relative to it."""
    relative_paths(res, base or Path.cwd())
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    paths = [d / "lookup.json", d / "lookup.csv", d / "lookup.md", d / "lookup.html"]
    paths[0].write_text(json.dumps(to_json(res), indent=1, ensure_ascii=False) + "\n")
    with paths[1].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(MATCH_FIELDS)
        for m in res.matches:
            w.writerow([_cell(m[k]) for k in MATCH_FIELDS])
        for q in res.unmatched:
            w.writerow([q.value, q.kind, "none", *[""] * (len(MATCH_FIELDS) - 3)])
    md = to_markdown(res)
    paths[2].write_text(md, encoding="utf-8")
    paths[3].write_text(to_html(md, res), encoding="utf-8")
    return paths


__all__ = ["to_json", "to_markdown", "write_lookup"]
