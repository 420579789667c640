"""The summary as a sequence of blocks (headings, answers, tables, charts) that the
Markdown and HTML renderers both format, so the two never drift apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from provscan.report.formatting import NOT_APPLICABLE, n, pct
from provscan.report.template import MODALITIES, MODALITY_NAMES
from provscan.report.template_model import (
    ContentCharacteristics,
    DomainsValue,
    LanguagesValue,
    ModalityAnswers,
    Section,
    SizeValue,
    TableValue,
    Template,
    TemplateField,
)

TICK, BOX = "☒", "☐"
SOURCE_LABEL = {"scan": "measured", "declaration": "declared",
                "to_be_provided": "to be provided"}


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    cls: str = ""


@dataclass(frozen=True)
class Table:
    head: Sequence[str]
    rows: Sequence[Sequence[str]]
    query: str | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Answer:
    question: str
    lines: list[str]
    source: str  # scan | declaration | to_be_provided
    ref: str | None = None  # declaration field to fill, for to_be_provided
    supplement: bool = False
    table: Table | None = None
    bullets: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Chart:
    svg: str  # inline SVG; the Markdown leaves charts out (the tables carry the figures)


Block = Heading | Para | Table | Answer | Chart


def boxes(options: Sequence[str], ticked: object) -> str:
    return " ".join(f"{TICK if o == ticked else BOX} {o}" for o in options)


def _tbp(f: TemplateField) -> list[str]:
    if f.optional:
        return ["None given (optional)."]
    prefix = boxes(["Yes", "No"], None) + " — " if f.kind == "yes_no" else ""
    return [prefix + "To be provided."]


def answer_of(f: TemplateField) -> Answer:
    """The rendering of one template field."""
    v, kind = f.value, f.kind
    table: Table | None = None
    bullets = False
    if f.source == "to_be_provided":
        lines = _tbp(f)
    elif isinstance(v, str) and v.startswith(NOT_APPLICABLE):
        lines = [v]
    elif kind == "yes_no":
        lines = [boxes(["Yes", "No"], "Yes" if v else "No")]
    elif kind == "modalities" and isinstance(v, tuple):
        lines = [" ".join(f"{TICK if m in v else BOX} {MODALITY_NAMES[m]}" for m in MODALITIES)]
    elif isinstance(v, SizeValue):
        lines = [_size(v)]
    elif kind == "languages":
        lines = _languages(v) if isinstance(v, LanguagesValue) else [str(v)]
    elif isinstance(v, TableValue):
        table = Table(v.head, v.rows) if v.rows else None
        lines = [] if v.rows else [v.empty or "None."]
    elif isinstance(v, DomainsValue):
        lines = [f"{v.listed:,} of {v.total:,} registrable domains ({v.rule}), "
                 f"ranked by {v.size_measure}, counted over every document with a URL "
                 f"(crawled sources and datasets alike). The full list is in `{v.file}`"
                 + (f"; the first {len(v.rows)} are shown." if len(v.rows) < v.listed
                    else ".")]
        if v.rows:
            table = Table(["Rank", "Domain", "Bytes", "Documents", "Share", "Cumulative"],
                          [[str(r.rank), r.domain, n(r.bytes), n(r.documents),
                            pct(r.share, 2), pct(r.cumulative_share, 2)] for r in v.rows])
    elif kind == "list":
        lines = [str(x) for x in v] if isinstance(v, tuple) else [str(v)]
        bullets = isinstance(v, tuple) and len(v) > 1
        if bullets and max(len(x) for x in lines) <= 24:  # short items: one line
            lines, bullets = ["; ".join(lines)], False
        lines = lines or ["None."]
    else:
        lines = [str(v) if v is not None else "Not known."]
    return Answer(f.question, lines, f.source, f.answer.field, f.supplement, table, bullets,
                  f.optional)


def _size(v: SizeValue) -> str:
    exact = f" — {v.exact}" if v.exact else ""
    return (boxes(v.bins, v.bin) if v.bins else "") + exact


def _languages(v: LanguagesValue) -> list[str]:
    shown = ", ".join(f"{x.name} ({pct(x.share_of_bytes)})" for x in v.languages)
    lines = [f"Languages by share of bytes: {shown or 'none identified'}.",
             f"EU official languages covered: {v.eu_official_count} of "
             f"{v.eu_official_total}"
             + (f" ({', '.join(v.eu_official_covered)})." if v.eu_official_covered
                else ".")]
    if v.other:
        lines.append("Other languages: " + ", ".join(v.other) + ".")
    unknown = v.documents_checked - v.documents_with_language
    lines.append(f"Language identified for {n(v.documents_with_language)} of "
                 f"{n(v.documents_checked)} documents"
                 + (f" ({n(unknown)} undetermined)" if unknown else "")
                 + (f"; detector: {v.detector}." if v.detector else "."))
    return lines


def template_blocks(t: Template) -> list[Block]:
    """The template part: header, sections 1 to 3, in the template's order and wording."""
    blocks: list[Block] = [answer_of(f) for f in t.header.answers()]

    def walk(sec: Section, level: int) -> None:
        blocks.append(Heading(level, f"{sec.ID}. {sec.TITLE}"))
        if isinstance(sec, ContentCharacteristics):
            blocks.append(_modality_table(sec.modalities))
        blocks.extend(answer_of(f) for f in sec.answers() if not _in_modality_table(f, sec))
        for sub in sec.subsections():
            walk(sub, level + 1)

    for sec in t.sections():
        walk(sec, 2)
    return blocks


def _in_modality_table(f: TemplateField, sec: Section) -> bool:
    return isinstance(sec, ContentCharacteristics) and any(
        f is m.size or f is m.types_of_content for m in sec.modalities)


def _cell(a: Answer) -> str:
    if a.source == "to_be_provided":
        return f"To be provided (`{a.ref}`)."
    tag = "" if a.source == "scan" or a.lines[0].startswith(NOT_APPLICABLE) \
        else f" ({SOURCE_LABEL[a.source]})"
    return " ".join(a.lines) + tag


def _modality_table(mods: Sequence[ModalityAnswers]) -> Table:
    by_name = dict(zip(MODALITIES, mods, strict=True))
    rows = [[MODALITY_NAMES[m], _cell(answer_of(by_name[m].size)),
             _cell(answer_of(by_name[m].types_of_content))] for m in MODALITIES]
    return Table(["Modality", "Training data size (tick one range; exact figure beside it)",
                  "Types of content"], rows,
                 caption="Modalities and overall training data size, after pre-processing "
                         "and before training")

