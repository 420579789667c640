"""Section 2 of the template: the list of data sources (2.1 to 2.6).

A source's class comes from its declared ``template_class`` in the scan config; the yes/no
questions come from the declaration file. Where both speak, a contradiction is a check.
"""

from __future__ import annotations

from typing import Any

from provscan.aggregate import queries as Q
from provscan.report.build import LARGE_SHARE
from provscan.report.tags import (
    NOT_APPLICABLE,
    Tagged,
    declared,
    from_declaration,
    n,
    pct,
    scan,
    to_be_provided,
)
from provscan.report.tags import period as _period
from provscan.report.template import Context, Field, field, section, unless_no, yes_no

TOP_DOMAINS_INLINE = 50
"""Domains listed inside summary.md/html; the full list is top_domains.csv."""


def _langs(c: Context, cls: str, k: int = 6) -> str:
    rows = [r for r in c.s["class_languages"]["value"] if r["template_class"] == cls]
    total = sum(r["bytes"] for r in rows) or 1
    from provscan.detect.language import language_name

    return ", ".join(f"{language_name(r['language'])} {pct(r['bytes'] / total, 0)}"
                     for r in rows[:k]) or "not measured"


def _describe(c: Context, cls: str, rows: list[dict[str, Any]]) -> str:
    """A measured description of some sources: size, languages, collection period."""
    docs = sum(r["documents"] for r in rows)
    toks = [r["tokens"] for r in rows]
    size = (f"{n(sum(toks))} tokens" if all(t is not None for t in toks)
            else f"{n(sum(r['bytes'] for r in rows))} bytes")
    starts = [r["earliest_date"] for r in rows if r["earliest_date"]]
    ends = [r["latest_date"] for r in rows if r["latest_date"]]
    mods = sorted({r["modality"] for r in rows})
    when = _period(min(starts) if starts else None, max(ends) if ends else None)
    return (f"{len(rows)} source(s), modality {', '.join(mods)}: {n(docs)} documents, {size}; "
            f"languages (by bytes): {_langs(c, cls)}; collection period {when or 'not known'}.")


def section_2(c: Context) -> dict[str, Any]:
    return section("2", "List of data sources", [], [
        _s21(c), section("2.2", "Private non-publicly available datasets obtained from third "
                         "parties", [], [_s221(c), _s222(c)]),
        _s23(c), _s24(c), _s25(c), _s26(c)])


def _s21(c: Context) -> dict[str, Any]:
    d = c.d.data_sources.public_datasets
    used = yes_no("2.1.used", "Have you used publicly available datasets to train the model?",
                  d.used, "data_sources.public_datasets.used")
    c.consistent(used, "2.1", "publicly available datasets")
    srcs = c.sources_of("2.1")
    q = c.s["sources"]["query"]
    large = [r for r in srcs if r["large"]]
    rest = [r for r in srcs if not r["large"]]

    def large_table() -> Tagged:
        if not srcs:
            return to_be_provided("sources[].declared.template_class (scan config)")
        rows = [[r["source"], r["link"] or (r["description"] or "no link") + (
                     f"; collected {_period(r['earliest_date'], r['latest_date'])}"
                     if r["earliest_date"] else ""),
                 r["version"] or "not declared", pct(r["share_of_public_data"]),
                 n(r["tokens"] if r["tokens"] is not None else r["bytes"])] for r in large]
        return scan({"head": ["Dataset", "Link (or description and collection period)",
                              "Version / snapshot", "Share of the public data of its modality",
                              c.s["size_measure"]["value"].capitalize()],
                     "rows": rows,
                     "empty": f"None: no publicly available dataset is more than "
                              f"{LARGE_SHARE:.0%} of the public data of its modality."}, q)

    def subset() -> Tagged:
        key = "data_sources.public_datasets.subset_selection"
        if d.subset_selection:
            return declared([f"{k}: {v}" for k, v in d.subset_selection.items()], key)
        return to_be_provided(key)

    unknown = sorted(set(d.subset_selection) - {r["source"] for r in srcs})
    if unknown:
        c.check("warning", "2.1: subset_selection names sources that are not classed 2.1: "
                + ", ".join(unknown))
    fields: list[Field] = [
        used,
        field("2.1.modalities", "Modality(ies) covered",
              c.class_modalities("2.1", None, "data_sources.public_datasets", [used]),
              "modalities"),
        field("2.1.large_datasets", f"List of large publicly available datasets (more than "
              f"{LARGE_SHARE:.0%} of all publicly available data used for the modality): "
              "identifier, link, version", unless_no([used], large_table), "table"),
        field("2.1.subset_selection", "Where only part of a dataset was used: how the subset "
              "was selected", unless_no([used], subset), "list", optional=True),
        field("2.1.other_datasets", "General description of the other publicly available "
              "datasets (modality, nature of the content, linguistic characteristics, "
              "collection period)", unless_no([used], lambda: from_declaration(
                  d.other_datasets_description,
                  "data_sources.public_datasets.other_datasets_description"))),
    ]
    if rest:
        fields.append(field("2.1.other_datasets_measured", "The other publicly available "
                            "datasets, as measured", scan(_describe(c, "2.1", rest), q),
                            supplement=True))
    fields.append(field("2.1.additional_comments", "Additional comments (optional)",
                        from_declaration(d.additional_comments,
                                         "data_sources.public_datasets.additional_comments"),
                        optional=True))
    return section("2.1", "Publicly available datasets", fields)


