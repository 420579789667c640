"""One rule for damaged input, seen from the command line: keep what was read intact,
record what was lost with where, show the unit as partial in `status`, exit 1; records
left out by rule are counts, never crowding out damage; odd inputs beside the data
(links, site captures) are problems of that input, and a run never stays "running"."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from click.testing import CliRunner, Result
from conftest import manifest_table
from fastwarc.warc import WarcRecordType
from helpers.fuzz import D0

from provscan.cli import cli
from provscan.demo_web import html_page, http_response, warc_record
from provscan.errors import InputError
from provscan.scan.text import content_hash_py
from provscan.store import Catalog


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def scan(store: Path, *paths: Path | str, extra: tuple[str, ...] = ()) -> Result:
    return run("scan", *map(str, paths), "--store", str(store), "--executor", "serial",
               "--profile", "fast", "-q", *extra)


def rows(store: Path, sql: str) -> list[tuple[Any, ...]]:
    with Catalog(store, read_only=True) as cat:
        return cat.db.execute(sql).fetchall()


def _lines(n: int) -> bytes:
    return b"".join(b'{"id": "d%d", "text": "document number %d %s"}\n' % (i, i, b"x" * 200)
                    for i in range(n))


@pytest.mark.parametrize("codec", ["gz", "zst"])
def test_a_cut_compressed_jsonl_keeps_every_line_before_the_cut(tmp_path: Path,
                                                               codec: str) -> None:
    plain = _lines(3000)
    packed = gzip.compress(plain) if codec == "gz" else \
        zstandard.ZstdCompressor().compress(plain)
    cut = packed[: len(packed) * 2 // 3]
    p = tmp_path / f"x.jsonl.{codec}"
    p.write_bytes(cut)
    (tmp_path / "other.jsonl").write_bytes(_lines(2))
    store = tmp_path / "st"
    res = scan(store, p, tmp_path / "other.jsonl", extra=("--id-column", "id"))
    assert res.exit_code == 1, res.output
    # the reference: every whole line an independent decoder gets from the cut file
    if codec == "gz":
        d = __import__("zlib").decompressobj(31)
        got = d.decompress(cut)
    else:
        got = zstandard.ZstdDecompressor().decompressobj().decompress(cut)
    whole = got[: got.rfind(b"\n") + 1].count(b"\n")
    assert whole > 1000
    ids = {r["doc_id"] for r in manifest_table(store).to_pylist()
           if r["shard"].endswith(codec)}
    assert ids == {f"d{i}" for i in range(whole)}
    ((status, docs),) = rows(store, f"select status, docs from units where shard like '%.{codec}'")
    assert (status, docs) == ("partial", whole)
    ((kind, msg),) = rows(store, "select kind, message from problems")
    assert kind == "truncated" and f"{whole:,} documents before it were kept" in msg
    assert "the partial line" in msg
    st = run("status", "--store", str(store))
    assert f"partial {''}" in st.output and "read in part" in st.output
    assert "1 damaged (truncated: 1)" in st.output
    assert "input lost in 1 partial units (truncated: 1)" in res.stderr


def test_a_plain_jsonl_cut_inside_its_last_line(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_bytes(_lines(5)[:-30])
    store = tmp_path / "st"
    assert scan(store, p).exit_code == 1
    assert rows(store, "select kind, line from problems") == [("truncated", 4)]
    assert rows(store, "select status, docs from units") == [("partial", 4)]


def test_damage_late_in_a_warc_is_never_crowded_out_by_records_skipped_by_rule(
        tmp_path: Path) -> None:
    recs = []
    for i in range(1500):  # requests, images and 404s: skipped by rule, counted
        kind = i % 3
        url = f"https://a.example.org/{i}"
        if kind == 0:
            recs.append(warc_record(WarcRecordType.request, url, D0, b"GET / HTTP/1.1\r\n\r\n",
                                    i))
        elif kind == 1:
            recs.append(warc_record(WarcRecordType.response, url, D0, http_response(
                "200 OK", [("Content-Type", "image/png")], b"\x89PNG"), i))
        else:
            recs.append(warc_record(WarcRecordType.response, url, D0, http_response(
                "404 Not Found", [("Content-Type", "text/html")], b"<p>no</p>"), i))
    page = warc_record(WarcRecordType.response, "https://a.example.org/page", D0,
                       http_response("200 OK", [("Content-Type", "text/html")],
                                     html_page("A page", "the only document")), 9999)
    broken = bytearray(page)
    broken[30:60] = b"\xff" * 30
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(b"".join(recs) + page + bytes(broken) + page)
    store = tmp_path / "st"
    res = scan(store, p)
    assert res.exit_code == 1, res.output
    assert rows(store, "select count(*) from problems") == [(1,)]
    ((kind, line, msg),) = rows(store, "select kind, line, message from problems")
    assert kind == "broken_record" and line == 1501 and "reading resumed at byte" in msg
    skipped = dict(rows(store, "select reason, records from skipped_records"))
    assert skipped == {"request record": 500, "not HTML": 500, "not 2xx": 500}
    assert "1,500 records skipped by rule, not documents (not 2xx: 500, not HTML: 500, " \
           "request record: 500)" in res.output
    assert "1 damaged: input lost in 1 partial units (broken_record: 1)" in res.stderr
    assert rows(store, "select docs from units") == [(2,)]


def test_a_lz4_warc_and_a_wet_file_scan_by_name(tmp_path: Path) -> None:
    real = Path(__file__).parent / "data" / "warc-real"
    store = tmp_path / "st"
    res = scan(store, real / "chatnoir-resiliparse__warcfile.warc.lz4",
               real / "whirlwind-python__whirlwind.warc.wet.gz")
    assert res.exit_code == 0, res.output
    assert rows(store, "select format, docs from units order by shard") == [
        ("warc", 16), ("warc", 1)]


def test_a_dangling_link_in_a_scanned_folder_is_skipped_and_named(tmp_path: Path) -> None:
    d = tmp_path / "data"
    d.mkdir()
    (d / "a.jsonl").write_bytes(_lines(3))
    os.symlink(tmp_path / "gone.jsonl", d / "b.jsonl")
    store = tmp_path / "st"
    res = scan(store, d)
    assert res.exit_code == 0, res.output
    assert f"not scanned: {d / 'b.jsonl'}: a symbolic link to {tmp_path / 'gone.jsonl'}, " \
           "which does not exist" in res.stderr
    assert rows(store, "select count(*) from skipped_files") == [(1,)]
    given = CliRunner().invoke(cli, ["scan", str(d / "b.jsonl"), "--store",
                                     str(tmp_path / "st2"), "-q"])
    assert isinstance(given.exception, InputError) and "does not exist" in str(given.exception)


def test_an_odd_record_in_site_captures_is_a_problem_of_that_file(tmp_path: Path) -> None:
    caps = tmp_path / "caps"
    caps.mkdir()
    good = [warc_record(WarcRecordType.response, f"https://h{i}.example.org/robots.txt", D0,
                        http_response("200 OK", [("Content-Type", "text/plain")],
                                      b"User-agent: GPTBot\nDisallow: /\n"), i) for i in range(4)]
    odd = warc_record(WarcRecordType.response, "https://odd.example.org/robots.txt", D0,
                      b"not an http response at all", 7)
    bad_member = bytearray(good[1])
    bad_member[25:45] = b"\x00" * 20
    (caps / "a.warc.gz").write_bytes(good[0] + odd + bytes(bad_member) + good[2])
    (caps / "b.warc.gz").write_bytes(good[3])
    os.symlink(tmp_path / "nowhere.warc.gz", caps / "c.warc.gz")
    page = warc_record(WarcRecordType.response, "https://h0.example.org/x", D0,
                       http_response("200 OK", [("Content-Type", "text/html")],
                                     html_page("x", "a page")), 1)
    (tmp_path / "crawl.warc.gz").write_bytes(page)
    store = tmp_path / "st"
    res = run("scan", str(tmp_path / "crawl.warc.gz"), "--store", str(store), "--executor",
              "serial", "-q", "--site-captures", str(caps), "--no-near-duplicates")
    assert res.exit_code == 1, res.output  # the captures are incomplete: say so
    assert "ingested 4 site captures" in res.output  # h0, odd (failed fetch), h2, h3
    probs = rows(store, "select kind, shard, message from problems order by message")
    assert {k for k, _, _ in probs} == {"capture_damage"}
    assert any("cannot be read as records" in m for _, _, m in probs)
    assert any("no readable HTTP response" in m for _, _, m in probs)
    assert any("symbolic link" in m for _, _, m in probs)
    assert rows(store, "select optout from manifest") == [(True,)]  # h0's robots.txt
    assert rows(store, "select status from runs") == [("partial",)]


def test_a_run_that_ends_in_an_error_says_so_in_status(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_bytes(_lines(2))
    gone = tmp_path / "captures-gone"  # named in the config, not there when the run starts
    cfg = tmp_path / "scan.yaml"
    cfg.write_text(f"options:\n  site_captures: [{gone}]\nsources:\n  - name: x\n"
                   f"    paths: [{tmp_path / 'x.jsonl'}]\n")
    store = tmp_path / "st"
    res = CliRunner().invoke(cli, ["scan", "--config", str(cfg), "--store", str(store),
                                   "--executor", "serial", "-q"])
    assert res.exit_code != 0
    ((status, error),) = rows(store, "select status, error from runs")
    assert status == "error" and f"--site-captures {gone}: no such file or directory" in error
    st = run("status", "--store", str(store))
    assert "last run #1" in st.output and ": error," in st.output
    assert "it ended with an error: InputError" in st.output


def test_a_csv_row_with_wrong_field_count_and_bad_utf8_is_skipped_not_fatal(
        tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_bytes(b"id,text\nr0,fine\nr1,bad\xff\xfe,extra\nr2,also \xe9 bad\nr3,end\n")
    store = tmp_path / "st"
    res = scan(store, p, extra=("--id-column", "id"))
    assert res.exit_code == 1, res.output  # a row was lost
    assert "Exception ignored" not in res.output + res.stderr
    assert [r["doc_id"] for r in manifest_table(store).to_pylist()] == ["r0", "r2", "r3"]
    got = rows(store, "select kind, line, message from problems order by line, kind")
    assert [(k, n) for k, n, _ in got] == [("bad_csv_row", 3), ("bad_utf8", 3),
                                           ("bad_utf8", 3), ("bad_utf8", 4)]
    assert got[0][2] == "line 3: expected 2 fields, found 3; skipped"
    assert "line 3: invalid UTF-8 at byte 6 of the line" in got[1][2]
    assert "line 4: invalid UTF-8 at byte 8 of the line" in got[3][2]
    assert rows(store, "select content_hash from manifest where doc_id = 'r2'") == [
        (content_hash_py("also \ufffd bad"),)]


def test_a_store_of_an_older_provscan_reads_without_migration(tmp_path: Path) -> None:
    """status and report open the catalog read-only: tables and columns added since
    must not be needed."""
    (tmp_path / "x.jsonl").write_bytes(_lines(3))
    store = tmp_path / "st"
    assert scan(store, tmp_path / "x.jsonl").exit_code == 0
    with Catalog(store) as cat:  # as an older provscan left it
        cat.db.execute("drop table skipped_records")
        cat.db.execute("alter table runs drop column error")
    st = run("status", "--store", str(store))
    assert st.exit_code == 0 and "done" in st.output and "last run #1" in st.output
    from provscan.report.write import run_report

    lines = run_report(store, str(tmp_path / "rep"))
    assert lines[0].startswith("report for 3 documents")
    assert (tmp_path / "rep" / "evidence" / "exclusions.csv").is_file()


def test_a_run_killed_before_it_could_record_its_end_is_named_so(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_bytes(_lines(3))
    store = tmp_path / "st"
    assert scan(store, tmp_path / "x.jsonl").exit_code == 0
    with Catalog(store) as cat:  # what a SIGKILL between begin_run and end_run leaves
        cat.db.execute("insert into runs (run_id, started_at, command, status) "
                       "values (2, now(), 'scan', 'running')")
    st = run("status", "--store", str(store))
    assert "last run #2" in st.output
    assert "ended without a record of how (killed, or the machine stopped)" in st.output



_ROBOTS = b"User-agent: *\nDisallow: /\n"


def _capture_table(urls: list[str], statuses: list[int]) -> pa.Table:
    return pa.table({"url": urls, "date": ["2024-01-01T00:00:00Z"] * len(urls),
                     "status": statuses, "body": [_ROBOTS] * len(urls)})


@pytest.mark.parametrize(("tables", "ingested", "says"), [
    # another table, or a damaged schema: that file's captures are left out, the other
    # capture files are read
    ({"bad.parquet": pa.table({"Url": ["https://a.example.org/robots.txt"]}),
      "good.parquet": _capture_table(["https://h0.example.org/robots.txt"], [200])},
     1, "bad.parquet: site captures need the columns url, date, status, body; missing body, "
        "date, status, url. Columns here: Url"),
    # a flipped byte in the status column (found by the fuzz tests): that capture is kept
    # as a failed fetch; nothing else is lost
    ({"caps.parquet": _capture_table(["https://h0.example.org/robots.txt",
                                      "https://h1.example.org/robots.txt"],
                                     [200, 9007199254741192])},
     2, "status 9007199254741192, not an HTTP status"),
])
def test_a_damaged_capture_table_is_a_problem_of_that_file(
    tmp_path: Path, tables: dict[str, pa.Table], ingested: int, says: str,
) -> None:
    caps = tmp_path / "caps"
    caps.mkdir()
    for name, table in tables.items():
        pq.write_table(table, caps / name)
    (tmp_path / "x.jsonl").write_bytes(_lines(2))
    store = tmp_path / "st"
    res = run("scan", str(tmp_path / "x.jsonl"), "--store", str(store), "--executor",
              "serial", "-q", "--site-captures", str(caps), "--no-near-duplicates")
    assert res.exit_code == 1, res.output
    assert f"ingested {ingested} site captures" in res.output
    ((kind, message),) = rows(store, "select kind, message from problems")
    assert kind == "capture_damage" and says in message
