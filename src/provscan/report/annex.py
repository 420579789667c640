"""The annex of the summary: the scan figures behind the answers, with charts and the
query of each table; then the checks to clear before publishing."""

from __future__ import annotations

from collections.abc import Sequence

from provscan.report.charts import bar_chart, column_chart
from provscan.report.compute import flop
from provscan.report.exclusions_annex import annex_blocks as exclusion_blocks
from provscan.report.figure import Figure
from provscan.report.formatting import n, pct, period
from provscan.report.layout import Block, Chart, Heading, Para, Table
from provscan.report.model import Changes, Check, ScanFigures
from provscan.report.obligations import Obligations
from provscan.report.obligations_md import compute_rows
from provscan.report.rows import PersonNamesEstimate

PII_LABELS = {"documents_with_email": "Documents with e-mail addresses",
              "documents_with_phone": "Documents with phone numbers",
              "documents_with_ip": "Documents with IP addresses",
              "emails": "E-mail addresses", "phones": "Phone numbers",
              "ip_addresses": "IP addresses"}


def _date(v: str | None) -> str:
    return v[:10] if v else "—"


def annex_blocks(s: ScanFigures, checks: Sequence[Check], changes: Changes | None,
                 obligations: Obligations | None = None) -> list[Block]:
    b: list[Block] = [Heading(2, "Annex: scan figures"),
                      Para("Measured by provscan over the manifest (one row per document). "
                           "Each table below is re-derived by the DuckDB query shown with it "
                           "(in summary.json beside each value).")]
    t = s.totals
    b.append(Table(["Figure", "Value"], [
        ["Documents", n(t.documents.value)],
        ["Bytes of text (UTF-8)", n(t.bytes.value)],
        ["Tokens", n(t.tokens.value) if t.tokens.value is not None
         else "not measured (fast profile)"],
        ["Token count method", "; ".join(t.token_method.value or ["not counted"])],
        ["Unique documents (by content hash)", n(t.unique_documents.value)],
        ["Exact duplicates", f"{n(t.exact_duplicates.value)} "
                             f"({pct(t.exact_duplicate_rate.value, 2)})"],
        ["Documents with a URL", n(t.documents_with_url.value)],
        ["Earliest / latest acquisition date",
         f"{_date(s.acquisition_period.earliest.value)} / "
         f"{_date(s.acquisition_period.latest.value)}"],
    ], t.documents.query, "Totals"))
    if s.exclusions is not None:
        b += exclusion_blocks(s.exclusions)
    b += _sources(s)
    d = s.domains
    b.append(Heading(3, f"Top domains: {d.listed} of {d.total.value} ({d.rule})"))
    b.append(Chart(bar_chart("domains", "Top domains by bytes", [
        (r.domain, r.bytes, pct(r.share)) for r in d.top.value])))
    b.append(Para("The listed domains are in section 2.3 and in `top_domains.csv`."))
    b += _detectors(s)
    b.append(Heading(3, "Documents over time"))
    monthly = s.monthly.value
    b.append(Chart(column_chart("time", "Documents per month of acquisition", [
        (r.month, r.documents, f"{n(r.documents)} documents") for r in monthly])))
    b.append(Table(["Month", "Documents", "Bytes", "Tokens"], [
        [r.month, n(r.documents), n(r.bytes), n(r.tokens)] for r in monthly],
        s.monthly.query, "Documents per month (UTC)"))
    b += _near_duplicates(s)
    if obligations is not None:
        b += _compute(obligations)
    b += _methods(s)
    if changes is not None:
        from provscan.report.diff import change_blocks

        b += change_blocks(changes)
    b.append(Heading(3, "Checks before publishing"))
    b += [Para(f"{c.level.upper()}: {c.message}", "check")
          for c in checks] or [Para("None: every answer is given and consistent.")]
    return b


def _sources(s: ScanFigures) -> list[Block]:
    m = s.size_measure.value
    return [Heading(3, "Sources"), Table(
        ["Source", "Class", "Modality", "Documents", "Tokens", f"Share of modality ({m})",
         "Share of public data", "Large (>3%)", "Declared licence", "Licences found",
         "Period"],
        [[r.source, r.template_class or "not classed", r.modality,
          n(r.documents), n(r.tokens), pct(r.share_of_modality),
          pct(r.share_of_public_data),
          {True: "yes", False: "no", None: "—"}[r.large], r.declared_licence or "—",
          ", ".join(r.detected_licences) or "none",
          period(r.earliest_date, r.latest_date) or "not known"] for r in s.sources.value],
        s.sources.query)]


