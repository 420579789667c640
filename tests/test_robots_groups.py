"""Merged robots.txt groups are explained: a Crawl-delay, Sitemap, Host or unknown line
(or a blank line) between two user-agent lines does not end a group in Google's parser,
so the user-agent lines on both sides share the rules below. The verdict stays Google's;
the evidence names the merged group's user-agent lines and the lines it was merged through.
"""

from __future__ import annotations

import pytest
from gpyrobotstxt.robots_cc import RobotsMatcher

from provscan.detect.optout.model import RESERVED
from provscan.detect.optout.robots import CrawlerTokens, RobotsFile

TOKENS = CrawlerTokens("test", "2026-01-01", "tests", ("GPTBot", "CCBot", "ClaudeBot"))
NOTE = "; groups merged through "
HOLDS = ": only an Allow or Disallow line ends a group's user-agent lines (RFC 9309, " \
        "Google's parser), so one group holds "

# (what, robots.txt, path, lines merged through, user-agent lines of the merged group);
# no merge expected where both lists are empty.
CASES: list[tuple[str, str, str, list[str], list[str]]] = [
    ("the issue's case: X, Crawl-delay, Y, Disallow",
     "User-agent: GPTBot\nCrawl-delay: 20\nUser-agent: Googlebot\nDisallow: /\n", "/a",
     ["Crawl-delay: 20 (line 2)"],
     ["User-agent: GPTBot (line 1)", "User-agent: Googlebot (line 3)"]),
    ("a public-health site: * gets a crawl delay, a bad bot is shut out",
     "# robots.txt\nUser-agent: *\nCrawl-delay: 20\n\n# an aggressive crawler\n"
     "User-agent: MJ12bot\nDisallow: /\n\nSitemap: https://www.example.gov/sitemap.xml\n",
     "/topics/flu/index.html", ["Crawl-delay: 20 (line 3)", "blank line 4"],
     ["User-agent: * (line 2)", "User-agent: MJ12bot (line 6)"]),
    ("Sitemap between user-agent lines",
     "User-agent: Googlebot\nSitemap: https://example.com/sitemap.xml\nUser-agent: CCBot\n"
     "Disallow: /private/\n", "/private/x",
     ["Sitemap: https://example.com/sitemap.xml (line 2)"],
     ["User-agent: Googlebot (line 1)", "User-agent: CCBot (line 3)"]),
    ("Yandex Host directive and a blank line",
     "User-agent: Yandex\nHost: www.example.com\n\nUser-agent: ClaudeBot\nDisallow: /\n", "/",
     ["Host: www.example.com (line 2)", "blank line 3"],
     ["User-agent: Yandex (line 1)", "User-agent: ClaudeBot (line 4)"]),
    ("unknown directives, three agents",
     "User-agent: *\nRequest-rate: 1/5\nVisit-time: 0600-0845\nUser-agent: GPTBot\n"
     "Clean-param: ref /articles/\nUser-agent: CCBot\nDisallow: /\n", "/a",
     ["Request-rate: 1/5 (line 2)", "Visit-time: 0600-0845 (line 3)",
      "Clean-param: ref /articles/ (line 5)"],
     ["User-agent: * (line 1)", "User-agent: GPTBot (line 4)", "User-agent: CCBot (line 6)"]),
    ("blank lines between user-agent lines",
     "User-agent: GPTBot\n\n\nUser-agent: CCBot\nDisallow: /\n", "/a",
     ["blank line 2", "blank line 3"],
     ["User-agent: GPTBot (line 1)", "User-agent: CCBot (line 4)"]),
    ("CRLF line ends count lines as Google does",
     "User-agent: *\r\nCrawl-delay: 5\r\n\r\nUser-agent: Bingbot\r\nDisallow: /\r\n", "/a",
     ["Crawl-delay: 5 (line 2)", "blank line 3"],
     ["User-agent: * (line 1)", "User-agent: Bingbot (line 4)"]),
    ("Content-Signal before the rules is no rule either",
     "User-agent: *\nContent-Signal: search=yes\nUser-agent: GPTBot\nDisallow: /\n", "/a",
     ["Content-Signal: search=yes (line 2)"],
     ["User-agent: * (line 1)", "User-agent: GPTBot (line 3)"]),
    # not merged
    ("a comment between user-agent lines is no merge",
     "User-agent: GPTBot # OpenAI\n# and Anthropic's\nUser-agent: ClaudeBot\nDisallow: /\n",
     "/a", [], []),
    ("Crawl-delay after the user-agent lines", "User-agent: GPTBot\nUser-agent: CCBot\n"
     "Crawl-delay: 10\nDisallow: /\n", "/a", [], []),
    ("Crawl-delay after a rule: two groups",
     "User-agent: *\nDisallow: /tmp/\nCrawl-delay: 5\n\nUser-agent: GPTBot\nDisallow: /\n",
     "/tmp/a", [], []),
]


def _robots_findings(body: str, path: str) -> list[tuple[str, str, str]]:
    """(token, verdict, rule) of every robots_txt finding, one per token."""
    found = RobotsFile.from_capture(200, body.encode()).evaluate("http://example.com" + path,
                                                                  TOKENS)
    return [(t, f.verdict, f.rule) for f in found if f.signal == "robots_txt"
            for t in (f.token or "").split(",")]


@pytest.mark.parametrize(("body", "path", "through", "agents"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_merged_group_is_explained(body: str, path: str, through: list[str],
                                   agents: list[str]) -> None:
    findings = _robots_findings(body, path)
    assert findings  # every case reserves the URL for some token
    for _, _, rule in findings:
        if not through:
            assert "merged" not in rule
            continue
        _, note = rule.split(NOTE)
        assert note == ", ".join(through) + HOLDS + ", ".join(agents)


@pytest.mark.parametrize(("body", "path"), [c[1:3] for c in CASES], ids=[c[0] for c in CASES])
def test_verdicts_stay_googles(body: str, path: str) -> None:
    reserved = {t for t, v, _ in _robots_findings(body, path) if v == RESERVED}
    url = "http://example.com" + path
    google = {t for t in TOKENS.tokens
              if not RobotsMatcher().allowed_by_robots(body.encode(), [t], url)}
    assert reserved == google


def test_star_note_names_only_the_tokens_it_holds_for() -> None:
    body = "User-agent: *\nCrawl-delay: 20\nUser-agent: GPTBot\nDisallow: /\n"
    (rule,) = {r for _, _, r in _robots_findings(body, "/a")}
    assert "; the * group applies to CCBot, ClaudeBot: no group names these tokens" in rule


def test_a_long_merged_group_is_cut() -> None:
    bots = [f"Bot{chr(65 + i)}" for i in range(14)]
    body = "".join(f"User-agent: {b}\nCrawl-delay: 1\n" for b in bots) + \
        "User-agent: GPTBot\nDisallow: /\n"
    ((_, _, rule),) = _robots_findings(body, "/a")
    _, note = rule.split(NOTE)
    assert note.startswith("Crawl-delay: 1 (line 2), Crawl-delay: 1 (line 4)")
    assert "4 more lines" + HOLDS + "User-agent: BotA (line 1)" in note
    assert note.endswith("User-agent: BotJ (line 19), 5 more user-agent lines")
