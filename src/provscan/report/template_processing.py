"""Section 3 of the template (data processing aspects), and the whole template model."""

from __future__ import annotations

import re

from provscan.declaration import Declaration
from provscan.report.exclusions import removal_lines
from provscan.report.figure import from_declaration, scan
from provscan.report.formatting import n, pct
from provscan.report.model import Check, ScanFigures
from provscan.report.template import TEMPLATE, Answer, Context, field, header, section_1, yes_no
from provscan.report.template_model import (
    DataProcessing,
    IllegalContent,
    OtherProcessing,
    TdmReservations,
    Template,
)
from provscan.report.template_sources import section_2


def section_3(c: Context) -> DataProcessing:
    p = c.d.processing
    measured = _optout_measured(c)
    pii = _personal_data(c)
    return DataProcessing(
        tdm=TdmReservations(
            signatory=yes_no(
                "3.1.signatory", "Are you a Signatory to the General-Purpose AI Code of "
                "Practice that includes commitments to respect reservations of rights from the "
                "text and data mining exception or limitation?", p.code_of_practice_signatory,
                "processing.code_of_practice_signatory"),
            measures=field(
                "3.1.measures", "Description of the measures implemented before and during "
                "data collection to respect reservations of rights from the text and data "
                "mining exception or limitation, including the opt-out protocols and "
                "solutions honoured by the provider or, as applicable, by the third parties "
                "from which datasets were obtained",
                from_declaration(p.tdm_measures, "processing.tdm_measures")),
            measured=None if measured is None else field(
                "3.1.measured", "Rights reservations found by provscan in the training data",
                measured, "list", supplement=True),
            additional_comments=field(
                "3.1.additional_comments", "Additional comments (optional; e.g. a link to or "
                "a summary of the copyright policy)", from_declaration(
                    p.copyright_policy, "processing.copyright_policy"), optional=True)),
        illegal_content=IllegalContent(measures=field(
            "3.2.measures", "General description of the measures taken to avoid or remove "
            "illegal content under Union law from the training data (e.g. blocklists, keyword "
            "filters, classifiers)", from_declaration(
                p.illegal_content_measures, "processing.illegal_content_measures"))),
        other=OtherProcessing(
            other=field(
                "3.3.other", "Other information on data processing relevant to rights "
                "protected under Union law (optional; e.g. memorisation mitigation, personal "
                "data)", from_declaration(p.other_information, "processing.other_information"),
                optional=True),
            measured=None if pii is None else field(
                "3.3.measured", "Personal data and duplication found by provscan", pii, "list",
                supplement=True)),
    )


def _optout_measured(c: Context) -> Answer | None:
    det = c.s.detectors
    ex = c.s.exclusions
    if det.measured == "none":
        return None if ex is None else scan(tuple(removal_lines(ex)), ex.by_reason.query)
    o = det.optout
    checked = det.documents_checked.value
    lines = [f"{n(o.documents_reserved.value)} of {n(checked)} documents carry a TDM or "
             f"AI-training reservation ({pct(o.documents_reserved.value / checked)}; "
             f"{n(o.bytes_reserved.value)} bytes)."]
    lines += [f"Signal {r.signal}: {n(r.documents)} documents." for r in o.by_signal.value]
    lines.append(f"{n(o.documents_with_robots_capture.value)} of "
                 f"{n(o.documents_with_host.value)} documents with a host have a "
                 "robots.txt capture of that host.")
    for t in det.methods.crawler_tokens if det.methods else ():
        lines.append(f"robots.txt judged for {len(t.tokens)} AI crawler tokens "
                     f"({t.file}, version {t.version}).")
    lines.append("Per document and per domain, with the captures: evidence/.")
    if ex is not None:
        kept = "In the documents kept for training: " + lines[0][0].lower() + lines[0][1:]
        lines = [*removal_lines(ex), kept, *lines[1:]]
    return scan(tuple(lines), o.by_signal.query)


def _personal_data(c: Context) -> Answer | None:
    det = c.s.detectors
    if det.measured == "none":
        return None
    p = det.personal_data
    checked = det.documents_checked.value
    lines = [f"Documents with e-mail addresses: {n(p.documents_with_email.value)} of "
             f"{n(checked)}; with phone numbers: {n(p.documents_with_phone.value)}; with "
             f"IP addresses: {n(p.documents_with_ip.value)} (counts of matches, not "
             "removals)."]
    if det.person_names is not None:
        v = det.person_names.value
        lines.append(
            f"Documents naming a person (estimate from {n(v.sampled_documents)} sampled "
            f"documents): {pct(v.share)} (95 % interval {pct(v.share_ci95_low)} to "
            f"{pct(v.share_ci95_high)}), about {n(v.estimated_documents_low)} to "
            f"{n(v.estimated_documents_high)} documents; found by "
            + "; ".join(re.sub(r" \d+(\.\d+)+", "", m) for m in v.methods) + ".")
    return scan(tuple(lines), p.emails.query)


def build_template(s: ScanFigures, d: Declaration) -> tuple[Template, list[Check]]:
    """The template model for scan figures ``s`` and declaration ``d``, and the checks."""
    c = Context(s, d)
    t = Template(template=TEMPLATE, header=header(c), general=section_1(c),
                 data_sources=section_2(c), processing=section_3(c))
    unclassed = [r.source for r in s.sources.value if not r.template_class]
    if unclassed:
        c.check("warning", "sources without a template class (declared.template_class in the "
                "scan config) are in no 2.x list: " + ", ".join(unclassed))
    scanned = {r.source for r in s.sources.value}
    empty = [r.source for r in s.declared_sources if r.source not in scanned]
    if empty:
        c.check("note", "sources in the store with no scanned documents: " + ", ".join(empty))
    open_ = [f.id for f in t.fields() if f.source == "to_be_provided" and not f.optional]
    if open_:
        c.check("todo", f"{len(open_)} answers are still to be provided: " + ", ".join(open_))
    return t, c.checks
