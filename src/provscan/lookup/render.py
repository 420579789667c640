"""Plain-text rendering of ``provscan explain``."""

from __future__ import annotations

from provscan.lookup.explain import Explanation


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
    lines = [f"{ex.url}", f"  host: {ex.host or '(none)'}", f"  {_verdict_line(ex)}", ""]
    for d in ex.documents:
        date = f"{d['date']:%Y-%m-%d}" if d.get("date") else "no date"
        lines.append(
            f"document {d['source']}:{d['row']} ({d['doc_id']}), {date}: optout={d['optout']}, "
            f"signals={d.get('optout_signals') or []}, robots.txt={d.get('robots_state')}, "
            f"licences={d.get('licences') or []}, language={d.get('language')}"
        )
    if ex.evidence:
        lines += ["", "evidence recorded at scan time:"]
        for e in ex.evidence:
            where = f" [{e['capture_when']} capture {e['capture_url']}]" if e["capture_url"] else ""
            tok = f" token={e['token']}" if e.get("token") else ""
            lines.append(f"  {e['kind']}/{e['signal']}: {e['verdict']}{tok}: {e['value']!r}"
                         f" -- {e['rule']}{where}")
    if ex.tokens is not None:
        t = ex.tokens
        lines += ["", f"site captures of {ex.host} (robots time: {ex.robots_time}; crawler "
                      f"tokens {t.version}, {len(t.tokens)} tokens, {t.date}):"]
    if not ex.checks:
        lines.append("  none in the store (give them with provscan scan --site-captures)")
    for c in ex.checks:
        cap = c.capture
        date = f"{cap.date:%Y-%m-%d}" if cap.date else "undated"
        lines.append(f"  {c.kind} {cap.url} captured {date}, HTTP {cap.status}, {c.state}, "
                     f"{c.when}:")
        if not c.findings:
            lines.append("    nothing about this URL (not reserved by this file)")
        for f in c.findings:
            tok = f" token={f.token}" if f.token else ""
            lines.append(f"    {f.signal}: {f.verdict}{tok}: {f.value!r} -- {f.rule}")
    return "\n".join(lines)


__all__ = ["render_explanation"]
