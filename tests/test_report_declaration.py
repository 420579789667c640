"""The declaration file: the annotated example loads, and each kind of mistake is an
error that names the file and the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.report import DECLARATION

from provscan.cli import cli
from provscan.declaration import EMPTY, Declaration, load_declaration
from provscan.errors import ConfigError


def test_the_annotated_example_loads() -> None:
    d = load_declaration(DECLARATION)
    assert d.provider.name == "Example Models GmbH"
    assert d.model.market_date == dt.date(2027, 1, 15)
    assert d.data_sources.crawling.used is True
    assert d.data_sources.crawling.crawlers[0].collection_start == "01/2023"
    assert d.data_sources.synthetic.used is False
    assert d.processing.code_of_practice_signatory is True
    assert d.model.licence_free_and_open is True and d.model.weights_public is True
    assert d.training.active_parameters == 7_240_000_000
    assert d.training.epochs == 1 and d.training.epochs_per_source == {"books": 2, "code": 3}
    assert d.origin == str(DECLARATION)


@pytest.mark.parametrize(("text", "value"), [
    ("7e9", 7_000_000_000), ("7.0e+9", 7_000_000_000), ("7_000_000_000", 7_000_000_000),
    ("70000000000", 70_000_000_000), ("'1.5e12'", 1_500_000_000_000),
])
def test_large_counts_in_any_yaml_form(tmp_path: Path, text: str, value: int) -> None:
    p = tmp_path / "d.yaml"
    p.write_text(f"training:\n  total_parameters: {text}\n")
    n = load_declaration(p).training.total_parameters
    assert n == value and isinstance(n, int)


def test_no_declaration_and_an_empty_file_are_the_empty_declaration(tmp_path: Path) -> None:
    assert load_declaration(None) == EMPTY == Declaration()
    (tmp_path / "e.yaml").write_text("# nothing yet\n")
    assert load_declaration(tmp_path / "e.yaml") == EMPTY
    assert EMPTY.data_sources.crawling.used is None  # unanswered, not "no"


@pytest.mark.parametrize(("text", "expected"), [
    ("provider:\n  nam: X\n", ["provider.nam: unknown field (did you mean `name`?)"]),
    ("data_sources:\n  crawling:\n    crawlers:\n      - {nme: Bot, purpose: p}\n",
     ["data_sources.crawling.crawlers.0.nme: unknown field (did you mean `name`?)",
      "data_sources.crawling.crawlers.0.name: Field required"]),
    ("data_sources:\n  synthetic: {used: maybe}\n",
     ["data_sources.synthetic.used: Input should be a valid boolean"]),
    ("data_sources:\n  crawling:\n    crawlers: [{name: B, purpose: p, collection_end: 2024-08}]\n",
     ["data_sources.crawling.crawlers.0.collection_end", "MM/YYYY"]),
    ("model:\n  market_date: soon\n", ["model.market_date: Input should be a valid date"]),
    ("data_sources:\n  licensed: {modalities: [txt]}\n",
     ["data_sources.licensed.modalities.0: Input should be 'text', 'image'"]),
    ("content:\n  text: {size_bin: about a billion}\n", ["content.text.size_bin"]),
    ("secret: 1\n", ["secret: unknown field (known: summary, provider, model"]),
    ("training:\n  total_parameters: -7e9\n",
     ["training.total_parameters: Input should be greater than 0"]),
    ("training: {total_parameters: 7e9, active_parameters: 8e9}\n",
     ["  training.active_parameters (8,000,000,000) is above training.total_parameters "
      "(7,000,000,000)"]),
    ("training: {epochs_per_source: {web: -1}}\n",
     ["training.epochs_per_source.web: Input should be greater than or equal to 0"]),
    ("training: {epochs: 1, tokens_seen: 2e12}\n",
     ["training.tokens_seen and training.epochs(_per_source) both given"]),
    ("training: {compute_method: hardware-based}\n",
     ["training.compute_method given without training.compute_flop"]),
    ("training: {compute_flop: 1e24, compute_method: measured}\n",
     ["training.compute_method: Input should be 'architecture-based' or 'hardware-based'"]),
    ("training: {base_model_compute_flop: 1e24}\n",
     ["training.base_model_compute_flop is given but model.dependencies names no model"]),
    ("training: {tokens_seen: lots}\n", ["training.tokens_seen: Input should be a valid"]),
    ("model: {weights_public: perhaps}\n",
     ["model.weights_public: Input should be a valid boolean"]),
    ("traning: {epochs: 1}\n", ["traning: unknown field (did you mean `training`?)"]),
    ("- a list\n", ["expected a mapping"]),
    ("provider: [unclosed\n", ["not valid YAML"]),
])
def test_mistakes_name_the_file_and_the_field(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    p = tmp_path / "decl.yaml"
    p.write_text(text)
    with pytest.raises(ConfigError) as e:
        load_declaration(p)
    msg = str(e.value)
    assert msg.startswith(str(p))
    for part in expected:
        assert part in msg


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read declaration"):
        load_declaration(tmp_path / "nope.yaml")


def test_the_cli_reports_a_bad_declaration_without_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "d.yaml").write_text("provider: {nmae: X}\n")
    (tmp_path / "store").mkdir()
    r = subprocess.run([sys.executable, "-c", "from provscan.cli import main; main()",
                        "report", "--store", str(tmp_path / "store"), "--out",
                        str(tmp_path / "r"), "--declaration", str(tmp_path / "d.yaml")],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 2
    assert "provider.nmae: unknown field (did you mean `name`?)" in r.stderr
    assert "Traceback" not in r.stderr
    assert CliRunner().invoke(cli, ["report", "--help"]).exit_code == 0
