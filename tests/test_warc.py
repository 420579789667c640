"""WARC input: documents, headers, meta tags and links; broken and odd records."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from fastwarc.warc import WarcRecordType
from helpers.web import read_archive, warcio_html_2xx

from provscan.demo_web import html_page, http_response, warc_record

D = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def page(i: int, headers: list[tuple[str, str]] | None = None, html: bytes | None = None,
         status: str = "200 OK") -> bytes:
    body = html if html is not None else html_page("title", f"text of page {i}")
    hdrs = headers if headers is not None else [("Content-Type", "text/html")]
    return warc_record(WarcRecordType.response, f"https://a.example.com/{i}", D,
                   http_response(status, hdrs, body), i)


def read(tmp_path: Path, name: str, data: bytes) -> tuple[list[dict[str, Any]], Any]:
    p = tmp_path / name
    p.write_bytes(data)
    return read_archive(p, batch_rows=2)


def test_documents_and_page_extras(tmp_path: Path) -> None:
    hdrs = [("Content-Type", "text/html; charset=utf-8"), ("tdm-reservation", "1"),
            ("tdm-reservation", "0"), ("X-Robots-Tag", "noai")]
    html = (b'<html><head><meta name="robots" content="noai"><meta name="TDM-Reservation" '
            b'content="1"><link rel="license" href="https://creativecommons.org/licenses/by/4.0/">'
            b'</head><body><nav>Home About</nav><main><p>The body text is here and it is long '
            b'enough to be main content.</p></main></body></html>')
    docs, problems = read(tmp_path, "a.warc.gz", page(0) + page(1, hdrs, html) + page(2))
    assert [d["row"] for d in docs] == [0, 1, 2]
    d = docs[1]
    assert d["url"] == "https://a.example.com/1"
    assert d["date"] == D
    assert d["id"] == "<urn:uuid:00000000-0000-4000-8000-000000000001>"
    assert d["status"] == 200
    # repeated headers stay separate and in order
    assert [(h["name"], h["value"]) for h in d["headers"]][1:] == hdrs[1:]
    assert ("TDM-Reservation", "1") in [(m["name"], m["content"]) for m in d["meta"]]
    assert d["links"] == ["https://creativecommons.org/licenses/by/4.0/"]
    assert "The body text is here" in d["text"]
    assert problems.total == 0


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (warc_record(WarcRecordType.response, "https://a.example.com/x.pdf", D,
                 http_response("200 OK", [("Content-Type", "application/pdf")], b"%PDF-1.4"), 9),
         "not HTML"),
        (warc_record(WarcRecordType.response, "https://a.example.com/gone", D,
                 http_response("404 Not Found", [("Content-Type", "text/html")], b"<p>x</p>"), 9),
         "not 2xx"),
        (warc_record(WarcRecordType.response, "https://a.example.com/moved", D,
                 http_response("301 Moved Permanently", [("Location", "/")], b""), 9), "not 2xx"),
        (warc_record(WarcRecordType.metadata, "https://a.example.com/0", D, b"a: b\r\n", 9),
         "metadata record"),
    ],
)
def test_non_documents_are_counted_by_reason_not_listed(tmp_path: Path, record: bytes,
                                                        reason: str) -> None:
    req = warc_record(WarcRecordType.request, "https://a.example.com/0", D,
                  b"GET / HTTP/1.1\r\n\r\n", 8)
    docs, problems = read(tmp_path, "b.warc.gz", req + page(0) + record)
    assert len(docs) == 1
    assert problems.skipped == {"request record": 1, reason: 1}
    assert problems.problems == [] and not problems.partial


def test_a_dns_response_is_skipped_and_a_false_http_claim_is_damage(tmp_path: Path) -> None:
    dns = gzip.decompress(warc_record(WarcRecordType.response, "dns:a.example.com", D,
                                      b"20240102 1.2.3.4", 9))
    dns = dns.replace(b"application/http; msgtype=response", b"text/dns")
    false = warc_record(WarcRecordType.response, "https://a.example.com/x", D, b"no http", 10)
    docs, problems = read(tmp_path, "b.warc.gz", page(0) + gzip.compress(dns) + false)
    assert len(docs) == 1
    assert problems.skipped == {"not an HTTP response": 1}
    assert problems.counts == {"broken_record": 1}
    assert "record 2 (at byte" in problems.problems[0].message


def test_untyped_html_is_sniffed(tmp_path: Path) -> None:
    docs, _ = read(tmp_path, "c.warc.gz", page(0, headers=[], html=b"<!DOCTYPE html><p>hi</p>"))
    assert len(docs) == 1


@pytest.mark.parametrize(("charset", "declared"), [("iso-8859-1", True), ("iso-8859-1", False),
                                                   ("windows-1252", True)])
def test_non_utf8_html_is_decoded(tmp_path: Path, charset: str, declared: bool) -> None:
    text = "Grüße aus Köln, café, naïve façade, déjà vu, Ærø"
    ctype = f"text/html; charset={charset}" if declared else "text/html"
    html = f"<html><body><p>{text}</p></body></html>".encode(charset)
    docs, _ = read(tmp_path, "d.warc.gz", page(0, [("Content-Type", ctype)], html))
    assert docs[0]["text"] == text


def test_garbage_between_records_loses_only_that_record(tmp_path: Path) -> None:
    data = page(0) + page(1) + b"garbage\n" * 20 + page(2) + page(3)
    docs, problems = read(tmp_path, "e.warc.gz", data)
    assert [d["url"].rsplit("/", 1)[1] for d in docs] == ["0", "1", "2", "3"]
    assert problems.counts == {"broken_record": 1}
    start = len(page(0) + page(1))
    assert f"reading resumed at byte {start + 160}" in problems.problems[0].message
    assert problems.partial


@pytest.mark.parametrize("name", ["f.warc.gz", "f.warc"])
def test_truncated_file_keeps_earlier_records_and_drops_the_partial_one(
        tmp_path: Path, name: str) -> None:
    last = page(4)
    whole = page(0) + page(1) + last
    if name.endswith(".gz"):
        data = whole[: len(whole) - len(last) // 2]
    else:
        plain = gzip.decompress(whole)
        data = plain[: len(plain) - 200]
    docs, problems = read(tmp_path, name, data)
    assert [d["url"][-1] for d in docs] == ["0", "1"]
    assert problems.counts == {"truncated": 1}
    assert problems.problems[0].line == 2
    assert "2 documents before it were kept" in problems.problems[0].message
    assert problems.partial


def test_a_wrong_record_length_over_a_complete_http_message_keeps_the_page(
        tmp_path: Path) -> None:
    """A declared length a few bytes too long on the last record (as in warcio's
    example-space-in-url.arc) is a repair, not a truncation, when the HTTP message says
    it is complete."""
    body = html_page("title", "a complete page")
    http = http_response("200 OK", [("Content-Type", "text/html"),
                                    ("Content-Length", str(len(body)))], body)
    rec = gzip.decompress(warc_record(WarcRecordType.response, "https://a.example.com/9", D,
                                      http, 9))
    longer = rec.replace(f"Content-Length: {len(http)}".encode(),
                         f"Content-Length: {len(http) + 12}".encode())
    docs, problems = read(tmp_path, "k.warc", gzip.decompress(page(0)) + longer)
    assert len(docs) == 2 and "a complete page" in docs[1]["text"]
    assert problems.counts == {"length_mismatch": 1} and not problems.partial


def test_huge_header_is_kept_and_capped(tmp_path: Path) -> None:
    hdrs = [("Content-Type", "text/html"), ("Set-Cookie", "a" * 200_000)]
    docs, problems = read(tmp_path, "g.warc.gz", page(0) + page(1, hdrs) + page(2))
    assert len(docs) == 3
    cookie = next(h["value"] for h in docs[1]["headers"] if h["name"] == "Set-Cookie")
    assert 0 < len(cookie) <= 16384
    assert problems.total == 0


def test_empty_and_plain_files(tmp_path: Path) -> None:
    assert read(tmp_path, "h.warc", b"")[0] == []
    docs, _ = read(tmp_path, "i.warc", gzip.decompress(page(0) + page(1)))
    assert len(docs) == 2


def test_sample_crawl(sample_corpus: Path) -> None:
    src = sample_corpus / "crawl" / "crawl-000.warc.gz"
    docs, problems = read(sample_corpus.parent, "copy.warc.gz", src.read_bytes())
    assert [d["url"] for d in docs] == warcio_html_2xx(src)  # an independent reader
    assert problems.problems == []
    assert problems.skipped["not HTML"] >= 1 and problems.skipped["not 2xx"] >= 2  # PDF, 404, 3xx
    assert all(d["text"] and "Privacy" not in d["text"] for d in docs)  # boilerplate removed
