"""mdf_data.json (the Model Documentation Form's training-data fields) and croissant.json
(Croissant 1.0 with the Responsible AI fields, one dataset per source)."""

from __future__ import annotations

from typing import Any

from provscan.declaration import Declaration
from provscan.report.tags import (
    Tagged,
    declared,
    from_declaration,
    mm_yyyy,
    n,
    pct,
    scan,
    to_be_provided,
)
from provscan.report.template import MODALITIES

FORM = ("Model Documentation Form (General-Purpose AI Code of Practice, Transparency "
        "chapter): data used for training, testing and validation")
ALL = ["AI Office", "national competent authorities", "downstream providers"]
AUTHORITIES = ["AI Office", "national competent authorities"]

PROVENANCE = (  # MDF provenance checkbox -> (declaration field, its yes/no value)
    ("Web crawling", "data_sources.crawling.used"),
    ("Private non-publicly available datasets obtained from third parties",
     "data_sources.private_third_party.used"),
    ("Datasets commercially licensed by rightsholders", "data_sources.licensed.used"),
    ("User data (from the model or the provider's other services)", "data_sources.user_data"),
    ("Publicly available datasets", "data_sources.public_datasets.used"),
    ("Data collected by other means", "data_sources.other.used"),
    ("Synthetic data", "data_sources.synthetic.used"),
)


def _yes_no(d: Declaration, path: str) -> Tagged:
    ds = d.data_sources
    if path == "data_sources.user_data":
        u = ds.user_data
        vals = (u.from_model_interactions, u.from_other_services)
        if None in vals and True not in vals:
            return to_be_provided(path)
        return declared(True in vals, path)
    obj: Any = d
    for part in path.split("."):
        obj = getattr(obj, part)
    return from_declaration(obj, path)


def _entry(label: str, recipients: list[str], answer: Tagged,
           measured: Tagged | None = None) -> dict[str, Any]:
    e = {"label": label, "recipients": recipients, **answer}
    if measured is not None:
        e["measured"] = measured
    return e


def build_mdf(s: dict[str, Any], d: Declaration) -> dict[str, Any]:
    """The MDF's data fields: declared text where no scan can answer, measured beside it."""
    doc = d.documentation
    mods = [r["modality"] for r in s["size_per_modality"]["value"]]
    t, det = s["totals"], s["detectors"]
    nd = s["near_duplicates"]
    langs = det["languages"]["value"]
    curation = [f"exact duplicates: {n(t['exact_duplicates']['value'])} "
                f"({pct(t['exact_duplicate_rate']['value'], 2)}) of "
                f"{n(t['documents']['value'])} documents"]
    if nd is not None:
        tot = nd["totals"]["value"]
        curation.append(f"near-duplicates: {n(tot['clustered_documents'])} documents in "
                        f"{n(tot['clusters'])} clusters; one per cluster kept: "
                        f"{n(tot['documents_after'])} documents, {n(tot['tokens_after'])} "
                        "tokens")
    o, p = det["optout"], det["personal_data"]
    unsuitable = ([] if det["measured"] == "none" else [
        f"documents with a TDM/AI-training reservation: {n(o['documents_reserved']['value'])}",
        f"documents with e-mail addresses: {n(p['documents_with_email']['value'])}, phone "
        f"numbers: {n(p['documents_with_phone']['value'])}, IP addresses: "
        f"{n(p['documents_with_ip']['value'])}"])
    fields = {
        "data_type": _entry("Data type / modality", ALL, scan(
            [m for m in MODALITIES if m in mods], s["size_per_modality"]["query"])),
        "data_provenance": _entry("Data provenance", ALL, {
            "value": {label: _yes_no(d, path) for label, path in PROVENANCE},
            "source": "declaration"}),
        "how_obtained_and_selected": _entry(
            "How the data was obtained and selected", AUTHORITIES,
            from_declaration(doc.how_obtained_and_selected,
                             "documentation.how_obtained_and_selected"),
            scan([f"{r['source']}: class {r['template_class'] or 'not classed'}, "
                  f"{r['description'] or r['link'] or 'no description'}"
                  for r in s["sources"]["value"]], s["sources"]["query"])),
        "number_of_data_points": _entry("Number of data points", AUTHORITIES, scan({
            "documents": t["documents"]["value"], "tokens": t["tokens"]["value"],
            "bytes": t["bytes"]["value"], "unit": "document",
            "definition": "a data point is one document: one row of a source (one HTML "
                          "response of a WARC file); tokens counted by "
                          + "; ".join(t["token_method"]["value"] or ["nothing (fast profile)"]),
            "splits": "training, testing and validation data are not told apart by the scan: "
                      "scan each split as its own source to report it separately",
        }, t["documents"]["query"])),
        "scope_and_characteristics": _entry("Scope and main characteristics", AUTHORITIES, scan({
            "modalities": mods,
            "languages": [f"{r['name']} {pct(r['share_of_bytes'])}" for r in langs],
            "top_level_domains": [f".{r['tld']} {pct(r['share_of_bytes'])}"
                                  for r in s["domains"]["tlds"]["value"][:15]],
            "top_domains": [r["domain"] for r in s["domains"]["top"]["value"][:20]],
            "acquisition_period": [mm_yyyy(s["acquisition_period"]["earliest"]["value"]),
                                   mm_yyyy(s["acquisition_period"]["latest"]["value"])],
        }, det["languages"]["query"])),
        "curation_methodologies": _entry(
            "Data curation methodologies", ALL,
            from_declaration(doc.curation_methodologies, "documentation.curation_methodologies"),
            scan(curation, t["exact_duplicates"]["query"])),
        "unsuitability_measures": _entry(
            "Measures to detect the unsuitability of data sources", AUTHORITIES,
            from_declaration(doc.unsuitability_measures, "documentation.unsuitability_measures"),
            scan(unsuitable or ["not measured (fast profile)"], det["documents_checked"]["query"])),
        "bias_measures": _entry(
            "Measures to detect identifiable biases", AUTHORITIES,
            from_declaration(doc.bias_measures, "documentation.bias_measures"),
            scan({"language_shares": {r["language"]: r["share_of_bytes"] for r in langs},
                  "source_shares": {r["source"]: r["share_of_modality"]
                                    for r in s["sources"]["value"]}},
                 s["sources"]["query"])),
    }
    return {"form": FORM, "model": list(d.model.names), "provscan_version": s["provscan_version"],
            "generated_at": s["generated_at"], "fields": fields}


