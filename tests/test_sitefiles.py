"""Site files (``detect/optout/sitefiles.py``): ``/.well-known/tdmrep.json`` and
Spawning's ``/ai.txt``, from capture to per-URL findings.

tdmrep.json cases follow the W3C TDMRep spec (first matching rule wins, robots.txt
``*``/``$``, percent-decoding of unreserved characters, its ``/foo-%24`` example) and
the malformed files the reference (optout-signals.md §2.5) has seen in the wild.
ai.txt cases are files in the form Spawning's generator writes them (§6.1).
"""

from __future__ import annotations

import json
import random

import pytest

from provscan.detect.optout.model import ALLOWED, RESERVED, UNKNOWN
from provscan.detect.optout.sitefiles import (
    MAX_AITXT_BYTES,
    MAX_TDMREP_BYTES,
    AiTxt,
    TdmrepFile,
    normalise,
    target,
)

SPEC_FILE = b"""[
  {"location": "/reports/", "tdm-reservation": 1, "tdm-policy": "https://pub.example/tdm/policy.json"},
  {"location": "/press/*.jpg", "tdm-reservation": 0},
  {"location": "/", "tdm-reservation": 1}
]
"""


TDM_MATCHES: list[tuple[str, bytes, str, str | None, str]] = [
    # (id, file, URL, verdict or None for no finding, text the rule must contain)
    ("spec-reports", SPEC_FILE, "https://pub.example/reports/2024/a.pdf", RESERVED, "rules[0]"),
    ("spec-policy", SPEC_FILE, "https://pub.example/reports/", RESERVED, "tdm/policy.json"),
    ("spec-press-jpg", SPEC_FILE, "https://pub.example/press/photo.jpg", ALLOWED, "rules[1]"),
    ("spec-press-png", SPEC_FILE, "https://pub.example/press/photo.png", RESERVED, "rules[2]"),
    ("spec-root", SPEC_FILE, "https://pub.example/", RESERVED, "rules[2]"),
    ("spec-no-path", SPEC_FILE, "https://pub.example", RESERVED, "rules[2]"),
    ("bare-path", SPEC_FILE, "/reports/x", RESERVED, "rules[0]"),
    # the first matching rule wins, not the longest (unlike robots.txt)
    ("first-not-longest", json.dumps([{"location": "/", "tdm-reservation": 1},
     {"location": "/open/", "tdm-reservation": 0}]).encode(), "/open/data.csv", RESERVED,
     "rules[0]"),
    ("no-match", b'[{"location": "/reports/", "tdm-reservation": 1}]', "/news/x", None, ""),
    ("case-sensitive", b'[{"location": "/Reports/", "tdm-reservation": 1}]', "/reports/x",
     None, ""),
    ("dollar", b'[{"location": "/a.pdf$", "tdm-reservation": 1}]', "/a.pdf", RESERVED, "$"),
    ("dollar-query", b'[{"location": "/a.pdf$", "tdm-reservation": 1}]', "/a.pdf?v=2", None,
     ""),
    ("dollar-longer", b'[{"location": "/a.pdf$", "tdm-reservation": 1}]', "/a.pdfx", None, ""),
    ("query-matched", b'[{"location": "/*?print=1", "tdm-reservation": 1}]', "/a?print=1",
     RESERVED, ""),
    ("unreserved-in-location", b'[{"location": "/%7Euser/", "tdm-reservation": 1}]',
     "https://pub.example/~user/x", RESERVED, ""),
    ("unreserved-in-url", b'[{"location": "/~user/", "tdm-reservation": 1}]',
     "https://pub.example/%7euser/x", RESERVED, ""),
    ("reserved-stays-encoded", b'[{"location": "/a%2Fb", "tdm-reservation": 1}]', "/a/b",
     None, ""),
    ("spec-dollar-example", b'[{"location": "/path/foo-%24", "tdm-reservation": 1}]',
     "https://www.example.com/path/foo-$", RESERVED, ""),
    ("non-ascii", '[{"location": "/café/", "tdm-reservation": 1}]'.encode(),
     "https://pub.example/caf%C3%A9/menu", RESERVED, ""),
    ("string-1", b'[{"location": "/", "tdm-reservation": "1"}]', "/x", RESERVED, "string"),
    ("string-0", b'[{"location": "/", "tdm-reservation": "0"}]', "/x", ALLOWED, "string"),
    ("true", b'[{"location": "/", "tdm-reservation": true}]', "/x", UNKNOWN, "protocol error"),
    ("two", b'[{"location": "/", "tdm-reservation": 2}]', "/x", UNKNOWN, "protocol error"),
    ("float", b'[{"location": "/", "tdm-reservation": 1.0}]', "/x", UNKNOWN, "protocol error"),
    ("missing-value", b'[{"location": "/"}]', "/x", UNKNOWN, "missing"),
    # a matching rule with an invalid value is unset; later rules are not consulted
    ("bad-first-match-stops", b'[{"location": "/", "tdm-reservation": "yes"},'
     b' {"location": "/", "tdm-reservation": 1}]', "/x", UNKNOWN, "rules[0]"),
    ("empty-location-skipped", b'[{"location": "", "tdm-reservation": 1}]', "/x", None, ""),
    ("empty-array", b"[]", "/x", None, ""),
    ("bom", b'\xef\xbb\xbf[{"location": "/", "tdm-reservation": 1}]', "/x", RESERVED, ""),
    ("extra-keys-ok", b'[{"location": "/", "tdm-reservation": 1, "comment": "all"}]', "/x",
     RESERVED, ""),
]  # fmt: skip


