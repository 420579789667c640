"""Detectors: annotate a batch with language, licences, opt-outs and personal data.

Every detector follows one protocol (``detect.base.Detector``): it declares its manifest
columns and its evidence, and returns them for a batch without changing the batch.
``detect.registry`` lists them in manifest order and derives the manifest schema.
Personal names are the one expensive detector (spaCy): it runs on the sampled documents
only, and the report gives an estimate with a confidence interval.

``Detectors`` composes the registered detectors for one worker process: models and
parsed site files are built once (the worker keeps one per settings) and reused across
units. Site captures come in through ``detect.captures.SiteCaptures``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from provscan.config import ScanOptions
from provscan.detect.base import DetectInput, EvidenceRow, SampledText
from provscan.detect.captures import SiteCaptures
from provscan.detect.registry import EVIDENCE_ORDER, Optout, PersonNames, build


@dataclass(frozen=True)
class Annotations:
    """What the detectors add to one batch: manifest columns and evidence rows."""

    columns: dict[str, pa.Array]
    evidence: list[EvidenceRow]


class Detectors:
    """Every registered detector, built for one set of scan options and captures."""

    def __init__(self, options: ScanOptions, sites: SiteCaptures) -> None:
        self.steps = build(options, sites)

    def annotate(
        self, batch: pa.RecordBatch, host: pa.Array, page: pa.RecordBatch | None,
        sample: SampledText | None = None,
    ) -> Annotations:
        """Columns and evidence for ``batch``; ``sample`` is the sampled documents' text
        as the sample keeps it (the expensive detector runs on it only)."""
        inp = DetectInput(batch, host, page, sample)
        columns: dict[str, pa.Array] = {}
        evidence: list[EvidenceRow] = []
        for step in self.steps:
            found = step.detect(inp)
            columns.update(found.columns)
            evidence.extend(found.evidence)
        evidence.sort(key=lambda e: EVIDENCE_ORDER.index(e.kind))  # stable: rows in order
        return Annotations(columns, evidence)

    def describe(self) -> dict[str, Any]:
        """Names and versions of the detectors, for the provenance of each unit."""
        names = {type(s).__name__: s.name for s in self.steps}
        optout = next(s for s in self.steps if isinstance(s, Optout))
        names_step = next(s for s in self.steps if isinstance(s, PersonNames))
        t = optout.tokens
        return {
            "language": names["Language"],
            "licences": names["Licences"],
            "crawler_tokens": t.label,
            "robots_time": optout.detector.mode,
            "person_names": names_step.counter.method if names_step.counter else None,
        }


__all__ = ["Annotations", "Detectors", "SampledText"]
