"""The command line: help with examples, usage errors, config validation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from provscan.cli import cli
from provscan.config import load_config
from provscan.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CONFIG = REPO / "configs" / "sample.yaml"


def test_cli_has_the_documented_commands() -> None:
    assert {"scan", "report", "status", "query", "sample-corpus", "explain",
            "dedup"} <= set(cli.commands)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:  # every command is shown in the README
        assert f"provscan {name}" in readme, name


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_help_has_an_example(name: str) -> None:
    res = CliRunner().invoke(cli, [name, "--help"])
    assert res.exit_code == 0, res.output
    assert "Example" in res.output
    assert f"provscan {name}" in res.output  # the example shows the command itself
    short = CliRunner().invoke(cli, [name, "-h"])
    assert short.exit_code == 0 and short.output == res.output


def test_group_help_has_an_example_and_version() -> None:
    res = CliRunner().invoke(cli, ["--help"])
    assert res.exit_code == 0 and "Example" in res.output
    for name in cli.commands:
        assert name in res.output
    v = CliRunner().invoke(cli, ["--version"])
    assert v.exit_code == 0 and v.output.startswith("provscan, version ")


def test_scan_without_paths_or_config_is_a_usage_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["scan", "--store", str(tmp_path / "st")])
    assert res.exit_code == 2
    assert "Usage:" in res.output
    assert "give PATHS to scan, or --config FILE" in res.output
    assert not (tmp_path / "st").exists()  # nothing was created


def test_scan_with_paths_and_config_is_a_usage_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["scan", "x.jsonl", "--config", str(SAMPLE_CONFIG),
                                   "--store", str(tmp_path / "st")])
    assert res.exit_code == 2
    assert "give either PATHS or --config, not both" in res.output


def test_scan_without_store_is_a_usage_error(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text('{"text": "a"}\n')
    res = CliRunner().invoke(cli, ["scan", str(p)])
    assert res.exit_code == 2
    assert "give --store DIR" in res.output


def test_scan_usage_error_through_main_exits_2(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "provscan.cli", "scan"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert "give PATHS to scan, or --config FILE" in res.stderr
    assert "Traceback" not in res.stderr


VALID = """\
sources:
  - name: web
    paths: [data/*.parquet]
"""


@pytest.mark.parametrize(
    ("yaml_text", "field", "what"),
    [
        pytest.param(VALID + "    colums: {text: body}\n", "sources.0.colums",
                     "Extra inputs are not permitted", id="typo-in-source-field"),
        pytest.param(VALID + "    columns: {txt: body}\n", "sources.0.columns.txt",
                     "Extra inputs are not permitted", id="typo-in-column-field"),
        pytest.param(VALID + "    format: xml\n", "sources.0.format", "Input should be",
                     id="unknown-format"),
        pytest.param(VALID + "    declared: {template_class: '9.9'}\n",
                     "sources.0.declared.template_class", "Input should be",
                     id="bad-template-class"),
        pytest.param(VALID + "    declared: {modality: smell}\n",
                     "sources.0.declared.modality", "Input should be", id="bad-modality"),
        pytest.param("options: {sample_rate: 2}\n" + VALID, "options.sample_rate",
                     "less than or equal to 1", id="sample-rate-above-1"),
        pytest.param("options: {profile: turbo}\n" + VALID, "options.profile",
                     "Input should be 'fast' or 'full'", id="unknown-profile"),
        pytest.param("options: {workers: 0}\n" + VALID, "options.workers",
                     "greater than or equal to 1", id="zero-workers"),
        pytest.param("options: {unit_bytes: 1000}\n" + VALID, "options.unit_bytes",
                     "greater than or equal to", id="tiny-unit-bytes"),
        pytest.param("options: {executor: dask}\n" + VALID, "options.executor",
                     "Input should be", id="unknown-executor"),
        pytest.param("option: {profile: fast}\n" + VALID, "option",
                     "Extra inputs are not permitted", id="typo-top-level"),
        pytest.param("sources:\n  - name: 'bad name!'\n    paths: [x]\n", "sources.0.name",
                     "must start with a letter or digit", id="bad-source-name"),
        pytest.param("sources:\n  - name: a\n    paths: []\n", "sources.0.paths",
                     "at least one path", id="no-paths"),
        pytest.param("sources:\n  - name: a\n", "sources.0.paths", "Field required",
                     id="missing-paths"),
        pytest.param("sources:\n  - {name: a, paths: [x]}\n  - {name: a, paths: [y]}\n",
                     "sources", "repeated: a", id="duplicate-source-names"),
        pytest.param("sources: []\n", "sources", "at least one source", id="no-sources"),
        pytest.param("sources: 3\n", "sources", "valid tuple", id="sources-not-a-list"),
        pytest.param("store: st\n", "sources", "Field required", id="missing-sources"),
    ],
)
def test_invalid_config_field_is_a_config_error_naming_the_field(
    tmp_path: Path, yaml_text: str, field: str, what: str
) -> None:
    cfg = tmp_path / "scan.yaml"
    cfg.write_text(yaml_text)
    with pytest.raises(ConfigError) as exc:
        load_config(cfg)
    msg = str(exc.value)
    assert msg.startswith(f"{cfg}: invalid configuration")
    lines = msg.splitlines()
    named = [ln for ln in lines if ln.strip().startswith(f"{field}: ")]
    assert named, f"no line names {field!r} in:\n{msg}"
    assert any(what in ln for ln in named), msg
    # the CLI raises the same error for main() to print
    res = CliRunner().invoke(cli, ["scan", "--config", str(cfg), "--store",
                                   str(tmp_path / "st")])
    assert isinstance(res.exception, ConfigError)
    assert f"{field}: " in str(res.exception)
    assert not (tmp_path / "st").exists()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("sources: [unclosed\n", "not valid YAML"),
     ("- just\n- a list\n", "expected a mapping with a `sources` list"),
     ("", "expected a mapping")],
)
def test_unreadable_config_is_a_config_error(tmp_path: Path, text: str, fragment: str) -> None:
    cfg = tmp_path / "scan.yaml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=fragment):
        load_config(cfg)


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "nope.yaml")


def test_invalid_config_through_main_exits_2_with_the_field(tmp_path: Path) -> None:
    cfg = tmp_path / "scan.yaml"
    cfg.write_text("options: {sample_rate: 2}\n" + VALID)
    res = subprocess.run(
        [sys.executable, "-m", "provscan.cli", "scan", "--config", str(cfg), "--store",
         str(tmp_path / "st")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert res.returncode == 2
    assert res.stderr.startswith(f"error: {cfg}: invalid configuration")
    assert "options.sample_rate: Input should be less than or equal to 1" in res.stderr
    assert "Traceback" not in res.stderr


def test_invalid_command_line_option_value_is_a_config_error(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text('{"text": "a"}\n')
    res = CliRunner().invoke(cli, ["scan", str(p), "--store", str(tmp_path / "st"),
                                   "--sample-rate", "1.5"])
    assert isinstance(res.exception, ConfigError)
    assert "command line: invalid configuration" in str(res.exception)
    assert "options.sample_rate" in str(res.exception)


def test_sample_config_validates() -> None:
    cfg = load_config(SAMPLE_CONFIG)
    assert [s.name for s in cfg.sources] == ["web", "crawl", "forum", "news", "books", "code"]
    assert [Path(p).resolve() for p in cfg.options.site_captures] == [
        (REPO / "data" / "sample" / "site-captures").resolve()]
    assert cfg.store is not None
    assert Path(cfg.store).resolve() == (REPO / ".provscan" / "sample-store").resolve()
    assert cfg.options.profile == "full" and cfg.options.sample_rate == 0.05
    by_name = {s.name: s for s in cfg.sources}
    assert by_name["forum"].columns.url == "meta.url"
    assert by_name["forum"].columns.date == "meta.crawl.ts"
    assert by_name["web"].declared.template_class == "2.3"
    assert by_name["news"].declared.template_class == "2.2.1"
    assert by_name["code"].declared.licence == "MIT"
    # relative paths resolve against the config file's folder
    assert Path(by_name["news"].paths[0]).resolve() == (
        REPO / "data" / "sample" / "news" / "articles.jsonl.zst").resolve()
    assert all(Path(p).is_absolute() for s in cfg.sources for p in s.paths)