def _s221(c: Context) -> dict[str, Any]:
    d = c.d.data_sources.licensed
    used = yes_no("2.2.1.used", "Have you concluded transactional commercial licensing "
                  "agreement(s) with rightsholder(s) or with their representatives?", d.used,
                  "data_sources.licensed.used")
    c.consistent(used, "2.2.1", "commercially licensed datasets")
    return section("2.2.1", "Datasets commercially licensed by rightsholders or their "
                   "representatives", [used, field(
                       "2.2.1.modalities", "Modality(ies) covered", c.class_modalities(
                           "2.2.1", d.modalities, "data_sources.licensed.modalities", [used]),
                       "modalities")])


def _s222(c: Context) -> dict[str, Any]:
    d = c.d.data_sources.private_third_party
    used = yes_no("2.2.2.used", "Have you obtained private datasets from other third parties "
                  "(e.g. private database providers, data intermediaries)?", d.used,
                  "data_sources.private_third_party.used")
    c.consistent(used, "2.2.2", "private datasets from other third parties")
    srcs = c.sources_of("2.2.2")
    q = c.s["sources"]["query"]
    known = [f"{r['source']}" + (f", version {r['version']}" if r["version"] else "")
             + f": {r['link']}" for r in srcs if r["link"]]
    known += [f"{x.name}" + (f", version {x.version}" if x.version else "")
              + (f": {x.link}" if x.link else "") for x in d.publicly_known or ()]

    def known_answer() -> Tagged:
        if d.publicly_known:
            return declared(known, "data_sources.private_third_party.publicly_known")
        if known:
            return scan(known, q)
        if d.publicly_known is not None:
            return declared(NOT_APPLICABLE + " (none is publicly known)",
                            "data_sources.private_third_party.publicly_known")
        return to_be_provided("data_sources.private_third_party.publicly_known")

    fields = [
        used,
        field("2.2.2.modalities", "Modality(ies) covered", c.class_modalities(
            "2.2.2", d.modalities, "data_sources.private_third_party.modalities", [used]),
            "modalities"),
        field("2.2.2.publicly_known", "List of the publicly known private datasets (name, "
              "version, link)", unless_no([used], known_answer), "list"),
        field("2.2.2.other_description", "General description of the private datasets that "
              "are not publicly known", unless_no([used], lambda: from_declaration(
                  d.other_description, "data_sources.private_third_party.other_description"))),
        field("2.2.2.additional_comments", "Additional comments (optional; e.g. collection "
              "period, size)", from_declaration(
                  d.additional_comments, "data_sources.private_third_party.additional_comments"),
              optional=True),
    ]
    if srcs:
        fields.append(field("2.2.2.measured", "The sources classed 2.2.2, as measured",
                            scan(_describe(c, "2.2.2", srcs), q), supplement=True))
    return section("2.2.2", "Private datasets obtained from other third parties", fields)


