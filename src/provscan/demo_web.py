"""The web part of the sample corpus: a WARC crawl and site captures, deterministic.

- ``crawl/crawl-000.warc.gz``: HTML responses (plus request records, a PDF, a 404 and
  a redirect that are not documents) whose headers and meta tags carry the page
  signals: ``X-Robots-Tag: noai``, TDMRep headers and meta (with a meta that overrides
  a header), ``Content-Usage``, ``robots`` meta, ``rel="license"`` links, licence
  statements and personal data in the text. Every page has its own text in its host's
  language, title, path and layout (headings, lists, quotes, bylines), drawn from the
  seed, so the crawl is as distinct as a real one; three pages are deliberate near
  copies of others (a syndicated copy, a corrected copy, a print version).
- ``site-captures/robots-2023.warc.gz`` and ``robots-2025.warc.gz``: robots.txt,
  ``/.well-known/tdmrep.json`` and ``/ai.txt`` of some of the sample hosts, captured at
  two dates, so that ``--robots-time`` makes a difference (a site that blocked GPTBot
  only in 2025; a 404 and a 503 robots.txt).
"""

from __future__ import annotations

import gzip
import io
import random
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from fastwarc.warc import WarcRecord, WarcRecordType

_BOILER = ('<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a>'
           "</nav>")
_FOOT = "<footer>Contact us - Privacy - Cookies</footer>"


def warc_record(kind: WarcRecordType, url: str, date: datetime, payload: bytes, n: int) -> bytes:
    rec = WarcRecord()
    rec.init_headers(kind, f"uuid:00000000-0000-4000-8000-{n:012d}".encode())
    rec.headers.set("WARC-Date", date.strftime("%Y-%m-%dT%H:%M:%SZ"))
    rec.headers.append("WARC-Target-URI", url)
    ctype = ("application/http; msgtype=response" if kind == WarcRecordType.response
             else "application/http; msgtype=request")
    rec.headers.append("Content-Type", ctype)
    rec.set_bytes_content(payload)
    buf = io.BytesIO()
    rec.write(buf)
    return gzip.compress(buf.getvalue(), mtime=0)  # one gzip member per record


def http_response(status: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers)
    return f"HTTP/1.1 {status}\r\n{head}\r\n".encode() + body


def html_page(title: str, text: str, head: str = "", after: str = "",
              body: str | None = None) -> bytes:
    """A page with ``text``'s paragraphs (or the ready ``body`` markup) in its ``<main>``."""
    paras = body if body is not None else "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"{head}</head><body>{_BOILER}<main><h1>{title}</h1>{paras}{after}</main>"
            f"{_FOOT}</body></html>").encode()


def _sentences(text: str) -> list[str]:
    return [x for x in re.split(r"(?<=[.!?。])\s*", text.replace("\n\n", " ")) if x.strip()]


def _title(text: str) -> str:
    """The first words of the text's first sentence, as a headline."""
    first = _sentences(text)[0].rstrip(".!?。")
    words = first.split(" ")
    return " ".join(words[:7]) if len(words) > 1 else first[:24]


def _slug(title: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:48] or "article"


def _layout(rng: random.Random, text: str) -> str:
    """``text``'s paragraphs in one of several layouts: plain, with subheadings, a list
    of key points, a quotation, a byline and date line."""
    paras = text.split("\n\n")
    out: list[str] = []
    if rng.random() < 0.3:
        out.append(f'<p class="meta">{rng.choice(_BYLINE_DATES)}</p>')
    for k, para in enumerate(paras):
        sents = _sentences(para)
        if k and rng.random() < 0.35 and sents:
            out.append(f"<h2>{_title(sents[-1])}</h2>")
        if len(sents) >= 3 and rng.random() < 0.2:
            out.append("<ul>" + "".join(f"<li>{x}</li>" for x in sents) + "</ul>")
        elif len(sents) >= 2 and rng.random() < 0.15:
            out.append(f"<p>{sents[0]}</p><blockquote><p>{' '.join(sents[1:])}</p></blockquote>")
        else:
            out.append(f"<p>{para}</p>")
    return "".join(out)


