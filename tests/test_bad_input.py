"""Bad input: each case is repaired, skipped and reported, or fails its own unit with a
reason naming the file, and never takes the rest of the scan down."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import manifest_table

from provscan.cli import cli
from provscan.config import ColumnMap, ScanConfig, SourceSpec, build_config
from provscan.errors import InputError
from provscan.executors import SerialExecutor
from provscan.scan.run import ScanSummary, run_scan
from provscan.scan.text import content_hash_py
from provscan.sources import Problem, discover, open_reader, plan_units
from provscan.store import Catalog

FFFD = "\ufffd"

# --------------------------------------------------------------------------------------
# helpers


def read_all(path: Path, columns: ColumnMap | None = None, fmt: str = "auto",
             batch_rows: int = 8192) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Standard columns + row of every document of one file, and the problems logged."""
    cmap = columns or ColumnMap()
    (shard,), _ = discover(SourceSpec(name="src", paths=(str(path),), format=fmt,
                                      columns=cmap))
    docs: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for unit in plan_units(shard, 1 << 40):
        reader = open_reader(unit, cmap, batch_rows)
        for rb in reader.batches():
            for rec, row in zip(rb.batch.to_pylist(), rb.rows.to_pylist(), strict=True):
                docs.append({**rec, "row": row})
        problems.extend(reader.problems.problems)
    return docs, problems


def config(paths: Sequence[Path | str], fmt: str = "auto", columns: dict[str, str] | None = None,
           **options: Any) -> ScanConfig:
    options.setdefault("profile", "fast")
    return build_config(options=options, sources=[
        {"name": "src", "paths": [str(p) for p in paths], "format": fmt,
         "columns": columns or {}}])


def scan(store: Path, cfg: ScanConfig) -> tuple[ScanSummary, list[dict[str, Any]]]:
    summary = run_scan(cfg, store, SerialExecutor())
    return summary, manifest_table(store).to_pylist()


