"""Section 2 of the template: the list of data sources (2.1 to 2.6).

A source's class comes from its declared ``template_class`` in the scan config; the yes/no
questions come from the declaration file. Where both speak, a contradiction is a check.
"""

from __future__ import annotations

from provscan.aggregate import queries as Q
from provscan.report.build import LARGE_SHARE
from provscan.report.figure import declared, from_declaration, scan, to_be_provided
from provscan.report.formatting import NOT_APPLICABLE, n, pct
from provscan.report.formatting import period as _period
from provscan.report.rows import SourceRow
from provscan.report.template import Answer, Context, field, unless_no, yes_no
from provscan.report.template_model import (
    CrawledData,
    DataSources,
    DomainsValue,
    LicensedDatasets,
    OtherSources,
    PrivateDatasets,
    PublicDatasets,
    SyntheticData,
    TableValue,
    ThirdPartyDatasets,
    UserData,
)

TOP_DOMAINS_INLINE = 50
"""Domains listed inside summary.md/html; the full list is top_domains.csv."""

UNCLASSED = "sources[].declared.template_class (scan config)"


def _langs(c: Context, cls: str, k: int = 6) -> str:
    rows = [r for r in c.s.class_languages.value if r.template_class == cls]
    total = sum(r.bytes for r in rows) or 1
    from provscan.common.languages import language_name

    return ", ".join(f"{language_name(r.language)} {pct(r.bytes / total, 0)}"
                     for r in rows[:k]) or "not measured"


def _describe(c: Context, cls: str, rows: list[SourceRow]) -> str:
    """A measured description of some sources: size, languages, collection period."""
    docs = sum(r.documents for r in rows)
    toks = [r.tokens for r in rows]
    size = (f"{n(sum(t or 0 for t in toks))} tokens" if all(t is not None for t in toks)
            else f"{n(sum(r.bytes for r in rows))} bytes")
    starts = [r.earliest_date for r in rows if r.earliest_date]
    ends = [r.latest_date for r in rows if r.latest_date]
    mods = sorted({r.modality for r in rows})
    when = _period(min(starts) if starts else None, max(ends) if ends else None)
    return (f"{len(rows)} source(s), modality {', '.join(mods)}: {n(docs)} documents, {size}; "
            f"languages (by bytes): {_langs(c, cls)}; collection period {when or 'not known'}.")


def section_2(c: Context) -> DataSources:
    public = _s21(c)
    private = PrivateDatasets(licensed=_s221(c), third_party=_s222(c))
    return DataSources(public=public, private=private, crawled=_s23(c), user=_s24(c),
                       synthetic=_s25(c), other=_s26(c))


