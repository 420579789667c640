"""What every opt-out signal parser returns: findings, and how they combine.

A *finding* is one machine-readable statement found for one document: the signal it
came from, what it says (the verdict), the raw value as written, and the rule that
matched. Parsers return findings; they never decide the document's ``optout`` flag.
``decide`` does, in one place, so the policy is the same for every signal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

#: Signal names, as they appear in the manifest's ``optout_signals`` column.
SIGNALS: Final = (
    "robots_txt",  # robots.txt disallows the URL for an AI-training crawler token (or *)
    "content_signal",  # Cloudflare Content-Signal: ai-train=no inside a robots.txt group
    "content_usage",  # IETF AIPREF Content-Usage: train-ai=n (HTTP header or robots.txt rule)
    "tdmrep_header",  # W3C TDMRep tdm-reservation HTTP header
    "tdmrep_meta",  # W3C TDMRep <meta name="tdm-reservation">
    "tdmrep_wellknown",  # W3C TDMRep /.well-known/tdmrep.json rule
    "x_robots_noai",  # X-Robots-Tag: noai / noimageai (also "bot: noai")
    "meta_noai",  # <meta name="robots" content="noai"> / noimageai
    "ai_txt",  # Spawning ai.txt disallows the document's path or file type
)

#: Verdicts a finding may carry.
RESERVED: Final = "reserved"  # rights reserved / training disallowed
ALLOWED: Final = "allowed"  # explicit permission (tdm-reservation: 0, train-ai=y, Allow: ...)
UNKNOWN: Final = "unknown"  # the signal exists but says nothing usable (5xx robots.txt, bad value)
CONFLICT: Final = "conflict"  # parts of one signal disagree (tdm-reservation: 1, 0)
OVERRIDDEN: Final = "overridden"  # superseded by a signal of higher precedence (TDMRep order)
VERDICTS: Final = (RESERVED, ALLOWED, UNKNOWN, CONFLICT, OVERRIDDEN)

#: Verdicts that make ``optout`` true. A conflict counts: the scanner is conservative.
RESERVING: Final = frozenset({RESERVED, CONFLICT})


@dataclass(frozen=True)
class Finding:
    """One statement of one signal about one document.

    ``value`` is the raw text as found (header line, meta content, robots.txt line),
    ``rule`` says in words what matched and why (with a line number where there is one),
    ``token`` is the crawler token a robots.txt verdict is for (None elsewhere).
    """

    signal: str
    verdict: str
    value: str
    rule: str
    token: str | None = None


def decide(findings: Iterable[Finding]) -> tuple[bool, list[str]]:
    """The document's ``optout`` flag and its sorted, distinct reserving signals."""
    signals = sorted({f.signal for f in findings if f.verdict in RESERVING})
    return bool(signals), signals


__all__ = [
    "ALLOWED",
    "CONFLICT",
    "OVERRIDDEN",
    "RESERVED",
    "RESERVING",
    "SIGNALS",
    "UNKNOWN",
    "VERDICTS",
    "Finding",
    "decide",
]
