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
from datetime import datetime, timedelta, timezone
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


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _micros(date: pa.Array) -> list[int | None]:
    """A date column as microseconds since the epoch (UTC), without datetime objects."""
    if pa.types.is_timestamp(date.type):
        out: list[int | None] = (
            pc.cast(date, pa.timestamp("us", tz=date.type.tz)).cast(pa.int64()).to_pylist())
        return out
    return [_micro(d) for d in date.to_pylist()]


def _micro(d: datetime | None) -> int | None:
    if d is None:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return (d - _EPOCH) // timedelta(microseconds=1)


def _at_crawl(stamps: list[int | None], date: int | None) -> int:
    """Index of the capture ``in_effect`` takes as at crawl time (the last one dated at or
    before ``date``), -1 for none."""
    at = -1
    if date is not None:
        for i, s in enumerate(stamps):
            if s is not None and s <= date:
                at = i
    return at


def _plan(caps: Sequence[Capture], at: int, mode: RobotsTime) -> list[tuple[str, Capture]]:
    """``in_effect`` given the at-crawl capture's index (see ``_at_crawl``)."""
    if not caps:
        return []
    latest = caps[-1]
    out: list[tuple[str, Capture]] = []
    if mode in ("at-crawl", "any") and at >= 0:
        same = caps[at] is latest and mode == "any"
        out.append(("at-crawl+latest" if same else "at-crawl", caps[at]))
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
        self._stamps: dict[int, list[int | None]] = {}  # id of a host's captures of a kind

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
        return self._remember(host, self.sites.captures(host))

    def _remember(self, host: str, caps: list[Capture]) -> dict[str, list[Capture]]:
        by_kind: dict[str, list[Capture]] = {}
        for c in caps:
            by_kind.setdefault(c.kind, []).append(c)
        self._host_caps[host] = by_kind
        for cs in by_kind.values():  # capture dates in microseconds, for site_rows
            self._stamps[id(cs)] = [_micro(c.date) for c in cs]
        if len(self._host_caps) > CACHE_SIZE:
            for cs in self._host_caps.popitem(last=False)[1].values():
                self._stamps.pop(id(cs), None)
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

    def site_rows(
        self, urls: list[str | None], hosts: list[str | None], dates: list[int | None]
    ) -> list[tuple[list[tuple[Finding, Capture, str]], str] | None]:
        """``site_findings`` for many rows at once (``dates`` in microseconds since the
        epoch, UTC): the captures that apply are found host by host, then each site file
        judges all its rows of the batch at once (a robots.txt's views and compiled rules
        looked up once, one match per URL and view; files shared by many hosts, as
        default robots.txt are, are parsed and judged once).
        None for rows without a URL or host. Same results as ``site_findings`` row by row
        (``tests/test_optout_vectorised.py``); lists may be shared: do not change them."""
        out: list[tuple[list[tuple[Finding, Capture, str]], str] | None] = [None] * len(urls)
        by_host: dict[str, list[int]] = {}
        for j, h in enumerate(hosts):
            if h is not None and urls[j]:
                by_host.setdefault(h, []).append(j)
        # each site file's rows are judged together: file id -> (file, kind, rows); a group
        # of rows (one host, the same captures in effect) -> its entries (file id, where its
        # rows start in the file's rows, capture, when) and its robots.txt state
        jobs: dict[int, tuple[_SiteFile, str, list[int]]] = {}
        groups: list[tuple[list[int], list[tuple[int, int, Capture, str]], str]] = []
        missing = [h for h in by_host if h not in self._host_caps]
        fetched = self.sites.captures_of(missing) if missing else {}
        for h, rows in by_host.items():
            caps = (self._remember(h, fetched.get(h, [])) if h in fetched or h in missing
                    else self._captures(h))
            kinds = [(kind, caps[kind]) for kind in ("robots", "tdmrep", "ai_txt")
                     if kind in caps]
            stamps = [self._stamps[id(cs)] for _, cs in kinds]
            by_key: dict[tuple[int, ...], list[int]] = {}
            if len(stamps) == 1:
                only = stamps[0]
                for j in rows:
                    by_key.setdefault((_at_crawl(only, dates[j]),), []).append(j)
            else:
                for j in rows:
                    d = dates[j]
                    by_key.setdefault(tuple([_at_crawl(st, d) for st in stamps]), []).append(j)
            for key, members in by_key.items():
                state = "missing"
                plan: list[tuple[int, int, Capture, str]] = []
                for (kind, cs), at in zip(kinds, key, strict=True):
                    for when, cap in _plan(cs, at, self.mode):
                        parsed = self.parse(cap)
                        if kind == "robots" and (when != "at-crawl" or self.mode == "at-crawl"):
                            state = parsed.state
                        job = jobs.setdefault(id(parsed), (parsed, kind, []))
                        plan.append((id(parsed), len(job[2]), cap, when))
                        job[2].extend(members)
                groups.append((members, plan, state))
        done = {k: parsed.evaluate_many([urls[j] or "" for j in rows], self.tokens)  # type: ignore[attr-defined]
                if kind == "robots" else [parsed.evaluate(urls[j] or "") for j in rows]
                for k, (parsed, kind, rows) in jobs.items()}
        nothing: list[tuple[Finding, Capture, str]] = []
        for members, plan, state in groups:
            m = len(members)
            lists = [(done[k], start, cap, when) for k, start, cap, when in plan
                     if any(done[k][start:start + m])]  # entries with a finding for a row
            if not lists:
                same = (nothing, state)
                for j in members:
                    out[j] = same
                continue
            for i, j in enumerate(members):
                found = [(f, cap, when) for fs, start, cap, when in lists for f in fs[start + i]]
                out[j] = (found or nothing, state)
        return out

    @staticmethod
    def _decide(found: list[Evidence], evidence: list[Evidence]) -> tuple[bool, list[str]]:
        """A row's verdict and signals from its findings, tdmrep resolved; the findings are
        added to ``evidence``."""
        resolved = resolve_tdmrep([e.finding for e in found])
        evidence += [Evidence(e.row, f, e.capture, e.when)
                     for e, f in zip(found, resolved, strict=True)]
        return decide(resolved)

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
            urls, hosts = url.take(take).to_pylist(), host.take(take).to_pylist()
            headers = metas = None
            if page is not None:
                headers = page.column("headers").take(take).to_pylist()
                metas = page.column("meta").take(take).to_pylist()
            site_rows = (self.site_rows(urls, hosts, _micros(date.take(take)))
                         if self.sites else None)
            rows = idx.tolist()
            if headers is None and site_rows is not None:  # site files only: rows with none
                new_states = [site[1] if site is not None else "missing" if h is not None
                              else None for site, h in zip(site_rows, hosts, strict=True)]
                for j in [j for j, site in enumerate(site_rows) if site is not None and site[0]]:
                    i = rows[j]
                    hits = [Evidence(i, f, c, w) for f, c, w in site_rows[j][0]]  # type: ignore[index]
                    optout[i], sig = self._decide(hits, evidence)
                    counts[i] = len(sig)
                    flat += sig
                rows = []  # done
            else:
                new_states = []
            for j, i in enumerate(rows):
                found: list[Evidence] = []
                if headers is not None and metas is not None:
                    hs = [(h["name"], h["value"]) for h in headers[j] or []]
                    ms = [(m["name"], m["content"]) for m in metas[j] or []]
                    found += [Evidence(i, f) for f in header_findings(hs) + meta_findings(ms)]
                state = "missing" if self.sites and hosts[j] is not None else None
                site = site_rows[j] if site_rows is not None else None
                if site is not None:
                    found += [Evidence(i, f, c, w) for f, c, w in site[0]]
                    state = site[1]
                new_states.append(state)
                if not found:
                    continue
                optout[i], sig = self._decide(found, evidence)
                counts[i] = len(sig)
                flat += sig
            mask = np.zeros(n, dtype=bool)
            mask[idx] = True
            states = pc.replace_with_mask(states, pa.array(mask),
                                          pa.array(new_states, pa.string()))
        offsets = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(counts, out=offsets[1:])
        signals = pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat, pa.string()))
        return OptoutResult(pa.array(optout), signals, states, evidence)


__all__ = ["Evidence", "OptoutDetector", "OptoutResult", "RobotsTime", "in_effect"]
