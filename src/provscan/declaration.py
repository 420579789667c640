"""The provider's declaration: what the public summary states that no scan can measure.

A YAML file mirrors :class:`Declaration` field by field (annotated example:
``configs/declaration.yaml``; reference: ``docs/declaration.md``). Every field is
optional: what is missing is reported as "to be provided", never guessed. Yes/no
answers are ``true``/``false`` (YAML's ``yes``/``no`` work too); unknown fields are
errors, so a typo never silently drops an answer.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from provscan.config import Modality, _format_validation, _Frozen, read_yaml
from provscan.errors import ConfigError

TextBin = Literal["Less than 1 billion tokens", "1 billion to 10 trillion tokens",
                  "More than 10 trillion tokens"]
ImageBin = Literal["Less than 1 million images", "1 million to 1 billion images",
                   "More than 1 billion images"]
HoursBin = Literal["Less than 10,000 hours", "10,000 to 1 million hours",
                   "More than 1 million hours"]

_MM_YYYY = re.compile(r"^(0[1-9]|1[0-2])/\d{4}$")


def _check_mm_yyyy(v: str) -> str:
    if not _MM_YYYY.match(v):
        raise ValueError(f"{v!r} is not a month in the template's form MM/YYYY (e.g. 03/2025)")
    return v


MonthYear = Annotated[str, AfterValidator(_check_mm_yyyy)]


def _number(v: object) -> object:
    """YAML reads ``7e9`` (no dot, no exponent sign) as text: take it as the number it is."""
    if isinstance(v, str):
        try:
            f = float(v.replace("_", ""))
        except ValueError:
            return v
        return int(f) if f.is_integer() and "e" in v.lower() else f
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**63:
        return int(v)
    return v


Count = Annotated[int, BeforeValidator(_number), Field(gt=0)]
"""A positive count (parameters, tokens); ``7e9`` and ``7_000_000_000`` are accepted."""
Flop = Annotated[float, BeforeValidator(_number), Field(gt=0)]
Epochs = Annotated[float, BeforeValidator(_number), Field(ge=0)]


class Party(_Frozen):
    """A person or organisation with contact details."""

    name: str = Field(description="legal name")
    contact: str = Field(description="postal address, e-mail or web form")


class ModelRef(_Frozen):
    """Another model, with the link to its own public summary."""

    name: str = Field(description="versioned model name")
    summary_link: str | None = Field(None, description="link to that model's public summary")


class DatasetRef(_Frozen):
    """A dataset named in the summary."""

    name: str
    version: str | None = None
    link: str | None = None


class PreviousVersion(_Frozen):
    version: str
    date: dt.date
    link: str | None = None


class SummaryInfo(_Frozen):
    """The summary document itself (template header)."""

    version: str | None = Field(None, description="version of this summary, e.g. 1.0")
    last_update: dt.date | None = Field(None, description="date of this version (YYYY-MM-DD)")
    previous_versions: tuple[PreviousVersion, ...] | None = Field(
        None, description="earlier versions with links; [] for a first version")


class Provider(_Frozen):
    """Section 1.1."""

    name: str | None = None
    contact: str | None = Field(None, description="contact details")
    established_in_eu: bool | None = Field(
        None, description="true: no authorised representative is needed (Art. 54)")
    authorised_representative: Party | None = None
    sme: bool = Field(False, description="an SME or start-up: the lighter top-domains rule")


class Model(_Frozen):
    """Section 1.2 (and the continuous-training question of 1.3)."""

    names: tuple[str, ...] = Field((), description="versioned model names, one per model")
    dependencies: tuple[ModelRef, ...] | None = Field(
        None, description="models this one modifies or fine-tunes; [] for none")
    market_date: dt.date | None = Field(None, description="placement on the Union market")
    continuously_trained: bool | None = Field(
        None, description="trained on new data after the latest acquisition date")
    licence: str | None = Field(
        None, description="the licence the model is released under (SPDX id or name)")
    licence_free_and_open: bool | None = Field(
        None, description="the licence allows access, use, modification and distribution of "
        "the model without monetisation or restricted use (Art. 53(2), recital 102)")
    weights_public: bool | None = Field(
        None, description="the parameters (weights), the architecture and the usage "
        "information are publicly available (Art. 53(2))")


class Training(_Frozen):
    """The training run, for the training-compute estimate (obligations.json)."""

    total_parameters: Count | None = Field(None, description="all parameters of the model")
    active_parameters: Count | None = Field(
        None, description="parameters active per token (mixture-of-experts); default: total")
    epochs: Epochs | None = Field(
        None, description="passes over the measured tokens, for every source not in "
        "epochs_per_source")
    epochs_per_source: dict[str, Epochs] = Field(
        {}, description="passes per source name of the store (0: scanned, not trained on)")
    tokens_seen: Count | None = Field(
        None, description="tokens processed in training, when not measured × epochs")
    compute_flop: Flop | None = Field(
        None, description="the training compute the provider measured, in FLOP")
    compute_method: Literal["architecture-based", "hardware-based"] | None = Field(
        None, description="how compute_flop was measured (the Commission's two approaches)")
    compute_notes: str | None = Field(None, description="how it was measured, in words")
    base_model_compute_flop: Flop | None = Field(
        None, description="for a modification (model.dependencies): the cumulative training "
        "compute of the model modified, in FLOP")

    @model_validator(mode="after")
    def _consistent(self) -> Training:
        a, t = self.active_parameters, self.total_parameters
        if a is not None and t is not None and a > t:
            raise ValueError(f"training.active_parameters ({a:,}) is above "
                             f"training.total_parameters ({t:,})")
        if self.tokens_seen is not None and (self.epochs is not None
                                             or self.epochs_per_source):
            raise ValueError("training.tokens_seen and training.epochs(_per_source) both "
                             "given: give one (tokens seen, or epochs over the measured "
                             "tokens)")
        if self.compute_method is not None and self.compute_flop is None:
            raise ValueError("training.compute_method given without training.compute_flop")
        return self


class ModalityContent(_Frozen):
    """Section 1.3, one modality."""

    types_of_content: str | None = Field(None, description="e.g. fiction, news, source code")
    size_bin: TextBin | ImageBin | HoursBin | None = Field(
        None, description="the template's size range, for modalities the scan does not "
        "measure (images, audio, video)")
    approximate_size: str | None = Field(
        None, description="the size in another unit, as free text")


class Content(_Frozen):
    """Section 1.3, the characteristics the provider describes."""

    text: ModalityContent | None = None
    image: ModalityContent | None = None
    audio: ModalityContent | None = None
    video: ModalityContent | None = None
    other: ModalityContent | None = None
    other_modality_name: str | None = Field(None, description="what 'other' is")
    linguistic_comments: str | None = Field(
        None, description="added to the measured language list")
    other_characteristics: str | None = Field(
        None, description="national, regional or demographic specificities")
    additional_comments: str | None = None

    @model_validator(mode="after")
    def _bins_fit_their_modality(self) -> Content:
        for mod, bins in (("text", TextBin), ("image", ImageBin), ("audio", HoursBin),
                          ("video", HoursBin)):
            m = getattr(self, mod)
            if m is not None and m.size_bin is not None and m.size_bin not in get_args(bins):
                raise ValueError(f"content.{mod}.size_bin: {m.size_bin!r} is not a range for "
                                 f"{mod}; use one of: {', '.join(get_args(bins))}")
        return self


class PublicDatasets(_Frozen):
    """Section 2.1."""

    used: bool | None = None
    subset_selection: dict[str, str] = Field(
        {}, description="per source name: how the subset used was selected")
    other_datasets_description: str | None = Field(
        None, description="the datasets that are not large, described in general")
    additional_comments: str | None = None


class Licensed(_Frozen):
    """Section 2.2.1."""

    used: bool | None = None
    modalities: tuple[Modality, ...] | None = None


class PrivateThirdParty(_Frozen):
    """Section 2.2.2."""

    used: bool | None = None
    modalities: tuple[Modality, ...] | None = None
    publicly_known: tuple[DatasetRef, ...] | None = Field(
        None, description="publicly known private datasets besides the sources classed "
        "2.2.2 that have a link; [] for none")
    other_description: str | None = Field(
        None, description="the datasets that are not publicly known, described in general")
    additional_comments: str | None = None


class Crawler(_Frozen):
    """One crawler of section 2.3."""

    name: str = Field(description="its identifier, the user-agent token")
    purpose: str
    collection_start: MonthYear | None = Field(None, description="MM/YYYY")
    collection_end: MonthYear | None = Field(None, description="MM/YYYY")


class Crawling(_Frozen):
    """Section 2.3."""

    used: bool | None = Field(None, description="crawlers used by the provider or on its behalf")
    crawlers: tuple[Crawler, ...] = ()
    behaviour: str | None = Field(
        None, description="captchas, password-protected pages, paywalls, robots.txt, "
        "other opt-out protocols")
    content_description: str | None = Field(
        None, description="types of websites; geographic, linguistic, demographic traits")
    modalities: tuple[Modality, ...] | None = Field(
        None, description="default: the modalities of the sources classed 2.3")
    additional_comments: str | None = None


class UserData(_Frozen):
    """Section 2.4."""

    from_model_interactions: bool | None = None
    from_other_services: bool | None = None
    services_description: str | None = None
    modalities: tuple[Modality, ...] | None = None
    additional_comments: str | None = None


class Synthetic(_Frozen):
    """Section 2.5."""

    used: bool | None = None
    modalities: tuple[Modality, ...] | None = None
    generator_models: tuple[ModelRef, ...] | None = Field(
        None, description="models on the market that generated it, with their summaries; "
        "[] for none")
    other_models_description: str | None = None
    additional_comments: str | None = None


class OtherSources(_Frozen):
    """Section 2.6."""

    used: bool | None = None
    description: str | None = None
    additional_comments: str | None = None


class DataSources(_Frozen):
    """Section 2."""

    public_datasets: PublicDatasets = PublicDatasets()
    licensed: Licensed = Licensed()
    private_third_party: PrivateThirdParty = PrivateThirdParty()
    crawling: Crawling = Crawling()
    user_data: UserData = UserData()
    synthetic: Synthetic = Synthetic()
    other: OtherSources = OtherSources()


class Processing(_Frozen):
    """Section 3."""

    code_of_practice_signatory: bool | None = None
    tdm_measures: str | None = Field(
        None, description="measures before and during collection to honour reservations")
    copyright_policy: str | None = Field(None, description="link to or summary of the policy")
    illegal_content_measures: str | None = None
    other_information: str | None = None


class Documentation(_Frozen):
    """Model Documentation Form fields no scan can fill (mdf_data.json)."""

    how_obtained_and_selected: str | None = None
    curation_methodologies: str | None = None
    unsuitability_measures: str | None = None
    bias_measures: str | None = None


class Declaration(_Frozen):
    """What the provider states; see docs/declaration.md."""

    summary: SummaryInfo = SummaryInfo()
    provider: Provider = Provider()
    model: Model = Model()
    content: Content = Content()
    data_sources: DataSources = DataSources()
    processing: Processing = Processing()
    documentation: Documentation = Documentation()
    training: Training = Training()
    _origin: str | None = PrivateAttr(None)

    @property
    def origin(self) -> str:
        """The file it was read from, for messages ("the declaration" when none)."""
        return self._origin or "the declaration"

    @model_validator(mode="after")
    def _base_compute_needs_a_base(self) -> Declaration:
        if self.training.base_model_compute_flop is not None and not self.model.dependencies:
            raise ValueError("training.base_model_compute_flop is given but "
                             "model.dependencies names no model this one modifies")
        return self


EMPTY = Declaration()


def _suggest(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """'did you mean …?' for an unknown field, from the fields of its parent model."""
    cls: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):  # a list index: stay on the item's model
            continue
        info = getattr(cls, "model_fields", {}).get(part)
        if info is None:
            return ""
        ann = info.annotation
        cls = next((a for a in getattr(ann, "__args__", (ann,))
                    if isinstance(a, type) and issubclass(a, BaseModel)), ann)
    names = list(getattr(cls, "model_fields", {}))
    close = difflib.get_close_matches(str(loc[-1]), names, n=1)
    return f" (did you mean `{close[0]}`?)" if close else f" (known: {', '.join(names)})"


def _message(path: str, err: ValidationError) -> str:
    lines = _format_validation(path, err).replace(
        "invalid configuration", "invalid declaration").splitlines()
    for i, e in enumerate(err.errors(), start=1):
        loc = ".".join(str(x) for x in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "value_error" and msg.startswith(loc):  # it names its own field
            lines[i] = "  " + msg
        if e["type"] == "extra_forbidden":
            lines[i] = lines[i].replace("Extra inputs are not permitted", "unknown field") \
                + _suggest(Declaration, e["loc"])
    lines[-1] = "See docs/declaration.md and the annotated configs/declaration.yaml."
    return "\n".join(lines)


def load_declaration(path: str | Path | None) -> Declaration:
    """Read a declaration YAML file; ``None`` gives the empty declaration."""
    if path is None:
        return EMPTY
    p = Path(path)
    raw = read_yaml(p, "declaration")
    if raw is None:
        return EMPTY
    if not isinstance(raw, dict):
        raise ConfigError(f"{p}: expected a mapping (provider, model, data_sources, …)")
    try:
        d = Declaration.model_validate(raw)
    except ValidationError as e:
        raise ConfigError(_message(str(p), e)) from e
    d._origin = str(p)
    return d