_CONTEXT: dict[str, Any] = {
    "@language": "en", "@vocab": "https://schema.org/", "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "examples": {"@id": "cr:examples", "@type": "@json"}, "extract": "cr:extract",
    "field": "cr:field", "fileObject": "cr:fileObject", "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath", "key": "cr:key",
    "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path",
    "recordSet": "cr:recordSet", "references": "cr:references", "regex": "cr:regex",
    "repeated": "cr:repeated", "replace": "cr:replace", "separator": "cr:separator",
    "source": "cr:source", "subField": "cr:subField", "transform": "cr:transform",
}

COLLECTION_TYPE = {"2.1": "Secondary Data analysis", "2.2.1": "Others",
                   "2.2.2": "Secondary Data analysis", "2.3": "Web Scraping",
                   "2.4": "User-generated content data", "2.5": "Others", "2.6": "Others"}
"""Template class -> a value of Croissant RAI's ``dataCollectionType`` vocabulary."""
CLASS_NAMES = {"2.1": "publicly available dataset", "2.2.1": "dataset commercially licensed "
               "by rightsholders", "2.2.2": "private dataset obtained from a third party",
               "2.3": "data crawled by the provider or on its behalf", "2.4": "user data",
               "2.5": "synthetic data", "2.6": "other source"}


def build_croissant(s: dict[str, Any], d: Declaration) -> dict[str, Any]:
    """Croissant JSON-LD: the training data as a dataset based on one dataset per source."""
    det = s["detectors"]
    nd = {r["source"]: r for r in (s["near_duplicates"] or {}).get(
        "per_source", {}).get("value", [])}
    parts = []
    for r in s["sources"]["value"]:
        cls = r["template_class"]
        dup = nd.get(r["source"])
        ds: dict[str, Any] = {
            "@type": "sc:Dataset", "name": r["source"],
            "description": r["description"] or CLASS_NAMES.get(cls or "", "training data"),
            "rai:dataCollection": f"{CLASS_NAMES.get(cls or '', 'not classed')} (EU template "
                                  f"section {cls or 'not declared'}); {n(r['documents'])} "
                                  f"documents, {n(r['tokens'])} tokens",
            "rai:dataCollectionType": [COLLECTION_TYPE.get(cls or "", "Others")],
            "rai:dataCollectionTimeframe": [r["earliest_date"], r["latest_date"]],
            "rai:dataPreprocessingProtocol": [
                f"exact duplicates within the source: {n(r['exact_duplicates'])}"]
            + ([f"near-duplicate rate {pct(dup['near_duplicate_rate'])}; tokens after keeping "
                f"one document per cluster: {n(dup['tokens_after'])}"] if dup else []),
            "rai:personalSensitiveInformation": (
                "not measured (fast profile)" if det["measured"] == "none" else
                "counts of e-mail addresses, phone numbers and IP addresses per document are "
                "in the manifest (pii_email, pii_phone, pii_ip); personal names per sampled "
                "document (pii_person), with an estimate for the corpus in summary.json "
                "(detectors.person_names)"),
            "rai:dataLimitations": "licences found: " + (
                ", ".join(r["detected_licences"]) or "none"),
        }
        for key, val in (("url", r["link"]), ("version", r["version"]),
                         ("license", r["declared_licence"] or r["dataset_licence"])):
            if val:
                ds[key] = val
        parts.append(ds)
    names = list(d.model.names)
    return {
        "@context": _CONTEXT, "@type": "sc:Dataset",
        "conformsTo": ["http://mlcommons.org/croissant/1.0",
                       "http://mlcommons.org/croissant/RAI/1.0"],
        "name": "training-data" + (f" of {names[0]}" if names else ""),
        "description": f"Training data as scanned by provscan {s['provscan_version']}: "
                       f"{n(s['totals']['documents']['value'])} documents from "
                       f"{len(parts)} sources.",
        "dateModified": s["generated_at"],
        "rai:dataCollection": "See the public summary of training content (summary.md).",
        "rai:dataCollectionTimeframe": [s["acquisition_period"]["earliest"]["value"],
                                        s["acquisition_period"]["latest"]["value"]],
        "isBasedOn": parts,
    }
