"""Real WARC and ARC files that other tools' authors wrote, and damaged copies of them.

The files are public test data of warcio, FastWARC/Resiliparse, jwarc, the Archives
Unleashed Toolkit and Common Crawl (``tests/data/warc-real/SOURCE.md``: origin, licence).
For each, provscan must keep every document that warcio, an independent reader, finds,
with the same URLs; damaged copies must keep every record before (and after) the damage
and say what was lost.
"""

from __future__ import annotations

import gzip
import shutil
from collections import Counter
from pathlib import Path

import pytest
from helpers.web import read_archive, to_arc, warcio_html_2xx, warcio_records

from provscan.config import SourceSpec
from provscan.errors import InputError
from provscan.sources import discover
from provscan.sources.records import sniff

HERE = Path(__file__).parent / "data" / "warc-real"
# New files dropped into the shared test data are tried too.
SHARED = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "warc-real"


def _files() -> list[Path]:
    found = {p.name: p for p in sorted(HERE.iterdir()) if ".arc" in p.name or ".warc" in p.name}
    if SHARED.is_dir():
        for p in sorted(SHARED.iterdir()):
            if (".arc" in p.name or ".warc" in p.name) and p.name not in found:
                found[p.name] = p
    return list(found.values())


FILES = _files()
READABLE = [p for p in FILES if ".wat" not in p.name]


def test_the_real_files_are_all_here() -> None:
    assert len(FILES) >= 14
    assert {p.name.split(".", 1)[1] for p in FILES} >= {
        "arc", "arc.gz", "warc", "warc.gz", "warc.lz4", "warc.wet.gz", "warc.wat.gz",
        "pdf.warc.gz"}


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_keeps_every_html_page_warcio_finds(path: Path) -> None:
    expected = warcio_html_2xx(path) if "lz4" not in path.name else _lz4_expected(path)
    docs, problems = read_archive(path)
    got = Counter(d["url"] for d in docs)
    assert got >= Counter(expected), f"lost: {Counter(expected) - got}"
    assert all(d["text"] is not None for d in docs)
    if "wet" in path.name:  # WET: each conversion record is a document of extracted text
        assert len(docs) == 1 and docs[0]["url"].startswith("https://an.wikipedia.org/")
        assert docs[0]["status"] is None and "Escopete" in docs[0]["text"]
    # nothing is lost silently: a document missing from the manifest has a problem
    assert problems.problems == [] or problems.partial or set(problems.counts) <= {
        "length_mismatch", "bad_encoding", "cut_body"}


def _lz4_expected(path: Path) -> list[str]:
    """warcio does not read LZ4; the same records are in the gzipped copy."""
    return warcio_html_2xx(path.with_name(path.name.replace(".lz4", ".gz")))


@pytest.mark.parametrize(("name", "flavour"), [
    ("warcio__example.arc", "arc"), ("warcio__example.arc.gz", "arc"),
    ("aut__example.arc.gz", "arc"), ("warcio__example.warc.gz", "warc"),
    ("warcio__example-trunc.warc", "warc")])
def test_arc_and_warc_are_told_by_content(tmp_path: Path, name: str, flavour: str) -> None:
    head = (HERE / name).read_bytes()[:4096]
    assert sniff(head, name) == flavour
    assert sniff(head, "renamed.warc.gz" if flavour == "arc" else "renamed.arc") == flavour
    # and a renamed file is read all the same
    copy = tmp_path / ("renamed.warc" + (".gz" if name.endswith(".gz") else ""))
    shutil.copy(HERE / name, copy)
    assert len(read_archive(copy)[0]) == len(read_archive(HERE / name)[0])


def test_the_arc_crawl_keeps_its_94_pages_with_their_dates() -> None:
    docs, problems = read_archive(HERE / "aut__example.arc.gz")
    assert len(docs) == 94 and problems.problems == []
    assert all(d["date"] is not None and d["date"].year == 2008 for d in docs)
    assert all(d["id"] is None for d in docs)  # ARC has no record ids: doc_id is shard#row
    assert problems.skipped["not HTML"] > 0  # images, scripts: counted, not listed


def test_clueweb_lf_only_http_headers_are_parsed() -> None:
    docs, _ = read_archive(HERE / "chatnoir-resiliparse__clueweb-quirk.warc.gz")
    assert len(docs) == 29
    assert all(any(h["name"].lower() == "content-type" for h in d["headers"]) for d in docs)
    assert all(len(d["headers"]) < 40 for d in docs)  # the body is not read as headers


@pytest.mark.parametrize("name", ["aut__example.pdf.warc.gz",
                                  "warcio__example-iana.org-chunked.warc"])
def test_chunked_header_over_chunked_or_dechunked_body(name: str) -> None:
    docs, problems = read_archive(HERE / name)
    assert len(docs) >= 1 and problems.problems == []
    assert all("\r\n0\r\n" not in d["text"] for d in docs)
    assert not any(d["text"].lstrip()[:6].strip().isalnum() and len(d["text"]) < 8
                   for d in docs)


def test_wat_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    wat = HERE / "whirlwind-python__whirlwind.warc.wat.gz"
    with pytest.raises(InputError, match="WAT file: it holds metadata"):
        discover(SourceSpec(name="s", paths=(str(wat),)))
    d = tmp_path / "crawl"
    d.mkdir()
    shutil.copy(wat, d / wat.name)
    shutil.copy(HERE / "jwarc__cc.warc.gz", d / "cc.warc.gz")
    shards, skipped = discover(SourceSpec(name="s", paths=(str(d),)))
    assert [Path(s.uri).name for s in shards] == ["cc.warc.gz"]
    assert [Path(s.path).name for s in skipped] == [wat.name]
    assert "not document text" in skipped[0].reason


