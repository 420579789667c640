"""robots.txt evidence (provscan.detect.optout.robots): Google's conformance suite run
through ``RobotsFile``, real robots.txt markup case by case, status handling, hostile
bodies, Content-Signal / Content-Usage, and the crawler token file."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provscan.detect.optout.model import ALLOWED, RESERVED, UNKNOWN, Finding
from provscan.detect.optout.robots import MAX_ROBOTS_BYTES, CrawlerTokens, RobotsFile
from provscan.errors import ConfigError

SPEC_DIR = Path(__file__).parent / "data" / "robotstxt-spec-test"
TOKENS = CrawlerTokens("test", "2026-01-01", "tests", ("GPTBot", "CCBot", "ClaudeBot"))


def tokens(*names: str) -> CrawlerTokens:
    return CrawlerTokens("test", "2026-01-01", "tests", names)


def evaluate(robots: str | bytes, path: str, toks: CrawlerTokens = TOKENS) -> list[Finding]:
    body = robots.encode() if isinstance(robots, str) else robots
    return RobotsFile.from_capture(200, body, "http://example.com/robots.txt").evaluate(
        "http://example.com" + path, toks)


def said(robots: str | bytes, path: str, toks: CrawlerTokens = TOKENS) -> set[str]:
    """Findings as "signal verdict token", one per token a finding holds for."""
    return {f"{f.signal} {f.verdict} {t}" for f in evaluate(robots, path, toks)
            for t in (f.token or "").split(",")}


# --- Google's robotstxt-spec-test (protobuf text format, parsed here: no protobuf dep) ---

_LEX = re.compile(rb'\s+|#[^\n]*|"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|[\[\]{}:,]')
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b'"': b'"', b"'": b"'", b"\\": b"\\"}


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i : i + 1] != b"\\":
            out.append(raw[i])
            i += 1
        elif raw[i + 1 : i + 2] == b"x":
            m = re.match(rb"[0-9A-Fa-f]{1,2}", raw[i + 2 :])
            assert m, raw
            out.append(int(m.group(), 16))
            i += 2 + len(m.group())
        elif raw[i + 1 : i + 2].isdigit():
            m = re.match(rb"[0-7]{1,3}", raw[i + 1 :])
            assert m, raw
            out.append(int(m.group(), 8))
            i += 1 + len(m.group())
        else:
            out += _ESCAPES[raw[i + 1 : i + 2]]
            i += 2
    return bytes(out)


def parse_textproto(data: bytes) -> dict[str, Any]:
    """Enough of protobuf text format for the spec files: messages, lists, enums, strings."""
    toks: list[bytes] = []
    pos = 0
    while pos < len(data):
        m = _LEX.match(data, pos)
        assert m, f"cannot lex at byte {pos}: {data[pos:pos + 30]!r}"
        if not (m.group()[:1].isspace() or m.group().startswith(b"#")):
            toks.append(m.group())
        pos = m.end()
    toks.append(b"")
    at = 0

    def value() -> Any:
        nonlocal at
        tok = toks[at]
        if tok.startswith(b'"'):
            parts = []
            while toks[at].startswith(b'"'):  # adjacent literals concatenate
                parts.append(_unescape(toks[at][1:-1]))
                at += 1
            return b"".join(parts)
        at += 1
        if tok == b"{":
            msg = message(b"}")
            at += 1
            return msg
        if tok == b"[":
            items = []
            while toks[at] != b"]":
                items.append(value())
                if toks[at] == b",":
                    at += 1
            at += 1
            return items
        return tok.decode()

    def message(end: bytes) -> dict[str, Any]:
        nonlocal at
        msg: dict[str, Any] = {}
        while toks[at] != end:
            name = toks[at].decode()
            at += 1
            if toks[at] == b":":
                at += 1
            msg[name] = value()
        return msg

    return message(b"")


def spec_expectations() -> Iterator[tuple[str, bytes, str, str, str, str]]:
    for path in sorted(SPEC_DIR.glob("*.textproto")):
        for test in parse_textproto(path.read_bytes())["tests"]:
            for exp in test["test_expectations"]:
                yield (path.stem, test["robotstxt"], exp["testurl"].decode(),
                       exp["useragent"].decode(), exp["expected_outcome"],
                       exp.get("test_type", "STANDARD"))


def test_conformance_suite_through_robotsfile() -> None:
    total: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    failed = []
    for name, body, url, agent, expected, kind in spec_expectations():
        found = RobotsFile.from_capture(200, body).evaluate(url, tokens(agent))
        disallowed = any(f.signal == "robots_txt" and f.verdict == RESERVED for f in found)
        got = "DISALLOWED" if disallowed else "ALLOWED"
        total[kind] += 1
        if got == expected:
            passed[kind] += 1
        else:
            failed.append((name, url, agent, expected, kind))
    print(f"robotstxt-spec-test: STANDARD {passed['STANDARD']}/{total['STANDARD']}, "
          f"GOOGLE_SPECIFIC {passed['GOOGLE_SPECIFIC']}/{total['GOOGLE_SPECIFIC']}")
    assert total == {"STANDARD": 124, "GOOGLE_SPECIFIC": 22}  # 146 expectations, 16 files
    # Every expectation passes, Google-specific ones included: names that are not RFC 9309
    # tokens ("Foo Bar") are also judged Google's way, and either disallow counts.
    assert passed == total, failed


# --- robots.txt markup, case by case ----------------------------------------------------

REF_1_2 = """User-agent: *
Disallow: /private/

