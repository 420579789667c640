"""URL host and registrable domain (docs/manifest.md, "Hosts and domains"), and the
official Public Suffix List test vectors shipped with ``publicsuffixlist``."""

from __future__ import annotations

import re
from pathlib import Path

import publicsuffixlist
import pyarrow as pa
import pytest

from provscan.common.urls import domain_of_host, host_of_netloc, hosts_and_domains

CASES: list[tuple[str | None, str | None, str | None]] = [
    # (url, host, domain)
    ("https://a.b.example.co.uk/x", "a.b.example.co.uk", "example.co.uk"),
    ("https://example.co.uk/", "example.co.uk", "example.co.uk"),
    ("http://x.gov.uk/", "x.gov.uk", "x.gov.uk"),
    ("http://www.x.gov.uk/page", "www.x.gov.uk", "x.gov.uk"),
    ("https://www.example.com/a?b=c#d", "www.example.com", "example.com"),
    ("ftp://files.example.net/pub", "files.example.net", "example.net"),
    # case
    ("HTTPS://WWW.EXAMPLE.COM/Path", "www.example.com", "example.com"),
    ("http://News.BBC.Co.UK/", "news.bbc.co.uk", "bbc.co.uk"),
    # ports, userinfo, trailing dot
    ("http://example.com:8080/", "example.com", "example.com"),
    ("http://example.com:/", "example.com", "example.com"),
    ("http://user@example.com/", "example.com", "example.com"),
    ("http://user:pa:ss@www.example.com:443/", "www.example.com", "example.com"),
    ("http://User@WWW.Example.COM.:8080/", "www.example.com", "example.com"),
    ("http://example.com./", "example.com", "example.com"),
    ("https://example.com?q=1", "example.com", "example.com"),
    ("https://example.com#frag", "example.com", "example.com"),
    # IP addresses are their own domain, canonical form
    ("http://192.0.2.10/x", "192.0.2.10", "192.0.2.10"),
    ("http://192.0.2.10:8080/x", "192.0.2.10", "192.0.2.10"),
    ("http://[2001:DB8::1]/", "2001:db8::1", "2001:db8::1"),
    ("http://[2001:db8:0:0:0:0:0:1]:8443/p", "2001:db8::1", "2001:db8::1"),
    ("http://user@[::1]:80/", "::1", "::1"),
    # IDNs: stored in ASCII form, Unicode and punycode are one host
    ("http://bücher.de/", "xn--bcher-kva.de", "xn--bcher-kva.de"),
    ("http://xn--bcher-kva.de/", "xn--bcher-kva.de", "xn--bcher-kva.de"),
    ("http://www.BÜCHER.de:8080/", "www.xn--bcher-kva.de", "xn--bcher-kva.de"),
    ("http://XN--BCHER-KVA.DE/", "xn--bcher-kva.de", "xn--bcher-kva.de"),
    ("https://www.食狮.公司.cn/", "www.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn"),
    ("https://www.xn--85x722f.xn--55qx5d.cn/", "www.xn--85x722f.xn--55qx5d.cn",
     "xn--85x722f.xn--55qx5d.cn"),
    # a host that is itself a public suffix, or a single label, is its own domain
    ("http://gov.uk/", "gov.uk", "gov.uk"),
    ("http://co.uk/", "co.uk", "co.uk"),
    ("https://github.io/", "github.io", "github.io"),
    ("http://localhost:3000/", "localhost", "localhost"),
    ("http://com/", "com", "com"),
    # private section (as browsers use it)
    ("https://alice.github.io/repo", "alice.github.io", "alice.github.io"),
    ("https://docs.alice.github.io/", "docs.alice.github.io", "alice.github.io"),
    ("https://ALICE.GitHub.IO", "alice.github.io", "alice.github.io"),
    # unknown TLD: the `*` rule
    ("http://www.example.invalid/", "www.example.invalid", "example.invalid"),
    # wildcard and exception rules
    ("http://a.b.c.mm/", "a.b.c.mm", "b.c.mm"),
    ("http://www.www.ck/", "www.www.ck", "www.ck"),
    # no host: relative, scheme-less, mailto, empty, null, junk
    ("example.com/page", None, None),
    ("www.example.com", None, None),
    ("//example.com/x", None, None),
    ("/just/a/path", None, None),
    ("mailto:someone@example.com", None, None),
    ("javascript:alert(1)", None, None),
    ("", None, None),
    (None, None, None),
    ("http:///path", None, None),
    ("http://:80/", None, None),
    ("http://[not-an-ip]/", None, None),
]


@pytest.mark.parametrize(("url", "host", "domain"), CASES, ids=[repr(c[0]) for c in CASES])
def test_hosts_and_domains(url: str | None, host: str | None, domain: str | None) -> None:
    h, d = hosts_and_domains(pa.array([url], pa.string()))
    assert (h.to_pylist(), d.to_pylist()) == ([host], [domain])