def _s21(c: Context) -> PublicDatasets:
    d = c.d.data_sources.public_datasets
    used = yes_no("2.1.used", "Have you used publicly available datasets to train the model?",
                  d.used, "data_sources.public_datasets.used")
    c.consistent(used, "2.1", "publicly available datasets")
    srcs = c.sources_of("2.1")
    q = c.s.sources.query
    large = [r for r in srcs if r.large]
    rest = [r for r in srcs if not r.large]

    def large_table() -> Answer:
        if not srcs:
            return to_be_provided(UNCLASSED)
        rows = tuple((r.source, r.link or (r.description or "no link") + (
                          f"; collected {_period(r.earliest_date, r.latest_date)}"
                          if r.earliest_date else ""),
                      r.version or "not declared", pct(r.share_of_public_data),
                      n(r.tokens if r.tokens is not None else r.bytes)) for r in large)
        return scan(TableValue(
            head=("Dataset", "Link (or description and collection period)",
                  "Version / snapshot", "Share of the public data of its modality",
                  c.s.size_measure.value.capitalize()),
            rows=rows,
            empty=f"None: no publicly available dataset is more than {LARGE_SHARE:.0%} of "
                  "the public data of its modality."), q)

    def subset() -> Answer:
        key = "data_sources.public_datasets.subset_selection"
        if d.subset_selection:
            return declared(tuple(f"{k}: {v}" for k, v in d.subset_selection.items()), key)
        return to_be_provided(key)

    unknown = sorted(set(d.subset_selection) - {r.source for r in srcs})
    if unknown:
        c.check("warning", "2.1: subset_selection names sources that are not classed 2.1: "
                + ", ".join(unknown))
    return PublicDatasets(
        used=used,
        modalities=field("2.1.modalities", "Modality(ies) covered", c.class_modalities(
            "2.1", None, "data_sources.public_datasets", [used]), "modalities"),
        large_datasets=field(
            "2.1.large_datasets", f"List of large publicly available datasets (more than "
            f"{LARGE_SHARE:.0%} of all publicly available data used for the modality): "
            "identifier, link, version", unless_no([used], large_table), "table"),
        subset_selection=field(
            "2.1.subset_selection", "Where only part of a dataset was used: how the subset "
            "was selected", unless_no([used], subset), "list", optional=True),
        other_datasets=field(
            "2.1.other_datasets", "General description of the other publicly available "
            "datasets (modality, nature of the content, linguistic characteristics, "
            "collection period)", unless_no([used], lambda: from_declaration(
                d.other_datasets_description,
                "data_sources.public_datasets.other_datasets_description"))),
        other_datasets_measured=field(
            "2.1.other_datasets_measured", "The other publicly available datasets, as "
            "measured", scan(_describe(c, "2.1", rest), q), supplement=True) if rest else None,
        additional_comments=field(
            "2.1.additional_comments", "Additional comments (optional)", from_declaration(
                d.additional_comments, "data_sources.public_datasets.additional_comments"),
            optional=True),
    )


def _s221(c: Context) -> LicensedDatasets:
    d = c.d.data_sources.licensed
    used = yes_no("2.2.1.used", "Have you concluded transactional commercial licensing "
                  "agreement(s) with rightsholder(s) or with their representatives?", d.used,
                  "data_sources.licensed.used")
    c.consistent(used, "2.2.1", "commercially licensed datasets")
    return LicensedDatasets(used=used, modalities=field(
        "2.2.1.modalities", "Modality(ies) covered", c.class_modalities(
            "2.2.1", d.modalities, "data_sources.licensed.modalities", [used]), "modalities"))


def _s222(c: Context) -> ThirdPartyDatasets:
    d = c.d.data_sources.private_third_party
    used = yes_no("2.2.2.used", "Have you obtained private datasets from other third parties "
                  "(e.g. private database providers, data intermediaries)?", d.used,
                  "data_sources.private_third_party.used")
    c.consistent(used, "2.2.2", "private datasets from other third parties")
    srcs = c.sources_of("2.2.2")
    q = c.s.sources.query
    known = [f"{r.source}" + (f", version {r.version}" if r.version else "")
             + f": {r.link}" for r in srcs if r.link]
    known += [f"{x.name}" + (f", version {x.version}" if x.version else "")
              + (f": {x.link}" if x.link else "") for x in d.publicly_known or ()]
    key = "data_sources.private_third_party.publicly_known"

    def known_answer() -> Answer:
        if d.publicly_known:
            return declared(tuple(known), key)
        if known:
            return scan(tuple(known), q)
        if d.publicly_known is not None:
            return declared(NOT_APPLICABLE + " (none is publicly known)", key)
        return to_be_provided(key)

    return ThirdPartyDatasets(
        used=used,
        modalities=field("2.2.2.modalities", "Modality(ies) covered", c.class_modalities(
            "2.2.2", d.modalities, "data_sources.private_third_party.modalities", [used]),
            "modalities"),
        publicly_known=field("2.2.2.publicly_known", "List of the publicly known private "
                             "datasets (name, version, link)", unless_no([used], known_answer),
                             "list"),
        other_description=field(
            "2.2.2.other_description", "General description of the private datasets that "
            "are not publicly known", unless_no([used], lambda: from_declaration(
                d.other_description, "data_sources.private_third_party.other_description"))),
        additional_comments=field(
            "2.2.2.additional_comments", "Additional comments (optional; e.g. collection "
            "period, size)", from_declaration(
                d.additional_comments, "data_sources.private_third_party.additional_comments"),
            optional=True),
        measured=field("2.2.2.measured", "The sources classed 2.2.2, as measured",
                       scan(_describe(c, "2.2.2", srcs), q), supplement=True) if srcs else None,
    )