User-agent: GPTBot
User-agent: CCBot
Disallow: /
Allow: /press/
"""

AIPREF_3_3 = """User-Agent: *
Allow: /
Disallow: /drafts/
Content-Usage: train-ai=n
Content-Usage: /open-data/ train-ai=y

User-Agent: ExampleResearchBot
Allow: /
Content-Usage: train-ai=y
"""

AI2 = tokens("AI2Bot", "img2dataset")
AIPREF_TOKENS = tokens("GPTBot", "ExampleResearchBot")
ALL3 = {"GPTBot", "CCBot", "ClaudeBot"}


def each(signal: str, verdict: str, names: set[str]) -> set[str]:
    return {f"{signal} {verdict} {n}" for n in names}


CASES: list[tuple[str, str | bytes, str, CrawlerTokens, set[str]]] = [
    # (what, robots.txt, path, tokens, expected findings)
    ("specific group replaces *", REF_1_2, "/page", TOKENS,
     each("robots_txt", RESERVED, {"GPTBot", "CCBot"})),
    ("token without group falls under *", REF_1_2, "/private/a", TOKENS,
     each("robots_txt", RESERVED, ALL3)),
    ("explicit Allow in the token's own group", REF_1_2, "/press/a", TOKENS,
     each("robots_txt", ALLOWED, {"GPTBot", "CCBot"})),
    ("Allow wins ties", "User-agent: GPTBot\nDisallow: /page\nAllow: /page\n", "/page", TOKENS,
     {"robots_txt allowed GPTBot"}),
    ("longest match: disallow", "User-agent: GPTBot\nAllow: /a\nDisallow: /a/b\n", "/a/b/c",
     TOKENS, {"robots_txt reserved GPTBot"}),
    ("longest match: allow", "User-agent: GPTBot\nAllow: /a/b\nDisallow: /a\n", "/a/b/c",
     TOKENS, {"robots_txt allowed GPTBot"}),
    ("$ anchors the end", "User-agent: *\nDisallow: /*.pdf$\n", "/x/file.pdf", TOKENS,
     each("robots_txt", RESERVED, ALL3)),
    ("$ does not match a query", "User-agent: *\nDisallow: /*.pdf$\n", "/x/file.pdf?dl=1",
     TOKENS, set()),
    ("* inside a pattern", "User-agent: *\nDisallow: /fish*.php\n", "/fish/food.php", TOKENS,
     each("robots_txt", RESERVED, ALL3)),
    ("paths are case-sensitive", "User-agent: *\nDisallow: /fish\n", "/Fish", TOKENS, set()),
    ("user-agent ignores case", "user-agent: gptbot\nDISALLOW: /\n", "/a", TOKENS,
     {"robots_txt reserved GPTBot"}),
    ("CCBot/2.0 is CCBot", "User-agent: CCBot/2.0\nDisallow: /\n", "/a", TOKENS,
     {"robots_txt reserved CCBot"}),
    ("multi-agent group", "User-agent: Googlebot\nUser-agent: ClaudeBot\nDisallow: /x/\n",
     "/x/1", TOKENS, {"robots_txt reserved ClaudeBot"}),
    ("rules before any user-agent are ignored", "Disallow: /\nUser-agent: GPTBot\nDisallow: /x\n",
     "/y", TOKENS, set()),
    ("blank lines do not end a group", "User-agent: GPTBot\n\n\nDisallow: /\n", "/y", TOKENS,
     {"robots_txt reserved GPTBot"}),
    ("other crawlers' groups do not apply", "User-agent: Googlebot\nDisallow: /\n", "/", TOKENS,
     set()),
    ("empty Disallow is no rule", "User-agent: *\nDisallow:\n", "/a", TOKENS, set()),
    ("Google's accepted typo", "User-agent: GPTBot\nDissallow: /\n", "/a", TOKENS,
     {"robots_txt reserved GPTBot"}),
    ("comments", "User-agent: GPTBot # openai\nDisallow: / # everything\n", "/a", TOKENS,
     {"robots_txt reserved GPTBot"}),
    ("CR-only line endings", "User-agent: GPTBot\rDisallow: /\r", "/a", TOKENS,
     {"robots_txt reserved GPTBot"}),
    ("CRLF line endings", "User-agent: GPTBot\r\nDisallow: /\r\n", "/a", TOKENS,
     {"robots_txt reserved GPTBot"}),
    ("BOM", b"\xef\xbb\xbfUser-agent: GPTBot\nDisallow: /\n", "/a", TOKENS,
     {"robots_txt reserved GPTBot"}),
    ("bad UTF-8 in one line", b"User-agent: GPTBot\nDisallow: /caf\xe9\xff\nDisallow: /x\n",
     "/x", TOKENS, {"robots_txt reserved GPTBot"}),
    ("/robots.txt is always allowed", "User-agent: *\nDisallow: /\n", "/robots.txt", TOKENS,
     set()),
    # Cloudflare Content-Signal
    ("Content-Signal in *", "User-agent: *\nContent-Signal: search=yes, ai-train=no\nAllow: /\n",
     "/a", TOKENS, each("content_signal", RESERVED, ALL3)),
    ("Content-signal, no spaces", "User-agent: *\nContent-signal: search=yes,ai-train=no\n"
     "Allow: /\n", "/a", TOKENS, each("content_signal", RESERVED, ALL3)),
    ("Content-Signal case and spacing", "User-Agent: *\ncontent-signal:AI-Train = No\n", "/a",
     TOKENS, each("content_signal", RESERVED, ALL3)),
    ("Content-Signal ai-train=yes", "User-agent: *\nContent-Signal: ai-train=yes, search=yes\n",
     "/a", TOKENS, each("content_signal", ALLOWED, ALL3)),
    ("Content-Signal without ai-train", "User-agent: *\nContent-Signal: search=yes\n", "/a",
     TOKENS, set()),
    ("Content-Signal in * does not reach a token's own group",
     "User-agent: *\nContent-Signal: ai-train=no\nAllow: /\n\nUser-agent: GPTBot\nAllow: /\n",
     "/a", TOKENS,
     each("content_signal", RESERVED, {"CCBot", "ClaudeBot"}) | {"robots_txt allowed GPTBot"}),
    ("Content-Signal in a specific group", "User-agent: GPTBot\nContent-Signal: ai-train=no\n"
     "Disallow:\n", "/a", TOKENS, {"content_signal reserved GPTBot"}),
    ("Content-Signal outside any group", "Content-Signal: ai-train=no\nUser-agent: *\nAllow: /\n",
     "/a", TOKENS, set()),
    # IETF AIPREF Content-Usage (the example of the reference, section 3.3)
    ("Content-Usage: default path", AIPREF_3_3, "/page", AIPREF_TOKENS,
     {"content_usage reserved GPTBot", "content_usage allowed ExampleResearchBot",
      "robots_txt allowed ExampleResearchBot"}),
    ("Content-Usage: disallowed path states nothing", AIPREF_3_3, "/drafts/x", AIPREF_TOKENS,
     {"robots_txt reserved GPTBot", "content_usage allowed ExampleResearchBot",
      "robots_txt allowed ExampleResearchBot"}),
    ("Content-Usage: longer path wins", AIPREF_3_3, "/open-data/set.csv", AIPREF_TOKENS,
     {"content_usage allowed GPTBot", "content_usage allowed ExampleResearchBot",
      "robots_txt allowed ExampleResearchBot"}),
    ("Content-Usage: labels are case-sensitive", "User-agent: *\nContent-Usage: Train-AI=n\n",
     "/a", TOKENS, set()),
    ("Content-Usage: only the token n counts", "User-agent: *\nContent-Usage: train-ai=\"n\"\n"
     "Content-Usage: /b/ train-ai=no\n", "/b/", TOKENS, set()),
    ("Content-Usage: identical paths, most restrictive",
     "User-agent: *\nContent-Usage: /a/ train-ai=y\nContent-Usage: /a/ train-ai=n\n", "/a/x",
     TOKENS, each("content_usage", RESERVED, ALL3)),
    ("Content-Usage: longest path without train-ai says nothing",
     "User-agent: *\nContent-Usage: train-ai=n\nContent-Usage: /docs/ search=y\n", "/docs/x",
     TOKENS, set()),
    ("Content-Usage: path-less rule covers the rest",
     "User-agent: *\nContent-Usage: train-ai=n\nContent-Usage: /docs/ search=y\n", "/x",
     TOKENS, each("content_usage", RESERVED, ALL3)),
    # tokens that are not RFC 9309 tokens
    ("AI2Bot group by full name", "User-agent: AI2Bot\nDisallow: /\n", "/x", AI2,
     {"robots_txt reserved AI2Bot"}),
    ("AI2Bot: Google's reading (* group) also counts",
     "User-agent: *\nDisallow: /\n\nUser-agent: AI2Bot\nAllow: /\n", "/x", AI2,
     each("robots_txt", RESERVED, {"AI2Bot", "img2dataset"}) | {"robots_txt allowed AI2Bot"}),
    ("img2dataset/1.3 is img2dataset", "User-agent: img2dataset/1.3\nDisallow: /\n", "/x", AI2,
     {"robots_txt reserved img2dataset"}),
    ("AI2Bot is not AI", "User-agent: AI\nDisallow: /\n", "/x", AI2, set()),
]


@pytest.mark.parametrize(("robots", "path", "toks", "expected"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(robots: str | bytes, path: str, toks: CrawlerTokens, expected: set[str]) -> None:
    assert said(robots, path, toks) == expected


def test_finding_names_group_rule_and_lines() -> None:
    (f,) = evaluate(REF_1_2, "/page")
    assert f == Finding(
        "robots_txt", RESERVED, "Disallow: /",
        "User-agent: GPTBot (line 4), User-agent: CCBot (line 5) / Disallow: / (line 6), "
        "longest match", "GPTBot,CCBot")
    (g,) = evaluate(REF_1_2, "/private/a", tokens("ClaudeBot"))
    assert g.value == "Disallow: /private/"
    assert g.rule.startswith("User-agent: * (line 1) / Disallow: /private/ (line 2)")
    assert "no group names the token" in g.rule
    (u,) = [f for f in evaluate(AIPREF_3_3, "/open-data/x", AIPREF_TOKENS) if f.token == "GPTBot"]
    assert (u.signal, u.value) == ("content_usage", "Content-Usage: /open-data/ train-ai=y")
    assert u.rule.startswith("User-Agent: * (line 1) / Content-Usage: /open-data/ train-ai=y "
                             "(line 5), longest Content-Usage path")
    (n,) = evaluate("User-agent: AI2Bot\nDisallow: /\n", "/", AI2)
    assert "full name" in n.rule


@pytest.mark.parametrize(("status", "body", "state", "expected"), [
    (200, b"User-agent: *\nDisallow: /\n", "parsed", [RESERVED]),
    (200, b"", "parsed", []),
    (200, None, "missing", []),
    (301, None, "missing", []),
    (404, b"User-agent: *\nDisallow: /\n", "no_rules", []),
    (403, None, "no_rules", []),
    (503, b"", "unreachable", [UNKNOWN]),
    (None, None, "missing", []),
])
def test_status(status: int | None, body: bytes | None, state: str, expected: list[str]) -> None:
    robots = RobotsFile.from_capture(status, body, "http://example.com/robots.txt")
    assert robots.state == state
    found = robots.evaluate("http://example.com/a", TOKENS)
    assert [f.verdict for f in found] == expected
    if state == "unreachable":
        assert found[0].value == "HTTP 503" and "5xx" in found[0].rule


def test_five_megabyte_file_reads_first_500_kib() -> None:
    filler = b"Disallow: /filler/x\n" * (5 * 1024 * 1024 // 20)
    body = b"User-agent: *\nDisallow: /early/\n" + filler + b"Disallow: /late/\n"
    robots = RobotsFile.from_capture(200, body)
    assert robots.truncated and len(body) > 10 * MAX_ROBOTS_BYTES
    (f,) = robots.evaluate("http://example.com/early/a", TOKENS)
    assert f.value == "Disallow: /early/" and "500 KiB" in f.rule
    assert robots.evaluate("http://example.com/late/a", TOKENS) == []


def test_binary_garbage_never_raises() -> None:
    rng = random.Random(20260822)
    body = rng.randbytes(300_000) + b"\nUser-agent: *\nDisallow: /\n" + bytes(1000)
    robots = RobotsFile.from_capture(200, body)
    assert robots.state == "parsed"
    assert isinstance(robots.evaluate("http://example.com/a", TOKENS), list)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode),
       path=st.text(max_size=40))
def test_any_body_and_url_evaluate_without_error(body: bytes, path: str) -> None:
    robots = RobotsFile.from_capture(200, b"User-agent: *\n" + body)
    for f in robots.evaluate("http://example.com/" + path, tokens("GPTBot", "AI2Bot", "")):
        assert f.signal in {"robots_txt", "content_signal", "content_usage"}


def test_parsed_once_for_many_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    from gpyrobotstxt.robotstxtparser import RobotsTxtParser

    calls = []
    original = RobotsTxtParser.parse
    monkeypatch.setattr(RobotsTxtParser, "parse", lambda self: calls.append(1) or original(self))
    robots = RobotsFile.from_capture(200, REF_1_2.encode())
    for i in range(50):
        robots.evaluate(f"http://example.com/private/{i}", TOKENS)
    assert len(calls) == 1


# --- the crawler token file -------------------------------------------------------------


def test_packaged_tokens() -> None:
    t = CrawlerTokens.load()
    assert t.version and t.date == "2026-08-22" and "738c80d" in t.source
    assert {"GPTBot", "CCBot", "Google-Extended", "ClaudeBot", "AI2Bot"} <= set(t.tokens)
    assert len({x.casefold() for x in t.tokens}) == len(t.tokens) == 27


def test_user_token_file(tmp_path: Path) -> None:
    good = {"version": "1", "date": "2025-01-31", "source": "mine",
            "tokens": [{"token": "GPTBot"}, {"token": "MyBot", "purpose": "training"}]}
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps(good))
    assert CrawlerTokens.load(str(path)).tokens == ("GPTBot", "MyBot")


@pytest.mark.parametrize(("content", "says"), [
    ("{not json", "not valid JSON"),
    ("[]", "JSON object"),
    ('{"version": "1", "source": "s", "tokens": [{"token": "A"}]}', "`date`"),
    ('{"version": "1", "date": "31.01.2025", "source": "s", "tokens": [{"token": "A"}]}',
     "YYYY-MM-DD"),
    ('{"version": "1", "date": "2025-01-31", "source": "s", "tokens": []}', "non-empty list"),
    ('{"version": "1", "date": "2025-01-31", "source": "s", "tokens": [{"token": " A"}]}',
     "tokens[0]"),
    ('{"version": "1", "date": "2025-01-31", "source": "s", "tokens": ["GPTBot"]}', "tokens[0]"),
    ('{"version": "1", "date": "2025-01-31", "source": "s", '
     '"tokens": [{"token": "A"}, {"token": "a"}]}', "listed twice"),
])
def test_bad_token_file_names_the_file(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "bad-tokens.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=re.escape(says)) as err:
        CrawlerTokens.load(str(path))
    assert str(path) in str(err.value)


def test_missing_token_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape("nope.json")):
        CrawlerTokens.load(str(tmp_path / "nope.json"))
