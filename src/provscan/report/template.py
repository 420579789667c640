"""The Commission's template, section by section: each field with the template's question
and an answer tagged ``scan``, ``declaration`` or ``to_be_provided``.

Template: "Explanatory Notice and Template for the Public Summary of Training Content for
general-purpose AI models", annex to C(2025) 5235 final, 24 July 2025. Yes/no answers come
from the declaration only; the scan supplies the measured fields and, marked as
``supplement``, the figures that support a declared answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from provscan.aggregate import queries as Q
from provscan.declaration import Declaration
from provscan.report.build import BINS, EU_LANGUAGES
from provscan.report.tags import (
    NOT_APPLICABLE,
    Tagged,
    dd_mm_yyyy,
    declared,
    from_declaration,
    n,
    pct,
    scan,
    to_be_provided,
)

TEMPLATE = ("Explanatory Notice and Template for the Public Summary of Training Content "
            "for general-purpose AI models (annex to C(2025) 5235 final, 24 July 2025)")
MODALITIES = ("text", "image", "audio", "video", "other")
MODALITY_NAMES = {"text": "Text", "image": "Image", "audio": "Audio", "video": "Video",
                  "other": "Other"}
NOT_MEASURED_FAST = "not measured (fast profile)"

Field = dict[str, Any]


def field(fid: str, question: str, answer: Tagged, kind: str = "text", *,
          supplement: bool = False, optional: bool = False) -> Field:
    """One answer of the template. ``supplement``: a measured figure provscan adds beneath
    a declared answer; ``optional``: the template marks the question optional."""
    f: Field = {"id": fid, "question": question, "kind": kind, **answer}
    if supplement:
        f["supplement"] = True
    if optional:
        f["optional"] = True
    return f


def yes_no(fid: str, question: str, value: bool | None, decl: str) -> Field:
    return field(fid, question, from_declaration(value, decl), "yes_no")


def unless_no(gates: list[Field], answer: Callable[[], Tagged]) -> Tagged:
    """'Not applicable' when every gating yes/no question was answered No."""
    if gates and all(g["value"] is False for g in gates):
        return declared(NOT_APPLICABLE, gates[0]["field"])
    return answer()


def section(sid: str, title: str, fields: list[Field],
            subsections: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    s: dict[str, Any] = {"id": sid, "title": title, "fields": fields}
    if subsections:
        s["subsections"] = subsections
    return s


class Context:
    """What the section builders read: the scan model, the declaration, the checks."""

    def __init__(self, s: dict[str, Any], d: Declaration) -> None:
        self.s, self.d = s, d
        self.checks: list[dict[str, str]] = []

    def check(self, level: str, message: str) -> None:
        self.checks.append({"level": level, "message": message})

    def classes(self, cls: str) -> list[dict[str, Any]]:
        """Scan rows (per modality) of the sources classed ``cls``."""
        return [r for r in self.s["classes"]["value"] if r["template_class"] == cls]

    def sources_of(self, cls: str) -> list[dict[str, Any]]:
        return [r for r in self.s["sources"]["value"] if r["template_class"] == cls]

    def class_modalities(self, cls: str, declared_value: Any, decl: str,
                         gates: list[Field]) -> Tagged:
        """The modalities of a section: declared, else those of its classed sources."""
        def answer() -> Tagged:
            if declared_value is not None:
                return declared(list(declared_value), decl)
            rows = self.classes(cls)
            if rows:
                return scan(sorted({r["modality"] for r in rows}), Q.CLASSES)
            return to_be_provided(decl)
        return unless_no(gates, answer)

    def consistent(self, gate: Field, cls: str, what: str) -> None:
        """Warn when a declared No contradicts sources classed ``cls`` in the scan config."""
        names = [r["source"] for r in self.sources_of(cls)]
        if gate["value"] is False and names:
            self.check("warning", f"{gate['id']}: the declaration answers No ({what}) but "
                       f"the scan config classes {', '.join(names)} as {cls}")
        if gate["value"] is True and not names:
            self.check("note", f"{gate['id']}: declared Yes ({what}); no scanned source is "
                       f"classed {cls}, so the scan gives no figures for it")


def header(c: Context) -> list[Field]:
    d = c.d.summary
    prev: Tagged
    if d.previous_versions is None:
        prev = to_be_provided("summary.previous_versions")
    elif not d.previous_versions:
        prev = declared(NOT_APPLICABLE + " (first version)", "summary.previous_versions")
    else:
        prev = declared([f"{p.version} ({dd_mm_yyyy(p.date.isoformat())})"
                         + (f": {p.link}" if p.link else "") for p in d.previous_versions],
                        "summary.previous_versions")
    last = d.last_update.isoformat() if d.last_update else None
    return [
        field("header.version", "Version of the Summary",
              from_declaration(d.version, "summary.version")),
        field("header.previous_versions", "Links to previous versions of the Summary", prev,
              "list"),
        field("header.last_update", "Last update",
              from_declaration(dd_mm_yyyy(last), "summary.last_update")),
    ]


def section_1(c: Context) -> dict[str, Any]:
    p, m = c.d.provider, c.d.model
    provider = (f"{p.name}, {p.contact}" if p.name and p.contact else p.name or p.contact)
    if bool(p.name) != bool(p.contact):
        c.check("todo", "1.1: give both provider.name and provider.contact")
    rep: Tagged
    if p.authorised_representative:
        r = p.authorised_representative
        rep = declared(f"{r.name}, {r.contact}", "provider.authorised_representative")
    elif p.established_in_eu:
        rep = declared(NOT_APPLICABLE + " (the provider is established in the Union)",
                       "provider.established_in_eu")
    else:
        rep = to_be_provided("provider.authorised_representative")
    deps: Tagged
    if m.dependencies is None:
        deps = to_be_provided("model.dependencies")
    elif not m.dependencies:
        deps = declared(NOT_APPLICABLE + " (the model is not a modification of another "
                        "general-purpose AI model)", "model.dependencies")
    else:
        deps = declared([x.name + (f": {x.summary_link}" if x.summary_link else "")
                         for x in m.dependencies], "model.dependencies")
    market = m.market_date.isoformat() if m.market_date else None
    s11 = section("1.1", "Provider identification", [
        field("1.1.provider", "Provider name and contact details",
              from_declaration(provider, "provider.name")),
        field("1.1.authorised_representative",
              "Authorised representative name and contact details (for providers "
              "established outside the Union)", rep),
    ])
    s12 = section("1.2", "Model identification", [
        field("1.2.model_names", "Versioned model name(s)",
              from_declaration(list(m.names) or None, "model.names"), "list"),
        field("1.2.dependencies", "Model dependencies (if the model is a modification or "
              "fine-tuning of another general-purpose AI model: its name and a link to its "
              "Summary)", deps, "list"),
        field("1.2.market_date", "Date of placement of the model on the Union market",
              from_declaration(dd_mm_yyyy(market), "model.market_date")),
    ])
    return section("1", "General information", [], [s11, s12, section_1_3(c)])


def _size(c: Context, mod: str) -> Tagged:
    """The size bin of one modality with the exact figure beside it."""
    rows = {r["modality"]: r for r in c.s["size_per_modality"]["value"]}
    decl = getattr(c.d.content, mod)
    bins = list(BINS.get(mod, ()))
    r = rows.get(mod)
    if mod == "text" and r is not None:
        if r["tokens"] is None:
            return scan({"ticked": True, "bins": bins, "bin": None,
                         "exact": f"{NOT_MEASURED_FAST}; {n(r['bytes'])} bytes of text in "
                                  f"{n(r['documents'])} documents"}, Q.PER_MODALITY)
        method = "; ".join(c.s["totals"]["token_method"]["value"] or [])
        return scan({"ticked": True, "bins": bins, "bin": r["size_bin"],
                     "exact": f"{n(r['tokens'])} tokens ({method})"}, Q.PER_MODALITY)
    if decl is not None and (decl.size_bin or decl.approximate_size):
        return declared({"ticked": True, "bins": bins, "bin": decl.size_bin,
                         "exact": decl.approximate_size}, f"content.{mod}.size_bin")
    if r is not None:
        c.check("warning", f"1.3: {n(r['documents'])} {mod} records were scanned; provscan "
                f"measures text only: declare content.{mod}.size_bin")
        return to_be_provided(f"content.{mod}.size_bin")
    return scan(NOT_APPLICABLE, Q.PER_MODALITY)


def section_1_3(c: Context) -> dict[str, Any]:
    fields: list[Field] = []
    content = c.d.content
    for mod in MODALITIES:
        size = _size(c, mod)
        name = MODALITY_NAMES[mod] + (f" ({content.other_modality_name})"
                                      if mod == "other" and content.other_modality_name else "")
        fields.append(field(f"1.3.{mod}.size", f"{name}: training data size", size, "size"))
        decl = getattr(content, mod)
        types: Tagged
        if size["value"] == NOT_APPLICABLE:
            types = {**size}
        else:
            types = from_declaration(decl.types_of_content if decl else None,
                                     f"content.{mod}.types_of_content")
        fields.append(field(f"1.3.{mod}.types_of_content", f"{name}: types of content", types))
    latest = c.s["acquisition_period"]["latest_mm_yyyy"]
    fields += [
        field("1.3.latest_acquisition", "Latest date of data acquisition/collection for "
              "model training (MM/YYYY)", latest, "date"),
        yes_no("1.3.continuously_trained", "Is the model continuously trained on new data "
               "after this date?", c.d.model.continuously_trained, "model.continuously_trained"),
        field("1.3.languages", "Description of the linguistic characteristics of the overall "
              "training data", _languages(c), "languages"),
    ]
    if content.linguistic_comments:
        fields.append(field("1.3.linguistic_comments", "Linguistic characteristics: further "
                            "description", declared(content.linguistic_comments,
                                                    "content.linguistic_comments")))
    tlds = c.s["domains"]["tlds"]
    fields += [
        field("1.3.other_characteristics", "Other relevant characteristics of the overall "
              "training data (e.g. national, regional or demographic specificities)",
              from_declaration(content.other_characteristics, "content.other_characteristics")),
        field("1.3.top_level_domains", "Top-level domains of the documents' URLs, by bytes "
              "(a geographic indication)", scan(
                  [f".{r['tld']} {pct(r['share_of_bytes'])}" for r in tlds["value"][:12]]
                  or NOT_APPLICABLE + " (no document has a URL)", tlds["query"]),
              "list", supplement=True),
        field("1.3.additional_comments", "Additional comments (optional)",
              from_declaration(content.additional_comments, "content.additional_comments"),
              optional=True),
        field("1.3.size_method", "How the sizes were measured", _size_method(c), "list",
              supplement=True),
    ]
    return section("1.3", "Modalities, overall training data size and other characteristics",
                   fields)


def _languages(c: Context) -> Tagged:
    det = c.s["detectors"]
    langs = det["languages"]
    if det["measured"] == "none":
        return scan(NOT_MEASURED_FAST if c.s["totals"]["documents"]["value"] else
                    NOT_APPLICABLE + " (no documents)", det["documents_checked"]["query"])
    rows = langs["value"]
    eu = sorted(r["name"] for r in rows if r["eu_official"])
    return scan({
        "languages": [{"code": r["language"], "name": r["name"],
                       "share_of_bytes": r["share_of_bytes"]} for r in rows],
        "eu_official_covered": eu,
        "eu_official_count": len(eu), "eu_official_total": len(EU_LANGUAGES),
        "other": [r["name"] for r in rows if not r["eu_official"]],
        "documents_with_language": det["documents_with_language"]["value"],
        "documents_checked": det["documents_checked"]["value"],
        "detector": (det["methods"] or {}).get("language"),
    }, langs["query"])


def _size_method(c: Context) -> Tagged:
    t = c.s["totals"]
    lines = [f"Documents scanned: {n(t['documents']['value'])}; bytes of UTF-8 text: "
             f"{n(t['bytes']['value'])}.",
             "Token counts: " + ("; ".join(t["token_method"]["value"] or [])
                                or NOT_MEASURED_FAST) + ".",
             f"Exact duplicates (same normalised text): {n(t['exact_duplicates']['value'])} "
             f"({pct(t['exact_duplicate_rate']['value'], 2)}); sizes include them."]
    nd = c.s["near_duplicates"]
    if nd is None:
        lines.append("Near-duplicates were not computed for this store.")
    else:
        tot = nd["totals"]["value"]
        lines.append(f"Near-duplicates: {n(tot['clustered_documents'])} documents in "
                     f"{n(tot['clusters'])} clusters; keeping one document per cluster "
                     f"leaves {n(tot['documents_after'])} documents"
                     + (f" and {n(tot['tokens_after'])} of {n(tot['tokens'])} tokens."
                        if tot["tokens"] is not None else "."))
    return scan(lines, Q.TOTALS)