def test_hosts_and_domains_vectorised_over_a_batch() -> None:
    """One call over the whole table (with repeats) gives the same as one row at a time."""
    urls = [c[0] for c in CASES] * 3
    h, d = hosts_and_domains(pa.array(urls, pa.string()))
    assert h.type == pa.string() and d.type == pa.string()
    assert h.to_pylist() == [c[1] for c in CASES] * 3
    assert d.to_pylist() == [c[2] for c in CASES] * 3


def test_hosts_and_domains_of_sliced_and_empty_arrays() -> None:
    arr = pa.array(["http://a.example.com/", None, "https://b.example.org/"], pa.string())
    h, d = hosts_and_domains(arr.slice(1))
    assert h.to_pylist() == [None, "b.example.org"] and d.to_pylist() == [None, "example.org"]
    h, d = hosts_and_domains(pa.array([], pa.string()))
    assert len(h) == len(d) == 0


@pytest.mark.parametrize(
    ("unicode", "puny"),
    [("bücher.de", "xn--bcher-kva.de"), ("münchen.de", "xn--mnchen-3ya.de"),
     ("例え.jp", "xn--r8jz45g.jp"), ("食狮.中国", "xn--85x722f.xn--fiqs8s")],
)
def test_idn_unicode_and_punycode_are_one_domain(unicode: str, puny: str) -> None:
    h, d = hosts_and_domains(pa.array([f"https://www.{unicode}/a", f"https://www.{puny}/b"]))
    assert h.to_pylist() == [f"www.{puny}"] * 2
    assert d.to_pylist() == [puny] * 2


# --------------------------------------------------------------------------------------
# the official PSL test vectors

PSL_TESTS = Path(publicsuffixlist.__file__).parent / "test_psl.txt"
_CHECK = re.compile(r"^checkPublicSuffix\((null|'[^']*'),\s*(null|'[^']*')\);$")


def _vectors() -> list[tuple[str | None, str | None]]:
    out: list[tuple[str | None, str | None]] = []
    calls = 0
    for line in PSL_TESTS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line.startswith("checkPublicSuffix("):
            continue  # comments (including commented-out checks) and blank lines
        calls += 1
        m = _CHECK.match(line)
        assert m, f"unparsed PSL test line: {line}"
        a, b = (None if g == "null" else g[1:-1] for g in m.groups())
        out.append((a, b))
    assert len(out) == calls
    return out


def _is_valid_host(s: str) -> bool:
    labels = s.split(".")
    return all(re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?", label) for label in labels)


def test_psl_conformance_lowercase_ascii_vectors() -> None:
    vectors = _vectors()
    checked = 0
    failures: list[str] = []
    for host, expected in vectors:
        if host is None or not host.isascii() or host != host.lower() or not _is_valid_host(
            host
        ):
            continue
        # null = the input is itself a public suffix; provscan's decision: its own domain
        want = expected if expected is not None else host
        got = domain_of_host(host)
        checked += 1
        if got != want:
            failures.append(f"{host}: expected {want}, got {got}")
    assert failures == [], f"{len(failures)} of {checked} PSL vectors failed"
    # the active checks the file ships (78 in the bundled copy) minus null input, mixed
    # case, leading dots and Unicode labels
    assert checked >= 55, f"only {checked} PSL test vectors were checked"
    assert checked == sum(
        1 for h, _ in vectors
        if h is not None and h.isascii() and h == h.lower() and not h.startswith(".")
    )


def test_psl_conformance_after_host_normalisation() -> None:
    """The other vectors (mixed case, Unicode) after provscan's host normalisation:
    lower case and IDNA, so the expectation is lower-cased and IDNA-encoded too."""
    checked = 0
    failures: list[str] = []
    for raw, expected in _vectors():
        if raw is None or raw.startswith("."):
            continue  # not a host
        host = host_of_netloc(raw)
        assert host is not None, raw
        assert host.isascii() and host == host.lower()
        want = (expected or raw).lower().encode("idna").decode("ascii")
        got = domain_of_host(host)
        checked += 1
        if got != want:
            failures.append(f"{raw} -> {host}: expected {want}, got {got}")
    assert failures == [], f"{len(failures)} of {checked} PSL vectors failed"
    assert checked >= 70, f"only {checked} PSL test vectors were checked"


@pytest.mark.parametrize(
    ("host", "domain"),
    [("192.0.2.1", "192.0.2.1"), ("2001:db8::1", "2001:db8::1"), ("localhost", "localhost"),
     ("example.com", "example.com"), ("a.b.example.com", "example.com")],
)
def test_domain_of_host_direct(host: str, domain: str) -> None:
    assert domain_of_host(host) == domain


@pytest.mark.parametrize(
    ("netloc", "host"),
    [("Example.COM", "example.com"), ("user:pw@example.com:80", "example.com"),
     ("example.com.", "example.com"), ("[2001:DB8::1]:80", "2001:db8::1"),
     ("[fe80::1%25eth0]", "fe80::1"), ("", None), ("@", None), (":8080", None),
     ("bücher.de", "xn--bcher-kva.de")],
)
def test_host_of_netloc(netloc: str, host: str | None) -> None:
    assert host_of_netloc(netloc) == host
