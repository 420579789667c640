"""Every report output has a docs page, every query behind a figure is printed there
verbatim (so users can re-derive each number), and every declaration field is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from provscan.aggregate import dedup as D
from provscan.aggregate import evidence as E
from provscan.aggregate import queries as Q
from provscan.declaration import Declaration
from provscan.report.evidence import FILES

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = {"summary.json": "summary.md", "top_domains.csv": "top_domains.md",
         "sources.csv": "sources.md", "evidence/": "evidence.md", "mdf_data.json": "mdf.md",
         "croissant.json": "croissant.md", "--declaration": "declaration.md",
         "changes.json": "report-changes.md"}


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().rstrip(";")


def _all_docs() -> str:
    return _norm(" ".join(p.read_text() for p in DOCS.glob("*.md")))


@pytest.mark.parametrize(("output", "page"), sorted(PAGES.items()))
def test_every_output_has_a_page(output: str, page: str) -> None:
    text = (DOCS / page).read_text()
    assert output.rstrip("/").split(".")[0].lstrip("-") in text


QUERIES = {
    **{n: getattr(Q, n) for n in (
        "TOTALS", "PER_MODALITY", "SIZE_MEASURE", "SOURCE_LICENCES", "SOURCE_LICENCE_CLASSES",
        "CLASSES", "CLASS_LANGUAGES", "CLASS_OPTOUT", "MONTHLY", "TLDS", "PROFILES",
        "DOMAIN_COUNT", "TOP_DOMAINS", "TOKEN_METHODS", "UNIT_STATUS", "LANGUAGES",
        "DETECTED", "OPTOUT_BY_SIGNAL", "ROBOTS_STATES", "LICENCE_CLASSES", "TOP_LICENCES",
        "PER_SOURCE", "DATASET_LICENCES")},
    **{f"dedup.{n}": getattr(D, n) for n in ("TOTALS", "PER_SOURCE", "OVERLAP", "STALE")},
    **{f"evidence/{name}": E.plain(sql) for name, (sql, _) in FILES.items()},
    **{f"tie-out {w}": q for w, a, b in E.tie_outs() for q in (a, b)},
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_is_in_the_docs(name: str) -> None:
    assert _norm(QUERIES[name]) in _all_docs(), f"{name}: paste the query into docs/"


def _leaves(cls: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, f in cls.model_fields.items():
        sub = next((a for a in getattr(f.annotation, "__args__", (f.annotation,))
                    if isinstance(a, type) and issubclass(a, BaseModel)), None)
        out += _leaves(sub, f"{prefix}{name}.") if sub is not None else [prefix + name]
    return out


@pytest.mark.parametrize("field", _leaves(Declaration))
def test_every_declaration_field_is_documented(field: str) -> None:
    text = (DOCS / "declaration.md").read_text()
    leaf = field.rsplit(".", 1)[-1]
    assert re.search(rf"[`{{., ]{leaf}[`}}, ]", text), field
