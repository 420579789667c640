"""croissant.json loads in mlcroissant (the reference implementation of Croissant 1.1)
offline, without errors, without warnings and with the standard @context."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import mlcroissant as mlc
import pytest
from helpers.report import DECLARATION

from provscan.declaration import EMPTY, Declaration, load_declaration
from provscan.report.build import build_summary
from provscan.report.mdf import build_croissant
from provscan.report.model import ScanFigures
from provscan.store import Catalog

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
VERSION_WARNING = 'Property "https://schema.org/version" is recommended, but does not exist.'


@pytest.fixture(scope="module")
def figures(sample_store: Path) -> ScanFigures:
    with Catalog(sample_store, read_only=True) as cat:
        return build_summary(cat, now=NOW)


def _write(tmp: Path, figures: ScanFigures, d: Declaration) -> Path:
    p = tmp / "croissant.json"
    p.write_text(json.dumps(build_croissant(figures, d), indent=2), encoding="utf-8")
    return p


def _validate(path: Path, caplog: pytest.LogCaptureFixture) -> tuple[set[str], set[str],
                                                                       list[str]]:
    """mlcroissant's errors, warnings and logged warnings for a file."""
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        ds = mlc.Dataset(jsonld=path)
    issues = ds.metadata.ctx.issues
    return (set(issues.errors), set(issues.warnings),
            [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING])


def test_the_sample_with_its_declaration_is_clean(
        figures: ScanFigures, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    d = load_declaration(DECLARATION)
    errors, warnings, logged = _validate(_write(tmp_path, figures, d), caplog)
    assert (errors, warnings, logged) == (set(), set(), [])
    doc = json.loads((tmp_path / "croissant.json").read_text())
    assert doc["conformsTo"][0] == "http://mlcommons.org/croissant/1.1"
    assert doc["version"] == d.summary.version == "1.0"
    assert doc["datePublished"] == "2026-11-30"  # summary.last_update
    assert doc["license"] == sorted({r.declared_licence or r.dataset_licence
                                     for r in figures.sources.value
                                     if r.declared_licence or r.dataset_licence})
    assert doc["citeAs"].startswith("@misc{training-data-of-example-sample-7b-v1-0,")
    assert "author = {Example Models GmbH}" in doc["citeAs"]


def test_without_a_declaration_only_the_version_is_missing(
        figures: ScanFigures, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """citeAs, datePublished and license come from the scan; the version only from the
    declaration (summary.version), so mlcroissant asks for it."""
    errors, warnings, logged = _validate(_write(tmp_path, figures, EMPTY), caplog)
    assert errors == set()
    assert [w.split("] ", 1)[1] for w in warnings] == [VERSION_WARNING]
    assert not any("not standard" in m for m in logged)
    doc = json.loads((tmp_path / "croissant.json").read_text())
    assert doc["datePublished"] == NOW.date().isoformat()


@pytest.mark.parametrize("key", ["samplingRate", "equivalentProperty", "citeAs", "rai"])
def test_a_context_without_a_standard_key_is_caught(
        figures: ScanFigures, tmp_path: Path, caplog: pytest.LogCaptureFixture,
        key: str) -> None:
    """The check above can fail: mlcroissant warns when a key of the standard @context
    is missing (its loader checks the keys of 1.0; the next test checks those of 1.1)."""
    p = _write(tmp_path, figures, load_declaration(DECLARATION))
    doc = json.loads(p.read_text())
    del doc["@context"][key]
    p.write_text(json.dumps(doc))
    _, _, logged = _validate(p, caplog)
    assert any("not standard" in m and key in m for m in logged)


@pytest.mark.parametrize(("version", "clean"), [("1.0", True), ("2.1.3", True),
                                                ("v1", False), ("2025-07", False)])
def test_a_declared_version_must_be_semantic(
        figures: ScanFigures, tmp_path: Path, caplog: pytest.LogCaptureFixture,
        version: str, clean: bool) -> None:
    d = Declaration.model_validate({"summary": {"version": version}})
    _, warnings, _ = _validate(_write(tmp_path, figures, d), caplog)
    assert (warnings == set()) is clean


def test_the_context_is_the_standard_one_of_croissant_1_1(
        figures: ScanFigures, tmp_path: Path) -> None:
    """Key for key the @context mlcroissant makes for a Croissant 1.1 dataset."""
    from mlcroissant._src.core.rdf import make_context  # the loader's own reference

    doc = json.loads(_write(tmp_path, figures, EMPTY).read_text())
    ctx = mlc.Context(conforms_to="http://mlcommons.org/croissant/1.1")
    assert doc["@context"] == make_context(ctx)