def catalog_rows(store: Path, sql: str) -> list[tuple[Any, ...]]:
    with Catalog(store, read_only=True) as cat:
        return cat.db.execute(sql).fetchall()


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def run_main(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``provscan`` as a user runs it: ``main()`` maps ProvscanError to exit code 2."""
    return subprocess.run([sys.executable, "-m", "provscan.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


# --------------------------------------------------------------------------------------
# missing or wrong columns


def _no_text_parquet(p: Path) -> None:
    pq.write_table(pa.table({"body": ["a"], "link": ["https://x.com/"]}), p)


def _no_text_jsonl(p: Path) -> None:
    p.write_text('{"body": "a", "link": "https://x.com/"}\n')


def _no_text_csv(p: Path) -> None:
    p.write_text("body,link\na,https://x.com/\n")


def _no_text_arrow(p: Path) -> None:
    t = pa.table({"body": ["a"], "link": ["https://x.com/"]})
    with pa.ipc.new_file(str(p), t.schema) as w:
        w.write_table(t)


NO_TEXT: dict[str, Callable[[Path], None]] = {
    "x.parquet": _no_text_parquet, "x.jsonl": _no_text_jsonl, "x.csv": _no_text_csv,
    "x.arrow": _no_text_arrow,
}


@pytest.mark.parametrize("name", list(NO_TEXT))
def test_missing_text_column_names_the_file_and_its_columns(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    NO_TEXT[name](p)
    with pytest.raises(InputError) as exc:
        read_all(p)
    msg = str(exc.value)
    assert str(p.resolve()) in msg
    assert "no text column" in msg
    assert "Columns here: body, link" in msg
    assert "--text-column" in msg
    # through a scan: the unit fails with that reason, the scan goes on
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "fine"}\n')
    summary, rows = scan(tmp_path / "store", config([p, good]))
    assert summary.units_failed == 1 and summary.units_done == 1
    assert [r["doc_id"] for r in rows] == [f"{good.resolve()}#0"]
    ((where, err),) = summary.failures
    assert where == str(p.resolve()) and "Columns here: body, link" in err
    assert catalog_rows(tmp_path / "store",
                        "select status, error like '%no text column%' from units "
                        "order by status") == [("done", None), ("failed", True)]


@pytest.mark.parametrize(
    ("cmap", "flag", "missing"),
    [
        (ColumnMap(text="content"), "--text-column", "'content'"),
        (ColumnMap(url="link"), "--url-column", "'link'"),
        (ColumnMap(date="when"), "--date-column", "'when'"),
        (ColumnMap(id="key"), "--id-column", "'key'"),
        (ColumnMap(url="meta.nope"), "--url-column", "'meta.nope'"),
        (ColumnMap(url="text.inner"), "--url-column", "'text.inner'"),  # not a struct
    ],
)
@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_wrong_explicit_column_name(
    tmp_path: Path, cmap: ColumnMap, flag: str, missing: str, suffix: str
) -> None:
    p = tmp_path / f"x{suffix}"
    rec = {"text": "a", "url": "https://x.com/", "meta": {"url": "https://y.com/"}}
    if suffix == ".parquet":
        pq.write_table(pa.Table.from_pylist([rec]), p)
    else:
        p.write_text(json.dumps(rec) + "\n")
    with pytest.raises(InputError) as exc:
        read_all(p, cmap)
    msg = str(exc.value)
    assert str(p.resolve()) in msg
    assert f"column {missing} ({flag}) not found" in msg
    assert "Columns here: text, url, meta" in msg or "Columns here: meta, text, url" in msg


def test_wrong_column_via_cli_fails_the_unit_with_exit_code_1(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text('{"text": "a"}\n')
    res = run_cli("scan", str(p), "--store", str(tmp_path / "st"), "--executor", "serial",
                  "--profile", "fast", "-q", "--text-column", "body")
    assert res.exit_code == 1, res.output
    assert "1 units FAILED" in res.stderr
    assert "column 'body' (--text-column) not found" in res.stderr


# --------------------------------------------------------------------------------------
# JSON Lines


def test_invalid_utf8_in_jsonl_is_replaced_and_recorded(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9 au lait"}\n{"text": "end"}\n')
    docs, problems = read_all(p)
    assert [d["text"] for d in docs] == ["ok", f"caf{FFFD} au lait", "end"]
    assert [d["row"] for d in docs] == [0, 1, 2]
    assert [(x.line, "invalid UTF-8" in x.message) for x in problems] == [(1, True)]
    summary, rows = scan(tmp_path / "store", config([p]))
    assert summary.ok and summary.docs == 3 and summary.problems == 1
    assert rows[1]["content_hash"] == content_hash_py(f"caf{FFFD} au lait")
    assert catalog_rows(tmp_path / "store", "select line from problems") == [(1,)]


def test_invalid_utf8_in_jsonl_next_to_a_broken_line(tmp_path: Path) -> None:
    """The line-by-line path: the bad byte is reported with its 1-based line number."""
    p = tmp_path / "x.jsonl"
    p.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n{broken\n')
    docs, problems = read_all(p)
    assert [(d["row"], d["text"]) for d in docs] == [(0, "ok"), (1, f"caf{FFFD}")]
    assert [(x.kind, x.line) for x in problems] == [("bad_utf8", 1), ("bad_json", 2)]
    assert problems[0].message.startswith("line 2: invalid UTF-8")
    assert problems[1].message.startswith("line 3: not valid JSON")


def test_jsonl_problem_messages_use_one_based_line_numbers_on_every_path(
    tmp_path: Path,
) -> None:
    p = tmp_path / "x.jsonl"
    p.write_bytes(b'{"text": "ok", "date": "2024-05-01"}\n'
                  b'{"text": "caf\xe9", "date": "someday"}\n')
    _, problems = read_all(p)
    assert len(problems) == 2 and {x.line for x in problems} == {1}
    assert all(x.message.startswith("line 2:") for x in problems), problems


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        (b'{"text": "unterminated', "not valid JSON"),
        (b'{"text": "a",}', "not valid JSON"),
        (b"text: plain", "not valid JSON"),
        (b'[{"text": "in an array"}]', "a JSON list, not an object"),
        (b'"just a string"', "a JSON str, not an object"),
        (b"42", "a JSON int, not an object"),
        (b"null", "not an object"),
    ],
)
def test_broken_json_line_is_skipped_and_counted(
    tmp_path: Path, bad_line: bytes, reason: str
) -> None:
    p = tmp_path / "x.jsonl"
    p.write_bytes(b'{"text": "zero"}\n{"text": "one"}\n' + bad_line
                  + b'\n\n{"text": "four"}\n{"text": "five"}')  # blank line, no final \n
    docs, problems = read_all(p)
    assert [(d["row"], d["text"]) for d in docs] == [(0, "zero"), (1, "one"), (4, "four"),
                                                     (5, "five")]
    assert [(x.kind, x.line) for x in problems] == [("bad_json", 2)]
    assert problems[0].message.startswith("line 3: ")
    assert reason in problems[0].message and problems[0].message.endswith("skipped")
    summary, rows = scan(tmp_path / "store", config([p]))
    # a document was lost: the unit is partial and the scan not ok (exit 1)
    assert not summary.ok and summary.units_partial == 1 and summary.units_failed == 0
    assert summary.docs == 4 and summary.problems == 1 and summary.damage == {"bad_json": 1}
    assert [r["row"] for r in rows] == [0, 1, 4, 5]
    assert catalog_rows(tmp_path / "store", "select kind, line from problems") == [
        ("bad_json", 2)]


def test_many_broken_lines_are_all_counted(tmp_path: Path) -> None:
    lines = [b'{"text": "d%d"}' % i if i % 10 else b"{oops" for i in range(1000)]
    p = tmp_path / "x.jsonl"
    p.write_bytes(b"\n".join(lines) + b"\n")
    summary, rows = scan(tmp_path / "store", config([p]))
    assert summary.units_partial == 1 and summary.docs == 900 and summary.problems == 100
    assert catalog_rows(tmp_path / "store", "select problems, status from units") == [
        (100, "partial")]
    assert [r["row"] for r in rows] == [i for i in range(1000) if i % 10]


def test_huge_single_document_line(tmp_path: Path) -> None:
    """A ~20 MB line spans several 8 MB read blocks; the lines around it keep their numbers."""
    big = ("lorem ipsum dolor sit amet, " * 800_000)[:20_000_000]
    p = tmp_path / "x.jsonl"
    with p.open("w") as f:
        f.write(json.dumps({"text": "before", "id": "a"}) + "\n")
        f.write(json.dumps({"text": big, "id": "b", "url": "https://big.example.org/"}) + "\n")
        f.write(json.dumps({"text": "after", "id": "c"}) + "\n")
    assert p.stat().st_size > 20_000_000
    summary, rows = scan(tmp_path / "store", config([p]))
    assert summary.ok and summary.problems == 0
    assert [(r["row"], r["doc_id"], r["bytes"]) for r in rows] == [
        (0, "a", 6), (1, "b", 20_000_000), (2, "c", 5)]
    assert rows[1]["domain"] == "example.org"
    assert rows[1]["content_hash"] == content_hash_py(big)


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_utf8_bom_at_start_of_jsonl(tmp_path: Path, suffix: str) -> None:
    import gzip

    data = b'\xef\xbb\xbf{"text": "first", "id": "a"}\n{"text": "second", "id": "b"}\n'
    p = tmp_path / f"x{suffix}"
    p.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    docs, problems = read_all(p)
    assert problems == []
    assert [(d["row"], d["id"], d["text"]) for d in docs] == [(0, "a", "first"),
                                                              (1, "b", "second")]


def test_utf8_bom_at_start_of_csv(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_bytes(b"\xef\xbb\xbftext,url\nfirst,https://a.com/\nsecond,\n")
    docs, problems = read_all(p)
    assert problems == []
    assert [(d["text"], d["url"]) for d in docs] == [("first", "https://a.com/"),
                                                      ("second", None)]


def test_csv_with_bom_reads_first_column_verbatim(tmp_path: Path) -> None:
    plain, bom = tmp_path / "plain.csv", tmp_path / "bom.csv"
    plain.write_bytes(b"id,text\n007,hello\n")
    bom.write_bytes(b"\xef\xbb\xbfid,text\n007,hello\n")
    assert [d["id"] for d in read_all(plain)[0]] == ["007"]
    assert [d["id"] for d in read_all(bom)[0]] == ["007"]


# --------------------------------------------------------------------------------------
# Parquet


@pytest.mark.parametrize("column_type", [pa.binary(), pa.large_binary(), pa.string()])
def test_invalid_utf8_in_parquet_column_is_replaced_and_recorded(
    tmp_path: Path, column_type: pa.DataType
) -> None:
    raw = pa.array([b"fine", b"bad \xff\xfe byte", None, b"also fine"], pa.binary())
    if column_type == pa.string():  # a string column holding invalid bytes
        col = pa.Array.from_buffers(pa.string(), len(raw), raw.buffers(), raw.null_count)
    else:
        col = raw.cast(column_type)
    p = tmp_path / "x.parquet"
    pq.write_table(pa.table({"text": col, "url": col}), p)
    assert pq.read_schema(p).field("text").type == column_type
    docs, problems = read_all(p)
    assert [d["text"] for d in docs] == ["fine", f"bad {FFFD}{FFFD} byte", None, "also fine"]
    assert [d["url"] for d in docs] == ["fine", f"bad {FFFD}{FFFD} byte", None, "also fine"]
    assert [(x.kind, x.line) for x in problems] == [("bad_value", 1), ("bad_value", 1)]
    assert all("invalid UTF-8 at byte 4" in x.message for x in problems)
    summary, rows = scan(tmp_path / "store", config([p]))
    assert summary.ok and summary.docs == 4 and summary.problems == 2
    assert [r["bytes"] for r in rows] == [4, len(f"bad {FFFD}{FFFD} byte".encode()), 0, 9]


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "garbage-with-magic": lambda good: b"PAR1" + b"\x00garbage" * 100 + b"PAR1",
    "not-parquet-at-all": lambda good: b"this is a text file, not parquet\n" * 10,
    "truncated-footer": lambda good: good[: len(good) - 20],
    "header-only": lambda good: good[:4],
    "zeroed-middle": lambda good: good[:4] + b"\x00" * (len(good) - 12) + good[-8:],
}


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_corrupt_parquet_fails_its_unit_and_the_rest_completes(
    tmp_path: Path, corruption: str
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        pq.write_table(pa.table({"text": [f"doc {i}-{j}" for j in range(50)]}),
                       src / f"good-{i}.parquet", row_group_size=10)
    good_bytes = (src / "good-0.parquet").read_bytes()
    bad = src / "bad.parquet"
    bad.write_bytes(CORRUPTIONS[corruption](good_bytes))
    summary, rows = scan(tmp_path / "store", config([src]))
    assert summary.units_failed == 1 and summary.units_done == 3 and not summary.ok
    assert summary.docs == 150 and len(rows) == 150
    assert {Path(r["shard"]).name for r in rows} == {f"good-{i}.parquet" for i in range(3)}
    ((where, reason),) = summary.failures
    assert where == str(bad.resolve())
    assert reason.startswith(f"{bad.resolve()}: cannot read as parquet")
    assert "corrupt" in reason
    assert catalog_rows(
        tmp_path / "store",
        "select status, count(*) from units group by 1 order by 1") == [("done", 3),
                                                                       ("failed", 1)]
    (err,) = catalog_rows(tmp_path / "store", "select error from units where status='failed'")
    assert str(bad.resolve()) in err[0]
    assert catalog_rows(tmp_path / "store", "select status, units_failed from runs") == [
        ("failed", 1)]


def test_parquet_corrupt_in_a_late_row_group_loses_only_that_row_group(
        tmp_path: Path) -> None:
    p = tmp_path / "late.parquet"
    pq.write_table(pa.table({"text": [f"doc {j} " * 20 for j in range(60)]}), p,
                   row_group_size=10, compression="zstd")
    chunk = pq.ParquetFile(p).metadata.row_group(4).column(0)
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    data = bytearray(p.read_bytes())
    data[start + 20 : start + chunk.total_compressed_size - 4] = b"Z" * (
        chunk.total_compressed_size - 24)
    p.write_bytes(bytes(data))
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "fine"}\n')
    summary, rows = scan(tmp_path / "store", config([p, good], batch_rows=10))
    assert summary.units_failed == 0 and summary.units_partial == 1 and not summary.ok
    assert summary.damage == {"bad_row_group": 1}
    kept = sorted(r["row"] for r in rows if r["shard"].endswith("late.parquet"))
    assert kept == [*range(40), *range(50, 60)]  # row group 4 (rows 40-49) is lost
    ((kind, line, msg),) = catalog_rows(tmp_path / "store",
                                        "select kind, line, message from problems")
    assert (kind, line) == ("bad_row_group", 40)
    assert msg.startswith("row group 4 (rows 40-49) cannot be decoded")
    leftovers = [f.name for f in (tmp_path / "store").rglob("*") if f.name.endswith(".tmp")]
    assert leftovers == []


def test_corrupt_parquet_via_cli_exits_1_and_names_the_file(tmp_path: Path) -> None:
    pq.write_table(pa.table({"text": ["a", "b"]}), tmp_path / "good.parquet")
    (tmp_path / "bad.parquet").write_bytes(b"PAR1" + b"\x01" * 64 + b"PAR1")
    res = run_cli("scan", str(tmp_path / "good.parquet"), str(tmp_path / "bad.parquet"),
                  "--store", str(tmp_path / "st"), "--executor", "serial", "-q")
    assert res.exit_code == 1, res.output
    assert "1 units FAILED and are not in the manifest" in res.stderr
    assert f"{(tmp_path / 'bad.parquet').resolve()}: cannot read as parquet" in res.stderr
    assert "scanned 1 units" in res.stdout and "2 documents" in res.stdout
    st = run_cli("status", "--store", str(tmp_path / "st"))
    assert st.exit_code == 0
    assert "failed" in st.output and "bad.parquet" in st.output


# --------------------------------------------------------------------------------------
# empty files


def _zero_byte(p: Path) -> None:
    p.write_bytes(b"")


def _zero_row_parquet(p: Path) -> None:
    pq.write_table(pa.table({"text": pa.array([], pa.string()),
                             "url": pa.array([], pa.string())}), p)


def _header_only_csv(p: Path) -> None:
    p.write_text("text,url\n")


def _blank_lines_jsonl(p: Path) -> None:
    p.write_text("\n\n  \n")


def _zero_row_arrow(p: Path) -> None:
    t = pa.table({"text": pa.array([], pa.string())})
    with pa.ipc.new_file(str(p), t.schema) as w:
        w.write_table(t)


@pytest.mark.parametrize(
    ("name", "write"),
    [
        ("empty.jsonl", _zero_byte),
        ("empty.jsonl.gz", _zero_byte),
        ("empty.csv", _zero_byte),
        ("zero-rows.parquet", _zero_row_parquet),
        ("header-only.csv", _header_only_csv),
        ("blank-lines.jsonl", _blank_lines_jsonl),
        ("zero-rows.arrow", _zero_row_arrow),
    ],
)
def test_empty_inputs_are_fine(tmp_path: Path, name: str, write: Callable[[Path], None]) -> None:
    p = tmp_path / name
    write(p)
    other = tmp_path / "other.jsonl"
    other.write_text('{"text": "x"}\n')
    summary, rows = scan(tmp_path / "store", config([p, other]))
    assert summary.ok, summary.failures
    assert summary.units_done == 2 and summary.docs == 1 and summary.problems == 0
    assert [Path(r["shard"]).name for r in rows] == ["other.jsonl"]
    assert catalog_rows(tmp_path / "store",
                        f"select status, docs from units where shard like '%{name}'") == [
        ("done", 0)]


def test_empty_files_via_cli_exit_0(tmp_path: Path) -> None:
    for name in ("a.jsonl", "b.csv", "c.warc"):
        (tmp_path / name).write_bytes(b"")
    _zero_row_parquet(tmp_path / "d.parquet")
    res = run_cli("scan", str(tmp_path), "--store", str(tmp_path / "st"), "--executor",
                  "serial", "-q")
    assert res.exit_code == 0, res.output
    assert "scanned 4 units" in res.stdout and " 0 documents" in res.stdout


@pytest.mark.parametrize(("name", "what"), [("empty.parquet", "a Parquet file"),
                                            ("empty.arrow", "an Arrow file")])
def test_a_zero_byte_container_file_is_a_failed_shard(tmp_path: Path, name: str,
                                                      what: str) -> None:
    """A Parquet or Arrow file always has a footer or a schema: 0 bytes is corrupt."""
    (tmp_path / name).write_bytes(b"")
    (tmp_path / "other.jsonl").write_text('{"text": "x"}\n')
    res = run_cli("scan", str(tmp_path), "--store", str(tmp_path / "st"), "--executor",
                  "serial", "-q")
    assert res.exit_code == 1, res.output
    assert f"{(tmp_path / name).resolve()}: the file is empty (0 bytes), so it is not {what}" \
        in res.stderr
    assert catalog_rows(tmp_path / "st", "select status, docs from units order by shard") == [
        ("failed", 0), ("done", 1)]


# --------------------------------------------------------------------------------------
# CSV


def test_csv_rows_with_wrong_field_count_are_skipped_and_counted(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text('text,url,id\n'
                 '"multi\nline",https://a.com/,r0\n'
                 'too,few\n'
                 '"ok ""quoted""",https://b.com/,r2\n'
                 'too,many,fields,here\n'
                 'last,,r4\n')
    docs, problems = read_all(p)
    assert [d["text"] for d in docs] == ["multi\nline", 'ok "quoted"', "last"]
    assert [d["id"] for d in docs] == ["r0", "r2", "r4"]
    assert [x.kind for x in problems] == ["bad_csv_row", "bad_csv_row"]
    assert [x.message.split(": ", 1)[1] for x in problems] == [
        "expected 3 fields, found 2; skipped",
        "expected 3 fields, found 4; skipped",
    ]
    summary, rows = scan(tmp_path / "store", config([p]))
    assert summary.units_partial == 1 and summary.docs == 3 and summary.problems == 2
    assert [r["doc_id"] for r in rows] == ["r0", "r2", "r4"]
    assert catalog_rows(tmp_path / "store", "select kind, count(*) from problems group by 1"
                        ) == [("bad_csv_row", 2)]


