"""The labelled public material of tests/data/licences/bench: accuracy floors with a wide
margin under the figures in docs/licences.md, and the failure classes of issue 12 case by
case (real markup from the set and from public licence texts)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from provscan.detect.licences import LicenceDetector
from provscan.detect.licences.scoring import licence_ids

BENCH = Path(__file__).parent / "data" / "licences" / "bench"
# a held-out part still unopened (``fresh...``) is not read here: its figures stay unseen
CASES = [c for c in json.loads((BENCH / "labels.json").read_text("utf-8"))["cases"]
         if not str(c["split"]).startswith("fresh")]


@pytest.fixture(scope="module")
def full() -> LicenceDetector:
    return LicenceDetector()


@pytest.fixture(scope="module")
def found(full: LicenceDetector) -> dict[str, list[str]]:
    texts = [(BENCH / c["file"]).read_text("utf-8") for c in CASES]
    got = full.detect(pa.array(texts, pa.string()))[0].to_pylist()
    return {c["file"]: g for c, g in zip(CASES, got, strict=True)}


# (split, min recall, min precision, max share of no-licence files given a licence):
# measured 2026-12-03 after the third pass, which tuned on all three: tune, seen and dev-2
# 1.0 / 1.0 / none (second pass: 0.975 / 0.987 / 1 of 21, 0.944 / 0.895 / 1 of 2, and
# dev-2, then unopened, 0.905 / 0.792 / 2 of 19).
# The third held-out part (dev3) was scored once at the end of that pass (0.844 / 0.905 /
# 3 of 31) and tuned on in the fourth pass (1.0 / 0.957 / 1 of 31); the fourth (dev4) was
# scored once at the end of the fourth pass (0.938 / 0.938 / 2 of 38) and then opened, the
# fifth (dev5) scored once after it (0.923 / 0.941 / 1 of 30) and opened, the sixth (dev6)
# scored once after the fifth pass (0.949 / 0.903 / 1 of 38) and opened, the seventh (dev7)
# scored once after the sixth pass (0.869 / 0.930 / 1 of 38) and opened.
FLOORS = [("tune", 0.97, 0.97, 0.05), ("seen", 0.94, 0.94, 0.50),
          ("dev2", 0.95, 0.95, 0.06), ("dev3", 0.95, 0.92, 0.07), ("dev4", 0.92, 0.94, 0.05),
          ("dev5", 0.88, 0.90, 0.07), ("dev6", 0.93, 0.92, 0.05),
          ("dev7", 0.82, 0.88, 0.05)]


@pytest.mark.parametrize(("split", "recall", "precision", "neg_rate"), FLOORS)
def test_floors(found: dict[str, list[str]], split: str, recall: float, precision: float,
                neg_rate: float) -> None:
    tp = fp = fn = neg = neg_fp = 0
    for c in CASES:
        if c["split"] != split:
            continue
        want, have = licence_ids(c["licences"], found[c["file"]])
        tp, fp, fn = tp + len(want & have), fp + len(have - want), fn + len(want - have)
        neg, neg_fp = neg + (not want), neg_fp + (not want and bool(have))
    assert tp / (tp + fn) >= recall and tp / (tp + fp) >= precision
    assert neg_fp <= neg_rate * neg


# 1. full licence texts without a tier-1 cue phrase
TEXTS = [("choosealicense-epl-1.0.txt", "EPL-1.0"), ("choosealicense-artistic-2.0.txt",
         "Artistic-2.0"), ("choosealicense-vim.txt", "Vim"), ("choosealicense-osl-3.0.txt",
         "OSL-3.0"), ("choosealicense-ms-pl.txt", "MS-PL"), ("choosealicense-afl-3.0.txt",
         "AFL-3.0"), ("choosealicense-odbl-1.0.txt", "ODbL-1.0"),
         ("choosealicense-eupl-1.1.txt", "EUPL-1.1"), ("choosealicense-lppl-1.3c.txt",
         "LPPL-1.3c")]


@pytest.mark.parametrize(("name", "want"), TEXTS)
def test_full_texts_without_cue(found: dict[str, list[str]], name: str, want: str) -> None:
    assert found[f"texts/{name}"] == [want]


# 2. licence texts that mention other licences report only themselves
MENTIONS = [("debian-common-licenses-GFDL-1.3.txt", ["GFDL-1.3-only"]),
            ("choosealicense-eupl-1.2.txt", ["EUPL-1.2"]),
            ("choosealicense-mpl-2.0.txt", ["MPL-2.0"]),
            ("choosealicense-epl-2.0.txt", ["EPL-2.0"])]


@pytest.mark.parametrize(("name", "want"), MENTIONS)
def test_texts_that_mention_other_licences(found: dict[str, list[str]], name: str,
                                           want: list[str]) -> None:
    assert found[f"texts/{name}"] == want


# 3. lists of licence ids are not grants
LISTS = ["spdx-license-ids--index.json", "packaging--_spdx.py",
         "trove-classifiers--__init__.py", "spdx-ranges--index.json",
         "rexxars-choosealicense-list--licenses.json"]


@pytest.mark.parametrize("name", LISTS)
def test_id_lists_are_not_grants(found: dict[str, list[str]], name: str) -> None:
    assert found[f"negatives/{name}"] == []


# 4.-6. grammar, short references, dual licensing (tier 1)
GRAMMAR = [
    ("distributed under the Lesser GNU General Public License, version 2.1",
     ["LGPL-2.1-only"]),
    ("This program is released under the GPLv3 or newer.", ["GPL-3.0-or-later"]),
    ("Contains public sector information licensed under the Open Government Licence v2.0.",
     ["OGL-UK-2.0"]),
    ("// Use of this source code is governed by a MIT-license that can be found in the "
     "LICENSE file.", ["MIT"]),
    ("/* This file is GPLv2 as found in COPYING in the top directory. */", ["GPL-2.0-only"]),
    ("# This file is distributed according to the terms of the BSD license.",
     ["LicenseRef-provscan-BSD"]),
    ("License: MIT & BSD", ["LicenseRef-provscan-BSD", "MIT"]),
    ("(C) Ronny Pfannschmidt, Holger Krekel -- MIT licensed", ["MIT"]),
    ('__license__ = "BSD-3-Clause"', ["BSD-3-Clause"]),
    (":license: BSD, see LICENSE for details.", ["LicenseRef-provscan-BSD"]),
    ("This library is free software; you can redistribute it and/or modify it under the "
     "terms of either the GNU Lesser General Public License (LGPL) version 2.1 or the "
     "Mozilla Public License (MPL) version 1.1.", ["LGPL-2.1-only OR MPL-1.1"]),
    ("SPDX-License-Identifier: eCos-2.0", ["GPL-2.0-or-later WITH eCos-exception-2.0"]),
    ("the driving licence is governed by the state", []),
    ("ideas governed by the MIT rules", []),
    ('allow = ["MIT", "Apache-2.0", "CC-BY-NC-4.0", "CC-BY-SA-4.0"]', []),
]


@pytest.mark.parametrize(("text", "want"), GRAMMAR)
def test_grammar_and_references(full: LicenceDetector, text: str, want: list[str]) -> None:
    assert full.detect(pa.array([text]))[0].to_pylist()[0] == want


def test_evidence_names_rule_and_span(full: LicenceDetector) -> None:
    text = (BENCH / "texts" / "choosealicense-vim.txt").read_text("utf-8")
    _, _, findings = full.detect(pa.array([text]))
    f = next(f for f in findings if f.licence == "Vim")
    assert f.matcher == "text_match" and 0 <= f.start < f.end <= len(text)
    assert text[f.start:f.end].startswith(f.excerpt[:50])


# 7. a ScanCode-only variant (LicenseRef-scancode-…) is reported as the SPDX-list licence
#    whose text matches about as well (Debian copyright files, tuned part)
VARIANTS = [
    ("texts/debian-copyright-libpthread-stubs0-dev", ["X11"]),  # XFree86 1.0 wording
    # Daniel Veillard's X11, and the text of its "License: ISC" (ISC-Veillard)
    ("texts/debian-copyright-libxml2", ["ISC-Veillard", "X11"]),
    ("texts/debian-copyright-unzip", ["Info-ZIP"]),  # the 2009-01 revision
    ("texts/choosealicense-mit.txt", ["MIT"]),  # no advertising clause: MIT, not X11
]


@pytest.mark.parametrize(("name", "want"), VARIANTS)
def test_scancode_variants_are_reported_as_the_spdx_licence(
        found: dict[str, list[str]], name: str, want: list[str]) -> None:
    assert found[name] == want


def test_a_variant_without_a_close_spdx_text_stays() -> None:
    """The Khronos wording of MIT ("the Materials") is ScanCode's khronos: SPDX's
    MIT-Khronos-old adds a paragraph and covers too little of itself to replace it."""
    from provscan.detect.licences.rules import rule_index

    text = (BENCH.parent / "docs" / "kernel-spdx-gpl-mit.h").read_text("utf-8")
    khronos = text[text.index("Copyright (c) 2007-2010 The Khronos"):]
    (m,) = rule_index().match(khronos)
    assert m.licence == "LicenseRef-scancode-khronos" and m.rule.startswith("scancode:khronos")


def test_the_evidence_is_a_rule_of_the_spdx_licence() -> None:
    from provscan.detect.licences.rules import rule_index

    text = (BENCH / "texts" / "debian-copyright-libpthread-stubs0-dev").read_text("utf-8")
    (m,) = rule_index().match(text)
    assert (m.licence, m.rule.split("_")[0]) == ("X11", "scancode:x11-xconsortium")
    assert text[m.start:m.end].startswith("Permission is hereby granted")