_BYLINE_DATES = ["Updated 5 March 2024", "2024-03-12 08:30", "Published on 21/03/2024",
                 "March 2024", "Last reviewed: 2024-03-02"]
_SECTIONS = ["news", "world", "culture", "science", "sport", "opinion", "local", "tech"]


# (host, path, extra headers, extra <head> markup, text added to the body)
_SIGNAL_PAGES: list[tuple[str, str, list[tuple[str, str]], str, str]] = [
    ("www.spiegel.de", "/kultur/a-1.html", [("X-Robots-Tag", "noai, noimageai")], "", ""),
    ("www.lemonde.fr", "/culture/article-2.html",
     [("tdm-reservation", "1"), ("tdm-policy", "https://www.lemonde.fr/tdm-policy.json")], "", ""),
    ("www.lemonde.fr", "/culture/article-3.html", [("tdm-reservation", "1")],
     '<meta name="tdm-reservation" content="0">', ""),
    ("nos.nl", "/artikel/4.html", [("Content-Usage", "train-ai=n, search=y")], "", ""),
    ("www.elpais.es", "/cultura/5.html", [], '<meta name="robots" content="index, noai">', ""),
    ("www.repubblica.it", "/cultura/6.html", [("tdm-reservation", "1"), ("tdm-reservation", "0")],
     "", ""),
    ("blog.example.com", "/posts/7.html", [],
     '<link rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">',
     "<p>This work is licensed under a Creative Commons Attribution-ShareAlike 4.0 "
     "International License.</p>"),
    ("forum.example.com", "/t/8.html", [], "",
     "<p>Write to jane.doe@example.com or call +44 20 7946 0958.</p>"),
    ("en.wikipedia.org", "/wiki/Private_9", [], "", ""),
    ("news.bbc.co.uk", "/1/hi/10.stm", [("Content-Usage", "Train-AI=n")], "", ""),
]


def _near_copies(rng: random.Random, pages: list[tuple[str, str, str, str, str, list[Any]]],
                 hosts: list[str]) -> list[tuple[str, str, str, str, str, list[Any]]]:
    """Three deliberate near copies of the longest plain pages, as a real crawl has them:
    a syndicated copy on another host with a credit line, a copy with one word corrected,
    and a print version without the layout."""
    longest = sorted(pages, key=lambda p: -len(p[2]))[:3]
    (u1, t1, b1, *_), (u2, t2, b2, *_), (u3, t3, b3, *_) = longest
    other = rng.choice([h for h in hosts if h not in u1])
    words = re.findall(r"(?<=[ >])([a-z]{4,})(?=[ .<])", b2)
    fixed = b2.replace(f" {words[-1]}", f" {words[-1][::-1]}", 1) if words else b2 + " "
    plain = re.sub(r"</?(?:ul|blockquote)>", "", re.sub(r"<(/?)(?:h2|li)>", r"<\1p>", b3))
    return [
        (f"https://{other}/syndicated/{_slug(t1)}.html", t1,
         b1 + f"<p>This article first appeared on {u1.split('/')[2]}.</p>", "", "", []),
        (u2.replace(".html", "-corrected.html"), t2, fixed, "", "", []),
        (u3.replace(".html", "/print.html"), t3, plain, "", "", []),
    ]


def _robots_captures() -> dict[int, list[tuple[str, str, bytes]]]:
    """Per capture year: (url, HTTP status line, body)."""
    spiegel = b"User-agent: *\nDisallow: /intern/\n\nUser-agent: GPTBot\nDisallow: /\n"
    lemonde = (b"# BEGIN Cloudflare Managed content\nUser-agent: *\n"
               b"Content-Signal: search=yes, ai-train=no\nAllow: /\n")
    bbc_2023 = b"User-agent: *\nDisallow: /cgi-bin/\n"
    bbc_2025 = bbc_2023 + b"\nUser-agent: CCBot\nUser-agent: ClaudeBot\nDisallow: /\n"
    wiki = b"User-agent: *\nDisallow: /wiki/Private\nAllow: /wiki/\n"
    tdmrep = (b'[{"location": "/cultura/", "tdm-reservation": 1, '
              b'"tdm-policy": "https://www.elpais.es/tdm.json"}]')
    aitxt = b"User-Agent: *\nDisallow: *.html\nAllow: /\n"
    common = [
        ("https://www.spiegel.de/robots.txt", "200 OK", spiegel),
        ("https://www.lemonde.fr/robots.txt", "200 OK", lemonde),
        ("https://en.wikipedia.org/robots.txt", "200 OK", wiki),
        ("https://blog.example.com/robots.txt", "404 Not Found", b"not found"),
        ("https://forum.example.com/robots.txt", "503 Service Unavailable", b""),
        ("https://www.elpais.es/.well-known/tdmrep.json", "200 OK", tdmrep),
    ]
    return {
        2023: [*common, ("https://news.bbc.co.uk/robots.txt", "200 OK", bbc_2023)],
        2025: [*common, ("https://news.bbc.co.uk/robots.txt", "200 OK", bbc_2025),
               ("https://nos.nl/ai.txt", "200 OK", aitxt)],
    }


