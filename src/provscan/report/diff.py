"""What changed since a previous report (``--previous DIR``), for the six-monthly update
and the decision whether a change is material."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from provscan.errors import ConfigError
from provscan.report.layout import Block, Heading, Para, Table
from provscan.report.tags import n

MAX_AGE_DAYS = 183
"""The Notice asks for an update at least every six months."""

MATERIAL_TOKEN_CHANGE = 0.10
MATERIAL_ANSWERS = (".size", ".used", "from_model", "from_other_services")


def load_previous(directory: str | Path) -> dict[str, Any]:
    p = Path(directory) / "summary.json"
    try:
        prev: Any = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"--previous {directory}: no summary.json there ({e.strerror}); give "
                          "the directory of an earlier `provscan report`") from e
    except json.JSONDecodeError as e:
        raise ConfigError(f"{p}: not valid JSON ({e})") from e
    if not isinstance(prev, dict) or "totals" not in prev:
        raise ConfigError(f"{p}: not a provscan summary.json (no `totals`)")
    return prev


def _field_values(s: dict[str, Any]) -> dict[str, Any]:
    t = s.get("template")
    if not t:
        return {}
    out = {f["id"]: f.get("value") for f in t.get("header", [])}

    def walk(sec: dict[str, Any]) -> None:
        for f in sec.get("fields", []):
            out[f["id"]] = f.get("value")
        for sub in sec.get("subsections", []):
            walk(sub)

    for sec in t.get("sections", []):
        walk(sec)
    return out


def _published(s: dict[str, Any]) -> date:
    """The date of a summary: its declared last update, else when it was generated."""
    for f in (s.get("template") or {}).get("header", []):
        if f["id"] == "header.last_update" and f.get("value"):
            d, m, y = f["value"].split("/")
            return date(int(y), int(m), int(d))
    return datetime.fromisoformat(s["generated_at"]).date()


def _delta(old: Any, new: Any) -> str:
    if isinstance(old, int | float) and isinstance(new, int | float) and old:
        return f"{(new - old) / old:+.1%}"
    return ""


def _short(v: Any) -> str:
    s = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
    return s if len(s) <= 80 else s[:79] + "…"


def compare(prev: dict[str, Any], cur: dict[str, Any], now: datetime | None = None
            ) -> dict[str, Any]:
    """The changes between two summary.json models, with the staleness warning."""
    today = (now or datetime.now(timezone.utc)).date()
    published = _published(prev)
    age = (today - published).days
    figures = []
    for key in ("documents", "bytes", "tokens", "unique_documents", "exact_duplicates"):
        old = prev["totals"].get(key, {}).get("value")
        new = cur["totals"][key]["value"]
        if old != new:
            figures.append({"figure": key, "previous": old, "current": new,
                            "change": _delta(old, new)})
    ps = {r["source"]: r for r in prev.get("sources", {}).get("value", [])}
    cs = {r["source"]: r for r in cur["sources"]["value"]}
    sources = []
    for name in sorted(set(ps) | set(cs)):
        a, b = ps.get(name), cs.get(name)
        if a is None or b is None:
            sources.append({"source": name, "change": "added" if a is None else "removed"})
            continue
        diffs = {k: [a.get(k), b.get(k)] for k in ("documents", "tokens", "template_class",
                                                   "large", "version", "link")
                 if a.get(k) != b.get(k)}
        if diffs:
            sources.append({"source": name, "change": "changed", "fields": diffs})
    pl = {r["language"] for r in prev.get("detectors", {}).get("languages", {}).get("value", [])}
    cl = {r["language"] for r in cur["detectors"]["languages"]["value"]}
    pd = {r["domain"] for r in prev.get("domains", {}).get("top", {}).get("value", [])}
    cd = {r["domain"] for r in cur["domains"]["top"]["value"]}
    pf, cf = _field_values(prev), _field_values(cur)
    answers = [{"field": k, "previous": pf.get(k), "current": cf.get(k)}
               for k in cf if k in pf and pf[k] != cf[k]]
    material = []
    old_t, new_t = prev["totals"].get("tokens", {}).get("value"), cur["totals"]["tokens"]["value"]
    if old_t and new_t and abs(new_t - old_t) / old_t > MATERIAL_TOKEN_CHANGE:
        material.append(f"tokens changed by {_delta(old_t, new_t)} (more than "
                        f"{MATERIAL_TOKEN_CHANGE:.0%})")
    for s_ in sources:
        if s_["change"] in ("added", "removed"):
            material.append(f"source {s_['source']} {s_['change']}")
        elif "large" in s_.get("fields", {}) or "template_class" in s_.get("fields", {}):
            material.append(f"source {s_['source']}: class or 'large' flag changed")
    for a in answers:
        answered = a["previous"] is not None  # a first answer is not a change of data
        if answered and str(a["field"]).endswith(MATERIAL_ANSWERS):
            material.append(f"answer {a['field']} changed")
    warning = (f"the previous summary ({published.isoformat()}) is {age} days old: the "
               f"template asks for an update at least every six months"
               if age > MAX_AGE_DAYS else None)
    return {
        "previous_generated_at": prev.get("generated_at"), "previous_date": published,
        "age_days": age, "warning": warning, "figures": figures, "sources": sources,
        "languages_added": sorted(cl - pl), "languages_removed": sorted(pl - cl),
        "top_domains_added": sorted(cd - pd), "top_domains_removed": sorted(pd - cd),
        "answers": answers, "possibly_material": material,
    }


def change_blocks(c: dict[str, Any]) -> list[Block]:
    b: list[Block] = [Heading(3, "Changes since the previous summary"),
                      Para(f"Previous summary: {c['previous_date']} ({c['age_days']} days "
                           "before this one).")]
    if c["warning"]:
        b.append(Para("WARNING: " + c["warning"] + ".", "check"))
    if c["figures"]:
        b.append(Table(["Figure", "Previous", "Current", "Change"], [
            [f["figure"], n(f["previous"]), n(f["current"]), f["change"]]
            for f in c["figures"]]))
    if c["sources"]:
        b.append(Table(["Source", "Change", "Details"], [
            [s["source"], s["change"], "; ".join(f"{k}: {_short(v[0])} → {_short(v[1])}"
                                                 for k, v in s.get("fields", {}).items())]
            for s in c["sources"]]))
    for key, label in (("languages_added", "Languages added"),
                       ("languages_removed", "Languages removed"),
                       ("top_domains_added", "Listed domains added"),
                       ("top_domains_removed", "Listed domains removed")):
        if c[key]:
            b.append(Para(f"{label}: {', '.join(c[key])}."))
    if c["answers"]:
        b.append(Table(["Answer", "Previous", "Current"], [
            [a["field"], _short(a["previous"]), _short(a["current"])] for a in c["answers"]]))
    b.append(Para("Possibly material changes (consider a new version): "
                  + ("; ".join(c["possibly_material"]) or "none") + "."))
    if not (c["figures"] or c["sources"] or c["answers"]):
        b.append(Para("No figure, source or answer changed."))
    return b


def render_changes_md(c: dict[str, Any]) -> str:
    from provscan.report.markdown import render_markdown

    return render_markdown("Changes since the previous summary", [], change_blocks(c)[1:])

