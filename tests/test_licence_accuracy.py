"""Accuracy of the licence detector on the labelled set in tests/data/licences/docs.

Micro precision/recall over (document, licence) pairs, for tier 1 alone and tier 1+2,
overall and per kind; the thresholds sit just under the figures measured when the set
was built (docs/licences.md has the table). Run this file directly to print the table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest

from provscan.detect.licences import LicenceDetector, licence_class
from provscan.detect.licences.scoring import licence_ids

DATA = Path(__file__).parent / "data" / "licences"


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int
    docs: int
    class_ok: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def class_accuracy(self) -> float:
        return self.class_ok / self.docs if self.docs else 1.0


SETS = {"dev": (DATA / "labels.json", DATA / "docs"),
        "heldout": (DATA / "heldout" / "labels.json", DATA / "heldout")}


def _cases(which: str) -> tuple[list[dict[str, object]], Path]:
    labels, folder = SETS[which]
    cases: list[dict[str, object]] = json.loads(labels.read_text("utf-8"))["cases"]
    return cases, folder


def _gold_class(licences: list[str]) -> str | None:
    ranks = ["unknown", "proprietary", "non-commercial", "no-derivatives", "copyleft",
             "permissive", "public-domain"]
    classes = [licence_class(x) for x in licences]
    return min(classes, key=ranks.index) if classes else None


def evaluate(detector: LicenceDetector, which: str = "dev",
             ) -> tuple[dict[str, Score], list[str]]:
    """Scores per kind and overall ("all"), and a line per wrong document."""
    cases, folder = _cases(which)
    texts = [(folder / str(c["file"])).read_text("utf-8") for c in cases]
    found, classes, _ = detector.detect(pa.array(texts, pa.string()))
    tallies: dict[str, list[int]] = {}
    errors = []
    for case, got, cls in zip(cases, found.to_pylist(), classes.to_pylist(), strict=True):
        gold, pred = licence_ids(case["licences"], got)  # type: ignore[arg-type]
        ok_class = cls == _gold_class(sorted(gold))
        for key in ("all", str(case["kind"])):
            t = tallies.setdefault(key, [0, 0, 0, 0, 0])
            t[0] += len(gold & pred)
            t[1] += len(pred - gold)
            t[2] += len(gold - pred)
            t[3] += 1
            t[4] += ok_class
        if gold != pred:
            errors.append(
                f"{case['file']}: missing {sorted(gold - pred)} extra {sorted(pred - gold)}")
    return {k: Score(*v) for k, v in tallies.items()}, errors


@pytest.fixture(scope="module")
def scores() -> dict[tuple[str, str], tuple[dict[str, Score], list[str]]]:
    tier1, tier12 = LicenceDetector(text_matcher=False), LicenceDetector()
    return {(which, tier): evaluate(detector, which)
            for which in SETS for tier, detector in (("1", tier1), ("1+2", tier12))}


# (set, tiers, kind, min precision, min recall, min class accuracy): just under the figures
# measured on 2026-11-28 (docs/licences.md). The dev set was written alongside the rules
# (100 % by construction); the held-out set was labelled before its first run. Tier 1 on
# it: 0.957 / 0.846 since 2026-12-03 (1.0 / 0.885 before): a bare "the GNU General Public
# License, version 2" (a Debian pointer to /usr/share/common-licenses) is no longer read
# as a notice, and 168158647.txt gives its versions only as "licensed under version 2
# only ... version 2 or (at your option) any later version", which tier 2 reads.
THRESHOLDS = [
    ("dev", "1", "all", 0.98, 0.98, 0.98),
    ("dev", "1+2", "all", 0.95, 0.98, 0.97),
    ("dev", "1", "negative", 1.0, 1.0, 1.0),
    ("dev", "1+2", "negative", 1.0, 1.0, 1.0),
    ("heldout", "1", "all", 0.95, 0.84, 0.95),
    ("heldout", "1+2", "all", 0.90, 0.94, 0.95),
]


@pytest.mark.parametrize(("which", "tier", "kind", "p", "r", "c"), THRESHOLDS)
def test_accuracy(scores: dict[tuple[str, str], tuple[dict[str, Score], list[str]]],
                  which: str, tier: str, kind: str, p: float, r: float, c: float) -> None:
    by_kind, errors = scores[(which, tier)]
    s = by_kind[kind]
    assert s.precision >= p and s.recall >= r and s.class_accuracy >= c, errors


def test_tier2_adds_recall_on_heldout(
        scores: dict[tuple[str, str], tuple[dict[str, Score], list[str]]]) -> None:
    assert scores[("heldout", "1+2")][0]["all"].tp > scores[("heldout", "1")][0]["all"].tp


def _table(which: str) -> str:
    rows = [f"{which}:", "",
            "| kind | docs | tier 1 P | tier 1 R | tier 1+2 P | tier 1+2 R | class acc. 1 / 1+2 |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    s1, e1 = evaluate(LicenceDetector(text_matcher=False), which)
    s2, e2 = evaluate(LicenceDetector(), which)
    for kind in ["text", "header", "spdx", "cc", "prose", "negative", "all"]:
        if kind not in s1:
            continue
        a, b = s1[kind], s2[kind]
        rows.append(f"| {kind} | {a.docs} | {a.precision:.3f} | {a.recall:.3f} | "
                    f"{b.precision:.3f} | {b.recall:.3f} | "
                    f"{a.class_accuracy:.3f} / {b.class_accuracy:.3f} |")
    rows += ["", "tier 1 errors:", *e1, "", "tier 1+2 errors:", *e2, ""]
    return "\n".join(rows)


if __name__ == "__main__":
    print(_table("dev"))
    print(_table("heldout"))
