"""The Commission's template as typed models: one class per section, one attribute per
question, each a ``TemplateField`` holding a tagged answer (``Figure``).

In ``summary.json`` a section is ``{"id", "title", "fields": [...], "subsections": [...]}``
(``subsections`` only when it has some) and a field is ``{"id", "question", "kind",
"value", "source", "query" | "field"}`` plus ``"supplement": true`` / ``"optional": true``
when set. Attributes that are None (a figure the scan could not supply) are left out.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import SerializerFunctionWrapHandler, model_serializer

from provscan.report.figure import Figure, Frozen, Source
from provscan.report.rows import DomainRow

FieldKind = Literal["text", "list", "yes_no", "modalities", "size", "languages", "table",
                    "domains", "date"]
"""How an answer renders: a paragraph, a list, ☒/☐ boxes, a table, …"""


class SizeValue(Frozen):
    """A modality's size: the template's ranges, the one ticked, the exact figure beside."""

    ticked: bool
    bins: tuple[str, ...]
    bin: str | None
    exact: str | None


class LanguageShare(Frozen):
    code: str
    name: str
    share_of_bytes: float | None


class LanguagesValue(Frozen):
    """The linguistic characteristics: languages by bytes, EU official ones covered."""

    languages: tuple[LanguageShare, ...]
    eu_official_covered: tuple[str, ...]
    eu_official_count: int
    eu_official_total: int
    other: tuple[str, ...]
    documents_with_language: int
    documents_checked: int
    detector: str | None


class TableValue(Frozen):
    """A table answer; ``empty``: what to print when it has no rows (left out if None)."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str | None = None

    @model_serializer(mode="wrap")
    def _json(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        out: dict[str, object] = handler(self)
        if self.empty is None:
            del out["empty"]
        return out


class DomainsValue(Frozen):
    """The summary of the top domains: the rule, how many, the first rows."""

    rule: str
    listed: int
    total: int
    size_measure: str
    file: str
    rows: tuple[DomainRow, ...]


AnswerValue = (str | bool | tuple[str, ...] | SizeValue | LanguagesValue | TableValue
               | DomainsValue | None)


class TemplateField(Frozen):
    """One question of the template and its answer. ``supplement``: a measured figure
    provscan adds beneath a declared answer; ``optional``: the template marks it so."""

    id: str
    question: str
    kind: FieldKind
    answer: Figure[AnswerValue]
    supplement: bool = False
    optional: bool = False

    @property
    def value(self) -> AnswerValue:
        return self.answer.value

    @property
    def source(self) -> Source:
        return self.answer.source

    @model_serializer(mode="plain")
    def _json(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "question": self.question,
                                  "kind": self.kind, **self.answer.model_dump()}
        if self.supplement:
            out["supplement"] = True
        if self.optional:
            out["optional"] = True
        return out


class ModalityAnswers(Frozen):
    """Section 1.3's two questions for one modality."""

    size: TemplateField
    types_of_content: TemplateField


class Section(Frozen):
    """A section of the template: its fields are its ``TemplateField`` attributes (and the
    modality pairs) in order, its subsections its ``Section`` attributes."""

    ID: ClassVar[str]
    TITLE: ClassVar[str]

    def answers(self) -> list[TemplateField]:
        out: list[TemplateField] = []
        for name in type(self).model_fields:
            v = getattr(self, name)
            if isinstance(v, TemplateField):
                out.append(v)
            elif isinstance(v, tuple):
                out += [f for m in v if isinstance(m, ModalityAnswers)
                        for f in (m.size, m.types_of_content)]
        return out

    def subsections(self) -> list[Section]:
        return [v for v in (getattr(self, k) for k in type(self).model_fields)
                if isinstance(v, Section)]

    def all_fields(self) -> list[TemplateField]:
        """Every field of the section and its subsections, in order."""
        return [*self.answers(), *(f for s in self.subsections() for f in s.all_fields())]

    @model_serializer(mode="plain")
    def _json(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.ID, "title": self.TITLE,
                                  "fields": [f.model_dump() for f in self.answers()]}
        if subs := self.subsections():
            out["subsections"] = [s.model_dump() for s in subs]
        return out


class Header(Section):
    ID, TITLE = "header", "Header"
    version: TemplateField
    previous_versions: TemplateField
    last_update: TemplateField


class ProviderIdentification(Section):
    ID, TITLE = "1.1", "Provider identification"
    provider: TemplateField
    authorised_representative: TemplateField


class ModelIdentification(Section):
    ID, TITLE = "1.2", "Model identification"
    model_names: TemplateField
    dependencies: TemplateField
    market_date: TemplateField


class ContentCharacteristics(Section):
    ID = "1.3"
    TITLE = "Modalities, overall training data size and other characteristics"
    modalities: tuple[ModalityAnswers, ...]
    latest_acquisition: TemplateField
    continuously_trained: TemplateField
    languages: TemplateField
    linguistic_comments: TemplateField | None
    other_characteristics: TemplateField
    top_level_domains: TemplateField
    additional_comments: TemplateField
    size_method: TemplateField


class GeneralInformation(Section):
    ID, TITLE = "1", "General information"
    provider: ProviderIdentification
    identification: ModelIdentification
    content: ContentCharacteristics


class PublicDatasets(Section):
    ID, TITLE = "2.1", "Publicly available datasets"
    used: TemplateField
    modalities: TemplateField
    large_datasets: TemplateField
    subset_selection: TemplateField
    other_datasets: TemplateField
    other_datasets_measured: TemplateField | None
    additional_comments: TemplateField


class LicensedDatasets(Section):
    ID = "2.2.1"
    TITLE = "Datasets commercially licensed by rightsholders or their representatives"
    used: TemplateField
    modalities: TemplateField


class ThirdPartyDatasets(Section):
    ID, TITLE = "2.2.2", "Private datasets obtained from other third parties"
    used: TemplateField
    modalities: TemplateField
    publicly_known: TemplateField
    other_description: TemplateField
    additional_comments: TemplateField
    measured: TemplateField | None


class PrivateDatasets(Section):
    ID = "2.2"
    TITLE = "Private non-publicly available datasets obtained from third parties"
    licensed: LicensedDatasets
    third_party: ThirdPartyDatasets


class CrawledData(Section):
    ID, TITLE = "2.3", "Data crawled and scraped from online sources"
    used: TemplateField
    crawlers: TemplateField
    behaviour: TemplateField
    reservations_found: TemplateField | None
    period: TemplateField
    content_description: TemplateField
    content_measured: TemplateField | None
    modalities: TemplateField
    top_domains: TemplateField
    additional_comments: TemplateField


class UserData(Section):
    ID, TITLE = "2.4", "User data"
    from_model: TemplateField
    from_other_services: TemplateField
    services: TemplateField
    modalities: TemplateField
    additional_comments: TemplateField


class SyntheticData(Section):
    ID, TITLE = "2.5", "Synthetic data"
    used: TemplateField
    modalities: TemplateField
    generators: TemplateField
    other_models: TemplateField
    additional_comments: TemplateField


class OtherSources(Section):
    ID, TITLE = "2.6", "Other sources of data"
    used: TemplateField
    description: TemplateField
    measured: TemplateField | None
    additional_comments: TemplateField


class DataSources(Section):
    ID, TITLE = "2", "List of data sources"
    public: PublicDatasets
    private: PrivateDatasets
    crawled: CrawledData
    user: UserData
    synthetic: SyntheticData
    other: OtherSources


class TdmReservations(Section):
    ID = "3.1"
    TITLE = ("Respect of reservation of rights from text and data mining exception or "
             "limitation")
    signatory: TemplateField
    measures: TemplateField
    measured: TemplateField | None
    additional_comments: TemplateField


class IllegalContent(Section):
    ID, TITLE = "3.2", "Removal of illegal content"
    measures: TemplateField


class OtherProcessing(Section):
    ID, TITLE = "3.3", "Other information (optional)"
    other: TemplateField
    measured: TemplateField | None


class DataProcessing(Section):
    ID, TITLE = "3", "Data processing aspects"
    tdm: TdmReservations
    illegal_content: IllegalContent
    other: OtherProcessing


class Template(Frozen):
    """The template's header and its three sections, with the template's name."""

    template: str
    header: Header
    general: GeneralInformation
    data_sources: DataSources
    processing: DataProcessing

    def sections(self) -> list[Section]:
        return [self.general, self.data_sources, self.processing]

    def fields(self) -> list[TemplateField]:
        """Every field of the template, in order (header first)."""
        return [*self.header.answers(), *(f for s in self.sections() for f in s.all_fields())]

    @model_serializer(mode="plain")
    def _json(self) -> dict[str, object]:
        return {"template": self.template,
                "header": [f.model_dump() for f in self.header.answers()],
                "sections": [s.model_dump() for s in self.sections()]}
