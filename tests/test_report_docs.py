"""Every report output is documented key by key on its docs page, every query behind a
figure is printed there verbatim (so users can re-derive each number), and every
declaration field is documented. The keys are read from a report written by the tests,
so a new column, key or template question without its documentation fails here."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from helpers.report import DECLARATION
from pydantic import BaseModel

from provscan.aggregate import dedup as D
from provscan.aggregate import evidence as E
from provscan.aggregate import exclusions as X
from provscan.aggregate import provenance as P
from provscan.aggregate import queries as Q
from provscan.declaration import Declaration, load_declaration
from provscan.report import write_report
from provscan.report.evidence import FILES
from provscan.store import Catalog

DOCS = Path(__file__).resolve().parents[1] / "docs"
NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def report(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample report with every output, changes.json included."""
    out = tmp_path_factory.mktemp("docs")
    with Catalog(sample_store, read_only=True) as cat:
        write_report(cat, out / "old", now=NOW - timedelta(days=200))
        write_report(cat, out / "new", declaration=load_declaration(DECLARATION),
                     previous=out / "old", now=NOW)
    return out / "new"


def _json(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _csv_head(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return next(csv.reader(x for x in f if not x.startswith("#")))


def _summary_keys(out: Path) -> list[str]:
    s = _json(out / "summary.json")
    detectors = s["detectors"]
    store = s["store"]
    assert isinstance(detectors, dict) and isinstance(store, dict)
    return [*s, *detectors, *store]


def _evidence_keys(out: Path) -> list[str]:
    return [*(p.name for p in (out / "evidence").iterdir() if p.suffix == ".csv"),
            *_json(out / "evidence" / "index.json")]


def _mdf_keys(out: Path) -> list[str]:
    mdf = _json(out / "mdf_data.json")
    fields, compute = mdf["fields"], mdf["training_compute"]
    assert isinstance(fields, dict) and isinstance(compute, dict)
    value, measured = compute["value"], compute["measured"]
    assert isinstance(value, dict) and isinstance(measured, dict)
    return [*mdf, *fields, *value, *measured["value"]]


def _croissant_keys(out: Path) -> list[str]:
    doc = _json(out / "croissant.json")
    parts = doc["isBasedOn"]
    assert isinstance(parts, list) and parts
    return [*(k for k in doc if k != "@type"),
            *(k for p in parts for k in p if not k.startswith("@"))]


def _obligations_keys(out: Path) -> list[str]:
    """Top-level keys, the compute's, a source's and an obligation's keys, every
    obligation id, and the keys of a modification (null for the sample)."""
    from provscan.report.obligations import Modification

    ob = _json(out / "obligations.json")
    compute, items = ob["compute"], ob["obligations"]
    assert isinstance(compute, dict) and isinstance(items, list) and items
    sources = compute["sources"]
    assert isinstance(sources, list) and sources
    return [*ob, *compute, *sources[0], *items[0], *(o["id"] for o in items),
            *Modification.model_fields]


OUTPUTS: dict[str, tuple[str, Callable[[Path], list[str]]]] = {
    "summary.json": ("summary.md", _summary_keys),
    "top_domains.csv": ("top_domains.md", lambda out: _csv_head(out / "top_domains.csv")),
    "sources.csv": ("sources.md", lambda out: _csv_head(out / "sources.csv")),
    "evidence/": ("evidence.md", _evidence_keys),
    "mdf_data.json": ("mdf.md", _mdf_keys),
    "croissant.json": ("croissant.md", _croissant_keys),
    "obligations.json": ("obligations.md", _obligations_keys),
    "changes.json": ("report-changes.md", lambda out: list(_json(out / "changes.json"))),
}


def _named(text: str, key: str) -> bool:
    """``key`` as code, or as a cell of a table."""
    k = re.escape(key)
    return re.search(rf"`{k}`|\|\s*{k}\s*\|", text) is not None


@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_every_key_of_every_output_is_on_its_page(report: Path, output: str) -> None:
    page, keys_of = OUTPUTS[output]
    keys = keys_of(report)
    assert keys, output
    text = (DOCS / page).read_text()
    missing = sorted({k for k in keys if not _named(text, k)})
    assert missing == [], f"docs/{page} does not name {missing} of {output}"


def _fields(sec: dict[str, Any]) -> Iterator[str]:
    for f in sec["fields"]:
        yield f["id"]
    for sub in sec.get("subsections", []):
        yield from _fields(sub)


def test_every_template_question_is_in_the_fields_table(report: Path) -> None:
    """By its id, by its section's ``N.*``, or (1.3) as ``1.3.<modality>.…``."""
    t = _json(report / "summary.json")["template"]
    assert isinstance(t, dict)
    ids = [f["id"] for f in t["header"]]
    ids += [i for sec in t["sections"] for i in _fields(sec)]
    assert len(ids) > 50
    text = (DOCS / "summary.md").read_text()

    def documented(fid: str) -> bool:
        section, _, question = fid.rpartition(".")
        modality = re.fullmatch(r"1\.3\.(text|image|audio|video|other)", section)
        return (f"`{fid}`" in text or f"`{section}.*`" in text
                or (modality is not None and f"`1.3.<modality>.{question}`" in text))

    assert [i for i in ids if not documented(i)] == []


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().rstrip(";")


def _all_docs() -> str:
    return _norm(" ".join(p.read_text() for p in DOCS.glob("*.md")))


QUERIES = {
    **{n: getattr(Q, n) for n in (
        "TOTALS", "PER_MODALITY", "SIZE_MEASURE", "SOURCE_LICENCES", "SOURCE_LICENCE_CLASSES",
        "CLASSES", "CLASS_LANGUAGES", "CLASS_OPTOUT", "MONTHLY", "TLDS", "PROFILES",
        "DOMAIN_COUNT", "TOP_DOMAINS", "TOKEN_METHODS", "UNIT_STATUS", "LANGUAGES",
        "DETECTED", "OPTOUT_BY_SIGNAL", "ROBOTS_STATES", "LICENCE_CLASSES", "TOP_LICENCES",
        "PER_SOURCE", "DATASET_LICENCES", "PERSON_NAMES")},
    **{f"dedup.{n}": getattr(D, n) for n in ("TOTALS", "PER_SOURCE", "OVERLAP", "STALE")},
    "provenance.PROVENANCE": P.PROVENANCE,
    **{f"exclusions.{n}": getattr(X, n) for n in (
        "REMOVAL_TOTALS", "REMOVALS_BY_REASON", "REMOVALS_BY_SIGNAL", "SOURCES_BEFORE_AFTER",
        "KEPT_VIEW")},
    **{f"evidence/{name}": E.plain(sql) for name, (sql, _) in FILES.items()},
    **{f"tie-out {w} ({side})": q for w, a, b in E.tie_outs()
       for side, q in (("evidence", a), ("manifest", b))},
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_is_in_the_docs(name: str) -> None:
    assert _norm(QUERIES[name]) in _all_docs(), f"{name}: paste the query into docs/"


def _queries(v: object) -> Iterator[str]:
    if isinstance(v, dict):
        for k, x in v.items():
            if k in ("query", "evidence_query", "manifest_query") and isinstance(x, str):
                yield x
            else:
                yield from _queries(x)
    elif isinstance(v, list):
        for x in v:
            yield from _queries(x)


def test_every_query_of_summary_json_is_a_documented_one(report: Path) -> None:
    """No figure of summary.json comes from a query missing from the list above; the
    list's ``$k`` (domains listed) and ``$measure`` (tokens or bytes) take any value."""
    patterns = [re.compile(re.escape(_norm(q)).replace(r"\$k", r"\d+")
                           .replace(r"\$measure", "(?:tokens|bytes)"))
                for q in QUERIES.values()]
    found = set(_queries(_json(report / "summary.json")))
    assert len(found) > 20
    undocumented = [q for q in found if not any(p.fullmatch(_norm(q)) for p in patterns)]
    assert undocumented == []


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
