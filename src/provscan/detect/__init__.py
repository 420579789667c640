"""Detectors: annotate a batch with language, licences, opt-outs and personal data.

Personal names are the one expensive detector (spaCy): it runs on the sampled documents
only, and the report gives an estimate with a confidence interval.

Detectors read a batch and return new columns plus evidence rows; they never change
the batch. ``Detectors`` composes them for one worker process: models and parsed site
files are built once per process (the worker keeps one per settings) and reused
across units. Site captures come in through ``detect.captures.SiteCaptures``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from provscan.config import ScanOptions
from provscan.detect.captures import SiteCaptures
from provscan.detect.language import LanguageDetector
from provscan.detect.licences import LicenceDetector, LicenceFinding
from provscan.detect.optout.detector import Evidence, OptoutDetector
from provscan.detect.optout.robots import CrawlerTokens
from provscan.detect.pii import pii_counts


@dataclass(frozen=True)
class SampledText:
    """The sampled documents of a batch: their row indices and their text, cut to
    ``sample_max_chars`` as the sample stores it."""

    rows: pa.Array
    text: pa.Array
    truncated: pa.Array


@dataclass(frozen=True)
class Annotations:
    """What the detectors add to one batch: manifest columns and evidence."""

    columns: dict[str, pa.Array]
    optout_evidence: list[Evidence]
    licence_findings: list[LicenceFinding]


class Detectors:
    def __init__(self, options: ScanOptions, sites: SiteCaptures) -> None:
        self.language = LanguageDetector()
        self.licences = LicenceDetector()
        tokens = CrawlerTokens.load(options.crawler_tokens)
        self.optout = OptoutDetector(tokens, sites, options.robots_time)
        self.names = None
        if options.counts_names:
            from provscan.detect.names import load_name_counter

            self.names = load_name_counter(options.person_names.pipeline)

    def annotate(
        self, batch: pa.RecordBatch, host: pa.Array, page: pa.RecordBatch | None,
        sample: SampledText | None = None,
    ) -> Annotations:
        """Columns and evidence for ``batch``; ``sample`` is the sampled documents' text
        as the sample keeps it (the expensive detector runs on it only)."""
        text = batch.column("text")
        email, phone, ip = pii_counts(text)
        links = page.column("links") if page is not None else None
        licences, licence_class, findings = self.licences.detect(text, links)
        opt = self.optout.annotate(batch.column("url"), host, batch.column("date"), page)
        cols: dict[str, pa.Array] = {
            "language": self.language.detect(text),
            "licences": licences,
            "licence_class": licence_class,
            "optout": opt.optout,
            "optout_signals": opt.signals,
            "robots_state": opt.robots_state,
            "pii_email": email,
            "pii_phone": phone,
            "pii_ip": ip,
            "pii_person": self._person_names(len(text), sample),
        }
        return Annotations(cols, opt.evidence, findings)

    def _person_names(self, n: int, sample: SampledText | None) -> pa.Array:
        """Names per sampled document; null elsewhere."""
        if self.names is None or sample is None:
            return pa.nulls(n, pa.int32())
        rows = sample.rows.to_numpy()
        out = np.full(n, 0, dtype=np.int32)
        out[rows] = self.names.count(sample.text.to_pylist())
        mask = np.ones(n, dtype=bool)
        mask[rows] = False
        return pa.array(out, pa.int32(), mask=mask)

    def describe(self) -> dict[str, Any]:
        """Names and versions of the detectors, for the report."""
        t = self.optout.tokens
        return {
            "language": self.language.name,
            "licences": self.licences.name,
            "crawler_tokens": {"file": t.file, "version": t.version, "date": t.date,
                               "source": t.source, "count": len(t.tokens)},
            "robots_time": self.optout.mode,
            "person_names": self.names.method if self.names is not None else None,
        }


__all__ = ["Annotations", "Detectors", "SampledText"]
