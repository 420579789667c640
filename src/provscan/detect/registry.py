"""The registered detectors, in manifest order, and the manifest schema they give.

Each class declares the manifest columns it fills and the evidence it records
(``detect.base.Detector``); ``MANIFEST_SCHEMA`` is the document columns
(``schema.DOCUMENT_FIELDS``) followed by every registered detector's columns. To add a
detector: write its class here (or beside its code) and add it to ``REGISTRY``.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pyarrow as pa

from provscan.config import ScanOptions
from provscan.detect.base import DetectInput, Detection, Detector, EvidenceRow
from provscan.detect.captures import SiteCaptures
from provscan.detect.language import LanguageDetector
from provscan.detect.licences import LicenceDetector
from provscan.detect.optout.detector import OptoutDetector
from provscan.detect.optout.tokens import CrawlerTokens
from provscan.detect.pii import pii_counts
from provscan.schema import DOCUMENT_FIELDS


class Language:
    """ISO 639-1 language of each document (CLD2)."""

    columns: ClassVar[tuple[pa.Field, ...]] = (pa.field("language", pa.string()),)
    evidence_kind: ClassVar[str | None] = None

    def __init__(self, options: ScanOptions, sites: SiteCaptures) -> None:
        self.detector = LanguageDetector()
        self.name = self.detector.name

    def detect(self, inp: DetectInput) -> Detection:
        return Detection({"language": self.detector.detect(inp.text)})


class Licences:
    """SPDX licences found in each document, and the most restrictive class."""

    columns: ClassVar[tuple[pa.Field, ...]] = (
        pa.field("licences", pa.list_(pa.string())), pa.field("licence_class", pa.string()))
    evidence_kind: ClassVar[str | None] = "licence"

    def __init__(self, options: ScanOptions, sites: SiteCaptures) -> None:
        self.detector = LicenceDetector()
        self.name = self.detector.name

    def detect(self, inp: DetectInput) -> Detection:
        links = inp.page.column("links") if inp.page is not None else None
        licences, licence_class, findings = self.detector.detect(inp.text, links)
        evidence = [EvidenceRow(f.row, "licence", f.matcher, f.licence_class, f.licence,
                                f.excerpt, span_start=f.start, span_end=f.end)
                    for f in findings]
        return Detection({"licences": licences, "licence_class": licence_class}, evidence)


class Optout:
    """Text-and-data-mining and AI-training reservations, with their signals."""

    columns: ClassVar[tuple[pa.Field, ...]] = (
        pa.field("optout", pa.bool_()), pa.field("optout_signals", pa.list_(pa.string())),
        pa.field("robots_state", pa.string()))
    evidence_kind: ClassVar[str | None] = "optout"

    def __init__(self, options: ScanOptions, sites: SiteCaptures) -> None:
        self.tokens = CrawlerTokens.load(options.crawler_tokens)
        self.detector = OptoutDetector(self.tokens, sites, options.robots_time)
        self.name = "provscan opt-out signals"

    def detect(self, inp: DetectInput) -> Detection:
        b = inp.batch
        opt = self.detector.annotate(b.column("url"), inp.host, b.column("date"), inp.page)
        evidence = []
        for e in opt.evidence:
            f, c = e.finding, e.capture
            evidence.append(EvidenceRow(
                e.row, "optout", f.signal, f.verdict, f.value, f.rule, f.token, e.when,
                c.url if c else None, c.date if c else None, c.body_hash if c else None))
        return Detection({"optout": opt.optout, "optout_signals": opt.signals,
                          "robots_state": opt.robots_state}, evidence)


class Pii:
    """Counts of e-mail addresses, international phone numbers and IP addresses."""

    columns: ClassVar[tuple[pa.Field, ...]] = (
        pa.field("pii_email", pa.int32()), pa.field("pii_phone", pa.int32()),
        pa.field("pii_ip", pa.int32()))
    evidence_kind: ClassVar[str | None] = None

    def __init__(self, options: ScanOptions, sites: SiteCaptures) -> None:
        self.name = "provscan personal-data patterns"

    def detect(self, inp: DetectInput) -> Detection:
        email, phone, ip = pii_counts(inp.text)
        return Detection({"pii_email": email, "pii_phone": phone, "pii_ip": ip})


class PersonNames:
    """Personal names on the sampled documents only (null elsewhere): the one expensive
    detector, reported as an estimate with a confidence interval."""

    columns: ClassVar[tuple[pa.Field, ...]] = (pa.field("pii_person", pa.int32()),)
    evidence_kind: ClassVar[str | None] = None

    def __init__(self, options: ScanOptions, sites: SiteCaptures) -> None:
        self.counter = None
        if options.counts_names:
            from provscan.detect.names import load_name_counter

            self.counter = load_name_counter(options.person_names.pipeline)
        self.name = self.counter.method if self.counter is not None else "not counted"

    def detect(self, inp: DetectInput) -> Detection:
        n, sample = inp.batch.num_rows, inp.sample
        if self.counter is None or sample is None:
            return Detection({"pii_person": pa.nulls(n, pa.int32())})
        rows = sample.rows.to_numpy()
        out = np.full(n, 0, dtype=np.int32)
        out[rows] = self.counter.count(sample.text.to_pylist())
        mask = np.ones(n, dtype=bool)
        mask[rows] = False
        return Detection({"pii_person": pa.array(out, pa.int32(), mask=mask)})


#: The detectors, in the order of their manifest columns.
REGISTRY: tuple[type[Detector], ...] = (Language, Licences, Optout, Pii, PersonNames)
#: The evidence kinds, in the order their rows are written (the order of the parts).
EVIDENCE_ORDER = ("optout", "licence")

DETECTOR_FIELDS: tuple[pa.Field, ...] = tuple(f for d in REGISTRY for f in d.columns)
#: The columns the detectors fill, in manifest order.
DETECTOR_COLUMNS: tuple[str, ...] = tuple(f.name for f in DETECTOR_FIELDS)
MANIFEST_SCHEMA = pa.schema([*DOCUMENT_FIELDS, *DETECTOR_FIELDS])


def build(options: ScanOptions, sites: SiteCaptures) -> list[Detector]:
    """One instance of every registered detector for these settings."""
    return [d(options, sites) for d in REGISTRY]


__all__ = ["DETECTOR_COLUMNS", "DETECTOR_FIELDS", "EVIDENCE_ORDER", "MANIFEST_SCHEMA",
           "REGISTRY", "Language", "Licences", "Optout", "PersonNames", "Pii", "build"]
