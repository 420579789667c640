"""obligations.json: the training-compute estimate checked by hand, and a table of
declarations against the obligations that apply (unknown, never a guess, when an input
is missing)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from provscan.declaration import Declaration, load_declaration
from provscan.errors import ConfigError
from provscan.report import write_report
from provscan.report.build import build_summary
from provscan.report.compute import build_compute, estimate, flop, token_count_kind
from provscan.report.model import ScanFigures
from provscan.report.obligations import Obligations, build_obligations
from provscan.store import Catalog

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
OPEN = {"licence": "Apache-2.0", "licence_free_and_open": True, "weights_public": True}
BELOW = {"active_parameters": 7e9, "tokens_seen": 2e12}  # 8.4e22 FLOP
ABOVE = {"active_parameters": 7e10, "tokens_seen": 3e13}  # 1.26e25 FLOP
LATER = "2026-03-01"


@pytest.fixture(scope="module")
def figures(sample_store: Path) -> ScanFigures:
    with Catalog(sample_store, read_only=True) as cat:
        return build_summary(cat, now=NOW)


def _decl(model: dict[str, Any] | None = None, training: dict[str, Any] | None = None,
          **rest: Any) -> Declaration:
    return Declaration.model_validate({"model": model or {}, "training": training or {},
                                       **rest})


def _applies(ob: Obligations) -> dict[str, bool | None]:
    return {o.id: o.applies for o in ob.obligations}


# -- the estimate, by hand -------------------------------------------------------------

@pytest.mark.parametrize(("training", "flop_expected"), [
    ({"total_parameters": 7e9, "tokens_seen": 2e12}, 8.4e22),  # 6 · 7e9 · 2e12
    ({"total_parameters": 47e9, "active_parameters": 13e9, "tokens_seen": 1e12}, 7.8e22),
    ({"active_parameters": 70_000_000_000, "tokens_seen": "15e12"}, 6.3e24),
    ({"total_parameters": 405e9, "tokens_seen": 15.6e12}, 3.7908e25),
])
def test_compute_checked_by_hand(figures: ScanFigures, training: dict[str, Any],
                                 flop_expected: float) -> None:
    c = build_compute(figures, _decl(training=training))
    assert c.estimate_flop == pytest.approx(flop_expected, rel=1e-12)
    assert c.tokens_seen.source == "declaration" and c.token_count == "declared"
    assert c.missing == ()


def test_tokens_seen_are_the_measured_tokens_times_the_epochs(
        figures: ScanFigures, sample_store: Path) -> None:
    """D from the manifest by one query: every source twice, books not at all, code 3x."""
    with Catalog(sample_store, read_only=True) as cat:
        by_source = dict(cat.db.sql("select source, sum(tokens) from manifest "
                                    "group by 1").fetchall())
    expected = sum(t * {"books": 0, "code": 3}.get(s, 2) for s, t in by_source.items())
    d = _decl(training={"total_parameters": 1e9, "epochs": 2,
                        "epochs_per_source": {"books": 0, "code": 3}})
    c = build_compute(figures, d)
    assert c.tokens_seen.value == expected and c.tokens_seen.source == "scan"
    assert c.estimate_flop == 6 * 1e9 * expected
    assert c.token_count == "word-count estimate"
    assert {r.source: r.epochs_field for r in c.sources}["code"] == \
        "training.epochs_per_source.code"


@pytest.mark.parametrize(("training", "missing"), [
    ({}, ["training.active_parameters", "training.epochs"]),
    ({"total_parameters": 7e9}, ["training.epochs"]),
    ({"total_parameters": 7e9, "epochs_per_source": {"web": 1}},
     ["training.epochs_per_source.books"]),
    ({"epochs": 1}, ["training.active_parameters"]),
])
def test_missing_inputs_make_the_estimate_unknown(
        figures: ScanFigures, training: dict[str, Any], missing: list[str]) -> None:
    c = build_compute(figures, _decl(training=training))
    assert c.estimate_flop is None
    for m in missing:
        assert any(m in x for x in c.missing), (m, c.missing)


@pytest.mark.parametrize(("declared", "ratio", "flagged"), [
    (2.0e23, 2.0e23 / 8.4e22, True),
    (1.0e23, 1.0e23 / 8.4e22, False),
    (3.0e22, 3.0e22 / 8.4e22, True),
])
def test_a_declared_compute_is_shown_beside_the_estimate(
        figures: ScanFigures, declared: float, ratio: float, flagged: bool) -> None:
    ob = build_obligations(figures, _decl(training={**BELOW, "compute_flop": declared,
                                                    "compute_method": "hardware-based"}))
    assert ob.compute.declared_to_estimate == pytest.approx(ratio)
    assert ob.compute.disagreement is flagged
    assert ob.training_compute_flop == declared and ob.compute_basis == "declared"
    assert "hardware-based" in ob.compute_method
    assert any("differ by more than a factor of 2" in w for w in ob.warnings) is flagged


@pytest.mark.parametrize(("training", "warned"), [
    ({"active_parameters": 7e10, "tokens_seen": 1e13}, True),     # 4.2e24
    ({"active_parameters": 7e10, "tokens_seen": 6e13}, True),     # 2.52e25
    ({"active_parameters": 7e10, "tokens_seen": 7e12}, False),    # 2.94e24
    ({"active_parameters": 4e11, "tokens_seen": 2e13}, False),    # 4.8e25
])
def test_near_the_threshold_warns(figures: ScanFigures, training: dict[str, Any],
                                  warned: bool) -> None:
    ob = build_obligations(figures, _decl(training=training))
    assert any("within a factor of 3" in w for w in ob.warnings) is warned
    assert any("within a factor of 3" in c.message for c in ob.checks()) is warned


def test_declared_and_estimate_on_opposite_sides_of_the_threshold_warn(
        figures: ScanFigures) -> None:
    ob = build_obligations(figures, _decl(training={**ABOVE, "compute_flop": 9e24}))
    assert ob.systemic_risk_presumed is False  # the declared figure is judged
    assert any("opposite sides" in w for w in ob.warnings)


@pytest.mark.parametrize(("v", "text"), [
    (8.4e22, "8.4 × 10^22"), (1e25, "1 × 10^25"), (9.9999e24, "1 × 10^25"),
    (1.03e25, "1.03 × 10^25"), (2.468855928e16, "2.47 × 10^16"), (None, "unknown"),
    (0, "0"),
])
def test_flop_as_printed(v: float | None, text: str) -> None:
    assert flop(v) == text


@pytest.mark.parametrize(("methods", "kind"), [
    ((), "not measured"),
    (("words+cjk (white-space separated words plus one per CJK character; estimate)",),
     "word-count estimate"),
    (("tokenizer file t.json (xxh3-64 ab)",), "tokenizer"),
    (("tokenizer file t.json (xxh3-64 ab)", "words+cjk (…)"), "mixed"),
])
def test_which_token_count_was_used(methods: tuple[str, ...], kind: str) -> None:
    assert token_count_kind(methods) == kind


def test_estimate() -> None:
    assert estimate(7_000_000_000, 2_000_000_000_000) == 8.4e22


# -- declarations against obligations --------------------------------------------------

ART53 = ("technical_documentation", "downstream_information")
ALWAYS = ("copyright_policy", "training_content_summary")
ART55 = ("systemic_risk_notification", "model_evaluation", "systemic_risk_assessment",
         "serious_incident_reporting", "cybersecurity")

CASES: list[tuple[str, dict[str, Any], dict[str, Any], tuple[bool | None, bool | None],
                  dict[tuple[str, ...], bool | None]]] = [
    # name, model, training, (systemic risk presumed, open-source exemption), applies
    ("open weights, free licence, below 10^25", {**OPEN, "market_date": LATER}, BELOW,
     (False, True), {ART53: False, ALWAYS: True, ART55: False}),
    ("open weights, free licence, above 10^25", {**OPEN, "market_date": LATER}, ABOVE,
     (True, False), {ART53: True, ALWAYS: True, ART55: True}),
    ("closed weights, below 10^25",
     {"licence_free_and_open": True, "weights_public": False, "market_date": LATER}, BELOW,
     (False, False), {ART53: True, ALWAYS: True, ART55: False}),
    ("restrictive licence, open weights, above 10^25",
     {"licence_free_and_open": False, "weights_public": True}, ABOVE,
     (True, False), {ART53: True, ALWAYS: True, ART55: True}),
    ("fine-tuned, at most a third of the base compute: not a provider",
     {**OPEN, "dependencies": [{"name": "Base-70B"}]},
     {**BELOW, "base_model_compute_flop": 6.3e24},
     (False, True), {ART53: False, ALWAYS: False, ART55: False}),
    ("fine-tuned, more than a third: a provider, cumulative compute above 10^25",
     {"licence_free_and_open": False, "dependencies": [{"name": "Base-70B"}]},
     {"active_parameters": 7e10, "tokens_seen": 1e13, "base_model_compute_flop": 6.3e24},
     (True, False), {ART53: True, ALWAYS: True, ART55: True}),
    ("fine-tuned, base compute not declared: unknown",
     {**OPEN, "dependencies": [{"name": "Base-70B"}]}, BELOW,
     (None, None), {ART53: None, ALWAYS: None, ART55: None}),
    ("nothing declared: unknown, never a guess", {}, {},
     (None, None), {ART53: None, ALWAYS: True, ART55: None}),
    ("open release, compute unknown: the exemption is unknown", OPEN, {},
     (None, None), {ART53: None, ALWAYS: True, ART55: None}),
    ("closed weights, compute unknown: not exempt, systemic risk unknown",
     {"weights_public": False}, {"total_parameters": 7e9},
     (None, False), {ART53: True, ALWAYS: True, ART55: None}),
    ("licence not declared, above 10^25: not exempt whatever the licence", {}, ABOVE,
     (True, False), {ART53: True, ALWAYS: True, ART55: True}),
]


@pytest.mark.parametrize(("model", "training", "status", "applies"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_declarations_against_obligations(
        figures: ScanFigures, model: dict[str, Any], training: dict[str, Any],
        status: tuple[bool | None, bool | None],
        applies: dict[tuple[str, ...], bool | None]) -> None:
    ob = build_obligations(figures, _decl(model, training))
    assert (ob.systemic_risk_presumed, ob.open_source_exemption) == status
    got = _applies(ob)
    assert set(got) == {*ART53, *ALWAYS, *ART55, "authorised_representative"}
    for ids, expected in applies.items():
        assert {i: got[i] for i in ids} == dict.fromkeys(ids, expected)
    for o in ob.obligations:
        assert o.reason and o.article.startswith("AI Act Art. ")
        if o.applies is None:
            assert "unknown" in o.reason


def test_fine_tuned_compute_is_cumulative(figures: ScanFigures) -> None:
    ob = build_obligations(figures, _decl(
        {"dependencies": [{"name": "Base-70B"}]},
        {"active_parameters": 7e10, "tokens_seen": 1e13, "base_model_compute_flop": 6.3e24}))
    assert ob.modification is not None and ob.modification.provider is True
    assert ob.modification.modification_flop == pytest.approx(4.2e24)
    assert ob.training_compute_flop == pytest.approx(4.2e24 + 6.3e24)


@pytest.mark.parametrize(("market_date", "due"), [
    ("2024-05-01", "2027-08-02"),   # before 2 August 2025: Art. 111(3)
    ("2025-08-01", "2027-08-02"),
    ("2025-08-02", "2025-08-02"),   # from then on: at placement
    ("2027-01-15", "2027-01-15"),
    (None, None),
])
def test_placed_on_the_market_before_2_august_2025(
        figures: ScanFigures, market_date: str | None, due: str | None) -> None:
    ob = build_obligations(figures, _decl({**OPEN, "market_date": market_date}, ABOVE))
    assert ob.compliance_due == due
    applying = [o for o in ob.obligations if o.applies]
    assert applying and all(o.due == due for o in applying)
    if due == "2027-08-02":
        assert all("111(3)" in o.reason for o in applying)
    assert all(o.due is None for o in ob.obligations if o.applies is False)


@pytest.mark.parametrize(("provider", "model", "applies"), [
    ({"established_in_eu": True}, {}, False),
    ({"established_in_eu": False}, {"weights_public": False}, True),
    ({"established_in_eu": False}, OPEN, False),   # Art. 54(6), below 10^25
    ({}, {"weights_public": False}, None),
])
def test_authorised_representative(figures: ScanFigures, provider: dict[str, Any],
                                   model: dict[str, Any], applies: bool | None) -> None:
    ob = build_obligations(figures, _decl(model, BELOW, provider=provider))
    assert _applies(ob)["authorised_representative"] is applies


def test_an_epochs_source_the_store_lacks_names_the_file_and_the_field(
        figures: ScanFigures, tmp_path: Path) -> None:
    p = tmp_path / "decl.yaml"
    p.write_text("training:\n  total_parameters: 7e9\n  epochs_per_source: {boks: 2}\n")
    with pytest.raises(ConfigError) as e:
        build_obligations(figures, load_declaration(p))
    assert str(e.value).startswith(f"{p}: training.epochs_per_source.boks: no source")
    assert "did you mean `books`?" in str(e.value)


def test_the_report_writes_obligations(sample_store: Path, tmp_path: Path) -> None:
    from helpers.report import DECLARATION

    with Catalog(sample_store, read_only=True) as cat:
        write_report(cat, tmp_path, declaration=load_declaration(DECLARATION), now=NOW)
    ob = json.loads((tmp_path / "obligations.json").read_text())
    assert {"training_compute_flop", "compute_method", "systemic_risk_presumed",
            "obligations"} <= set(ob)
    assert ob["systemic_risk_presumed"] is False and ob["open_source_exemption"] is True
    assert all({"id", "applies", "reason"} <= set(o) for o in ob["obligations"])
    md = (tmp_path / "obligations.md").read_text()
    assert "word-count estimate" in md and "### [ ] A public summary" in md
    mdf = json.loads((tmp_path / "mdf_data.json").read_text())["training_compute"]
    assert mdf["value"]["flop"] == ob["training_compute_flop"]
    assert mdf["measured"]["value"]["token_count"] == "word-count estimate"
    summary = (tmp_path / "summary.md").read_text()
    assert "### Training compute" in summary and flop(ob["training_compute_flop"]) in summary


GOLDEN = Path(__file__).parent / "data" / "golden"
FINE_TUNED = {
    "model": {"names": ["Tuned-70B v2"], "dependencies": [{"name": "Base-70B v1"}],
              "market_date": "2025-03-01", "licence": "LicenseRef-community",
              "licence_free_and_open": False, "weights_public": True},
    "provider": {"established_in_eu": False},
    "training": {"active_parameters": 7e10, "tokens_seen": 1e13,
                 "base_model_compute_flop": 6.3e24, "compute_flop": 4.0e24,
                 "compute_method": "hardware-based",
                 "compute_notes": "1.1 million H100-hours at 40 % utilisation"},
}


@pytest.mark.parametrize(("name", "decl"), [
    ("sample_obligations.md", None),
    ("sample_obligations_fine_tuned.md", FINE_TUNED),
])
def test_golden_obligations_md(figures: ScanFigures, name: str,
                               decl: dict[str, Any] | None) -> None:
    """obligations.md of the sample store, with the example declaration and with a
    fine-tuned model above the threshold. PROVSCAN_UPDATE_GOLDEN=1 rewrites them."""
    import os

    from helpers.report import DECLARATION

    from provscan.report.obligations_md import render_obligations_md

    d = load_declaration(DECLARATION) if decl is None else Declaration.model_validate(decl)
    md = render_obligations_md(build_obligations(figures, d)).replace(
        f"provscan {figures.provscan_version} ", "provscan VERSION ")
    golden = GOLDEN / name
    if os.environ.get("PROVSCAN_UPDATE_GOLDEN"):
        golden.write_text(md)
    assert md == golden.read_text(), f"{name} changed: review, then rerun with " \
                                     "PROVSCAN_UPDATE_GOLDEN=1"


def test_a_word_count_estimate_near_the_threshold_says_it_is_rough(
        figures: ScanFigures) -> None:
    """The sample's tokens are the word-count estimate: a warning near 10^25 says so."""
    tokens = sum(r.tokens or 0 for r in figures.sources.value)
    ob = build_obligations(figures, _decl(training={"active_parameters": 7e10,
                                                    "epochs": 1e13 / tokens}))
    assert ob.compute.token_count == "word-count estimate"
    assert ob.compute_basis == "estimate"
    assert ob.training_compute_flop == pytest.approx(4.2e24, rel=1e-6)
    assert any("within a factor of 3" in w and "word-count estimate" in w
               for w in ob.warnings)


def test_the_cli_names_the_file_and_the_field_of_a_source_the_store_lacks(
        sample_store: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    p = tmp_path / "d.yaml"
    p.write_text("training:\n  epochs_per_source: {boks: 1}\n")
    r = subprocess.run([sys.executable, "-c", "from provscan.cli import main; main()",
                        "report", "--store", str(sample_store), "--out", str(tmp_path / "r"),
                        "--declaration", str(p)],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"{p}: training.epochs_per_source.boks: no source named 'boks'" in r.stderr
    assert not (tmp_path / "r" / "summary.json").exists()  # checked before writing
