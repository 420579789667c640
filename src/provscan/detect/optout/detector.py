"""The opt-out detector: every signal for every document of a batch, with evidence.

Two kinds of evidence meet here:

- page signals, from the HTTP headers and HTML ``<meta>`` tags of web captures (WARC
  sources only; text-only corpora have lost them): ``page.py``;
- site signals, from the host's captured ``robots.txt``, ``tdmrep.json`` and ``ai.txt``
  (any source with URLs, once ``--site-captures`` were given): ``robots.py`` and
  ``sitefiles.py``.

Only rows that have page extras or whose host has captures are looked at in Python
(``pc.is_in`` selects them); every other row gets ``optout = false`` and no signals
without leaving Arrow.

Which capture applies (``--robots-time``, for all site files alike): ``at-crawl`` is the
latest capture dated at or before the document's date; ``latest`` is the newest
capture; ``any`` (the default) evaluates both and a reservation in either counts. Each
finding records the capture it came from and which of the two it was.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from provscan.detect.optout.model import Finding, decide
from provscan.detect.optout.page import header_findings, meta_findings, resolve_tdmrep
from provscan.detect.optout.robots import CrawlerTokens, RobotsFile
from provscan.detect.optout.sitefiles import AiTxt, TdmrepFile
from provscan.store.captures import Capture, SiteIndex

RobotsTime = Literal["at-crawl", "latest", "any"]

#: Parsed site files kept per worker (robots.txt of the hosts seen most recently).
CACHE_SIZE = 4096


class _SiteFile(Protocol):
    state: str

    def evaluate(self, url: str, *args: Any) -> list[Finding]: ...


@dataclass(frozen=True)
class Evidence:
    """A finding about one document of the batch, with where it was found."""

    row: int
    finding: Finding
    capture: Capture | None = None
    when: str | None = None  # "at-crawl", "latest", "at-crawl+latest"; None for page signals


@dataclass(frozen=True)
class OptoutResult:
    optout: pa.Array  # bool
    signals: pa.Array  # list<string>
    robots_state: pa.Array  # string: parsed | no_rules | unreachable | missing | null
    evidence: list[Evidence]


def in_effect(
    caps: Sequence[Capture], date: datetime | None, mode: RobotsTime
) -> list[tuple[str, Capture]]:
    """The captures (of one kind, oldest first) that apply to a document of ``date``."""
    if not caps:
        return []
    latest = caps[-1]
    at_crawl = None
    if date is not None:
        for c in caps:
            if c.date is not None and c.date <= date:
                at_crawl = c
    out: list[tuple[str, Capture]] = []
    if mode in ("at-crawl", "any") and at_crawl is not None:
        same = at_crawl is latest and mode == "any"
        out.append(("at-crawl+latest" if same else "at-crawl", at_crawl))
        if same:
            return out
    if mode in ("latest", "any"):
        out.append(("latest", latest))
    return out


class OptoutDetector:
    """Per worker: crawler tokens, the site index and a cache of parsed site files."""

    def __init__(self, tokens: CrawlerTokens, sites: SiteIndex, mode: RobotsTime = "any"):
        self.tokens = tokens
        self.sites = sites
        self.mode = mode
        self._parsed: OrderedDict[tuple[str, str, int | None], _SiteFile] = OrderedDict()
        self._host_caps: OrderedDict[str, dict[str, list[Capture]]] = OrderedDict()

    def _parse(self, c: Capture) -> _SiteFile:
        key = (c.kind, c.body_hash, c.status)
        hit = self._parsed.get(key)
        if hit is not None:
            self._parsed.move_to_end(key)
            return hit
        cls: Any = {"robots": RobotsFile, "tdmrep": TdmrepFile, "ai_txt": AiTxt}[c.kind]
        parsed: _SiteFile = cls.from_capture(c.status, c.body, c.url)
        self._parsed[key] = parsed
        if len(self._parsed) > CACHE_SIZE:
            self._parsed.popitem(last=False)
        return parsed

    def _captures(self, host: str) -> dict[str, list[Capture]]:
        hit = self._host_caps.get(host)
        if hit is not None:
            self._host_caps.move_to_end(host)
            return hit
        by_kind: dict[str, list[Capture]] = {}
        for c in self.sites.captures(host):
            by_kind.setdefault(c.kind, []).append(c)
        self._host_caps[host] = by_kind
        if len(self._host_caps) > CACHE_SIZE:
            self._host_caps.popitem(last=False)
        return by_kind

    def site_findings(
        self, url: str, host: str, date: datetime | None
    ) -> tuple[list[tuple[Finding, Capture, str]], str]:
        """Site-file findings for one URL and the state of its robots.txt capture."""
        out: list[tuple[Finding, Capture, str]] = []
        caps = self._captures(host)
        robots_state = "missing"
        for kind in ("robots", "tdmrep", "ai_txt"):
            for when, cap in in_effect(caps.get(kind, []), date, self.mode):
                parsed = self._parse(cap)
                found = (
                    parsed.evaluate(url, self.tokens) if kind == "robots" else parsed.evaluate(url)
                )
                out.extend((f, cap, when) for f in found)
                if kind == "robots" and (when != "at-crawl" or self.mode == "at-crawl"):
                    robots_state = parsed.state
        return out, robots_state

    def annotate(
        self,
        url: pa.Array,
        host: pa.Array,
        date: pa.Array,
        page: pa.RecordBatch | None,
    ) -> OptoutResult:
        n = len(url)
        has_page = page is not None
        candidates = (
            pc.is_in(host, value_set=self.sites.hosts) if self.sites else pa.nulls(n, pa.bool_())
        )
        cand = pc.fill_null(candidates, False)
        if has_page:
            cand = pa.array([True] * n)
        if not pc.any(cand).as_py():
            return OptoutResult(
                pa.array([False] * n, pa.bool_()),
                pa.array([[]] * n, pa.list_(pa.string())),
                pa.nulls(n, pa.string()) if not self.sites else pa.array(
                    pc.if_else(pc.is_valid(host), "missing", None), pa.string()
                ),
                [],
            )
        idx = pc.indices_nonzero(cand).to_pylist()
        urls, hosts, dates = url.to_pylist(), host.to_pylist(), date.to_pylist()
        headers = page.column("headers").to_pylist() if page is not None else None
        metas = page.column("meta").to_pylist() if page is not None else None
        optout = [False] * n
        signals: list[list[str]] = [[] for _ in range(n)]
        states: list[str | None] = [
            ("missing" if h is not None else None) if self.sites else None for h in hosts
        ]
        evidence: list[Evidence] = []
        for i in idx:
            found: list[Evidence] = []
            if headers is not None and metas is not None:
                hs = [(h["name"], h["value"]) for h in headers[i] or []]
                ms = [(m["name"], m["content"]) for m in metas[i] or []]
                found += [Evidence(i, f) for f in header_findings(hs) + meta_findings(ms)]
            if self.sites and hosts[i] is not None and urls[i]:
                site, states[i] = self.site_findings(urls[i], hosts[i], dates[i])
                found += [Evidence(i, f, c, w) for f, c, w in site]
            if not found:
                continue
            resolved = resolve_tdmrep([e.finding for e in found])
            found = [Evidence(e.row, f, e.capture, e.when)
                     for e, f in zip(found, resolved, strict=True)]
            optout[i], signals[i] = decide(e.finding for e in found)
            evidence += found
        return OptoutResult(
            pa.array(optout, pa.bool_()),
            pa.array(signals, pa.list_(pa.string())),
            pa.array(states, pa.string()),
            evidence,
        )


__all__ = ["Evidence", "OptoutDetector", "OptoutResult", "RobotsTime", "in_effect"]