def _s23(c: Context) -> dict[str, Any]:
    d = c.d.data_sources.crawling
    used = yes_no("2.3.used", "Were crawlers used by the provider or on its behalf?", d.used,
                  "data_sources.crawling.used")
    c.consistent(used, "2.3", "crawlers")
    crawled = c.classes("2.3")

    def crawlers() -> Tagged:
        if not d.crawlers:
            return to_be_provided("data_sources.crawling.crawlers")
        return declared({"head": ["Crawler name / identifier", "Purpose", "Collection period"],
                         "rows": [[x.name, x.purpose, f"{x.collection_start or 'not given'} – "
                                   f"{x.collection_end or 'not given'}"] for x in d.crawlers]},
                        "data_sources.crawling.crawlers")

    def period() -> Tagged:
        if not crawled:
            return to_be_provided("sources[].declared.template_class (scan config)")
        start = min((r["earliest_date"] for r in crawled if r["earliest_date"]), default=None)
        end = max((r["latest_date"] for r in crawled if r["latest_date"]), default=None)
        return scan(_period(start, end) or "not known (no document has a date)", Q.CLASSES)

    top = c.s["domains"]
    fields = [
        used,
        field("2.3.crawlers", "Crawler name(s)/identifier(s) and the purposes of each crawler",
              unless_no([used], crawlers), "table"),
        field("2.3.behaviour", "General description of crawler behaviour (respect of captchas, "
              "password-protected pages, paywalls, robots.txt and other opt-out protocols)",
              unless_no([used], lambda: from_declaration(d.behaviour,
                                                         "data_sources.crawling.behaviour"))),
    ]
    opt = [r for r in c.s["class_optout"]["value"] if r["template_class"] == "2.3"]
    if opt and opt[0]["documents_checked"]:
        o = opt[0]
        fields.append(field("2.3.reservations_found", "Reservations found in the crawled "
                            "documents by provscan (robots.txt and other opt-out signals, at "
                            "crawl time or in the latest capture)", scan(
                                f"{n(o['documents_reserved'])} of {n(o['documents'])} crawled "
                                f"documents carry a reservation; "
                                f"{n(o['documents_with_robots_capture'])} have a robots.txt "
                                "capture of their host. Details: evidence/.",
                                c.s["class_optout"]["query"]), supplement=True))
    fields += [
        field("2.3.period", "Period of data collection (MM/YYYY – MM/YYYY)",
              unless_no([used], period), "date"),
        field("2.3.content_description", "Comprehensive description of the type of content and "
              "online sources crawled (types of websites; geographic, linguistic and "
              "demographic characteristics)", unless_no([used], lambda: from_declaration(
                  d.content_description, "data_sources.crawling.content_description"))),
    ]
    if crawled:
        fields.append(field("2.3.content_measured", "The crawled sources (classed 2.3), as "
                            "measured", scan(_describe(c, "2.3", c.sources_of("2.3")),
                                             c.s["sources"]["query"]), supplement=True))
    fields += [
        field("2.3.modalities", "Type of modality covered", c.class_modalities(
            "2.3", d.modalities, "data_sources.crawling.modalities", [used]), "modalities"),
        field("2.3.top_domains", "Summary of the most relevant domain names crawled",
              unless_no([used], lambda: scan({
                  "rule": top["rule"], "listed": top["listed"], "total": top["total"]["value"],
                  "size_measure": top["size_measure"], "file": "top_domains.csv",
                  "rows": top["top"]["value"][:TOP_DOMAINS_INLINE]}, top["top"]["query"])),
              "domains"),
        field("2.3.additional_comments", "Additional comments (optional)", from_declaration(
            d.additional_comments, "data_sources.crawling.additional_comments"), optional=True),
    ]
    return section("2.3", "Data crawled and scraped from online sources", fields)