@pytest.mark.parametrize("name", ["x.warc.lz4", "x.warc.wet.gz", "x.wet.gz", "x.arc",
                                  "x.arc.gz", "x.warc.zst"])
def test_web_archive_names_are_recognised(name: str) -> None:
    from provscan.sources import format_of

    assert format_of(name) == "warc"


# --------------------------------------------------------------------------------------
# damaged copies


def _cut_cases() -> list[tuple[str, float]]:
    names = ["chatnoir-resiliparse__warcfile.warc.gz", "aut__example.arc.gz",
             "chatnoir-resiliparse__clueweb-quirk.warc.gz", "warcio__example.arc",
             "warcio__example-iana.org-chunked.warc"]
    return [(n, f) for n in names for f in (0.31, 0.77)]


@pytest.mark.parametrize(("name", "frac"), _cut_cases())
def test_a_cut_file_keeps_every_record_before_the_cut(tmp_path: Path, name: str,
                                                      frac: float) -> None:
    data = (HERE / name).read_bytes()
    cut = int(len(data) * frac)
    p = tmp_path / name
    p.write_bytes(data[:cut])
    records = warcio_records(HERE / name)
    whole = [r.url for r in records if r.html_2xx and r.offset + r.length <= cut]
    straddling = [r for r in records if r.offset < cut < r.offset + r.length]
    docs, problems = read_archive(p)
    got = Counter(d["url"] for d in docs)
    assert got >= Counter(whole), f"lost before the cut: {Counter(whole) - got}"
    assert sum(got.values()) <= len(whole) + 1
    if straddling and cut - straddling[0].offset > 300:  # cut inside a record's block
        assert problems.partial, problems.problems
        assert {"truncated", "broken_record"} & set(problems.counts)


def _member_offsets(path: Path) -> list[int]:
    return [r.offset for r in warcio_records(path)]


@pytest.mark.parametrize("name", ["chatnoir-resiliparse__warcfile.warc.gz",
                                  "aut__example.arc.gz"])
@pytest.mark.parametrize("victim", [5, 20])
def test_a_damaged_gzip_member_loses_only_its_record(tmp_path: Path, name: str,
                                                     victim: int) -> None:
    records = warcio_records(HERE / name)
    data = bytearray((HERE / name).read_bytes())
    r = records[victim]
    for i in range(r.offset + 12, r.offset + r.length - 8, 7):
        data[i] ^= 0x5A  # garble the deflate data of one member
    p = tmp_path / name
    p.write_bytes(bytes(data))
    docs, problems = read_archive(p)
    expected = Counter(x.url for i, x in enumerate(records) if x.html_2xx and i != victim)
    assert Counter(d["url"] for d in docs) >= expected
    assert problems.counts.get("broken_record", 0) >= 1 and problems.partial
    msg = next(x.message for x in problems.problems if x.kind == "broken_record")
    assert f"reading resumed at byte {records[victim + 1].offset}" in msg


def test_junk_between_members_of_a_real_file_loses_nothing(tmp_path: Path) -> None:
    name = "chatnoir-resiliparse__warcfile.warc.gz"
    records = warcio_records(HERE / name)
    data = (HERE / name).read_bytes()
    at = records[10].offset
    p = tmp_path / name
    p.write_bytes(data[:at] + b"\x00junk\x1f\x8b not a member\n" * 30 + data[at:])
    docs, problems = read_archive(p)
    assert Counter(d["url"] for d in docs) == Counter(warcio_html_2xx(HERE / name))
    assert problems.counts == {"broken_record": 1}


@pytest.mark.parametrize("gz", [False, True], ids=["arc", "arc.gz"])
def test_a_warc_converted_to_arc_gives_the_same_documents(tmp_path: Path, gz: bool) -> None:
    from warcio.archiveiterator import ArchiveIterator

    src = HERE / "chatnoir-resiliparse__warcfile.warc.gz"
    recs = []
    with open(src, "rb") as f:
        for rec in ArchiveIterator(f, no_record_parse=True):
            if rec.rec_type == "response":
                from provscan.sources.records import warc_date

                date = warc_date(rec.rec_headers.get_header("WARC-Date"))
                assert date is not None
                recs.append((rec.rec_headers.get_header("WARC-Target-URI"), date,
                             rec.raw_stream.read()))
    p = tmp_path / ("converted.arc.gz" if gz else "converted.arc")
    p.write_bytes(to_arc(recs, gz))
    docs, problems = read_archive(p)
    want, _ = read_archive(src)
    assert [d["url"] for d in docs] == [d["url"] for d in want]
    assert [d["text"] for d in docs] == [d["text"] for d in want]
    assert problems.problems == []
    if gz:  # damage in an ARC member: the others are kept
        members = warcio_records(p)
        data = bytearray(p.read_bytes())
        m = members[3]
        data[m.offset + 15 : m.offset + m.length - 8] = b"\xff" * (m.length - 23)
        p.write_bytes(bytes(data))
        docs2, problems2 = read_archive(p)
        assert len(docs2) >= len(docs) - 1 and problems2.partial


def test_a_plain_arc_cut_in_a_record_is_reported(tmp_path: Path) -> None:
    data = gzip.decompress((HERE / "warcio__example.arc.gz").read_bytes())
    p = tmp_path / "cut.arc"
    p.write_bytes(data[:-400])
    docs, problems = read_archive(p)
    assert docs == [] and problems.counts == {"truncated": 1}
