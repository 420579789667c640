"""robots.txt rules compiled per view (``robots_rules``) against Google's matcher replayed
rule by rule (gpyrobotstxt, the reference): same priorities and deciding lines on random
rule sets and paths, and Google's path extraction on random URLs."""

from __future__ import annotations

from gpyrobotstxt.robots_cc import get_path_params_query
from hypothesis import example, given, settings
from hypothesis import strategies as st

from provscan.detect.optout.robots_rules import CompiledRules, Event, path_of, replay

AGENT = "provscan-token"
# Few characters, so that patterns and paths collide often; "*" and "$" anywhere.
CHARS = st.sampled_from([*list("/ab.*$?=%-"), "index.html", "/index.htm", "ä"])
PATTERN = st.lists(CHARS, max_size=8).map("".join)
PATH = st.lists(st.sampled_from([*list("/ab.?=%-$*"), "index.html", "ä"]), max_size=10).map(
    lambda parts: "/" + "".join(parts))
RULE = st.tuples(st.sampled_from(["allow", "disallow"]), PATTERN)


@st.composite
def views(draw: st.DrawFn) -> tuple[list[Event], str]:
    """A view as ``RobotsFile`` builds one: groups, each a user-agent event then rules."""
    agent = draw(st.sampled_from(["*", AGENT]))
    events: list[Event] = []
    line = 1
    for rules in draw(st.lists(st.lists(RULE, min_size=1, max_size=6), min_size=1,
                               max_size=3)):
        events.append(("ua", 0, agent))
        for kind, value in rules:
            events.append((kind, line, value))
            line += 1
    return events, agent


@settings(max_examples=600, deadline=None)
@given(views(), st.lists(PATH, min_size=1, max_size=8))
@example(([("ua", 0, "*"), ("allow", 1, "/a/index.html"), ("disallow", 2, "/a/")], "*"),
         ["/a/", "/a/index.html", "/a/b"])
@example(([("ua", 0, AGENT), ("disallow", 1, ""), ("allow", 2, "")], AGENT), ["/"])
@example(([("ua", 0, "*"), ("disallow", 1, "/*a*b*c$"), ("allow", 2, "/a")], "*"),
         ["/aabbc", "/a", "/abcx"])
def test_compiled_rules_decide_as_googles_matcher(view: tuple[list[Event], str],
                                                   paths: list[str]) -> None:
    events, agent = view
    rules = CompiledRules.build(events)
    for path in paths:
        assert rules.decide(path) == replay(events, path, agent), (events, path)


URL = st.lists(st.sampled_from(["http", "https", ":", "//", "/", "?", ";", "#", "a", "b.c",
                                "x=1", ":80", "%2F", "é"]), max_size=10).map("".join)


@settings(max_examples=800, deadline=None)
@given(URL)
@example("http://example.com")
@example("example.com/a?b#c")
@example("//host;p")
@example("a://b#/c")
def test_path_extraction_is_googles(url: str) -> None:
    assert path_of(url) == get_path_params_query(url)
