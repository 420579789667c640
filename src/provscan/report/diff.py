"""What changed since a previous report (``--previous DIR``), for the six-monthly update
and the decision whether a change is material.

Both summaries are compared as ``summary.json`` holds them (``SummaryView``): the previous
one may come from an older provscan, so every part it lacks reads as empty.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict, JsonValue, ValidationError

from provscan.errors import ConfigError
from provscan.report.formatting import n
from provscan.report.layout import Block, Heading, Para, Table
from provscan.report.model import AnswerChange, Changes, FigureChange, ScanFigures, SourceChange
from provscan.report.template_model import Template

MAX_AGE_DAYS = 183
"""The Notice asks for an update at least every six months."""

MATERIAL_TOKEN_CHANGE = 0.10
MATERIAL_ANSWERS = (".size", ".used", "from_model", "from_other_services")
FIGURES = ("documents", "bytes", "tokens", "unique_documents", "exact_duplicates")
SOURCE_FIELDS = ("documents", "tokens", "template_class", "large", "version", "link")


class _Lenient(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class _Value(_Lenient):
    value: JsonValue = None


class _Rows(_Lenient):
    value: list[dict[str, JsonValue]] = []


class _Detectors(_Lenient):
    languages: _Rows = _Rows()


class _Domains(_Lenient):
    top: _Rows = _Rows()


class _Field(_Lenient):
    id: str
    value: JsonValue = None


class _Section(_Lenient):
    fields: list[_Field] = []
    subsections: list[_Section] = []

    def all_fields(self) -> list[_Field]:
        return [*self.fields, *(f for s in self.subsections for f in s.all_fields())]


class _Template(_Lenient):
    header: list[_Field] = []
    sections: list[_Section] = []


class SummaryView(_Lenient):
    """What the comparison reads of a summary.json, this version's or an older one's."""

    generated_at: str | None = None
    totals: dict[str, _Value]
    sources: _Rows = _Rows()
    detectors: _Detectors = _Detectors()
    domains: _Domains = _Domains()
    template: _Template | None = None

    @classmethod
    def of(cls, figures: ScanFigures, template: Template) -> SummaryView:
        """The view of the summary being written."""
        return cls.model_validate({**figures.model_dump(mode="json"),
                                   "template": template.model_dump(mode="json")})

    def field_values(self) -> dict[str, JsonValue]:
        """Every template answer by field id."""
        t = self.template
        if t is None:
            return {}
        fields = [*t.header, *(f for s in t.sections for f in s.all_fields())]
        return {f.id: f.value for f in fields}

    def published(self) -> date:
        """The date of a summary: its declared last update, else when it was generated."""
        for f in self.template.header if self.template else ():
            if f.id == "header.last_update" and isinstance(f.value, str) and f.value:
                d, m, y = f.value.split("/")
                return date(int(y), int(m), int(d))
        if self.generated_at is None:
            raise ConfigError("the previous summary.json has neither a last update nor "
                              "`generated_at`: it is not from `provscan report`")
        return datetime.fromisoformat(self.generated_at).date()

    def keys(self, rows: _Rows, key: str) -> set[str]:
        return {str(r.get(key)) for r in rows.value}


def load_previous(directory: str | Path) -> SummaryView:
    p = Path(directory) / "summary.json"
    try:
        prev: object = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"--previous {directory}: no summary.json there ({e.strerror}); give "
                          "the directory of an earlier `provscan report`") from e
    except json.JSONDecodeError as e:
        raise ConfigError(f"{p}: not valid JSON ({e})") from e
    if not isinstance(prev, dict) or "totals" not in prev:
        raise ConfigError(f"{p}: not a provscan summary.json (no `totals`)")
    try:
        return SummaryView.model_validate(prev)
    except ValidationError as e:
        raise ConfigError(f"{p}: not a provscan summary.json ({e.errors()[0]['msg']} at "
                          f"{'.'.join(map(str, e.errors()[0]['loc']))})") from e


def _num(v: JsonValue) -> float | None:
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


def _delta(old: JsonValue, new: JsonValue) -> str:
    o, w = _num(old), _num(new)
    if o is not None and w is not None and o:
        return f"{(w - o) / o:+.1%}"
    return ""


def _short(v: JsonValue) -> str:
    s = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
    return s if len(s) <= 80 else s[:79] + "…"


def _sources(prev: SummaryView, cur: SummaryView) -> list[SourceChange]:
    ps = {str(r.get("source")): r for r in prev.sources.value}
    cs = {str(r.get("source")): r for r in cur.sources.value}
    out = []
    for name in sorted(set(ps) | set(cs)):
        a, b = ps.get(name), cs.get(name)
        if a is None or b is None:
            out.append(SourceChange(source=name, change="added" if a is None else "removed"))
            continue
        diffs = {k: (a.get(k), b.get(k)) for k in SOURCE_FIELDS if a.get(k) != b.get(k)}
        if diffs:
            out.append(SourceChange(source=name, change="changed", fields=diffs))
    return out


def compare(prev: SummaryView, cur: SummaryView, now: datetime | None = None) -> Changes:
    """The changes between two summaries, with the staleness warning."""
    today = (now or datetime.now(timezone.utc)).date()
    published = prev.published()
    age = (today - published).days
    figures = []
    for key in FIGURES:
        old = prev.totals[key].value if key in prev.totals else None
        new = cur.totals[key].value
        if old != new:
            figures.append(FigureChange(figure=key, previous=old, current=new,
                                        change=_delta(old, new)))
    sources = _sources(prev, cur)
    pl = prev.keys(prev.detectors.languages, "language")
    cl = cur.keys(cur.detectors.languages, "language")
    pd, cd = prev.keys(prev.domains.top, "domain"), cur.keys(cur.domains.top, "domain")
    pf, cf = prev.field_values(), cur.field_values()
    answers = [AnswerChange(field=k, previous=pf.get(k), current=cf.get(k))
               for k in cf if k in pf and pf[k] != cf[k]]
    material = []
    old_t = _num(prev.totals["tokens"].value if "tokens" in prev.totals else None)
    new_t = _num(cur.totals["tokens"].value)
    if old_t and new_t and abs(new_t - old_t) / old_t > MATERIAL_TOKEN_CHANGE:
        material.append(f"tokens changed by {_delta(old_t, new_t)} (more than "
                        f"{MATERIAL_TOKEN_CHANGE:.0%})")
    for s_ in sources:
        if s_.change in ("added", "removed"):
            material.append(f"source {s_.source} {s_.change}")
        elif s_.fields and ("large" in s_.fields or "template_class" in s_.fields):
            material.append(f"source {s_.source}: class or 'large' flag changed")
    for a in answers:
        answered = a.previous is not None  # a first answer is not a change of data
        if answered and a.field.endswith(MATERIAL_ANSWERS):
            material.append(f"answer {a.field} changed")
    warning = (f"the previous summary ({published.isoformat()}) is {age} days old: the "
               f"template asks for an update at least every six months"
               if age > MAX_AGE_DAYS else None)
    return Changes(
        previous_generated_at=prev.generated_at, previous_date=published.isoformat(),
        age_days=age, warning=warning, figures=tuple(figures), sources=tuple(sources),
        languages_added=tuple(sorted(cl - pl)), languages_removed=tuple(sorted(pl - cl)),
        top_domains_added=tuple(sorted(cd - pd)), top_domains_removed=tuple(sorted(pd - cd)),
        answers=tuple(answers), possibly_material=tuple(material))


def change_blocks(c: Changes) -> list[Block]:
    b: list[Block] = [Heading(3, "Changes since the previous summary"),
                      Para(f"Previous summary: {c.previous_date} ({c.age_days} days "
                           "before this one).")]
    if c.warning:
        b.append(Para("WARNING: " + c.warning + ".", "check"))
    if c.figures:
        b.append(Table(["Figure", "Previous", "Current", "Change"], [
            [f.figure, _n(f.previous), _n(f.current), f.change] for f in c.figures]))
    if c.sources:
        b.append(Table(["Source", "Change", "Details"], [
            [s.source, s.change, "; ".join(f"{k}: {_short(v[0])} → {_short(v[1])}"
                                           for k, v in (s.fields or {}).items())]
            for s in c.sources]))
    for label, names in (("Languages added", c.languages_added),
                         ("Languages removed", c.languages_removed),
                         ("Listed domains added", c.top_domains_added),
                         ("Listed domains removed", c.top_domains_removed)):
        if names:
            b.append(Para(f"{label}: {', '.join(names)}."))
    if c.answers:
        b.append(Table(["Answer", "Previous", "Current"], [
            [a.field, _short(a.previous), _short(a.current)] for a in c.answers]))
    b.append(Para("Possibly material changes (consider a new version): "
                  + ("; ".join(c.possibly_material) or "none") + "."))
    if not (c.figures or c.sources or c.answers):
        b.append(Para("No figure, source or answer changed."))
    return b


def _n(v: JsonValue) -> str:
    return n(v) if v is None or isinstance(v, int | float | str) else str(v)


def render_changes_md(c: Changes) -> str:
    from provscan.report.markdown import render_markdown

    return render_markdown("Changes since the previous summary", [], change_blocks(c)[1:])