def _s23(c: Context) -> CrawledData:
    d = c.d.data_sources.crawling
    used = yes_no("2.3.used", "Were crawlers used by the provider or on its behalf?", d.used,
                  "data_sources.crawling.used")
    c.consistent(used, "2.3", "crawlers")
    crawled = c.classes("2.3")

    def crawlers() -> Answer:
        if not d.crawlers:
            return to_be_provided("data_sources.crawling.crawlers")
        return declared(TableValue(
            head=("Crawler name / identifier", "Purpose", "Collection period"),
            rows=tuple((x.name, x.purpose, f"{x.collection_start or 'not given'} – "
                        f"{x.collection_end or 'not given'}") for x in d.crawlers)),
            "data_sources.crawling.crawlers")

    def period() -> Answer:
        if not crawled:
            return to_be_provided(UNCLASSED)
        start = min((r.earliest_date for r in crawled if r.earliest_date), default=None)
        end = max((r.latest_date for r in crawled if r.latest_date), default=None)
        return scan(_period(start, end) or "not known (no document has a date)", Q.CLASSES)

    top = c.s.domains
    opt = [r for r in c.s.class_optout.value if r.template_class == "2.3"]
    reservations = None
    if opt and opt[0].documents_checked:
        o = opt[0]
        reservations = field(
            "2.3.reservations_found", "Reservations found in the crawled documents by "
            "provscan (robots.txt and other opt-out signals, at crawl time or in the latest "
            "capture)", scan(f"{n(o.documents_reserved)} of {n(o.documents)} crawled "
                             f"documents carry a reservation; "
                             f"{n(o.documents_with_robots_capture)} have a robots.txt "
                             "capture of their host. Details: evidence/.",
                             c.s.class_optout.query), supplement=True)
    return CrawledData(
        used=used,
        crawlers=field("2.3.crawlers", "Crawler name(s)/identifier(s) and the purposes of "
                       "each crawler", unless_no([used], crawlers), "table"),
        behaviour=field(
            "2.3.behaviour", "General description of crawler behaviour (respect of captchas, "
            "password-protected pages, paywalls, robots.txt and other opt-out protocols)",
            unless_no([used], lambda: from_declaration(d.behaviour,
                                                       "data_sources.crawling.behaviour"))),
        reservations_found=reservations,
        period=field("2.3.period", "Period of data collection (MM/YYYY – MM/YYYY)",
                     unless_no([used], period), "date"),
        content_description=field(
            "2.3.content_description", "Comprehensive description of the type of content and "
            "online sources crawled (types of websites; geographic, linguistic and "
            "demographic characteristics)", unless_no([used], lambda: from_declaration(
                d.content_description, "data_sources.crawling.content_description"))),
        content_measured=field(
            "2.3.content_measured", "The crawled sources (classed 2.3), as measured",
            scan(_describe(c, "2.3", c.sources_of("2.3")), c.s.sources.query),
            supplement=True) if crawled else None,
        modalities=field("2.3.modalities", "Type of modality covered", c.class_modalities(
            "2.3", d.modalities, "data_sources.crawling.modalities", [used]), "modalities"),
        top_domains=field(
            "2.3.top_domains", "Summary of the most relevant domain names crawled",
            unless_no([used], lambda: scan(DomainsValue(
                rule=top.rule, listed=top.listed, total=top.total.value,
                size_measure=top.size_measure, file="top_domains.csv",
                rows=top.top.value[:TOP_DOMAINS_INLINE]), top.top.query)),
            "domains"),
        additional_comments=field(
            "2.3.additional_comments", "Additional comments (optional)", from_declaration(
                d.additional_comments, "data_sources.crawling.additional_comments"),
            optional=True),
    )


