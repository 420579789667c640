"""The Commission's template, section by section: each field with the template's question
and an answer tagged ``scan``, ``declaration`` or ``to_be_provided``.

Template: "Explanatory Notice and Template for the Public Summary of Training Content for
general-purpose AI models", annex to C(2025) 5235 final, 24 July 2025. Yes/no answers come
from the declaration only; the scan supplies the measured fields and, marked as
``supplement``, the figures that support a declared answer.
"""

from __future__ import annotations

from collections.abc import Callable

from provscan.aggregate import queries as Q
from provscan.declaration import Declaration, ModalityContent
from provscan.report.build import BINS, EU_LANGUAGES
from provscan.report.exclusions import size_lines
from provscan.report.figure import Figure, declared, from_declaration, scan, to_be_provided
from provscan.report.formatting import NOT_APPLICABLE, dd_mm_yyyy, n, pct
from provscan.report.model import Check, ScanFigures
from provscan.report.rows import ClassRow, SourceRow
from provscan.report.template_model import (
    AnswerValue,
    ContentCharacteristics,
    FieldKind,
    GeneralInformation,
    Header,
    LanguageShare,
    LanguagesValue,
    ModalityAnswers,
    ModelIdentification,
    ProviderIdentification,
    SizeValue,
    TemplateField,
)

TEMPLATE = ("Explanatory Notice and Template for the Public Summary of Training Content "
            "for general-purpose AI models (annex to C(2025) 5235 final, 24 July 2025)")
MODALITIES = ("text", "image", "audio", "video", "other")
MODALITY_NAMES = {"text": "Text", "image": "Image", "audio": "Audio", "video": "Video",
                  "other": "Other"}
NOT_MEASURED_FAST = "not measured (fast profile)"

Answer = Figure[AnswerValue]


def field(fid: str, question: str, answer: Answer, kind: FieldKind = "text", *,
          supplement: bool = False, optional: bool = False) -> TemplateField:
    """One answer of the template. ``supplement``: a measured figure provscan adds beneath
    a declared answer; ``optional``: the template marks the question optional."""
    return TemplateField(id=fid, question=question, kind=kind, answer=answer,
                         supplement=supplement, optional=optional)


def yes_no(fid: str, question: str, value: bool | None, decl: str) -> TemplateField:
    """A yes/no question: answered by the declaration only, never by the scan."""
    return field(fid, question, from_declaration(value, decl), "yes_no")


def unless_no(gates: list[TemplateField], answer: Callable[[], Answer]) -> Answer:
    """'Not applicable' when every gating yes/no question was answered No."""
    if gates and all(g.value is False for g in gates):
        return declared(NOT_APPLICABLE, gates[0].answer.field or "")
    return answer()


class Context:
    """What the section builders read: the scan figures, the declaration; what they
    collect: the checks to clear before publishing."""

    def __init__(self, s: ScanFigures, d: Declaration) -> None:
        self.s, self.d = s, d
        self.checks: list[Check] = []

    def check(self, level: str, message: str) -> None:
        self.checks.append(Check.model_validate({"level": level, "message": message}))

    def classes(self, cls: str) -> list[ClassRow]:
        """Scan rows (per modality) of the sources classed ``cls``."""
        return [r for r in self.s.classes.value if r.template_class == cls]

    def sources_of(self, cls: str) -> list[SourceRow]:
        return [r for r in self.s.sources.value if r.template_class == cls]

    def class_modalities(self, cls: str, declared_value: tuple[str, ...] | None, decl: str,
                         gates: list[TemplateField]) -> Answer:
        """The modalities of a section: declared, else those of its classed sources."""
        def answer() -> Answer:
            if declared_value is not None:
                return declared(tuple(declared_value), decl)
            rows = self.classes(cls)
            if rows:
                return scan(tuple(sorted({r.modality for r in rows})), Q.CLASSES)
            return to_be_provided(decl)
        return unless_no(gates, answer)

    def consistent(self, gate: TemplateField, cls: str, what: str) -> None:
        """Warn when a declared No contradicts sources classed ``cls`` in the scan config."""
        names = [r.source for r in self.sources_of(cls)]
        if gate.value is False and names:
            self.check("warning", f"{gate.id}: the declaration answers No ({what}) but "
                       f"the scan config classes {', '.join(names)} as {cls}")
        if gate.value is True and not names:
            self.check("note", f"{gate.id}: declared Yes ({what}); no scanned source is "
                       f"classed {cls}, so the scan gives no figures for it")


