"""What produced a unit's rows, recorded when the work is done (never reconstructed at
report time, when other versions may be installed): provscan, each detector with its
data, the Public Suffix List, the robots.txt parser, the crawler-token list, the
robots-time rule and the token counting method. The catalog keeps one typed column per
field (``units.prov_*``); the report names them, per source where units differ."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version

from provscan import __version__
from provscan.common.urls import psl_version
from provscan.detect import Detectors


@dataclass(frozen=True)
class Provenance:
    provscan: str
    psl: str  # the Public Suffix List of the domain column
    language: str | None = None  # detectors: None in the fast profile
    licences: str | None = None
    person_names: str | None = None  # None: names not counted
    robots_parser: str | None = None
    crawler_tokens: str | None = None  # the list: file, version, date, count
    robots_time: str | None = None

    def columns(self) -> dict[str, str | None]:
        """The catalog's ``prov_*`` columns."""
        return {f"prov_{k}": v for k, v in asdict(self).items()}


def robots_parser() -> str:
    try:
        return f"gpyrobotstxt {version('gpyrobotstxt')} (port of Google's robots.txt parser)"
    except PackageNotFoundError:  # pragma: no cover
        return "gpyrobotstxt"


def provenance(detectors: Detectors | None) -> Provenance:
    """The provenance of a unit scanned with ``detectors`` (None: the fast profile)."""
    if detectors is None:
        return Provenance(__version__, psl_version())
    d = detectors.describe()
    return Provenance(__version__, psl_version(), d["language"], d["licences"],
                      d["person_names"], robots_parser(), d["crawler_tokens"],
                      d["robots_time"])


__all__ = ["Provenance", "provenance", "robots_parser"]
