"""The summary as a sequence of blocks (headings, answers, tables, charts) that the
Markdown and HTML renderers both format, so the two never drift apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from provscan.report.tags import NOT_APPLICABLE, n, pct
from provscan.report.template import MODALITIES, MODALITY_NAMES
from provscan.report.template_processing import iter_fields

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
    head: list[str]
    rows: list[list[str]]
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


def boxes(options: list[str], ticked: object) -> str:
    return " ".join(f"{TICK if o == ticked else BOX} {o}" for o in options)


def _tbp(f: dict[str, Any]) -> list[str]:
    if f.get("optional"):
        return ["None given (optional)."]
    prefix = boxes(["Yes", "No"], None) + " — " if f["kind"] == "yes_no" else ""
    return [prefix + "To be provided."]


def answer_of(f: dict[str, Any]) -> Answer:
    """The rendering of one template field."""
    v, kind = f["value"], f["kind"]
    table: Table | None = None
    bullets = False
    if f["source"] == "to_be_provided":
        lines = _tbp(f)
    elif isinstance(v, str) and v.startswith(NOT_APPLICABLE):
        lines = [v]
    elif kind == "yes_no":
        lines = [boxes(["Yes", "No"], "Yes" if v else "No")]
    elif kind == "modalities":
        lines = [" ".join(f"{TICK if m in v else BOX} {MODALITY_NAMES[m]}" for m in MODALITIES)]
    elif kind == "size":
        lines = [_size(v)]
    elif kind == "languages":
        lines = _languages(v) if isinstance(v, dict) else [str(v)]
    elif kind == "table":
        table = Table(v["head"], v["rows"]) if v["rows"] else None
        lines = [] if v["rows"] else [v.get("empty", "None.")]
    elif kind == "domains":
        lines = [f"{v['listed']:,} of {v['total']:,} registrable domains ({v['rule']}), "
                 f"ranked by {v['size_measure']}, counted over every document with a URL "
                 f"(crawled sources and datasets alike). The full list is in `{v['file']}`"
                 + (f"; the first {len(v['rows'])} are shown." if len(v["rows"]) < v["listed"]
                    else ".")]
        if v["rows"]:
            table = Table(["Rank", "Domain", "Bytes", "Documents", "Share", "Cumulative"],
                          [[str(r["rank"]), r["domain"], n(r["bytes"]), n(r["documents"]),
                            pct(r["share"], 2), pct(r["cumulative_share"], 2)]
                           for r in v["rows"]])
    elif kind == "list":
        lines = [str(x) for x in v] if isinstance(v, list) else [str(v)]
        bullets = isinstance(v, list) and len(v) > 1
        if bullets and max(len(x) for x in lines) <= 24:  # short items: one line
            lines, bullets = ["; ".join(lines)], False
        lines = lines or ["None."]
    else:
        lines = [str(v) if v is not None else "Not known."]
    return Answer(f["question"], lines, f["source"], f.get("field"), bool(f.get("supplement")),
                  table, bullets, bool(f.get("optional")))


def _size(v: dict[str, Any]) -> str:
    exact = f" — {v['exact']}" if v.get("exact") else ""
    return (boxes(v["bins"], v["bin"]) if v["bins"] else "") + exact


def _languages(v: dict[str, Any]) -> list[str]:
    langs = v["languages"]
    shown = ", ".join(f"{x['name']} ({pct(x['share_of_bytes'])})" for x in langs)
    lines = [f"Languages by share of bytes: {shown or 'none identified'}.",
             f"EU official languages covered: {v['eu_official_count']} of "
             f"{v['eu_official_total']}"
             + (f" ({', '.join(v['eu_official_covered'])})." if v["eu_official_covered"]
                else ".")]
    if v["other"]:
        lines.append("Other languages: " + ", ".join(v["other"]) + ".")
    unknown = v["documents_checked"] - v["documents_with_language"]
    lines.append(f"Language identified for {n(v['documents_with_language'])} of "
                 f"{n(v['documents_checked'])} documents"
                 + (f" ({n(unknown)} undetermined)" if unknown else "")
                 + (f"; detector: {v['detector']}." if v.get("detector") else "."))
    return lines


_MOD_FIELD = re.compile(r"^1\.3\.(text|image|audio|video|other)\.(size|types_of_content)$")


def template_blocks(t: dict[str, Any]) -> list[Block]:
    """The template part: header, sections 1 to 3, in the template's order and wording."""
    blocks: list[Block] = []
    for f in t["header"]:
        blocks.append(answer_of(f))

    def walk(sec: dict[str, Any], level: int) -> None:
        blocks.append(Heading(level, f"{sec['id']}. {sec['title']}"))
        mods: dict[str, dict[str, Answer]] = {}
        for f in sec["fields"]:
            m = _MOD_FIELD.match(f["id"])
            if m:
                mods.setdefault(m.group(1), {})[m.group(2)] = answer_of(f)
                if len(mods) == len(MODALITIES) and all(len(x) == 2 for x in mods.values()):
                    blocks.append(_modality_table(mods))
                continue
            blocks.append(answer_of(f))
        for sub in sec.get("subsections", []):
            walk(sub, level + 1)

    for sec in t["sections"]:
        walk(sec, 2)
    return blocks


def _cell(a: Answer) -> str:
    if a.source == "to_be_provided":
        return f"To be provided (`{a.ref}`)."
    tag = "" if a.source == "scan" or a.lines[0].startswith(NOT_APPLICABLE) \
        else f" ({SOURCE_LABEL[a.source]})"
    return " ".join(a.lines) + tag


def _modality_table(mods: dict[str, dict[str, Answer]]) -> Table:
    rows = [[MODALITY_NAMES[m], _cell(mods[m]["size"]), _cell(mods[m]["types_of_content"])]
            for m in MODALITIES]
    return Table(["Modality", "Training data size (tick one range; exact figure beside it)",
                  "Types of content"], rows,
                 caption="Modalities and overall training data size, after pre-processing "
                         "and before training")


def open_answers(t: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in iter_fields(t) if f["source"] == "to_be_provided"
            and not f.get("optional")]