@pytest.mark.parametrize(("body", "url", "verdict", "says"), [c[1:] for c in TDM_MATCHES],
                         ids=[c[0] for c in TDM_MATCHES])  # fmt: skip
def test_tdmrep_file(body: bytes, url: str, verdict: str | None, says: str) -> None:
    f = TdmrepFile.from_capture(200, body, "https://pub.example/.well-known/tdmrep.json")
    assert f.state == "parsed"
    found = f.evaluate(url)
    assert [x.verdict for x in found] == ([verdict] if verdict else [])
    for x in found:
        assert x.signal == "tdmrep_wellknown"
        assert says in x.rule and "pub.example/.well-known/tdmrep.json" in x.rule
        assert x.value.startswith("{") and '"location"' in x.value


MALFORMED: list[tuple[str, bytes, str]] = [
    # (id, body, text the rule must contain)
    ("object-wrapper", b'{"tdm": [{"location": "/", "tdm-reservation": 1}]}', "'tdm'"),
    ("not-json", b"tdm-reservation: 1\n", "not JSON"),
    ("empty-body", b"", "not JSON"),
    ("bad-utf8", b'[{"location": "/caf\xe9/", "tdm-reservation": 1}]', "not UTF-8"),
    ("huge", b"[" + b" " * MAX_TDMREP_BYTES + b"]", "bytes, over"),
    ("soft-404", b"<!DOCTYPE html><html><body>Page not found</body></html>", "HTML"),
    ("string", b'"tdm-reservation"', "not an array"),
    ("not-objects", b"[1, 2]", "rules[0] is a JSON int"),
    ("no-location", b'[{"path": "/", "tdm-reservation": 1}]', "rules[0] has no string"),
    ("deep-nesting", b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    ("truncated", b'[{"location": "/", "tdm-reservation": 1}', "not JSON"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "says"), [c[1:] for c in MALFORMED],
                         ids=[c[0] for c in MALFORMED])  # fmt: skip
def test_tdmrep_malformed(body: bytes, says: str) -> None:
    f = TdmrepFile.from_capture(200, body, "https://pub.example/.well-known/tdmrep.json")
    assert f.state == "malformed"
    found = f.evaluate("https://pub.example/any")
    assert [(x.signal, x.verdict) for x in found] == [("tdmrep_wellknown", UNKNOWN)]
    assert "malformed" in found[0].rule and says in found[0].rule
    assert found[0].value == body[:200].decode("utf-8", "replace")


def test_tdmrep_policy_key_keeps_the_reservation_and_is_flagged() -> None:
    body = b'[{"location": "/", "tdm-reservation": 1, "policy": "https://x/p"}]'
    f = TdmrepFile.from_capture(200, body, "https://pub.example/.well-known/tdmrep.json")
    assert f.state == "parsed"
    (x,) = f.evaluate("https://pub.example/any")
    assert x.verdict == RESERVED
    assert "'policy' key" in x.rule and "malformed" in x.rule and "https://x/p" in x.rule


STATUSES: list[tuple[str, int | None, bytes | None, str, list[str]]] = [
    # (id, status, body, state, verdicts for any URL)
    ("ok", 200, b'[{"location": "/", "tdm-reservation": 1}]', "parsed", [RESERVED]),
    ("no-status-body", None, b'[{"location": "/", "tdm-reservation": 1}]', "parsed", [RESERVED]),
    ("not-found", 404, b"Not Found", "no_rules", []),
    ("gone", 410, None, "no_rules", []),
    ("forbidden", 403, b"", "no_rules", []),
    ("server-error", 500, b"oops", "unreachable", [UNKNOWN]),
    ("unavailable", 503, None, "unreachable", [UNKNOWN]),
    ("fetch-failed", None, None, "unreachable", [UNKNOWN]),
    ("redirect", 301, None, "missing", []),
    ("ok-no-body", 200, None, "missing", []),
]  # fmt: skip


@pytest.mark.parametrize(("status", "body", "state", "expected"), [c[1:] for c in STATUSES],
                         ids=[c[0] for c in STATUSES])  # fmt: skip
def test_status(status: int | None, body: bytes | None, state: str, expected: list[str]) -> None:
    for cls in (TdmrepFile, AiTxt):
        ai_body = b"User-Agent: *\nDisallow: /\n" if body and body.startswith(b"[") else body
        f = cls.from_capture(status, body if cls is TdmrepFile else ai_body)
        assert f.state == state
        assert [x.verdict for x in f.evaluate("https://pub.example/a")] == expected


SPAWNING = b"""# Spawning AI
# Prevent datasets from using the following file types

User-Agent: *
Disallow: *.txt
Disallow: *.pdf
Disallow: *.jpg
Disallow: *.jpeg
Disallow: *.png
Allow: *.html
"""
FULL = b"""# Spawning AI
# Prevent datasets from using the following file types

User-Agent: *
Disallow: /
Disallow: *
"""

AI_TXT: list[tuple[str, bytes, str, list[str], str]] = [
    # (id, ai.txt, URL, verdicts, text the first rule must contain)
    ("jpg", SPAWNING, "https://art.example/gallery/c.jpg", [RESERVED], "line 7 'Disallow: *.jpg'"),
    ("jpg-query", SPAWNING, "https://art.example/cat.jpg?w=200", [RESERVED], "*.jpg"),
    ("pdf", SPAWNING, "https://art.example/docs/cv.pdf", [RESERVED], "line 6"),
    ("html-allowed", SPAWNING, "https://art.example/about.html", [ALLOWED], "Allow: *.html"),
    ("other-type", SPAWNING, "https://art.example/about", [], ""),
    # robots.txt matching is case-sensitive, so .JPG is not *.jpg
    ("case", SPAWNING, "https://art.example/cat.JPG", [], ""),
    ("full", FULL, "https://art.example/anything", [RESERVED], "line 5 'Disallow: /'"),
    ("full-root", FULL, "https://art.example/", [RESERVED], "Disallow"),
    ("allow-longer-wins", b"User-Agent: *\nDisallow: /\nAllow: *.html\n",
     "https://a.example/x.html", [ALLOWED], "line 3"),
    ("disallow-longer-wins", b"User-Agent: *\nAllow: /\nDisallow: /private/\n",
     "https://a.example/private/x.txt", [RESERVED], "line 3"),
    ("tie-allow-wins", b"User-Agent: *\nDisallow: /a\nAllow: /a\n", "https://a.example/a",
     [ALLOWED], "line 3"),
    ("specific-group", b"User-Agent: *\nAllow: /\n\nUser-Agent: img2dataset\nDisallow: /\n",
     "https://a.example/x.png", [ALLOWED, RESERVED], "User-Agent *"),
    ("two-agents-one-finding", b"User-Agent: CCBot\nUser-Agent: img2dataset\nDisallow: *.png\n",
     "https://a.example/x.png", [RESERVED], "CCBot, img2dataset"),
    ("no-user-agent-line", b"Disallow: *.jpg\n", "https://a.example/x.jpg", [RESERVED],
     "User-Agent *"),
    ("empty-disallow", b"User-Agent: *\nDisallow:\n", "https://a.example/x.jpg", [], ""),
    ("comment", b"User-Agent: *\nDisallow: *.jpg # photos\n", "https://a.example/x.jpg",
     [RESERVED], "line 2"),
    ("crlf-bom", b"\xef\xbb\xbfUser-Agent: *\r\nDisallow: *.gif\r\n",
     "https://a.example/x.gif", [RESERVED], "line 2 'Disallow: *.gif'"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "url", "expected", "says"), [c[1:] for c in AI_TXT],
                         ids=[c[0] for c in AI_TXT])  # fmt: skip
def test_ai_txt(body: bytes, url: str, expected: list[str], says: str) -> None:
    f = AiTxt.from_capture(200, body, "https://a.example/ai.txt")
    assert f.state == "parsed"
    found = f.evaluate(url)
    assert [x.verdict for x in found] == expected
    assert all(x.signal == "ai_txt" for x in found)
    if found:
        assert says in found[0].rule
        assert found[0].value.split(":")[0] in ("Allow", "Disallow")


def test_ai_txt_specific_group_is_named() -> None:
    body = b"User-Agent: *\nAllow: /\n\nUser-Agent: img2dataset\nDisallow: /\n"
    found = AiTxt.from_capture(200, body).evaluate("https://a.example/x.png")
    assert "img2dataset" in found[1].rule and found[1].verdict == RESERVED


OTHER_FORMATS: list[tuple[str, bytes]] = [
    ("aitxt-ing-markdown", b"---\nname: Example App\nversion: 1\n---\n# Example App\n\n"
     b"> Example App is a note-taking tool.\n\n## Pricing\n- Free: 3 notebooks\n"),
    ("llms-txt-like", b"# Example\n\n> Docs for assistants\n\n- [Guide](https://a.example/g)\n"),
    ("soft-404", b"<!DOCTYPE html>\n<html><body>User-Agent: * Disallow: /</body></html>"),
    ("empty", b""),
    ("binary", bytes(range(256)) * 4),
]  # fmt: skip


@pytest.mark.parametrize("body", [c[1] for c in OTHER_FORMATS], ids=[c[0] for c in OTHER_FORMATS])
def test_ai_txt_other_formats_say_nothing(body: bytes) -> None:
    f = AiTxt.from_capture(200, body)
    assert f.state == "other_format"
    assert f.evaluate("https://a.example/x.jpg") == []


def test_ai_txt_over_the_limit_is_cut() -> None:
    body = b"User-Agent: *\nDisallow: *.jpg\n" + b"#" * MAX_AITXT_BYTES + b"\nDisallow: *.png\n"
    f = AiTxt.from_capture(200, body)
    assert f.state == "parsed" and "ignored" in f.detail
    assert [x.verdict for x in f.evaluate("/a.jpg")] == [RESERVED]
    assert "ignored" in f.evaluate("/a.jpg")[0].rule
    assert f.evaluate("/a.png") == []


@pytest.mark.parametrize(("text", "pattern", "expected"), [
    ("/%7Euser/a", False, "/~user/a"),
    ("/%7euser/a", True, "/~user/a"),
    ("/a%2fb", False, "/a%2Fb"),
    ("/café", False, "/caf%C3%A9"),
    ("/a*b$", False, "/a%2Ab%24"),
    ("/a*b$", True, "/a*b$"),
    ("/100%", False, "/100%"),
    ("/%zz", False, "/%zz"),
])  # fmt: skip
def test_normalise(text: str, pattern: bool, expected: str) -> None:
    assert normalise(text, pattern=pattern) == expected


def test_target() -> None:
    assert target("https://a.example/p/q?x=1#frag") == "/p/q?x=1"
    assert target("https://a.example") == "/"
    assert target("http://[::1") is None


BAD_URLS = ["", "http://[::1", "\x00\udcff", "%%%", "?q", "https://a.example/" + "é*$%" * 50_000]


def test_garbage_never_raises() -> None:
    rng = random.Random(0)
    bodies = [rng.randbytes(rng.randint(0, 4000)) for _ in range(60)]
    bodies += [b"\xff" * 1000, b"[" + b"{" * 5000, b"User-Agent: \xff\nDisallow: \xfe*\n"]
    for body in bodies:
        for status in (200, None, 500):
            for cls in (TdmrepFile, AiTxt):
                f = cls.from_capture(status, body)
                for url in BAD_URLS[:5]:
                    for x in f.evaluate(url):
                        assert x.verdict in (RESERVED, ALLOWED, UNKNOWN)
    for cls in (TdmrepFile, AiTxt):
        f = cls.from_capture(200, b'[{"location": "/", "tdm-reservation": 1}]' if cls is TdmrepFile
                             else b"User-Agent: *\nDisallow: /\n")  # fmt: skip
        for url in BAD_URLS:
            f.evaluate(url)
        assert [x.verdict for x in f.evaluate("http://[::1")] == [UNKNOWN]