def _s24(c: Context) -> dict[str, Any]:
    d = c.d.data_sources.user_data
    model = yes_no("2.4.from_model", "Was data from user interactions with the AI model (e.g. "
                   "user input and prompts) used to train the model?",
                   d.from_model_interactions, "data_sources.user_data.from_model_interactions")
    other = yes_no("2.4.from_other_services", "Was data collected from user interactions with "
                   "the provider's other services or products used to train the model?",
                   d.from_other_services, "data_sources.user_data.from_other_services")
    named = [r["source"] for r in c.sources_of("2.4")]
    if model["value"] is False and other["value"] is False and named:
        c.check("warning", f"2.4: the declaration answers No (user data) but the scan config "
                f"classes {', '.join(named)} as 2.4")
    return section("2.4", "User data", [
        model, other,
        field("2.4.services", "General description of the provider's services or products "
              "the data was collected from", unless_no([other], lambda: from_declaration(
                  d.services_description, "data_sources.user_data.services_description"))),
        field("2.4.modalities", "Modality(ies) covered", c.class_modalities(
            "2.4", d.modalities, "data_sources.user_data.modalities", [model, other]),
            "modalities"),
        field("2.4.additional_comments", "Additional comments (optional)", from_declaration(
            d.additional_comments, "data_sources.user_data.additional_comments"),
            optional=True),
    ])


def _s25(c: Context) -> dict[str, Any]:
    d = c.d.data_sources.synthetic
    used = yes_no("2.5.used", "Was synthetic AI-generated data created by the provider or on "
                  "its behalf to train the model?", d.used, "data_sources.synthetic.used")
    c.consistent(used, "2.5", "synthetic data")
    key = "data_sources.synthetic.generator_models"

    def generators() -> Tagged:
        if d.generator_models is None:
            return to_be_provided(key)
        if not d.generator_models:
            return declared(NOT_APPLICABLE + " (no model available on the market was used)",
                            key)
        return declared([x.name + (f": {x.summary_link}" if x.summary_link else "")
                         for x in d.generator_models], key)

    return section("2.5", "Synthetic data", [
        used,
        field("2.5.modalities", "Modality(ies) covered", c.class_modalities(
            "2.5", d.modalities, "data_sources.synthetic.modalities", [used]), "modalities"),
        field("2.5.generators", "General-purpose AI model(s) used to generate the data, if "
              "available on the market, with links to their Summaries",
              unless_no([used], generators), "list"),
        field("2.5.other_models", "Other AI models used (including the provider's own), with a "
              "general description of their training data where needed", unless_no(
                  [used], lambda: from_declaration(
                      d.other_models_description,
                      "data_sources.synthetic.other_models_description"))),
        field("2.5.additional_comments", "Additional comments (optional)", from_declaration(
            d.additional_comments, "data_sources.synthetic.additional_comments"),
            optional=True),
    ])


def _s26(c: Context) -> dict[str, Any]:
    d = c.d.data_sources.other
    used = yes_no("2.6.used", "Have data sources not covered by sections 2.1 to 2.5 been used "
                  "to train the model?", d.used, "data_sources.other.used")
    c.consistent(used, "2.6", "other sources")
    fields = [
        used,
        field("2.6.description", "Description of these sources", unless_no(
            [used], lambda: from_declaration(d.description, "data_sources.other.description"))),
    ]
    if c.sources_of("2.6"):
        fields.append(field("2.6.measured", "The sources classed 2.6, as measured", scan(
            _describe(c, "2.6", c.sources_of("2.6")), c.s["sources"]["query"]),
            supplement=True))
    fields.append(field("2.6.additional_comments", "Additional comments (optional)",
                        from_declaration(d.additional_comments,
                                         "data_sources.other.additional_comments"),
                        optional=True))
    return section("2.6", "Other sources of data", fields)