def header(c: Context) -> Header:
    d = c.d.summary
    prev: Answer
    if d.previous_versions is None:
        prev = to_be_provided("summary.previous_versions")
    elif not d.previous_versions:
        prev = declared(NOT_APPLICABLE + " (first version)", "summary.previous_versions")
    else:
        prev = declared(tuple(f"{p.version} ({dd_mm_yyyy(p.date.isoformat())})"
                              + (f": {p.link}" if p.link else "") for p in d.previous_versions),
                        "summary.previous_versions")
    last = d.last_update.isoformat() if d.last_update else None
    return Header(
        version=field("header.version", "Version of the Summary",
                      from_declaration(d.version, "summary.version")),
        previous_versions=field("header.previous_versions",
                                "Links to previous versions of the Summary", prev, "list"),
        last_update=field("header.last_update", "Last update",
                          from_declaration(dd_mm_yyyy(last), "summary.last_update")),
    )


def section_1(c: Context) -> GeneralInformation:
    p, m = c.d.provider, c.d.model
    provider = (f"{p.name}, {p.contact}" if p.name and p.contact else p.name or p.contact)
    if bool(p.name) != bool(p.contact):
        c.check("todo", "1.1: give both provider.name and provider.contact")
    rep: Answer
    if p.authorised_representative:
        r = p.authorised_representative
        rep = declared(f"{r.name}, {r.contact}", "provider.authorised_representative")
    elif p.established_in_eu:
        rep = declared(NOT_APPLICABLE + " (the provider is established in the Union)",
                       "provider.established_in_eu")
    else:
        rep = to_be_provided("provider.authorised_representative")
    deps: Answer
    if m.dependencies is None:
        deps = to_be_provided("model.dependencies")
    elif not m.dependencies:
        deps = declared(NOT_APPLICABLE + " (the model is not a modification of another "
                        "general-purpose AI model)", "model.dependencies")
    else:
        deps = declared(tuple(x.name + (f": {x.summary_link}" if x.summary_link else "")
                              for x in m.dependencies), "model.dependencies")
    market = m.market_date.isoformat() if m.market_date else None
    return GeneralInformation(
        provider=ProviderIdentification(
            provider=field("1.1.provider", "Provider name and contact details",
                           from_declaration(provider, "provider.name")),
            authorised_representative=field(
                "1.1.authorised_representative", "Authorised representative name and "
                "contact details (for providers established outside the Union)", rep)),
        identification=ModelIdentification(
            model_names=field("1.2.model_names", "Versioned model name(s)",
                              from_declaration(tuple(m.names) or None, "model.names"), "list"),
            dependencies=field(
                "1.2.dependencies", "Model dependencies (if the model is a modification or "
                "fine-tuning of another general-purpose AI model: its name and a link to its "
                "Summary)", deps, "list"),
            market_date=field("1.2.market_date",
                              "Date of placement of the model on the Union market",
                              from_declaration(dd_mm_yyyy(market), "model.market_date"))),
        content=section_1_3(c),
    )


def _modality_decl(c: Context, mod: str) -> ModalityContent | None:
    content = c.d.content
    return {"text": content.text, "image": content.image, "audio": content.audio,
            "video": content.video, "other": content.other}[mod]


def _size(c: Context, mod: str) -> Answer:
    """The size bin of one modality with the exact figure beside it."""
    rows = {r.modality: r for r in c.s.size_per_modality.value}
    decl = _modality_decl(c, mod)
    bins = tuple(BINS.get(mod, ()))
    r = rows.get(mod)
    if mod == "text" and r is not None:
        if r.tokens is None:
            return scan(SizeValue(ticked=True, bins=bins, bin=None,
                                  exact=f"{NOT_MEASURED_FAST}; {n(r.bytes)} bytes of text in "
                                        f"{n(r.documents)} documents"), Q.PER_MODALITY)
        method = "; ".join(c.s.totals.token_method.value or [])
        return scan(SizeValue(ticked=True, bins=bins, bin=r.size_bin,
                              exact=f"{n(r.tokens)} tokens ({method})"), Q.PER_MODALITY)
    if decl is not None and (decl.size_bin or decl.approximate_size):
        return declared(SizeValue(ticked=True, bins=bins, bin=decl.size_bin,
                                  exact=decl.approximate_size), f"content.{mod}.size_bin")
    if r is not None:
        c.check("warning", f"1.3: {n(r.documents)} {mod} records were scanned; provscan "
                f"measures text only: declare content.{mod}.size_bin")
        return to_be_provided(f"content.{mod}.size_bin")
    return scan(NOT_APPLICABLE, Q.PER_MODALITY)


