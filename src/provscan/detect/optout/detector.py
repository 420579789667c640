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
from typing import Any, Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from provscan.common.captures import Capture
from provscan.config import RobotsTime
from provscan.detect.captures import SiteCaptures
from provscan.detect.optout.model import Finding, decide
from provscan.detect.optout.page import header_findings, meta_findings, resolve_tdmrep
from provscan.detect.optout.robots import CrawlerTokens, RobotsFile
from provscan.detect.optout.sitefiles import AiTxt, TdmrepFile

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

    def __init__(self, tokens: CrawlerTokens, sites: SiteCaptures, mode: RobotsTime = "any"):
        self.tokens = tokens
        self.sites = sites
        self.mode = mode
        self._parsed: OrderedDict[tuple[str, str, int | None], _SiteFile] = OrderedDict()
        self._host_caps: OrderedDict[str, dict[str, list[Capture]]] = OrderedDict()

    def parse(self, c: Capture) -> _SiteFile:
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
                parsed = self.parse(cap)
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
        """Only the candidate rows (web captures, or hosts with site captures) become
        Python values; the rest of the batch stays in Arrow and numpy."""
        n = len(url)
        if page is not None:
            cand = np.ones(n, dtype=bool)
        elif self.sites:
            cand = np.asarray(pc.fill_null(pc.is_in(host, value_set=self.sites.hosts), False))
        else:
            cand = np.zeros(n, dtype=bool)
        states = (pc.if_else(pc.is_valid(host), pa.scalar("missing"), pa.scalar(None, pa.string()))
                  if self.sites else pa.nulls(n, pa.string()))
        optout = np.zeros(n, dtype=bool)
        counts = np.zeros(n, dtype=np.int32)
        flat: list[str] = []
        evidence: list[Evidence] = []
        idx = np.flatnonzero(cand)
        if len(idx):
            take = pa.array(idx)
            urls, hosts, dates = (c.take(take).to_pylist() for c in (url, host, date))
            headers = metas = None
            if page is not None:
                headers = page.column("headers").take(take).to_pylist()
                metas = page.column("meta").take(take).to_pylist()
            new_states: list[str | None] = []
            for j, i in enumerate(idx.tolist()):
                found: list[Evidence] = []
                if headers is not None and metas is not None:
                    hs = [(h["name"], h["value"]) for h in headers[j] or []]
                    ms = [(m["name"], m["content"]) for m in metas[j] or []]
                    found += [Evidence(i, f) for f in header_findings(hs) + meta_findings(ms)]
                state = states[i].as_py()
                if self.sites and hosts[j] is not None and urls[j]:
                    site, state = self.site_findings(urls[j], hosts[j], dates[j])
                    found += [Evidence(i, f, c, w) for f, c, w in site]
                new_states.append(state)
                if not found:
                    continue
                resolved = resolve_tdmrep([e.finding for e in found])
                found = [Evidence(e.row, f, e.capture, e.when)
                         for e, f in zip(found, resolved, strict=True)]
                optout[i], sig = decide(e.finding for e in found)
                counts[i] = len(sig)
                flat += sig
                evidence += found
            mask = np.zeros(n, dtype=bool)
            mask[idx] = True
            states = pc.replace_with_mask(states, pa.array(mask),
                                          pa.array(new_states, pa.string()))
        offsets = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(counts, out=offsets[1:])
        signals = pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat, pa.string()))
        return OptoutResult(pa.array(optout), signals, states, evidence)


__all__ = ["Evidence", "OptoutDetector", "OptoutResult", "RobotsTime", "in_effect"]
