"""mdf_data.json (the Model Documentation Form's training-data fields) and croissant.json
(Croissant 1.1 with the Responsible AI fields, one dataset per source)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import JsonValue, SerializerFunctionWrapHandler, model_serializer

from provscan.declaration import Declaration
from provscan.report.figure import Figure, Frozen, from_declaration, scan
from provscan.report.formatting import mm_yyyy, n, pct
from provscan.report.model import ScanFigures
from provscan.report.obligations import Obligations
from provscan.report.template import MODALITIES

FORM = ("Model Documentation Form (General-Purpose AI Code of Practice, Transparency "
        "chapter): data used for training, testing and validation")
ALL = ("AI Office", "national competent authorities", "downstream providers")
AUTHORITIES = ("AI Office", "national competent authorities")

PROVENANCE: tuple[tuple[str, str, Callable[[Declaration], bool | None]], ...] = (
    # MDF provenance checkbox, the declaration field that answers it, its yes/no value
    ("Web crawling", "data_sources.crawling.used", lambda d: d.data_sources.crawling.used),
    ("Private non-publicly available datasets obtained from third parties",
     "data_sources.private_third_party.used",
     lambda d: d.data_sources.private_third_party.used),
    ("Datasets commercially licensed by rightsholders", "data_sources.licensed.used",
     lambda d: d.data_sources.licensed.used),
    ("User data (from the model or the provider's other services)", "data_sources.user_data",
     lambda d: _user_data(d)),
    ("Publicly available datasets", "data_sources.public_datasets.used",
     lambda d: d.data_sources.public_datasets.used),
    ("Data collected by other means", "data_sources.other.used",
     lambda d: d.data_sources.other.used),
    ("Synthetic data", "data_sources.synthetic.used", lambda d: d.data_sources.synthetic.used),
)

Json = JsonValue


def _user_data(d: Declaration) -> bool | None:
    """Yes if either user-data question is Yes; unknown while one is open and none is Yes."""
    u = d.data_sources.user_data
    vals = (u.from_model_interactions, u.from_other_services)
    if None in vals and True not in vals:
        return None
    return True in vals


class Entry(Frozen):
    """One MDF field: who receives it, the answer, and the measured figure beside it."""

    label: str
    recipients: tuple[str, ...]
    answer: Figure[Json]
    measured: Figure[Json] | None = None

    @model_serializer(mode="plain")
    def _json(self) -> dict[str, object]:
        out: dict[str, object] = {"label": self.label, "recipients": self.recipients,
                                  **self.answer.model_dump()}
        if self.measured is not None:
            out["measured"] = self.measured.model_dump()
        return out


class Mdf(Frozen):
    """mdf_data.json."""

    form: str
    model: tuple[str, ...]
    provscan_version: str
    generated_at: str
    fields: dict[str, Entry]
    training_compute: Entry | None = None

    @model_serializer(mode="wrap")
    def _json(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        out: dict[str, object] = handler(self)
        if self.training_compute is None:
            del out["training_compute"]
        return out


def _entry(label: str, recipients: tuple[str, ...], answer: Figure[Json],
           measured: Figure[Json] | None = None) -> Entry:
    return Entry(label=label, recipients=recipients, answer=answer, measured=measured)


def _compute(ob: Obligations) -> Entry:
    """The training compute (Annex XI §1 point 2(d)): the declared figure where given,
    the 6·N·D estimate from the measured tokens beside it."""
    c = ob.compute
    est: dict[str, Json] = {
        "flop": c.estimate_flop, "method": c.estimate_method,
        "parameters": c.parameters.value, "tokens_seen": c.tokens_seen.value,
        "token_count": c.token_count, "missing": list(c.missing)}
    measured: Figure[Json] = Figure(value=est, source="scan", query=c.tokens_seen.query) \
        if c.tokens_seen.source == "scan" else Figure(value=est, source="declaration",
                                                       field=c.tokens_seen.field)
    answer: Figure[Json] = Figure(value={
        "flop": ob.training_compute_flop, "method": ob.compute_method,
        "basis": ob.compute_basis, "systemic_risk_presumed": ob.systemic_risk_presumed},
        source="declaration" if ob.compute_basis == "declared" else "scan",
        field="training.compute_flop" if ob.compute_basis == "declared" else None,
        query=c.tokens_seen.query if ob.compute_basis != "declared" else None)
    return _entry("Training compute (FLOP) and how it was obtained", AUTHORITIES, answer,
                  measured)


def build_mdf(s: ScanFigures, d: Declaration, ob: Obligations | None = None) -> Mdf:
    """The MDF's data fields: declared text where no scan can answer, measured beside it;
    with ``ob``, the training compute."""
    doc = d.documentation
    mods = [r.modality for r in s.size_per_modality.value]
    t, det = s.totals, s.detectors
    nd = s.near_duplicates
    langs = det.languages.value
    curation: list[Json] = [f"exact duplicates: {n(t.exact_duplicates.value)} "
                            f"({pct(t.exact_duplicate_rate.value, 2)}) of "
                            f"{n(t.documents.value)} documents"]
    if nd is not None:
        tot = nd.totals.value
        curation.append(f"near-duplicates: {n(tot.clustered_documents)} documents in "
                        f"{n(tot.clusters)} clusters; one per cluster kept: "
                        f"{n(tot.documents_after)} documents, {n(tot.tokens_after)} "
                        "tokens")
    o, p = det.optout, det.personal_data
    unsuitable: list[Json] = [] if det.measured == "none" else [
        f"documents with a TDM/AI-training reservation: {n(o.documents_reserved.value)}",
        f"documents with e-mail addresses: {n(p.documents_with_email.value)}, phone "
        f"numbers: {n(p.documents_with_phone.value)}, IP addresses: "
        f"{n(p.documents_with_ip.value)}"]
    provenance: dict[str, Json] = {
        label: from_declaration(value(d), path).model_dump()
        for label, path, value in PROVENANCE}
    fields = {
        "data_type": _entry("Data type / modality", ALL, scan(
            [m for m in MODALITIES if m in mods], s.size_per_modality.query)),
        "data_provenance": _entry("Data provenance", ALL, Figure(
            value=provenance, source="declaration")),
        "how_obtained_and_selected": _entry(
            "How the data was obtained and selected", AUTHORITIES,
            from_declaration(doc.how_obtained_and_selected,
                             "documentation.how_obtained_and_selected"),
            scan([f"{r.source}: class {r.template_class or 'not classed'}, "
                  f"{r.description or r.link or 'no description'}"
                  for r in s.sources.value], s.sources.query)),
        "number_of_data_points": _entry("Number of data points", AUTHORITIES, scan({
            "documents": t.documents.value, "tokens": t.tokens.value,
            "bytes": t.bytes.value, "unit": "document",
            "definition": "a data point is one document: one row of a source (one HTML "
                          "response of a WARC file); tokens counted by "
                          + "; ".join(t.token_method.value or ["nothing (fast profile)"]),
            "splits": "training, testing and validation data are not told apart by the scan: "
                      "scan each split as its own source to report it separately",
        }, t.documents.query)),
        "scope_and_characteristics": _entry("Scope and main characteristics", AUTHORITIES, scan({
            "modalities": list(mods),
            "languages": [f"{r.name} {pct(r.share_of_bytes)}" for r in langs],
            "top_level_domains": [f".{r.tld} {pct(r.share_of_bytes)}"
                                  for r in s.domains.tlds.value[:15]],
            "top_domains": [r.domain for r in s.domains.top.value[:20]],
            "acquisition_period": [mm_yyyy(s.acquisition_period.earliest.value),
                                   mm_yyyy(s.acquisition_period.latest.value)],
        }, det.languages.query)),
        "curation_methodologies": _entry(
            "Data curation methodologies", ALL,
            from_declaration(doc.curation_methodologies, "documentation.curation_methodologies"),
            scan(curation, t.exact_duplicates.query)),
        "unsuitability_measures": _entry(
            "Measures to detect the unsuitability of data sources", AUTHORITIES,
            from_declaration(doc.unsuitability_measures, "documentation.unsuitability_measures"),
            scan(unsuitable or ["not measured (fast profile)"], det.documents_checked.query)),
        "bias_measures": _entry(
            "Measures to detect identifiable biases", AUTHORITIES,
            from_declaration(doc.bias_measures, "documentation.bias_measures"),
            scan({"language_shares": {r.language: r.share_of_bytes for r in langs},
                  "source_shares": {r.source: r.share_of_modality for r in s.sources.value}},
                 s.sources.query)),
    }
    return Mdf(form=FORM, model=tuple(d.model.names), provscan_version=s.provscan_version,
               generated_at=s.generated_at, fields=fields,
               training_compute=None if ob is None else _compute(ob))


CROISSANT = "http://mlcommons.org/croissant/1.1"
CROISSANT_RAI = "http://mlcommons.org/croissant/RAI/1.0"

_CONTEXT: dict[str, JsonValue] = {
    # The standard @context of Croissant 1.1, key for key as mlcroissant writes it (its
    # loader warns on any other); "rai" is part of it.
    "@language": "en", "@vocab": "https://schema.org/", "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs", "column": "cr:column", "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn", "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"}, "extract": "cr:extract",
    "field": "cr:field", "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes",
    "isArray": "cr:isArray", "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath",
    "key": "cr:key", "md5": "cr:md5", "name": {"@container": "@language"},
    "parentField": "cr:parentField", "path": "cr:path", "recordSet": "cr:recordSet",
    "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated",
    "replace": "cr:replace", "samplingRate": "cr:samplingRate", "sc": "https://schema.org/",
    "separator": "cr:separator", "source": "cr:source", "subField": "cr:subField",
    "transform": "cr:transform",
}

COLLECTION_TYPE = {"2.1": "Secondary Data analysis", "2.2.1": "Others",
                   "2.2.2": "Secondary Data analysis", "2.3": "Web Scraping",
                   "2.4": "User-generated content data", "2.5": "Others", "2.6": "Others"}
"""Template class -> a value of Croissant RAI's ``dataCollectionType`` vocabulary."""
CLASS_NAMES = {"2.1": "publicly available dataset", "2.2.1": "dataset commercially licensed "
               "by rightsholders", "2.2.2": "private dataset obtained from a third party",
               "2.3": "data crawled by the provider or on its behalf", "2.4": "user data",
               "2.5": "synthetic data", "2.6": "other source"}