def _s24(c: Context) -> UserData:
    d = c.d.data_sources.user_data
    model = yes_no("2.4.from_model", "Was data from user interactions with the AI model (e.g. "
                   "user input and prompts) used to train the model?",
                   d.from_model_interactions, "data_sources.user_data.from_model_interactions")
    other = yes_no("2.4.from_other_services", "Was data collected from user interactions with "
                   "the provider's other services or products used to train the model?",
                   d.from_other_services, "data_sources.user_data.from_other_services")
    named = [r.source for r in c.sources_of("2.4")]
    if model.value is False and other.value is False and named:
        c.check("warning", f"2.4: the declaration answers No (user data) but the scan config "
                f"classes {', '.join(named)} as 2.4")
    return UserData(
        from_model=model, from_other_services=other,
        services=field(
            "2.4.services", "General description of the provider's services or products the "
            "data was collected from", unless_no([other], lambda: from_declaration(
                d.services_description, "data_sources.user_data.services_description"))),
        modalities=field("2.4.modalities", "Modality(ies) covered", c.class_modalities(
            "2.4", d.modalities, "data_sources.user_data.modalities", [model, other]),
            "modalities"),
        additional_comments=field(
            "2.4.additional_comments", "Additional comments (optional)", from_declaration(
                d.additional_comments, "data_sources.user_data.additional_comments"),
            optional=True),
    )


def _s25(c: Context) -> SyntheticData:
    d = c.d.data_sources.synthetic
    used = yes_no("2.5.used", "Was synthetic AI-generated data created by the provider or on "
                  "its behalf to train the model?", d.used, "data_sources.synthetic.used")
    c.consistent(used, "2.5", "synthetic data")
    key = "data_sources.synthetic.generator_models"

    def generators() -> Answer:
        if d.generator_models is None:
            return to_be_provided(key)
        if not d.generator_models:
            return declared(NOT_APPLICABLE + " (no model available on the market was used)",
                            key)
        return declared(tuple(x.name + (f": {x.summary_link}" if x.summary_link else "")
                              for x in d.generator_models), key)

    return SyntheticData(
        used=used,
        modalities=field("2.5.modalities", "Modality(ies) covered", c.class_modalities(
            "2.5", d.modalities, "data_sources.synthetic.modalities", [used]), "modalities"),
        generators=field(
            "2.5.generators", "General-purpose AI model(s) used to generate the data, if "
            "available on the market, with links to their Summaries",
            unless_no([used], generators), "list"),
        other_models=field(
            "2.5.other_models", "Other AI models used (including the provider's own), with a "
            "general description of their training data where needed", unless_no(
                [used], lambda: from_declaration(
                    d.other_models_description,
                    "data_sources.synthetic.other_models_description"))),
        additional_comments=field(
            "2.5.additional_comments", "Additional comments (optional)", from_declaration(
                d.additional_comments, "data_sources.synthetic.additional_comments"),
            optional=True),
    )


def _s26(c: Context) -> OtherSources:
    d = c.d.data_sources.other
    used = yes_no("2.6.used", "Have data sources not covered by sections 2.1 to 2.5 been used "
                  "to train the model?", d.used, "data_sources.other.used")
    c.consistent(used, "2.6", "other sources")
    srcs = c.sources_of("2.6")
    return OtherSources(
        used=used,
        description=field("2.6.description", "Description of these sources", unless_no(
            [used], lambda: from_declaration(d.description, "data_sources.other.description"))),
        measured=field("2.6.measured", "The sources classed 2.6, as measured", scan(
            _describe(c, "2.6", srcs), c.s.sources.query), supplement=True) if srcs else None,
        additional_comments=field(
            "2.6.additional_comments", "Additional comments (optional)", from_declaration(
                d.additional_comments, "data_sources.other.additional_comments"),
            optional=True),
    )
