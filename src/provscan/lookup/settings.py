"""Which opt-out settings ``provscan explain`` re-judges a URL with, and why.

A unit's settings are recorded with it in the catalog (``units.settings``, written by
``settings_key`` in ``provscan.scan.run``): ``robots_time``, ``crawler_tokens`` as a
``[resolved path, mtime_ns]`` stamp (null: the packaged list) and the ``captures``
fingerprint. Explain uses the settings of the unit holding the document, so that its
fresh evaluation of the site files is the scan's; an explicit option overrides them and
is labelled an override. Anything that makes the re-judgement differ from the scan's (a
token file gone or changed, new site captures) is said, never papered over.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from provscan.config import RobotsTime
from provscan.detect.optout.tokens import CrawlerTokens

PACKAGED = "provscan/data/ai_crawlers.json"


@dataclass(frozen=True)
class Recorded:
    """The opt-out settings recorded with one unit; ``robots_time`` None: fast profile."""

    robots_time: RobotsTime | None
    tokens_file: str | None  # resolved path; None: the packaged list
    tokens_mtime_ns: int | None
    captures: str | None  # fingerprint of the store's site captures at scan time

    @classmethod
    def parse(cls, settings: str | None) -> Recorded:
        try:
            d: Any = json.loads(settings or "{}")
        except json.JSONDecodeError:
            d = {}
        d = d if isinstance(d, dict) else {}
        rt = d.get("robots_time")
        stamp = d.get("crawler_tokens")
        path, mtime = (stamp[0], stamp[1]) if isinstance(stamp, list) and len(stamp) == 2 \
            else (None, None)
        return cls(rt if rt in get_args(RobotsTime) else None,
                   str(path) if path else None, int(mtime) if mtime is not None else None,
                   d.get("captures"))

    @property
    def optout_key(self) -> tuple[str | None, str | None, int | None]:
        """What decides the site-file verdicts (captures aside)."""
        return (self.robots_time, self.tokens_file, self.tokens_mtime_ns)

    def describe(self) -> str:
        tokens = self.tokens_file or "the packaged list"
        return f"robots-time {self.robots_time or '(fast profile)'}, crawler tokens {tokens}"


@dataclass(frozen=True)
class UsedSettings:
    """The settings one re-judgement uses, each with where it comes from."""

    robots_time: RobotsTime
    tokens: CrawlerTokens
    robots_time_label: str  # "at-crawl (recorded with the scan)"
    tokens_label: str  # "FILE (27 tokens, recorded with the scan)"
    warnings: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.robots_time_label, self.tokens_label)


def _count(tokens: CrawlerTokens) -> str:
    n = len(tokens.tokens)
    return f"{n} token" if n == 1 else f"{n} tokens"


def _tokens_name(path: str | None, tokens: CrawlerTokens) -> str:
    if path is None:
        return f"the packaged list {PACKAGED}, version {tokens.version} of {tokens.date}"
    return path


def resolve(recorded: Recorded | None, origin: str, robots_time: RobotsTime | None = None,
            crawler_tokens: str | None = None, current_captures: str | None = None,
            ) -> UsedSettings:
    """The settings to re-judge with: ``recorded`` (``origin`` says whose they are; None:
    no full-profile scan, so the defaults), unless an option overrides them."""
    warnings: list[str] = []
    scan_rt = recorded.robots_time if recorded else None
    if robots_time is not None:
        used_rt: RobotsTime = robots_time
        rt_label = f"{robots_time} (override; the scan used {scan_rt or 'none recorded'})"
    elif scan_rt is not None:
        used_rt, rt_label = scan_rt, f"{scan_rt} ({origin})"
    else:
        used_rt, rt_label = "any", "any (the default: no full-profile scan recorded one)"

    scan_file = recorded.tokens_file if recorded else None
    if crawler_tokens is not None:
        tokens = CrawlerTokens.load(crawler_tokens)
        scan_used = (scan_file or "the packaged list") if recorded else "none recorded"
        tok_label = (f"{crawler_tokens} ({_count(tokens)}, override; the scan used "
                     f"{scan_used})")
    elif scan_file is None:
        tokens = CrawlerTokens.load(None)
        how = origin if recorded else "the default: no full-profile scan recorded a list"
        tok_label = f"{_tokens_name(None, tokens)} ({_count(tokens)}, {how})"
    else:
        tokens, tok_label = _recorded_file(scan_file, recorded, origin, warnings)

    if (recorded and current_captures and recorded.captures
            and recorded.captures != current_captures):
        warnings.append("the store's site captures were replaced after this scan: the "
                        "captures below are the current ones, so their verdicts may differ "
                        "from the manifest's (scan again to update it)")
    return UsedSettings(used_rt, tokens, rt_label, tok_label, tuple(warnings))


def _recorded_file(path: str, recorded: Recorded | None, origin: str,
                   warnings: list[str]) -> tuple[CrawlerTokens, str]:
    """The token file recorded with the scan, or the packaged list if it is gone."""
    p = Path(path)
    if not p.is_file():
        tokens = CrawlerTokens.load(None)
        warnings.append(f"the crawler token file recorded with the scan, {path}, is gone: the "
                        f"site files below are judged with {_tokens_name(None, tokens)} "
                        "instead, so their verdicts may differ from the manifest's; give the "
                        "file with --crawler-tokens FILE")
        return tokens, (f"{_tokens_name(None, tokens)} ({_count(tokens)}) INSTEAD "
                        f"OF {path} ({origin}, now gone)")
    tokens = CrawlerTokens.load(path)
    changed = recorded is not None and p.stat().st_mtime_ns != recorded.tokens_mtime_ns
    if changed:
        warnings.append(f"the crawler token file {path} changed after the scan (modified "
                        "since): the site files below are judged with its current content, so "
                        "their verdicts may differ from the manifest's")
    return tokens, f"{path} ({_count(tokens)}, {origin}{', CHANGED since' if changed else ''})"


__all__ = ["PACKAGED", "Recorded", "UsedSettings", "resolve"]
