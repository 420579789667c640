"""Page signals (``detect/optout/page.py``): X-Robots-Tag and robots meta ``noai``,
TDMRep headers and meta, AIPREF ``Content-Usage``, and the TDMRep precedence.

Cases are markup as sites send it. Sources: Spawning-Inc/datadiligence
``tests/test_xrobots_header.py`` and ``tests/test_tdmrep_header.py`` (header values),
the W3C TDMRep spec examples, and the worked examples of draft-ietf-aipref-vocab-07
(duplicate keys, value types, parameters). Where our reading differs from
datadiligence's, the case says why.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provscan.detect.optout.model import (
    ALLOWED,
    CONFLICT,
    OVERRIDDEN,
    RESERVED,
    UNKNOWN,
    Finding,
    decide,
)
from provscan.detect.optout.page import (
    MAX_VALUE,
    header_findings,
    meta_findings,
    resolve_tdmrep,
)
from provscan.detect.optout.sitefiles import TdmrepFile

Headers = list[tuple[str, str]]


def verdicts(found: list[Finding]) -> list[tuple[str, str]]:
    return [(f.signal, f.verdict) for f in found]


X = "x_robots_noai"
XROBOTS: list[tuple[str, str, list[str], str]] = [
    # (id, X-Robots-Tag value, verdicts, text the rule must contain)
    ("noai", "noai", [RESERVED], "all crawlers"),
    ("noimageai", "noimageai", [RESERVED], "images only"),
    ("both", "noai, noimageai", [RESERVED], "noai, noimageai"),
    ("after-other", "other, noai", [RESERVED], "noai"),
    ("upper-case", "NoAI", [RESERVED], "noai"),
    ("semicolons", "noai;noimageai", [RESERVED], "noai, noimageai"),
    ("spaces", "noai noimageai", [RESERVED], "noai, noimageai"),
    ("noml", "noml", [RESERVED], "noml"),
    ("other", "other", [], ""),
    ("noindex-is-not-optout", "noindex", [], ""),
    ("other-noindex", "other, noindex", [], ""),
    ("none", "none", [], ""),
    ("bing-noarchive-not-here", "noarchive", [], ""),
    ("scoped", "spawningbot: noai", [RESERVED], "'spawningbot'"),
    ("scoped-noimageai", "spawningbot: noimageai", [RESERVED], "'spawningbot'"),
    ("scoped-after-other", "other, spawningbot: noai", [RESERVED], "'spawningbot'"),
    ("scoped-no-space", "other, spawningbot:noai", [RESERVED], "'spawningbot'"),
    ("scoped-twice", "spawningbot:other, spawningbot: noai", [RESERVED], "'spawningbot'"),
    ("scoped-all", "spawningbot: all", [], ""),
    ("scoped-other", "other, spawningbot: all", [], ""),
    # datadiligence says "allowed" here because it asks for spawningbot only; we count a
    # scoped noai whatever the crawler (page.py docstring), and name the crawler.
    ("scoped-other-bot", "spawningbot: other, spawningbot: all, test:noai", [RESERVED], "'test'"),
    ("scope-persists", "googlebot: noindex, noai", [RESERVED], "'googlebot'"),
    ("scope-switches", "googlebot: noindex, otherbot: noai", [RESERVED], "'otherbot'"),
    ("malformed-1", ":,", [], ""),
    ("malformed-2", ":, :, ,;: -:: ", [], ""),
    ("empty", "", [], ""),
    ("unavailable-after", "unavailable_after: 25 Jun 2010 15:00:00 PST", [], ""),
    # the date's comma and colons must not make "Sunday" or "01-Sep-2024 15" a crawler
    (
        "unavailable-after-then-noai",
        "unavailable_after: Sunday, 01-Sep-2024 15:00:00 PST, noai",
        [RESERVED],
        "all crawlers",
    ),
    ("max-snippet-not-a-crawler", "max-snippet: 20, noai", [RESERVED], "all crawlers"),
    ("google-example", "googlebot: nofollow", [], ""),
]


@pytest.mark.parametrize(("value", "expected", "says"), [c[1:] for c in XROBOTS],
                         ids=[c[0] for c in XROBOTS])  # fmt: skip
def test_x_robots_tag(value: str, expected: list[str], says: str) -> None:
    found = header_findings([("X-Robots-Tag", value)])
    assert verdicts(found) == [(X, v) for v in expected]
    for f in found:
        assert says in f.rule
        assert f.value == f"X-Robots-Tag: {value}"


def test_x_robots_tag_two_scopes_in_one_line() -> None:
    # datadiligence's /user_agents endpoint sends this value
    found = header_findings([("X-Robots-Tag", "demobot: noai, examplebot: noai, spawningbot: all")])
    assert verdicts(found) == [(X, RESERVED), (X, RESERVED)]
    assert "'demobot'" in found[0].rule and "'examplebot'" in found[1].rule


def test_x_robots_tag_lines_are_a_union_with_line_numbers() -> None:
    headers = [("Content-Type", "image/png"), ("X-Robots-Tag", "noindex"),
               ("x-robots-tag", "noai")]  # fmt: skip
    found = header_findings(headers)
    assert verdicts(found) == [(X, RESERVED)]
    assert "header 3" in found[0].rule


T = "tdmrep_header"
TDM_HEADERS: list[tuple[str, Headers, str, str]] = [
    # (id, headers, verdict, text the rule must contain)
    ("reserved", [("tdm-reservation", "1")], RESERVED, "reserved"),
    ("name-case", [("TDM-Reservation", "1")], RESERVED, "reserved"),
    ("not-reserved", [("tdm-reservation", "0")], ALLOWED, "not reserved"),
    ("whitespace", [("tdm-reservation", " 1 ")], RESERVED, "reserved"),
    ("datadiligence-other", [("tdm-reservation", "other")], UNKNOWN, "protocol error"),
    ("old-draft-2", [("tdm-reservation", "2")], UNKNOWN, "protocol error"),
    ("quoted", [("tdm-reservation", '"1"')], UNKNOWN, "protocol error"),
    ("empty", [("tdm-reservation", "")], UNKNOWN, "protocol error"),
    ("joined-conflict", [("tdm-reservation", "1, 0")], CONFLICT, "disagree"),
    ("joined-agree", [("tdm-reservation", "1, 1")], RESERVED, "2 parts"),
    ("joined-agree-0", [("tdm-reservation", "0,0")], ALLOWED, "not reserved"),
    ("repeated-conflict", [("tdm-reservation", "1"), ("tdm-reservation", "0")], CONFLICT,
     "header 1, 2"),
    ("repeated-agree", [("tdm-reservation", "1"), ("TDM-Reservation", "1")], RESERVED,
     "header 1, 2"),
    ("invalid-part-ignored", [("tdm-reservation", "1, 2")], RESERVED, "ignored invalid"),
    ("with-policy", [("tdm-reservation", "1"),
                     ("tdm-policy", "https://pub.example/tdm/policy.json")], RESERVED,
     "tdm-policy https://pub.example/tdm/policy.json"),
    ("policy-with-0", [("tdm-reservation", "0"),
                       ("tdm-policy", "https://pub.example/tdm/policy.json")], ALLOWED,
     "ignored as reservation is 0"),
    ("policy-alone", [("tdm-policy", "https://pub.example/tdm/policy.json")], UNKNOWN,
     "without tdm-reservation"),
]  # fmt: skip


@pytest.mark.parametrize(("headers", "verdict", "says"), [c[1:] for c in TDM_HEADERS],
                         ids=[c[0] for c in TDM_HEADERS])  # fmt: skip
def test_tdmrep_header(headers: Headers, verdict: str, says: str) -> None:
    found = header_findings(headers)
    assert verdicts(found) == [(T, verdict)]
    assert says in found[0].rule
    assert found[0].value == "\n".join(f"{n}: {v}" for n, v in headers)


def test_spec_example_header_tdm_a_is_not_tdmrep() -> None:
    # techniques/technique-http-headers.md of the spec repo configures servers with these
    assert header_findings([("TDM-a", "1"), ("TDM-b", "https://something/policies/a")]) == []


C = "content_usage"
CONTENT_USAGE: list[tuple[str, list[str], list[str], str]] = [
    # (id, Content-Usage lines, verdicts, text the first rule must contain)
    ("disallow", ["train-ai=n"], [RESERVED], "disallowed"),
    ("allow", ["train-ai=y"], [ALLOWED], "allowed"),
    ("draft-example", ["train-ai=y, search=n"], [ALLOWED], "allowed"),
    ("bad-case-fails-parse", ["Train-AI=n"], [UNKNOWN], "not an RFC 9651 dictionary"),
    ("string-value", ['train-ai="n"'], [UNKNOWN], "the string 'n'"),
    ("bare-key", ["train-ai"], [UNKNOWN], "boolean true"),
    ("token-no", ["train-ai=no"], [UNKNOWN], "the token 'no'"),
    ("token-upper", ["train-ai=N"], [UNKNOWN], "the token 'N'"),
    ("inner-list", ["train-ai=(n)"], [UNKNOWN], "inner list"),
    # draft §"Multiple Preferences": the last value applies, both are not tokens
    ("draft-duplicates", ['train-ai=y, train-ai, search=n, search="n"'], [UNKNOWN], "boolean"),
    ("duplicate-last-wins", ["train-ai=n, train-ai=y"], [ALLOWED], "allowed"),
    # draft §"Preference Parameters"
    ("draft-parameters", ["train-ai;allow=n, train-ai=y"], [ALLOWED], "allowed"),
    ("draft-params-unknown", ['train-ai;has;parameters="?";'], [UNKNOWN], "all preferences"),
    ("parameters-ignored", ['train-ai=n;reason="policy"'], [RESERVED], "disallowed"),
    ("unknown-label-ignored", ["train-ai=n, foo=bar"], [RESERVED], "disallowed"),
    ("search-only", ["search=y"], [UNKNOWN], "no train-ai preference"),
    ("trailing-comma", ["train-ai=n,"], [UNKNOWN], "not an RFC 9651 dictionary"),
    ("non-ascii", ["train-ai=n, search=ü"], [UNKNOWN], "non-ASCII"),
    ("empty", [""], [UNKNOWN], "no train-ai preference"),
    # several lines are one dictionary: the later line's key wins
    ("lines-last-wins", ["train-ai=n", "train-ai=y"], [ALLOWED], "header 1, 2"),
    ("lines-combine", ["search=y", "train-ai=n"], [RESERVED], "disallowed"),
    # historical labels (vocab drafts -01 to -04)
    ("legacy-genai", ["genai=n"], [RESERVED], "-01"),
    ("legacy-ai", ["ai=n"], [RESERVED], "AI training"),
    ("legacy-tdm", ["tdm=n"], [RESERVED], "text and data mining"),
    ("legacy-all", ["all=n"], [RESERVED], "-02"),
    ("legacy-train-genai", ["train-genai=n"], [RESERVED], "generative"),
    ("legacy-bots", ["bots=n"], [RESERVED], "-03/-04"),
    ("legacy-yes-is-not-permission", ["tdm=y"], [UNKNOWN], "only read from"),
    ("legacy-broad-overridden", ["all=n, train-ai=y"], [ALLOWED, UNKNOWN], "allowed"),
    ("legacy-specific-counts", ["train-ai=y, train-genai=n"], [ALLOWED, RESERVED], "allowed"),
]


@pytest.mark.parametrize(("lines", "expected", "says"), [c[1:] for c in CONTENT_USAGE],
                         ids=[c[0] for c in CONTENT_USAGE])  # fmt: skip
def test_content_usage(lines: list[str], expected: list[str], says: str) -> None:
    found = header_findings([("Content-Usage", v) for v in lines])
    assert verdicts(found) == [(C, v) for v in expected]
    assert says in found[0].rule
    assert found[0].value == "\n".join(f"Content-Usage: {v}" for v in lines)


def test_a_real_response_with_every_header_signal() -> None:
    headers = [
        ("Date", "Tue, 04 Nov 2025 10:00:00 GMT"),
        ("Content-Type", "text/html; charset=utf-8"),
        ("tdm-reservation", "1"),
        ("tdm-policy", "https://www.example-publisher.org/tdm/policy.json"),
        ("X-Robots-Tag", "noai, noimageai"),
        ("content-usage", "train-ai=n"),
        ("Set-Cookie", "a=b; Path=/; noai"),  # not a robots header
    ]
    found = header_findings(headers)
    assert sorted(verdicts(found)) == [(C, RESERVED), (T, RESERVED), (X, RESERVED)]


M, TM = "meta_noai", "tdmrep_meta"
METAS: list[tuple[str, list[tuple[str, str]], list[tuple[str, str]], str]] = [
    # (id, meta tags, (signal, verdict) list, text the first rule must contain)
    ("deviantart", [("robots", "noai, noimageai")], [(M, RESERVED)], "all crawlers"),
    ("name-case", [("ROBOTS", "NoAI")], [(M, RESERVED)], "noai"),
    ("index-follow", [("robots", "index, follow")], [], ""),
    ("noindex", [("robots", "noindex, nofollow")], [], ""),
    ("crawler-named", [("CCBot", "noai")], [(M, RESERVED)], "'CCBot'"),
    ("googlebot-named", [("googlebot", "noai, noimageai")], [(M, RESERVED)], "'googlebot'"),
    ("crawler-noindex", [("googlebot", "noindex")], [], ""),
    ("keywords", [("keywords", "noai, art")], [], ""),
    ("keywords-only-noai", [("keywords", "noai")], [], ""),
    ("description", [("description", "noai")], [], ""),
    ("prose", [("twitter:description", "NoAI art, please")], [], ""),
    ("viewport", [("viewport", "width=device-width, initial-scale=1")], [], ""),
    ("two-robots-tags", [("robots", "index"), ("robots", "noimageai")], [(M, RESERVED)], "tag 2"),
    ("tdm-1", [("tdm-reservation", "1")], [(TM, RESERVED)], "meta tag 1"),
    ("tdm-name-case", [("TDM-Reservation", "0")], [(TM, ALLOWED)], "not reserved"),
    ("tdm-two-tags", [("tdm-reservation", "1"), ("tdm-reservation", "0")], [(TM, CONFLICT)],
     "meta tag 1, 2"),
    ("tdm-policy", [("tdm-reservation", "1"), ("tdm-policy", "https://pub.example/p.json")],
     [(TM, RESERVED)], "https://pub.example/p.json"),
    ("tdm-bad", [("tdm-reservation", "true")], [(TM, UNKNOWN)], "protocol error"),
    ("epub-name-not-html", [("tdm:reservation", "1")], [], ""),
    ("ai-pref-unstandardised", [("AI-PREF", "train-ai=n")], [], ""),
    ("no-content", [("robots", None)], [], ""),  # type: ignore[list-item]
]  # fmt: skip


@pytest.mark.parametrize(("metas", "expected", "says"), [c[1:] for c in METAS],
                         ids=[c[0] for c in METAS])  # fmt: skip
def test_meta(metas: list[tuple[str, str]], expected: list[tuple[str, str]], says: str) -> None:
    found = meta_findings(metas)
    assert verdicts(found) == expected
    if found:
        assert says in found[0].rule


def test_meta_value_is_the_tag() -> None:
    found = meta_findings([("robots", "noai, noimageai")])
    assert found[0].value == '<meta name="robots" content="noai, noimageai">'


WELLKNOWN_1 = b'[{"location": "/", "tdm-reservation": 1}]'
WELLKNOWN_0 = b'[{"location": "/", "tdm-reservation": 0}]'
URL = "https://pub.example/articles/1.html"


def wellknown(body: bytes) -> list[Finding]:
    return TdmrepFile.from_capture(200, body).evaluate(URL)


PRECEDENCE: list[tuple[str, list[Finding], list[str], bool]] = [
    # (id, findings in, verdicts out (same order), optout)
    ("header-0-over-file-1",
     wellknown(WELLKNOWN_1) + header_findings([("tdm-reservation", "0")]),
     [OVERRIDDEN, ALLOWED], False),
    ("header-1-over-file-0",
     wellknown(WELLKNOWN_0) + header_findings([("tdm-reservation", "1")]),
     [OVERRIDDEN, RESERVED], True),
    ("meta-0-over-header-1",
     header_findings([("tdm-reservation", "1")]) + meta_findings([("tdm-reservation", "0")]),
     [OVERRIDDEN, ALLOWED], False),
    ("meta-over-both",
     wellknown(WELLKNOWN_1) + header_findings([("tdm-reservation", "0")])
     + meta_findings([("tdm-reservation", "1")]),
     [OVERRIDDEN, OVERRIDDEN, RESERVED], True),
    ("meta-conflict-over-header-0",
     header_findings([("tdm-reservation", "0")]) + meta_findings([("tdm-reservation", "1, 0")]),
     [OVERRIDDEN, CONFLICT], True),
    # an invalid meta value is unset, and absence does not reset the header's value
    ("unknown-meta-does-not-override",
     header_findings([("tdm-reservation", "1")]) + meta_findings([("tdm-reservation", "2")]),
     [RESERVED, UNKNOWN], True),
    ("no-header-file-stands", wellknown(WELLKNOWN_1) + meta_findings([("robots", "index")]),
     [RESERVED], True),
    ("at-crawl-and-latest-files",
     wellknown(WELLKNOWN_1) + wellknown(WELLKNOWN_1) + header_findings([("tdm-reservation", "0")]),
     [OVERRIDDEN, OVERRIDDEN, ALLOWED], False),
    # other signals are never touched: noai still reserves
    ("other-signals-untouched",
     header_findings([("tdm-reservation", "1"), ("X-Robots-Tag", "noai")])
     + meta_findings([("tdm-reservation", "0")]),
     [RESERVED, OVERRIDDEN, ALLOWED], True),
]  # fmt: skip


@pytest.mark.parametrize(("findings", "expected", "optout"), [c[1:] for c in PRECEDENCE],
                         ids=[c[0] for c in PRECEDENCE])  # fmt: skip
def test_tdmrep_precedence(findings: list[Finding], expected: list[str], optout: bool) -> None:
    resolved = resolve_tdmrep(findings)
    assert [f.verdict for f in resolved] == expected
    assert [f.signal for f in resolved] == [f.signal for f in findings]
    assert decide(resolved)[0] is optout
    for before, after in zip(findings, resolved, strict=True):
        if after.verdict == OVERRIDDEN:
            assert after.rule.startswith("overridden by tdmrep_")
            assert after.rule.endswith(before.rule) and after.value == before.value


def test_precedence_rule_names_the_winner() -> None:
    found = wellknown(WELLKNOWN_1) + meta_findings([("tdm-reservation", "0")])
    assert resolve_tdmrep(found)[0].rule.startswith("overridden by tdmrep_meta (allowed")


def test_no_tdmrep_findings_unchanged() -> None:
    found = header_findings([("X-Robots-Tag", "noai")])
    assert resolve_tdmrep(found) == found


BIG = "noai, " * 180_000  # about 1 MB


@pytest.mark.parametrize("name", ["X-Robots-Tag", "tdm-reservation", "Content-Usage"])
def test_one_megabyte_header_is_unknown_and_clipped(name: str) -> None:
    found = header_findings([(name, BIG)])
    assert [f.verdict for f in found] == [UNKNOWN]
    assert "not parsed" in found[0].rule
    assert len(found[0].value) < MAX_VALUE + 100


def test_one_megabyte_meta_and_unrelated_header() -> None:
    assert header_findings([("Set-Cookie", BIG)]) == []
    assert [f.verdict for f in meta_findings([("robots", BIG)])] == [UNKNOWN]


def test_garbage_items_do_not_raise() -> None:
    garbage = [
        ("X-Robots-Tag", b"\xff\xfe noai"), (None, "1"), ("tdm-reservation", None),
        ("Content-Usage", "\x00\ud800train-ai=n"), ("only-one",), 42, ("X-Robots-Tag", 7),
    ]  # fmt: skip
    found = header_findings(garbage)  # type: ignore[arg-type]
    assert (X, RESERVED) in verdicts(found)  # bytes are read as Latin-1
    meta_findings(garbage)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(
    st.sampled_from(["X-Robots-Tag", "tdm-reservation", "tdm-policy", "Content-Usage",
                     "robots", "googlebot", "x"]),
    st.text(max_size=60)), max_size=6))  # fmt: skip
def test_any_text_never_raises(pairs: list[tuple[str, str]]) -> None:
    for f in header_findings(pairs) + meta_findings(pairs):
        assert f.verdict in (RESERVED, ALLOWED, UNKNOWN, CONFLICT)
    resolve_tdmrep(header_findings(pairs) + meta_findings(pairs))
