"""Markdown rendering of the summary blocks (GitHub-flavoured tables)."""

from __future__ import annotations

from provscan.report.layout import SOURCE_LABEL, Answer, Block, Chart, Heading, Para, Table


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _table(t: Table) -> list[str]:
    out = [f"*{t.caption}*", ""] if t.caption else []
    out += ["| " + " | ".join(_cell(h) for h in t.head) + " |",
            "|" + "---|" * len(t.head)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in t.rows]
    return [*out, ""]


def _answer(a: Answer) -> list[str]:
    q = f"**{a.question}**" + (" *(measured by provscan)*" if a.supplement else "")
    out = [q, ""]
    if a.source == "to_be_provided" and a.lines[-1].endswith("To be provided."):
        lines = [*a.lines[:-1], a.lines[-1].replace("To be provided.", "**To be provided.**")
                 + (f" Declaration field: `{a.ref}`." if a.ref else "")]
    else:
        tag = "" if a.supplement or a.source == "to_be_provided" \
            else f" *({SOURCE_LABEL[a.source]})*"
        lines = [*a.lines[:-1], a.lines[-1] + tag] if a.lines else []
    if a.bullets:
        out += [f"- {x}" for x in lines]
    else:
        out += [x + "  " if i < len(lines) - 1 else x for i, x in enumerate(lines)]
    if lines:
        out.append("")
    if a.table is not None:
        out += _table(a.table)
    return out


def render_markdown(title: str, intro: list[str], blocks: list[Block]) -> str:
    out = [f"# {title}", ""]
    for p in intro:
        out += [p, ""]
    for b in blocks:
        if isinstance(b, Heading):
            out += ["#" * b.level + " " + b.text, ""]
        elif isinstance(b, Para):
            out += [b.text, ""]
        elif isinstance(b, Table):
            out += _table(b)
        elif isinstance(b, Answer):
            out += _answer(b)
        elif isinstance(b, Chart):
            continue  # charts are in the HTML; the table beside each gives the figures
    return "\n".join(out).rstrip() + "\n"
