"""URL host and registrable domain (eTLD+1), vectorised over distinct hosts.

Decisions (tested in tests/test_urls.py, documented in docs/manifest.md):

- Only absolute URLs (``scheme://host…``) have a host; anything else gives null.
- ``host`` is lower case, without userinfo, port or trailing dot. IDNs are stored in
  their ASCII (punycode, IDNA) form, as DNS, HTTP and robots.txt see them, so
  ``bücher.de`` and ``xn--bcher-kva.de`` are one domain.
- ``domain`` is the registrable domain from the Public Suffix List, ICANN and private
  sections (as browsers use it): ``a.b.example.co.uk`` → ``example.co.uk``,
  ``www.x.gov.uk`` → ``x.gov.uk``, ``user.github.io`` → ``user.github.io``.
- A host that is itself a public suffix (``gov.uk``, ``github.io``) or a single label
  (``localhost``) is its own domain. Unknown TLDs follow the PSL's ``*`` rule.
- IP addresses (v4, or v6 in brackets) are their own domain, in canonical form.

The list ships inside the ``publicsuffixlist`` package (no network); its version is
recorded in the report. The Python work runs once per distinct host of a batch, with a
per-process cache, never once per row.
"""

from __future__ import annotations

import contextlib
import ipaddress
from functools import cache, lru_cache
from importlib.metadata import version

import pyarrow as pa
import pyarrow.compute as pc
from publicsuffixlist import PublicSuffixList

_NETLOC = r"^[A-Za-z][A-Za-z0-9+.\-]*://(?P<netloc>[^/?#\\]*)"


@cache
def _psl() -> PublicSuffixList:
    """The Public Suffix List, parsed on first use (0.15 s): commands that never look up
    a domain, and an unchanged re-run, do not pay for it."""
    return PublicSuffixList()


def psl_version() -> str:
    """The version of the packaged Public Suffix List (its date is the last part)."""
    return f"publicsuffixlist {version('publicsuffixlist')}"


@lru_cache(maxsize=1 << 18)
def host_of_netloc(netloc: str) -> str | None:
    """The normalised host of a URL authority (``user@Host:8080`` → ``host``)."""
    hostport = netloc.rpartition("@")[2].strip()
    if hostport.startswith("["):  # IPv6 literal
        inner = hostport[1:].partition("]")[0]
        try:
            return ipaddress.IPv6Address(inner.split("%")[0]).compressed
        except ValueError:
            return None
    host, colon, port = hostport.rpartition(":")
    if not colon or not (port.isdigit() or port == ""):
        host = hostport
    host = host.rstrip(".").lower()
    if not host:
        return None
    if not host.isascii():
        # Not valid IDNA: keep the lower-cased Unicode form.
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        return host


@lru_cache(maxsize=1 << 18)
def domain_of_host(host: str) -> str:
    """The registrable domain of a normalised host."""
    if ":" in host or host.replace(".", "").isdigit():
        return host  # IPv6, or an all-numeric (IPv4-like) host such as 010.0.0.1
    try:
        ipaddress.IPv4Address(host)
        return host
    except ValueError:
        pass
    return _psl().privatesuffix(host) or host


def hosts_and_domains(urls: pa.Array) -> tuple[pa.Array, pa.Array]:
    """``(host, domain)`` string arrays for a URL array."""
    netloc = pc.struct_field(pc.extract_regex(urls, _NETLOC), "netloc")
    enc = pc.dictionary_encode(netloc)
    hosts = [host_of_netloc(n) for n in enc.dictionary.to_pylist()]
    domains = [domain_of_host(h) if h is not None else None for h in hosts]
    return (
        pc.take(pa.array(hosts, pa.string()), enc.indices),
        pc.take(pa.array(domains, pa.string()), enc.indices),
    )
