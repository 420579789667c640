"""The detector protocol: what every detector declares and returns.

A detector reads one batch (``DetectInput``) and returns its manifest columns and its
evidence rows (``Detection``); it never changes the batch. It declares, as class
attributes, the manifest columns it fills (``columns``, in manifest order) and the kind
of evidence it records (``evidence_kind``, or None). The manifest schema's detector
part is derived from the registered detectors (``detect.registry``), so a new detector
is one class and one line in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Protocol

import pyarrow as pa

from provscan.config import ScanOptions
from provscan.detect.captures import SiteCaptures


@dataclass(frozen=True)
class SampledText:
    """The sampled documents of a batch: their row indices and their text, cut to
    ``sample_max_chars`` as the sample stores it."""

    rows: pa.Array
    text: pa.Array
    truncated: pa.Array


@dataclass(frozen=True)
class DetectInput:
    """One batch as detectors see it: the standard columns (``READ_SCHEMA``), the hosts
    of its URLs, the page extras of web captures, and the sampled documents."""

    batch: pa.RecordBatch
    host: pa.Array
    page: pa.RecordBatch | None = None
    sample: SampledText | None = None

    @property
    def text(self) -> pa.Array:
        return self.batch.column("text")


@dataclass(frozen=True)
class EvidenceRow:
    """One finding about one document of the batch (``EVIDENCE_SCHEMA`` without the
    document's keys, which the scan adds)."""

    row: int
    kind: str  # the detector's evidence_kind: optout | licence
    signal: str
    verdict: str
    value: str | None = None
    rule: str | None = None
    token: str | None = None
    capture_when: str | None = None
    capture_url: str | None = None
    capture_date: datetime | None = None
    capture_hash: str | None = None
    span_start: int | None = None
    span_end: int | None = None


@dataclass(frozen=True)
class Detection:
    """What one detector adds to one batch."""

    columns: dict[str, pa.Array]
    evidence: list[EvidenceRow] = field(default_factory=list)


class Detector(Protocol):
    """A detector: its manifest columns, its evidence kind, its name and version (for
    the provenance of every unit it annotates), and ``detect``. It is built once per
    worker process and settings, from the scan options and the site captures."""

    columns: ClassVar[tuple[pa.Field, ...]]
    evidence_kind: ClassVar[str | None]

    def __init__(self, options: ScanOptions, sites: SiteCaptures) -> None: ...

    @property
    def name(self) -> str: ...

    def detect(self, inp: DetectInput) -> Detection: ...


__all__ = ["DetectInput", "Detection", "Detector", "EvidenceRow", "SampledText"]
