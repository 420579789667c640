"""Site captures judged host by host (``OptoutDetector.site_rows`` and
``RobotsFile.evaluate_many``) give what the row-by-row reference (``site_findings``, one
``RobotsFile.evaluate`` per URL) gives: same findings, captures, ``when`` and robots.txt
state, on random hosts, capture dates, document dates, statuses and robots.txt bodies
(Allow/Disallow with ``*`` and ``$``, Content-Signal, Content-Usage, AI-crawler groups),
plus tdmrep.json and ai.txt captures, under every ``--robots-time``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from provscan.common.captures import Capture
from provscan.detect.optout.detector import OptoutDetector
from provscan.detect.optout.model import Finding
from provscan.detect.optout.robots import RobotsFile
from provscan.detect.optout.robots_rules import path_of
from provscan.detect.optout.tokens import CrawlerTokens

_T0 = datetime(2022, 1, 1, tzinfo=timezone.utc)
_DAYS = [0, 100, 365, 700, 900]  # capture days; documents fall on them too (ties)
_PATHS = ["/", "/a", "/a/", "/a/b.html", "/a/index.html", "/private/x", "/cgi-bin/q?x=1",
          "/img/cat.jpg", "/img/cat.JPG", "/docs/cv.pdf", "/robots.txt", "/a$b", "/%7Eu/"]
_PATTERNS = ["/", "", "/a", "/a/", "/a/index.html", "/private/", "*.jpg", "/*.pdf$", "/a$",
             "/img/*", "/*/b*", "/cgi-bin/", "/%7Eu/"]
_AGENTS = ["*", "GPTBot", "CCBot", "AI2Bot", "AI2Bot/1.0", "Googlebot", "img2dataset"]
_OTHER = ["Content-Signal: ai-train=no", "Content-Signal: search=yes, ai-train=yes",
          "Content-Usage: train-ai=n", "Content-Usage: /a/ train-ai=y",
          "Content-Usage: /private/ train-ai=n", "Sitemap: https://h.example/s.xml", ""]
_TDMREP = [b'[{"location": "/", "tdm-reservation": 1}]',
           b'[{"location": "/a/", "tdm-reservation": 0}, {"location": "/", "tdm-reservation": 1}]',
           b"not json"]
_AI_TXT = [b"User-Agent: *\nDisallow: *.jpg\nAllow: *.html\n", b"User-Agent: *\nDisallow: /\n"]


@st.composite
def _robots_body(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 4))):  # groups
        lines += [f"User-agent: {a}" for a in draw(st.lists(st.sampled_from(_AGENTS), min_size=1,
                                                            max_size=2))]
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["Allow", "Disallow", "other"]))
            lines.append(draw(st.sampled_from(_OTHER)) if kind == "other"
                         else f"{kind}: {draw(st.sampled_from(_PATTERNS))}")
    return ("\n".join(lines) + "\n").encode()


@st.composite
def _captures(draw: st.DrawFn, host: str) -> list[Capture]:
    out = []
    for kind, path in (("robots", "/robots.txt"), ("tdmrep", "/.well-known/tdmrep.json"),
                       ("ai_txt", "/ai.txt")):
        days = sorted(draw(st.lists(st.sampled_from(_DAYS), max_size=3 if kind == "robots" else 1)))
        for d in days:
            body = (draw(_robots_body()) if kind == "robots" else
                    draw(st.sampled_from(_TDMREP if kind == "tdmrep" else _AI_TXT)))
            status = draw(st.sampled_from([200, 200, 200, 404, 503, None]))
            date = None if draw(st.integers(0, 9)) == 0 else _T0 + timedelta(days=d)
            out.append(Capture(kind, f"https://{host}{path}", date, status, body, f"{host}{d}"))
    return out


class _Sites:
    def __init__(self, by_host: dict[str, list[Capture]]) -> None:
        self.by_host = by_host
        self.hosts = pa.array(sorted(by_host), pa.string())

    def __bool__(self) -> bool:
        return bool(self.by_host)

    def captures(self, host: str) -> list[Capture]:
        return list(self.by_host.get(host, []))

    def captures_of(self, hosts: list[str]) -> dict[str, list[Capture]]:
        return {h: self.captures(h) for h in hosts if self.by_host.get(h)}


@st.composite
def _case(draw: st.DrawFn) -> tuple[_Sites, list[str | None], list[str | None],
                                    list[datetime | None]]:
    hosts = [f"h{i}.example" for i in range(draw(st.integers(1, 4)))]
    sites = _Sites({h: draw(_captures(h)) for h in hosts})
    day = st.one_of(st.none(), st.sampled_from([-30, 50, 500, 1000, *_DAYS]))
    # rows of hosts with captures, of a host without any, and without a host; a row may
    # lack its URL (the path None)
    rows = draw(st.lists(st.tuples(st.sampled_from([*hosts, "nocaptures.example", None]),
                                   st.sampled_from([*_PATHS, None]), day),
                         min_size=1, max_size=30))
    urls: list[str | None] = [None if p is None or (h is None and p == "/")
                              else f"https://{h}{p}" for h, p, _ in rows]
    dates = [None if d is None else _T0 + timedelta(days=d) for _, _, d in rows]
    return sites, urls, [h for h, _, _ in rows], dates


@settings(max_examples=150, deadline=None)
@given(_case(), st.sampled_from(["any", "at-crawl", "latest"]))
def test_host_by_host_equals_row_by_row(
        case: tuple[_Sites, list[str | None], list[str | None], list[datetime | None]],
        mode: str) -> None:
    sites, urls, hosts, dates = case
    tokens = CrawlerTokens.load()
    fast = OptoutDetector(tokens, sites, mode)  # type: ignore[arg-type]
    slow = OptoutDetector(tokens, sites, mode)  # type: ignore[arg-type]
    micros = [None if d is None else (d - datetime(1970, 1, 1, tzinfo=timezone.utc))
              // timedelta(microseconds=1) for d in dates]
    got = fast.site_rows(urls, hosts, micros)
    for j, (u, h, d) in enumerate(zip(urls, hosts, dates, strict=True)):
        if h is None or not u:
            assert got[j] is None
            continue
        assert got[j] == slow.site_findings(u, h, d), (u, h, d)


def test_micros_of_the_date_column_match_the_datetimes() -> None:
    from provscan.detect.optout.detector import _micros

    dates = [_T0, None, _T0 + timedelta(microseconds=7), datetime(1969, 12, 31, 23, 59,
                                                                 tzinfo=timezone.utc)]
    for typ in (pa.timestamp("us", tz="UTC"), pa.timestamp("ms", tz="UTC"),
                pa.timestamp("s", tz="UTC")):
        arr = pa.array(dates, pa.timestamp("us", tz="UTC")).cast(typ, safe=False)
        want = [None if d is None else (d - datetime(1970, 1, 1, tzinfo=timezone.utc))
                // timedelta(microseconds=1) for d in arr.to_pylist()]
        assert _micros(arr) == want


def test_evaluate_many_equals_evaluate_per_url() -> None:
    body = (b"User-agent: *\nDisallow: /private/\nContent-Usage: /a/ train-ai=n\n\n"
            b"User-agent: GPTBot\nAllow: /a/index.html\nDisallow: /\n")
    tokens = CrawlerTokens.load()
    urls = [f"https://h.example{p}" for p in _PATHS]
    many = RobotsFile.from_capture(200, body).evaluate_many(urls, tokens)
    one = RobotsFile.from_capture(200, body)
    assert many == [one.evaluate(u, tokens) for u in urls]
    assert any(many) and not all(many)  # the case judges both ways
    for status in (404, 503, None):
        f = RobotsFile.from_capture(status, body)
        assert f.evaluate_many(urls, tokens) == [f.evaluate(u, tokens) for u in urls]


def _reference(f: RobotsFile, url: str, tokens: CrawlerTokens) -> list[Finding]:
    """The per-URL judgement without the per-decision cache: every view's facts from
    ``_judge`` on the path itself."""
    path = path_of(url)
    if f.state != "parsed" or path == "/robots.txt":
        return f.evaluate(url, tokens) if path != "/robots.txt" else []
    pairs, views = f._plan(tokens.tokens)
    return list(f._findings(pairs, {v: tuple(f._judge(v, path)) for v in views}))


@settings(max_examples=200, deadline=None)
@given(_robots_body(), st.lists(st.sampled_from(_PATHS), min_size=1, max_size=20))
def test_decision_cache_equals_judging_each_path(body: bytes, paths: list[str]) -> None:
    tokens = CrawlerTokens.load()
    urls = [f"https://h.example{p}" for p in paths]
    got = RobotsFile.from_capture(200, body).evaluate_many(urls, tokens)
    ref = RobotsFile.from_capture(200, body)
    assert got == [_reference(ref, u, tokens) for u in urls]


_DATE_VALUES = ["2024-05-01", "2024-05-01T12:00:00Z", "2024-05-01T12:00:00+02:00",
                "20240501120000", "1714564800", "yesterday", "", "2024-13-01",
                "2024-05-01 12:00:00", datetime(2024, 5, 1, tzinfo=timezone.utc),
                datetime(2024, 5, 1, 14, tzinfo=timezone(timedelta(hours=2))), None, 7]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_DATE_VALUES), max_size=12))
def test_capture_dates_read_at_once_equal_one_by_one(values: list[object]) -> None:
    from provscan.sources.captures import _dates, _to_ts

    assert _dates(values) == [_to_ts(v) for v in values]


_URL_PARTS = ["https://", "http://", "HTTP://", "//", "ftp:", "a;b://", "h.example", "h.example:80",
              "/", "/a", "/a/", "index.html", "?q=1", ";p", "#f", "#", "$", "*", "%7E", "é",
              " ", "\n", "://", "/robots.txt", "b.jpg", "/private/x", "cgi-bin/"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_URL_PARTS), max_size=6).map("".join),
                min_size=1, max_size=40))
def test_paths_in_arrow_equal_path_of(urls: list[str]) -> None:
    from provscan.detect.optout.robots_rules import paths_of

    assert paths_of(pa.array(urls, pa.string())).to_pylist() == [path_of(u) for u in urls]


_MANY_PATTERNS = [*_PATTERNS, "/a/b.html", "/img/cat.jpg$", "*.html", "/é", "/a b", "/%7Eu",
                  "/*.jpg*"]  # the last one: three stars with the leading one, Google's matcher


@st.composite
def _robots_many(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        lines += [f"User-agent: {a}" for a in draw(st.lists(st.sampled_from(_AGENTS), min_size=1,
                                                            max_size=2))]
        for _ in range(draw(st.integers(0, 6))):
            kind = draw(st.sampled_from(["Allow", "Disallow", "Disallow", "other"]))
            lines.append(draw(st.sampled_from(_OTHER)) if kind == "other"
                         else f"{kind}: {draw(st.sampled_from(_MANY_PATTERNS))}")
    return ("\n".join(lines) + "\n").encode()


@settings(max_examples=200, deadline=None)
@given(_robots_many(), st.lists(st.lists(st.sampled_from(_URL_PARTS), max_size=5).map(
    lambda p: "https://h.example" + "".join(p)) | st.sampled_from(
    [f"https://h.example{p}" for p in _PATHS]), min_size=16, max_size=60),
    st.sampled_from([200, 200, 503, 404]))
def test_urls_judged_in_arrow_equal_one_by_one(body: bytes, urls: list[str], status: int) -> None:
    tokens = CrawlerTokens.load()
    many = RobotsFile.from_capture(status, body).evaluate_many(urls, tokens)
    one = RobotsFile.from_capture(status, body)
    assert many == [one.evaluate(u, tokens) for u in urls]


def _annotate_row_by_row(det: OptoutDetector, urls: list[str | None], hosts: list[str | None],
                         dates: list[datetime | None]) -> tuple[list[Any], ...]:
    """``annotate`` without page signals, the way it was written first: each row through
    ``site_findings``, then tdmrep resolved and the verdict decided."""
    from provscan.detect.optout.detector import Evidence
    from provscan.detect.optout.model import decide
    from provscan.detect.optout.page import resolve_tdmrep

    optout: list[Any] = []
    signals: list[Any] = []
    states: list[Any] = []
    evidence: list[Any] = []
    known = set(det.sites.hosts.to_pylist())
    for i, (u, h, d) in enumerate(zip(urls, hosts, dates, strict=True)):
        state, found = ("missing" if h is not None else None), []
        if h is not None and h in known and u:
            site, state = det.site_findings(u, h, d)
            found = [Evidence(i, f, c, w) for f, c, w in site]
        resolved = resolve_tdmrep([e.finding for e in found])
        found = [Evidence(e.row, f, e.capture, e.when) for e, f in zip(found, resolved,
                                                                       strict=True)]
        flag, sig = decide(e.finding for e in found) if found else (False, [])
        optout.append(flag)
        signals.append(sig)
        states.append(state)
        evidence += found
    return optout, signals, states, evidence


@settings(max_examples=150, deadline=None)
@given(_case(), st.sampled_from(["any", "at-crawl", "latest"]))
def test_annotate_equals_row_by_row(
        case: tuple[_Sites, list[str | None], list[str | None], list[datetime | None]],
        mode: str) -> None:
    sites, urls, hosts, dates = case
    tokens = CrawlerTokens.load()
    got = OptoutDetector(tokens, sites, mode).annotate(  # type: ignore[arg-type]
        pa.array(urls, pa.string()), pa.array(hosts, pa.string()),
        pa.array(dates, pa.timestamp("us", tz="UTC")), None)
    want = _annotate_row_by_row(OptoutDetector(tokens, sites, mode),  # type: ignore[arg-type]
                                urls, hosts, dates)
    assert got.optout.to_pylist() == want[0]
    assert got.signals.to_pylist() == want[1]
    assert got.robots_state.to_pylist() == want[2]
    assert got.evidence == want[3]