def build_croissant(s: ScanFigures, d: Declaration) -> dict[str, Json]:
    """Croissant JSON-LD: the training data as a dataset based on one dataset per source."""
    det = s.detectors
    nd = {r.source: r for r in s.near_duplicates.per_source.value} if s.near_duplicates \
        else {}
    parts: list[Json] = []
    for r in s.sources.value:
        cls = r.template_class
        dup = nd.get(r.source)
        protocol: list[Json] = [
            f"exact duplicates within the source: {n(r.exact_duplicates)}"]
        if dup:
            protocol.append(f"near-duplicate rate {pct(dup.near_duplicate_rate)}; tokens "
                            f"after keeping one document per cluster: {n(dup.tokens_after)}")
        ds: dict[str, Json] = {
            "@type": "sc:Dataset", "name": r.source,
            "description": r.description or CLASS_NAMES.get(cls or "", "training data"),
            "rai:dataCollection": f"{CLASS_NAMES.get(cls or '', 'not classed')} (EU template "
                                  f"section {cls or 'not declared'}); {n(r.documents)} "
                                  f"documents, {n(r.tokens)} tokens",
            "rai:dataCollectionType": [COLLECTION_TYPE.get(cls or "", "Others")],
            "rai:dataCollectionTimeframe": [r.earliest_date, r.latest_date],
            "rai:dataPreprocessingProtocol": protocol,
            "rai:personalSensitiveInformation": (
                "not measured (fast profile)" if det.measured == "none" else
                "counts of e-mail addresses, phone numbers and IP addresses per document are "
                "in the manifest (pii_email, pii_phone, pii_ip); personal names per sampled "
                "document (pii_person), with an estimate for the corpus in summary.json "
                "(detectors.person_names)"),
            "rai:dataLimitations": "licences found: " + (
                ", ".join(r.detected_licences) or "none"),
        }
        for key, val in (("url", r.link), ("version", r.version),
                         ("license", r.declared_licence or r.dataset_licence)):
            if val:
                ds[key] = val
        parts.append(ds)
    names = list(d.model.names)
    name = "training-data" + (f" of {names[0]}" if names else "")
    published = d.summary.last_update.isoformat() if d.summary.last_update \
        else s.generated_at[:10]
    licences = sorted({lic for r in s.sources.value
                       if (lic := r.declared_licence or r.dataset_licence)})
    out: dict[str, Json] = {
        "@context": _CONTEXT, "@type": "sc:Dataset",
        "conformsTo": [CROISSANT, CROISSANT_RAI],
        "name": name,
        "description": f"Training data as scanned by provscan {s.provscan_version}: "
                       f"{n(s.totals.documents.value)} documents from "
                       f"{len(parts)} sources.",
        "citeAs": cite_as(name, d, published, s.provscan_version),
        "datePublished": published,
        "dateModified": s.generated_at,
        "rai:dataCollection": "See the public summary of training content (summary.md).",
        "rai:dataCollectionTimeframe": [s.acquisition_period.earliest.value,
                                        s.acquisition_period.latest.value],
        "isBasedOn": parts,
    }
    if licences:
        out["license"] = list(licences)
    if d.summary.version:
        out["version"] = d.summary.version
    return out


def cite_as(title: str, d: Declaration, published: str, version: str) -> str:
    """A BibTeX entry for the training-data description (Croissant's ``citeAs``)."""
    def clean(v: str) -> str:
        return v.replace("{", "").replace("}", "")

    key = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    fields = [("title", title), ("author", d.provider.name), ("year", published[:4]),
              ("version", d.summary.version),
              ("note", f"Described with provscan {version}; see the public summary of "
                       "training content")]
    body = ",\n".join(f"  {k} = {{{clean(v)}}}" for k, v in fields if v)
    return f"@misc{{{key},\n{body}\n}}"
