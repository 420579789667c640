"""Plain-text rendering of ``provscan explain``."""

from __future__ import annotations

from provscan.lookup.explain import Explanation, Judgement, doc_label


def _judgement_head(ex: Explanation, j: Judgement) -> str:
    whose = f" for document {', '.join(j.documents)}" if j.documents else ""
    return f"site captures of {ex.host or '(no host)'}{whose}, judged with:"


def _verdict_line(ex: Explanation) -> str:
    if not ex.documents:
        return "no document with this URL is in the store's manifest"
    reserved = [d for d in ex.documents if d.get("optout")]
    if reserved:
        sig = sorted({s for d in reserved for s in d.get("optout_signals") or []})
        return (f"RESERVED: {len(reserved)} of {len(ex.documents)} document(s) carry a "
                f"reservation ({', '.join(sig)})")
    if all(d.get("optout") is None for d in ex.documents):
        return ("NOT CHECKED: scanned with the fast profile (no detectors); "
                "rescan with --profile full")
    return f"NOT RESERVED: no reservation found for {len(ex.documents)} document(s)"


def render_explanation(ex: Explanation) -> str:
    lines = [f"{ex.url}", f"  host: {ex.host or '(none)'}", f"  {_verdict_line(ex)}"]
    if ex.documents:
        lines.append("")
    for d in ex.documents:
        date = f"{d['date']:%Y-%m-%d}" if d.get("date") else "no date"
        lines.append(
            f"document {doc_label(d, ex.documents)} ({d['doc_id']}), {date}: optout={d['optout']}, "
            f"signals={d.get('optout_signals') or []}, robots.txt={d.get('robots_state')}, "
            f"licences={d.get('licences') or []}, language={d.get('language')}"
        )
    if ex.evidence:
        asked = any(e["signal"] == "rightsholder_request" for e in ex.evidence)
        lines += ["", "evidence recorded at scan time" + (" (and rightsholder requests "
                                                           "recorded since):" if asked else ":")]
        for e in ex.evidence:
            where = f" [{e['capture_when']} capture {e['capture_url']}]" if e["capture_url"] else ""
            tok = f" token={e['token']}" if e.get("token") else ""
            lines.append(f"  {e['kind']}/{e['signal']}: {e['verdict']}{tok}: {e['value']!r}"
                         f" -- {e['rule']}{where}")
    for note in ex.notes:
        lines += ["", f"note: {note}"]
    if not ex.captures:
        lines += ["", f"site captures of {ex.host or '(no host)'}: none in the store (give "
                      "them with provscan scan --site-captures)"]
        return "\n".join(lines)
    for j in ex.judgements:
        lines += ["", _judgement_head(ex, j)]
        if j.basis:
            lines.append(f"  ({j.basis})")
        lines += [f"  robots-time: {j.settings.robots_time_label}",
                  f"  crawler tokens: {j.settings.tokens_label}"]
        lines += [f"  WARNING: {w}" for w in j.settings.warnings]
        for c in j.checks:
            cap = c.capture
            date = f"{cap.date:%Y-%m-%d}" if cap.date else "undated"
            lines.append(f"  {c.kind} {cap.url} captured {date}, HTTP {cap.status}, {c.state}, "
                         f"{c.when}:")
            if not c.findings:
                lines.append("    nothing about this URL (not reserved by this file)")
            for f in c.findings:
                tok = f" token={f.token}" if f.token else ""
                lines.append(f"    {f.signal}: {f.verdict}{tok}: {f.value!r} -- {f.rule}")
        sig = j.reserving
        lines.append("  with these settings the site files in effect "
                     + (f"reserve this URL ({', '.join(sig)})" if sig else
                        "do not reserve this URL"))
    return "\n".join(lines)


__all__ = ["render_explanation"]
