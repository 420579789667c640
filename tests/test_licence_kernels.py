"""The fast paths of licence detection give the answers of the plain ones: numpy word
hashes split text as the word regex does, lower-cased patterns keep their escapes, the
RE2 grant route keeps every row the Python grant grammar reads, and the numpy hash table
answers as a binary search does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pytest

from provscan.detect.licences.cc import find_cc, find_rel_license
from provscan.detect.licences.grants import find_grants
from provscan.detect.licences.model import lowered_pattern
from provscan.detect.licences.names import licence_url
from provscan.detect.licences.numhash import HashTable
from provscan.detect.licences.phrases import find_phrases
from provscan.detect.licences.prefilter import CC, GRANT, REF, REL, SPDX, TEXT, route
from provscan.detect.licences.spdx import find_spdx_lines
from provscan.detect.licences.tokens import WORD, word_hashes

TEXTS = ["", "MIT", "Licensed under the Apache License, Version 2.0",
         "Straße, zażółć gęślą jaźń: 東京 v1.2.3 GPL-2.0+ (c) 2024",
         "under\n# the terms of the GNU Lesser General Public License",
         "x" * 70_000 + " licence"]  # longer than the precomputed powers


@pytest.mark.parametrize("text", TEXTS)
def test_word_hashes_split_as_the_word_regex(text: str) -> None:
    low = text.lower()
    hashes, starts, ends = word_hashes(low)
    words = [low[a:b] for a, b in zip(starts, ends, strict=True)]
    assert words == WORD.findall(low)
    # a word's hash does not depend on where it stands
    again = {w: h for w, h in zip(words, word_hashes(" ".join(words))[0], strict=True)}
    assert [again[w] for w in words] == list(hashes)
    assert len(set(hashes)) == len(set(words))


@pytest.mark.parametrize(("pattern", "want"), [
    (r"GNU (?P<fam>Lesser|Library) \S+\B", r"gnu (?P<fam>lesser|library) \S+\B"),
    (r"(?P=Name)[A-Z]\d\W", r"(?P=Name)[a-z]\d\W"),
    (r"Version 2\.0", r"version 2\.0"),
])
def test_lowered_pattern_keeps_escapes_and_group_names(pattern: str, want: str) -> None:
    assert lowered_pattern(pattern) == want
    text = "GNU Library Public Version 2.0"
    if "(?P=" not in pattern:
        a = re.search(pattern, text, re.IGNORECASE)
        b = re.search(lowered_pattern(pattern), text.lower())
        assert (a is None) == (b is None) and (a is None or a.span() == b.span())


GRANTS = [
    ("This program is released under the GPL.", True),
    ("it is distributed\n# under the terms of the GPL", True),
    ("This file is GPLv2 as found in COPYING.", True),
    ("governed by a MIT-license", True),
    ("according to the terms of the BSD license", True),
    ('__license__ = "MIT"', True),
    ("an Apache2 licensed library", True),
    ("The MIT license applies to the files in:", True),
    ("    MIT License (see `LICENSE`)", True),
    ("the terms\n# of the license apply", False),
    ("The city is by the river, under the bridge; MIT is in Boston.", False),
    ("terms of use of this site", False),
]


@pytest.mark.parametrize(("text", "want"), GRANTS)
def test_grant_route_needs_the_grammar_not_its_words(text: str, want: bool) -> None:
    rows, bits, _ = route(pa.array([text]))
    assert bool(rows and bits[0] & (GRANT | REF)) == want


def test_every_row_a_parser_reads_is_routed_to_it() -> None:
    """On the labelled set (its fresh held-out part left out): wherever a tier-1 parser finds
    something, the RE2 pass of its group claimed the row (``prefilter.PASSES``)."""
    bench = Path(__file__).parent / "data" / "licences" / "bench"
    cases = json.loads((bench / "labels.json").read_text("utf-8"))["cases"]
    texts = [(bench / c["file"]).read_text("utf-8") for c in cases
             if not str(c["split"]).startswith("fresh")]
    rows, bits, _ = route(pa.array(texts), legal=False)
    routed = dict(zip(rows, bits, strict=True))
    for k, text in enumerate(texts):
        low, got = text.lower(), routed.get(k, 0)
        parsers = [(SPDX, find_spdx_lines(text, low)), (CC, find_cc(text, low)),
                   (REL, find_rel_license(text, licence_url)),
                   (TEXT, find_phrases(text, low, True, False, False)),
                   (GRANT, find_grants(text, low, True, False)),
                   (REF, find_grants(text, low, False, True))]
        for bit, hits in parsers:
            assert not hits or got & bit, (k, bit, hits[:2])


@pytest.mark.parametrize("keys", [
    np.array([0, 5, 2**64 - 1], np.uint64),  # 0 is also what an empty slot holds
    np.arange(0, 50_000 << 20, 1 << 20, dtype=np.uint64),  # low bits all equal
    np.random.default_rng(7).integers(0, 2**63, 20_000, dtype=np.uint64),
])
def test_hash_table_answers_as_a_sorted_search(keys: npt.NDArray[np.uint64]) -> None:
    keys = np.unique(keys)
    table = HashTable(keys, np.arange(len(keys), dtype=np.int64))
    rng = np.random.default_rng(1)
    asked = np.concatenate([keys, rng.integers(0, 2**63, 5_000, dtype=np.uint64),
                            keys + np.uint64(1)])
    at = np.minimum(np.searchsorted(keys, asked), len(keys) - 1)
    assert (table.get(asked) == np.where(keys[at] == asked, at, -1)).all()