def write_web_sample(root: Path, text: Callable[[str], str], seed: int = 7,
                     plain_pages: int = 140) -> None:
    """Write the crawl WARC and the site-capture WARCs under ``root``; ``text(host)``
    gives a fresh text in the host's language for each page."""
    rng = random.Random(seed)
    crawl = root / "crawl"
    crawl.mkdir(parents=True, exist_ok=True)
    n = 0
    out: list[bytes] = []
    date = datetime(2024, 3, 1, tzinfo=timezone.utc)
    pages = list(_SIGNAL_PAGES)
    hosts = sorted({p[0] for p in pages} | {"www.bbc.co.uk", "stackoverflow.com", "arxiv.org"})
    for _ in range(plain_pages):  # plain pages without signals from the same hosts
        pages.append((rng.choice(hosts), "", [], "", ""))
    # (url, title, body markup, head, extra, headers) of every page, then the near copies
    made: list[tuple[str, str, str, str, str, list[tuple[str, str]]]] = []
    for i, (host, path, headers, head, extra) in enumerate(pages):
        body_text = text(host)
        title = _title(body_text)
        path = path or f"/{rng.choice(_SECTIONS)}/{_slug(title)}-{i}.html"
        made.append((f"https://{host}{path}", title, _layout(rng, body_text), head, extra,
                     headers))
    made += _near_copies(rng, made[len(_SIGNAL_PAGES):], hosts)
    for i, (url, title, markup, head, extra, headers) in enumerate(made):
        hdrs = [("Content-Type", "text/html; charset=utf-8"), *headers]
        when = date.replace(day=1 + i % 28)
        host, path = url.split("/", 3)[2], "/" + url.split("/", 3)[3]
        out.append(warc_record(WarcRecordType.request, url, when,
                               f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode(), n))
        out.append(warc_record(WarcRecordType.response, url, when, http_response(
            "200 OK", hdrs, html_page(title, "", head, extra, markup)), n + 1))
        n += 2
    resp = WarcRecordType.response
    out.append(warc_record(resp, "https://arxiv.org/pdf/1.pdf", date, http_response(
        "200 OK", [("Content-Type", "application/pdf")], b"%PDF-1.4"), n))
    out.append(warc_record(resp, "https://arxiv.org/missing", date, http_response(
        "404 Not Found", [("Content-Type", "text/html")], b"<p>no</p>"), n + 1))
    out.append(warc_record(resp, "https://nos.nl/old", date, http_response(
        "301 Moved Permanently", [("Location", "https://nos.nl/")], b""), n + 2))
    (crawl / "crawl-000.warc.gz").write_bytes(b"".join(out))

    caps = root / "site-captures"
    caps.mkdir(parents=True, exist_ok=True)
    for year, files in _robots_captures().items():
        recs = []
        for j, (url, status, body) in enumerate(files):
            ctype = "application/json" if url.endswith(".json") else "text/plain"
            recs.append(warc_record(WarcRecordType.response, url,
                                datetime(year, 1, 15, tzinfo=timezone.utc),
                                http_response(status, [("Content-Type", ctype)], body),
                                year * 1000 + j))
        (caps / f"robots-{year}.warc.gz").write_bytes(b"".join(recs))


__all__ = ["html_page", "http_response", "warc_record", "write_web_sample"]
