"""Section 3 of the template (data processing aspects), and the whole template model."""

from __future__ import annotations

import re
from typing import Any

from provscan.declaration import Declaration
from provscan.report.tags import from_declaration, n, pct, scan
from provscan.report.template import (
    TEMPLATE,
    Context,
    Field,
    field,
    header,
    section,
    section_1,
    yes_no,
)
from provscan.report.template_sources import section_2


def section_3(c: Context) -> dict[str, Any]:
    p = c.d.processing
    s31: list[Field] = [
        yes_no("3.1.signatory", "Are you a Signatory to the General-Purpose AI Code of Practice "
               "that includes commitments to respect reservations of rights from the text and "
               "data mining exception or limitation?", p.code_of_practice_signatory,
               "processing.code_of_practice_signatory"),
        field("3.1.measures", "Description of the measures implemented before and during data "
              "collection to respect reservations of rights from the text and data mining "
              "exception or limitation, including the opt-out protocols and solutions honoured "
              "by the provider or, as applicable, by the third parties from which datasets "
              "were obtained", from_declaration(p.tdm_measures, "processing.tdm_measures")),
    ]
    measured = _optout_measured(c)
    if measured is not None:
        s31.append(field("3.1.measured", "Rights reservations found by provscan in the "
                         "training data", measured, "list", supplement=True))
    s31.append(field("3.1.additional_comments", "Additional comments (optional; e.g. a link "
                     "to or a summary of the copyright policy)", from_declaration(
                         p.copyright_policy, "processing.copyright_policy"), optional=True))
    s32 = [field("3.2.measures", "General description of the measures taken to avoid or remove "
                 "illegal content under Union law from the training data (e.g. blocklists, "
                 "keyword filters, classifiers)", from_declaration(
                     p.illegal_content_measures, "processing.illegal_content_measures"))]
    s33: list[Field] = [field(
        "3.3.other", "Other information on data processing relevant to rights protected "
        "under Union law (optional; e.g. memorisation mitigation, personal data)",
        from_declaration(p.other_information, "processing.other_information"),
        optional=True)]
    pii = _personal_data(c)
    if pii is not None:
        s33.append(field("3.3.measured", "Personal data and duplication found by provscan",
                         pii, "list", supplement=True))
    return section("3", "Data processing aspects", [], [
        section("3.1", "Respect of reservation of rights from text and data mining exception "
                "or limitation", s31),
        section("3.2", "Removal of illegal content", s32),
        section("3.3", "Other information (optional)", s33),
    ])


def _optout_measured(c: Context) -> dict[str, Any] | None:
    det = c.s["detectors"]
    if det["measured"] == "none":
        return None
    o = det["optout"]
    checked = det["documents_checked"]["value"]
    lines = [f"{n(o['documents_reserved']['value'])} of {n(checked)} documents carry a TDM or "
             f"AI-training reservation ({pct(o['documents_reserved']['value'] / checked)}; "
             f"{n(o['bytes_reserved']['value'])} bytes)."]
    lines += [f"Signal {r['signal']}: {n(r['documents'])} documents."
              for r in o["by_signal"]["value"]]
    lines.append(f"{n(o['documents_with_robots_capture']['value'])} of "
                 f"{n(o['documents_with_host']['value'])} documents with a host have a "
                 "robots.txt capture of that host.")
    for t in (det["methods"] or {}).get("crawler_tokens", []):
        lines.append(f"robots.txt judged for {len(t['tokens'])} AI crawler tokens "
                     f"({t['file']}, version {t['version']}).")
    lines.append("Per document and per domain, with the captures: evidence/.")
    return scan(lines, o["by_signal"]["query"])


def _personal_data(c: Context) -> dict[str, Any] | None:
    det = c.s["detectors"]
    if det["measured"] == "none":
        return None
    p = det["personal_data"]
    checked = det["documents_checked"]["value"]
    lines = [f"Documents with e-mail addresses: {n(p['documents_with_email']['value'])} of "
             f"{n(checked)}; with phone numbers: {n(p['documents_with_phone']['value'])}; with "
             f"IP addresses: {n(p['documents_with_ip']['value'])} (counts of matches, not "
             "removals)."]
    names = det.get("person_names")
    if names is not None:
        v = names["value"]
        lines.append(
            f"Documents naming a person (estimate from {n(v['sampled_documents'])} sampled "
            f"documents): {pct(v['share'])} (95 % interval {pct(v['share_ci95_low'])} to "
            f"{pct(v['share_ci95_high'])}), about {n(v['estimated_documents_low'])} to "
            f"{n(v['estimated_documents_high'])} documents; found by "
            + "; ".join(re.sub(r" \d+(\.\d+)+", "", m) for m in v["methods"]) + ".")
    return scan(lines, p["emails"]["query"])


def build_template(s: dict[str, Any], d: Declaration) -> tuple[dict[str, Any],
                                                                list[dict[str, str]]]:
    """The template model for scan figures ``s`` and declaration ``d``, and the checks."""
    c = Context(s, d)
    t = {"template": TEMPLATE, "header": header(c),
         "sections": [section_1(c), section_2(c), section_3(c)]}
    unclassed = [r["source"] for r in s["sources"]["value"] if not r["template_class"]]
    if unclassed:
        c.check("warning", "sources without a template class (declared.template_class in the "
                "scan config) are in no 2.x list: " + ", ".join(unclassed))
    scanned = {r["source"] for r in s["sources"]["value"]}
    empty = [r["source"] for r in s["declared_sources"] if r["source"] not in scanned]
    if empty:
        c.check("note", "sources in the store with no scanned documents: " + ", ".join(empty))
    open_ = [f["id"] for f in iter_fields(t) if f["source"] == "to_be_provided"
             and not f.get("optional")]
    if open_:
        c.check("todo", f"{len(open_)} answers are still to be provided: " + ", ".join(open_))
    return t, c.checks


def iter_fields(t: dict[str, Any]) -> list[Field]:
    """Every field of a template model, in order."""
    out: list[Field] = list(t["header"])

    def walk(sec: dict[str, Any]) -> None:
        out.extend(sec["fields"])
        for sub in sec.get("subsections", []):
            walk(sub)

    for sec in t["sections"]:
        walk(sec)
    return out
