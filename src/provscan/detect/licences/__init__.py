"""Licence detection: per document (tier 1 rules + tier 2 text matcher) and per dataset
(Hugging Face card front matter, LICENSE files). See docs/licences.md."""

from provscan.detect.licences.cards import DatasetLicence, LicenceEvidence, dataset_licence
from provscan.detect.licences.classes import licence_class, licence_flags
from provscan.detect.licences.detect import LicenceDetector
from provscan.detect.licences.matcher import (
    LicenseClassifierMatcher,
    ScanCodeMatcher,
    TextMatch,
    TextMatcher,
)
from provscan.detect.licences.model import CLASSES, MATCHERS, LicenceFinding
from provscan.detect.licences.prefilter import PREFILTER

__all__ = [
    "CLASSES",
    "MATCHERS",
    "PREFILTER",
    "DatasetLicence",
    "LicenceDetector",
    "LicenceEvidence",
    "LicenceFinding",
    "LicenseClassifierMatcher",
    "ScanCodeMatcher",
    "TextMatch",
    "TextMatcher",
    "dataset_licence",
    "licence_class",
    "licence_flags",
]