# CSV `row` is the index among the records read: a malformed record that is
# skipped (and reported) takes no number; see docs/manifest.md.
def test_csv_rows_after_a_skipped_record_are_numbered_among_records_read(
    tmp_path: Path,
) -> None:
    p = tmp_path / "x.csv"
    p.write_text("text,id\nzero,r0\nbad\ntwo,r2\nthree,r3\n")
    docs, problems = read_all(p)
    assert [(d["row"], d["id"]) for d in docs] == [(0, "r0"), (1, "r2"), (2, "r3")]
    assert [x.kind for x in problems] == ["bad_csv_row"]


def test_csv_without_header_row_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("\n\n")
    with pytest.raises(InputError, match="no header row"):
        read_all(p)


# --------------------------------------------------------------------------------------
# unknown extensions


def test_unknown_extension_given_explicitly_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "notes.txt"
    p.write_text('{"text": "a"}\n')
    with pytest.raises(InputError) as exc:
        discover(SourceSpec(name="src", paths=(str(p),)))
    assert str(p) in str(exc.value)
    assert "cannot tell the format" in str(exc.value) and "--format" in str(exc.value)
    # with the format given it is read
    docs, problems = read_all(p, fmt="jsonl")
    assert [d["text"] for d in docs] == ["a"] and problems == []
    # the CLI entry point reports it without a traceback, exit code 2
    res = run_main("scan", str(p), "--store", str(tmp_path / "st"), "--executor", "serial",
                   "-q", cwd=tmp_path)
    assert res.returncode == 2, res.stderr
    assert res.stderr.startswith(f"error: {p}: cannot tell the format")
    assert "Traceback" not in res.stderr
    # and through CliRunner the command raises the same InputError
    r = run_cli("scan", str(p), "--store", str(tmp_path / "st2"), "--executor", "serial",
                "-q")
    assert isinstance(r.exception, InputError)


