"""``provscan exclude``: builds a set, lists sets with counts by reason, and refuses bad
input with exit 2 and a message naming it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from provscan.cli import cli, main


@pytest.fixture()
def store(sample_store: Path, tmp_path: Path) -> str:
    shutil.copytree(sample_store, tmp_path / "store")
    return str(tmp_path / "store")


def test_exclude_then_list(store: str) -> None:
    r = CliRunner().invoke(cli, ["exclude", "--store", store, "--name", "v1",
                                 "--drop", "reserved", "--drop", "exact-duplicates"])
    assert r.exit_code == 0, r.output
    assert "v1: built" in r.output and "STORE/exclusions/v1.parquet" in r.output
    again = CliRunner().invoke(cli, ["exclude", "--store", store, "--name", "v1",
                                     "--drop", "exact-duplicates", "--drop", "reserved"])
    assert "v1: unchanged" in again.output
    listed = CliRunner().invoke(cli, ["exclude", "--store", store, "--list"])
    lines = listed.output.splitlines()
    assert lines[0].startswith("v1: ") and "of 4,483 documents dropped" in lines[0]
    assert any(line.split()[:1] == ["reserved"] for line in lines)
    assert any(line.split()[:1] == ["robots_txt"] for line in lines)
    assert any(line.split()[:1] == ["exact_duplicate"] for line in lines)


@pytest.mark.parametrize(("args", "message"), [
    (["--drop", "copyrighted"], "--drop copyrighted: unknown reason"),
    (["--where", "nosuch = 1"], "--where 'nosuch = 1': not a valid condition"),
    (["--drop", "reserved", "--name", "a/b"], "exclusion set name 'a/b'"),
])
def test_bad_input_exits_2_with_a_message(store: str, args: list[str], message: str,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["provscan", "exclude", "--store", store, "--name", "x", *args]
    monkeypatch.setattr("sys.argv", argv)
    with pytest.raises(SystemExit) as e:
        main()
    assert e.value.code == 2
    assert message in capsys.readouterr().err


def test_export_of_an_unknown_set_exits_2_naming_the_sets(
        store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    CliRunner().invoke(cli, ["exclude", "--store", store, "--name", "v1", "--drop", "pii"])
    monkeypatch.setattr("sys.argv", ["provscan", "export", "--store", store, "--exclusions",
                                     "v2", "--out", str(tmp_path / "out")])
    with pytest.raises(SystemExit) as e:
        main()
    assert e.value.code == 2
    assert "no exclusion set named 'v2' (sets in this store: v1)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
