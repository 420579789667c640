"""`provscan query`: SQL errors are a message and exit 2; --csv writes plain \\n lines."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from provscan.cli import cli

URLS = ["https://a.example/x/1", "https://b.example/y, with comma", "https://c.example/"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("query")
    pq.write_table(pa.table({"text": ["one page", "two pages", "three pages"], "url": URLS}),
                   root / "d.parquet")
    res = CliRunner().invoke(cli, ["scan", str(root / "d.parquet"), "--store",
                                   str(root / "store"), "--executor", "serial", "-q"])
    assert res.exit_code == 0, res.output
    return root / "store"


# (sql, DuckDB's words that must reach the user)
BAD_SQL = [
    ("selec url from manifest", "Parser Error"),
    ("select url from manifests", "Table with name manifests does not exist"),
    ("select nope from manifest", "nope"),
    ("create table t as select 1", "read-only"),
]


@pytest.mark.parametrize(("sql", "words"), BAD_SQL)
def test_sql_error_is_a_message_and_exit_2(store: Path, sql: str, words: str) -> None:
    res = CliRunner().invoke(cli, ["query", sql, "--store", str(store)])
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith("error: the query failed: ")
    assert words in res.stderr
    assert "`manifest` and `evidence`" in res.stderr  # what to do
    assert "Traceback" not in res.output and res.stdout == ""


def test_csv_lines_end_in_newline_only(store: Path) -> None:
    res = CliRunner().invoke(cli, ["query", "select url, bytes from manifest order by url",
                                   "--store", str(store), "--csv"])
    assert res.exit_code == 0, res.stderr
    assert "\r" not in res.stdout
    lines = res.stdout.split("\n")
    assert lines[0] == "url,bytes" and lines[-1] == ""
    assert lines[1] == "https://a.example/x/1,8"  # a shell `read` loop gets the URL as is
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert [r[0] for r in rows[1:]] == sorted(URLS)  # quoting still round-trips


def test_table_output_and_a_statement(store: Path) -> None:
    res = CliRunner().invoke(cli, ["query", "select count(*) as n from manifest",
                                   "--store", str(store)])
    assert res.exit_code == 0 and "3" in res.stdout
    res = CliRunner().invoke(cli, ["query", "set threads = 1", "--store", str(store)])
    assert res.exit_code == 0 and res.exception is None