def _detectors(s: ScanFigures) -> list[Block]:
    det = s.detectors
    if det.measured == "none":
        return [Heading(3, "Languages, rights reservations, licences, personal data"),
                Para("Not measured (fast profile): the detector columns are empty. Scan with "
                     "the full profile to measure them.")]
    o, lic = det.optout, det.licences
    langs = det.languages.value
    return [
        Heading(3, "Languages"),
        Chart(bar_chart("languages", "Languages by bytes", [
            (f"{r.name} ({r.language})", r.bytes, pct(r.share_of_bytes)) for r in langs])),
        Table(["Language", "Code", "EU official", "Documents", "Bytes", "Share of bytes"],
              [[r.name, r.language, "yes" if r.eu_official else "no",
                n(r.documents), n(r.bytes), pct(r.share_of_bytes, 2)] for r in langs],
              det.languages.query),
        Heading(3, "Rights reservations (TDM and AI-training opt-outs)"),
        Chart(bar_chart("optouts", "Documents with a reservation, by signal", [
            (r.signal, r.documents, n(r.documents)) for r in o.by_signal.value])),
        Table(["Signal", "Documents", "Bytes"], [
            [r.signal, n(r.documents), n(r.bytes)] for r in o.by_signal.value],
            o.by_signal.query),
        Table(["Figure", "Value"], [
            ["Documents checked", n(det.documents_checked.value)],
            ["Documents with a reservation", n(o.documents_reserved.value)],
            ["Bytes with a reservation", n(o.bytes_reserved.value)],
            ["Documents whose host has a robots.txt capture",
             n(o.documents_with_robots_capture.value)],
            *[[f"robots.txt state: {r.robots_state}", n(r.documents)]
              for r in o.robots_states.value],
        ], det.documents_checked.query),
        Heading(3, "Licences found in documents"),
        Chart(bar_chart("licences", "Documents with a licence found, by licence class", [
            (r.licence_class, r.documents, n(r.documents))
            for r in lic.classes.value if r.licence_class != "none found"])),
        Table(["Licence class", "Documents", "Bytes"], [
            [r.licence_class, n(r.documents), n(r.bytes)]
            for r in lic.classes.value], lic.classes.query),
        Heading(3, "Personal data (counts of matches)"),
        Table(["Figure", "Value"], [[PII_LABELS[k], n(v.value)]
                                    for k, v in det.personal_data.items()],
              det.personal_data.emails.query),
        *_person_names(det.person_names),
    ]


def _person_names(names: Figure[PersonNamesEstimate] | None) -> list[Block]:
    out: list[Block] = [Heading(3, "Personal names (estimate from the sample)")]
    if names is None:
        return [*out, Para("Not measured: no sampled documents in the full profile.")]
    v = names.value
    return [*out, Table(["Figure", "Value"], [
        ["Sampled documents checked", n(v.sampled_documents)],
        ["… naming at least one person", n(v.sampled_with_names)],
        ["Names found in the sample", n(v.names_found)],
        ["Share of documents naming a person", f"{pct(v.share)} (95 % interval "
         f"{pct(v.share_ci95_low)} to {pct(v.share_ci95_high)})"],
        ["Documents naming a person, all checked documents",
         f"about {n(v.estimated_documents)} ({n(v.estimated_documents_low)} to "
         f"{n(v.estimated_documents_high)})"],
        ["Method", "; ".join(v.methods)],
    ], names.query)]


def _near_duplicates(s: ScanFigures) -> list[Block]:
    nd = s.near_duplicates
    out: list[Block] = [Heading(3, "Near-duplicates")]
    if nd is None:
        return [*out, Para("Near-duplicates were not computed for this store "
                           "(no near_duplicates.parquet; see provscan dedup).")]
    tot = nd.totals.value
    out.append(Para(f"{n(tot.clustered_documents)} documents in {n(tot.clusters)} "
                    f"clusters of two or more (exact duplicates included). Keeping one "
                    f"document per cluster leaves {n(tot.documents_after)} documents, "
                    f"{n(tot.tokens_after)} of {n(tot.tokens)} tokens."))
    if nd.stale_rows.value:
        out.append(Para(f"WARNING: {n(nd.stale_rows.value)} rows of "
                        "near_duplicates.parquet match no document of the manifest: it is "
                        "older than the last scan; run provscan dedup.", "check"))
    out.append(Table(["Source", "Documents", "In a cluster", "Near-duplicate rate",
                      "Tokens", "Tokens after deduplication"],
                     [[r.source, n(r.documents), n(r.clustered_documents),
                       pct(r.near_duplicate_rate), n(r.tokens), n(r.tokens_after)]
                      for r in nd.per_source.value], nd.per_source.query))
    srcs = [r.source for r in s.sources.value]
    cell = {(r.source_a, r.source_b): r.share for r in nd.overlap.value}
    out.append(Table(["Source A \\ B", *srcs],
                     [[a, *[pct(cell.get((a, b_), 0.0)) for b_ in srcs]] for a in srcs],
                     nd.overlap.query,
                     "Overlap: share of source A's documents in a cluster with a document "
                     "of source B (diagonal: with another document of A)"))
    return out


def _compute(ob: Obligations) -> list[Block]:
    """The training-compute estimate (obligations.json): the template does not ask for
    it; the Model Documentation Form and Art. 51(2) do."""
    presumed = {True: "presumed", False: "not presumed", None: "unknown"}
    return [Heading(3, "Training compute"),
            Para(f"Training compute: {flop(ob.training_compute_flop)} FLOP "
                 f"({ob.compute_basis or 'inputs missing'}); systemic risk (above 10^25 "
                 f"FLOP, AI Act Art. 51(2)): {presumed[ob.systemic_risk_presumed]}. "
                 "The obligations that follow are in obligations.md."),
            Table(["Figure", "Value", "From"], compute_rows(ob.compute))]


def _methods(s: ScanFigures) -> list[Block]:
    rows = [["Size measure of the 3% rule and shares", s.size_measure.value],
            ["Top-domains size measure", s.domains.size_measure],
            ["Public Suffix List", s.domains.public_suffix_list]]
    m = s.detectors.methods
    if m:
        rows += [["Language detector", m.language], ["Licence detector", m.licences],
                 ["robots.txt parser", m.robots_parser],
                 ["Capture time rule (--robots-time)", ", ".join(m.robots_time)]]
        rows += [[f"AI crawler tokens ({t.file})",
                  f"version {t.version} ({t.date}), {len(t.tokens)} tokens: "
                  + ", ".join(t.tokens)] for t in m.crawler_tokens]
    return [Heading(3, "Methods"), Table(["What", "Which"], rows)]