def section_1_3(c: Context) -> ContentCharacteristics:
    content = c.d.content
    modalities = []
    for mod in MODALITIES:
        size = _size(c, mod)
        name = MODALITY_NAMES[mod] + (f" ({content.other_modality_name})"
                                      if mod == "other" and content.other_modality_name else "")
        decl = _modality_decl(c, mod)
        types = size if size.value == NOT_APPLICABLE else from_declaration(
            decl.types_of_content if decl else None, f"content.{mod}.types_of_content")
        modalities.append(ModalityAnswers(
            size=field(f"1.3.{mod}.size", f"{name}: training data size", size, "size"),
            types_of_content=field(f"1.3.{mod}.types_of_content",
                                   f"{name}: types of content", types)))
    tlds = c.s.domains.tlds
    return ContentCharacteristics(
        modalities=tuple(modalities),
        latest_acquisition=field(
            "1.3.latest_acquisition", "Latest date of data acquisition/collection for model "
            "training (MM/YYYY)", c.s.acquisition_period.latest_mm_yyyy, "date"),
        continuously_trained=yes_no(
            "1.3.continuously_trained", "Is the model continuously trained on new data after "
            "this date?", c.d.model.continuously_trained, "model.continuously_trained"),
        languages=field("1.3.languages", "Description of the linguistic characteristics of "
                        "the overall training data", _languages(c), "languages"),
        linguistic_comments=field(
            "1.3.linguistic_comments", "Linguistic characteristics: further description",
            declared(content.linguistic_comments, "content.linguistic_comments"))
        if content.linguistic_comments else None,
        other_characteristics=field(
            "1.3.other_characteristics", "Other relevant characteristics of the overall "
            "training data (e.g. national, regional or demographic specificities)",
            from_declaration(content.other_characteristics, "content.other_characteristics")),
        top_level_domains=field(
            "1.3.top_level_domains", "Top-level domains of the documents' URLs, by bytes (a "
            "geographic indication)", scan(
                tuple(f".{r.tld} {pct(r.share_of_bytes)}" for r in tlds.value[:12])
                or NOT_APPLICABLE + " (no document has a URL)", tlds.query),
            "list", supplement=True),
        additional_comments=field(
            "1.3.additional_comments", "Additional comments (optional)",
            from_declaration(content.additional_comments, "content.additional_comments"),
            optional=True),
        size_method=field("1.3.size_method", "How the sizes were measured", _size_method(c),
                          "list", supplement=True),
    )


def _languages(c: Context) -> Answer:
    det = c.s.detectors
    langs = det.languages
    if det.measured == "none":
        return scan(NOT_MEASURED_FAST if c.s.totals.documents.value else
                    NOT_APPLICABLE + " (no documents)", det.documents_checked.query)
    rows = langs.value
    eu = tuple(sorted(r.name for r in rows if r.eu_official))
    return scan(LanguagesValue(
        languages=tuple(LanguageShare(code=r.language, name=r.name,
                                      share_of_bytes=r.share_of_bytes) for r in rows),
        eu_official_covered=eu,
        eu_official_count=len(eu), eu_official_total=len(EU_LANGUAGES),
        other=tuple(r.name for r in rows if not r.eu_official),
        documents_with_language=det.documents_with_language.value,
        documents_checked=det.documents_checked.value,
        detector=det.methods.language if det.methods else None,
    ), langs.query)


def _size_method(c: Context) -> Answer:
    t = c.s.totals
    lines = [f"Documents scanned: {n(t.documents.value)}; bytes of UTF-8 text: "
             f"{n(t.bytes.value)}.",
             "Token counts: " + ("; ".join(t.token_method.value or [])
                                or NOT_MEASURED_FAST) + ".",
             f"Exact duplicates (same normalised text): {n(t.exact_duplicates.value)} "
             f"({pct(t.exact_duplicate_rate.value, 2)}); sizes include them."]
    nd = c.s.near_duplicates
    if nd is None:
        lines.append("Near-duplicates were not computed for this store.")
    else:
        tot = nd.totals.value
        lines.append(f"Near-duplicates: {n(tot.clustered_documents)} documents in "
                     f"{n(tot.clusters)} clusters; keeping one document per cluster "
                     f"leaves {n(tot.documents_after)} documents"
                     + (f" and {n(tot.tokens_after)} of {n(tot.tokens)} tokens."
                        if tot.tokens is not None else "."))
    if c.s.exclusions is not None:
        lines = size_lines(c.s.exclusions) + lines
    return scan(tuple(lines), Q.TOTALS)