def test_unknown_extension_inside_a_directory_is_skipped_and_reported(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text('{"text": "a"}\n')
    (src / "notes.txt").write_text("hello")
    (src / "data.bin").write_bytes(b"\x00\x01")
    (src / "_SUCCESS").write_text("")  # known companion files are not reported
    (src / "README.md").write_text("# readme")
    summary, rows = scan(tmp_path / "store", config([src]))
    assert summary.ok and summary.docs == 1 and len(rows) == 1
    assert sorted((Path(s.path).name, s.reason) for s in summary.skipped_files) == [
        ("data.bin", "unknown format (file name extension)"),
        ("notes.txt", "unknown format (file name extension)"),
    ]
    assert sorted(catalog_rows(tmp_path / "store",
                               "select source, path from skipped_files")) == [
        ("src", str(src / "data.bin")), ("src", str(src / "notes.txt"))]
    res = run_cli("scan", str(src), "--store", str(tmp_path / "st2"), "--executor", "serial",
                  "-q")
    assert res.exit_code == 0, res.output
    assert f"not scanned: {src / 'notes.txt'}: unknown format" in res.stderr
    assert f"not scanned: {src / 'data.bin'}: unknown format" in res.stderr


def test_missing_path_and_empty_glob_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        discover(SourceSpec(name="src", paths=(str(tmp_path / "nope.jsonl"),)))
    with pytest.raises(InputError, match="no file matches this pattern"):
        discover(SourceSpec(name="src", paths=(str(tmp_path / "*.parquet"),)))
