"""The normalised URL a lookup compares: one definition, vectorised for the index and
applied to a single query through the same code.

``url_key`` of a URL is ``host + path + query`` where the host is the manifest's ``host``
(lower case, IDNA/punycode, no port, userinfo or trailing dot; ``common.urls``) without a
leading ``www.``, the path and query are percent-decoded, a trailing ``/`` is dropped, and
the scheme and the fragment are left out. So ``https://www.Example.com/a%20b/`` and
``http://example.com/a b`` are the same URL to a lookup.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.compute as pc

from provscan.common.urls import domain_of_host, hosts_and_domains
from provscan.errors import ProvscanError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_REST = r"^[A-Za-z][A-Za-z0-9+.\-]*://[^/?#\\]*(?P<rest>[^#]*)"
_HOST_OK = re.compile(r"^(\[[0-9a-f:.]+\]|[a-z0-9_\-.]+)$")


class LookupInputError(ProvscanError):
    """A lookup query (URL, domain, work file) cannot be used as given."""


def url_keys(urls: pa.Array, hosts: pa.Array | None = None) -> pa.Array:
    """The normalised URL of every row (null where the URL has no host). ``hosts`` are
    the manifest's ``host`` column when at hand (else computed)."""
    if hosts is None:
        hosts = hosts_and_domains(urls)[0]
    host = pc.replace_substring_regex(hosts, r"^www\.", "")
    rest = pc.struct_field(pc.extract_regex(urls, _REST), "rest")
    has_pct = pc.fill_null(pc.match_substring(rest, "%"), False)
    if pc.any(has_pct).as_py():  # Python only on the rows with a percent escape
        hit = pc.filter(rest, has_pct)
        decoded = pa.array([unquote(s) for s in hit.to_pylist()], pa.string())
        rest = pc.replace_with_mask(rest, has_pct, decoded)
    # a trailing slash of the path, before the query or at the end, makes no difference
    rest = pc.replace_substring_regex(rest, r"/+(\?|$)", r"\1")
    return pc.binary_join_element_wise(host, pc.fill_null(rest, ""), "")


def _with_scheme(url: str) -> str:
    return url if _SCHEME.match(url) else f"http://{url}"


def check_url(url: str, what: str = "URL") -> str:
    """``url`` with a scheme (``http://`` when it has none); a ``LookupInputError`` when
    it has no usable host."""
    raw = url.strip()
    if not raw or any(c.isspace() for c in raw):
        raise LookupInputError(f"{what} {url!r} is malformed (empty or with white space); "
                               "give it as https://host/path")
    full = _with_scheme(raw)
    host = hosts_and_domains(pa.array([full], pa.string()))[0][0].as_py()
    if host is None or not _HOST_OK.match(host) or ("." not in host.strip("[]") and \
            not host.startswith("[")):
        raise LookupInputError(f"{what} {url!r} is malformed: no valid host name in it; "
                               "give it as https://host/path")
    return full


def url_key(url: str) -> str:
    """The normalised URL of one query URL (``check_url`` first)."""
    full = check_url(url)
    return str(url_keys(pa.array([full], pa.string()))[0].as_py())


def host_key(url: str) -> tuple[str, str]:
    """The host (without ``www.``) and registrable domain of a query URL or prefix."""
    full = check_url(url)
    host = str(hosts_and_domains(pa.array([full], pa.string()))[0][0].as_py())
    return host.removeprefix("www."), domain_of_host(host)


def domain_key(domain: str) -> str:
    """The registrable domain of a query domain (``www.bbc.co.uk`` gives ``bbc.co.uk``)."""
    d = domain.strip()
    if "://" in d:
        raise LookupInputError(f"domain {domain!r}: give a domain name without scheme "
                               "(example.com), or use --url-prefix")
    return host_key(d.rstrip("/"))[1]


__all__ = ["LookupInputError", "check_url", "domain_key", "host_key", "url_key", "url_keys"]
