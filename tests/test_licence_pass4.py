"""The fourth pass over the licence detector: the error classes of the third held-out
part (``dev3`` in tests/data/licences/bench), case by case, on real markup."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from provscan.detect.licences import LicenceDetector
from provscan.detect.licences.rules import rule_index

BENCH = Path(__file__).parent / "data" / "licences" / "bench"
FSFAP = ("Copying and distribution of this file, with or without modification, are\n"
         " permitted in any medium without royalty provided the copyright notice\n"
         " and this notice are preserved. This file is offered as-is, without any\n"
         " warranty.\n")
BSD2_START = ("Redistribution and use in source and binary forms, with or without\n"
              " modification, are permitted provided that the following conditions\n"
              " are met:\n")


@pytest.fixture(scope="module")
def full() -> LicenceDetector:
    return LicenceDetector()


def licences(det: LicenceDetector, text: str) -> list[str]:
    got: list[str] = det.detect(pa.array([text], pa.string()))[0][0].as_py()
    return got


def test_a_short_licence_before_a_longer_one_sharing_its_words() -> None:
    """The FSF all-permissive notice right before a BSD-2-Clause text whose second line
    shares its words: both are found, each with its own span."""
    text = (BENCH / "texts" / "debian-copyright-libnghttp2-14").read_text("utf-8")
    got = {m.licence: (m.start, m.end) for m in rule_index().match(text)}
    assert {"FSFAP", "BSD-2-Clause"} <= set(got)
    fsfap = text.index("Copying and distribution of this file")
    assert got["FSFAP"][0] == fsfap
    assert got["BSD-2-Clause"][0] > got["FSFAP"][1]


@pytest.mark.parametrize("between", ["\n", "\nLicense: BSD-2-clause\n ", "\n\n"])
def test_fsfap_then_bsd(full: LicenceDetector, between: str) -> None:
    bsd = (BENCH / "texts" / "debian-copyright-libnghttp2-14").read_text("utf-8")
    bsd = bsd[bsd.index("Redistribution and use in source"):]
    assert bsd.startswith(BSD2_START[:40])
    got = licences(full, "License: all-permissive\n " + FSFAP + between + bsd)
    assert {"FSFAP", "BSD-2-Clause"} <= set(got)


DEP5_HEAD = ("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
             "Upstream-Name: demo\n\n")


def dep5(*paragraphs: tuple[str, str]) -> str:
    """A Debian machine-readable copyright file with one Files paragraph per licence."""
    return DEP5_HEAD + "".join(f"Files: {f}\nCopyright: 2020 Someone\nLicense: {lic}\n\n"
                               for f, lic in paragraphs)


# (text, licences): statements of the fourth pass, real wording of dev-3 and its kind
GRAMMAR = [
    # a Debian copyright file's License: fields are grants, however many there are
    (dep5(*[(f"src/f{i}.c", lic) for i, lic in enumerate(
        ["LGPL-2.1+", "CC0-1.0", "GPL-2", "Expat", "public-domain", "GPL-2+", "LGPL-2.1+",
         "Expat", "GPL-2"])]),
     ["CC0-1.0", "GPL-2.0-only", "GPL-2.0-or-later", "LGPL-2.1-or-later",
      "LicenseRef-scancode-public-domain", "MIT"]),
    # ... but ids listed in a YAML file stay a list
    ("allowed_licenses:\n" + "".join(f"  - {x}\n" for x in [
        "MIT", "ISC", "Zlib", "0BSD", "MIT-0", "Unlicense", "WTFPL", "BSL-1.0"]), []),
    # a local short name that only starts like a licence ("MIT-1" defined below it)
    (dep5(("*", "MIT-1")), []),
    (dep5(("*", "BSD-2-Clause-Patent")), ["BSD-2-Clause-Patent"]),
    (dep5(("certifi/*", "MPL-2"), ("x/*", "Apache-2")), ["Apache-2.0", "MPL-2.0"]),
    # public domain, said of changes, of "it", without "the"
    ("Copyright (c) 2003 by Bitstream, Inc.\n DejaVu changes are in public domain.",
     ["LicenseRef-scancode-public-domain"]),
    ("You can use this free for any purpose. It's in the public domain. It has no\nwarranty.",
     ["LicenseRef-scancode-public-domain"]),
    ("Is it in the public domain? Ask a lawyer.", []),
    # a grant verb and "under" apart: "released by <who> as <what> under"
    ("It has been released by The Santa Cruz Operation, Inc as Open Source\nunder the BSD "
     "license.  Please look at COPYING for a detailed", ["LicenseRef-provscan-BSD"]),
    ("Copies were distributed. Under the MIT License nothing changed.", []),
    # "covered by" a number and kind of licences
    ("libjpeg-turbo is covered by three compatible BSD-style open source licenses.",
     ["LicenseRef-provscan-BSD"]),
    ("This is governed by the MIT rules and the licence of X.", []),
    # a notice alone: after a URL, in a banner comment
    ("// based on https://github.com/node-fetch/fetch-blob/blob/8ab587d/index.js#L229-L241"
     " (MIT License)\nfunction isBlobLike (object) {", ["MIT"]),
    ("// from https://github.com/a/b (MIT)\n", ["MIT"]),
    ("<p>Download it from https://httpd.apache.org (Apache) today.</p>", []),
    ("/*! formdata-polyfill. MIT License. Jimmy W\u00e4rting <https://jimmy.warting.se/> */",
     ["MIT"]),
    ("/*! foo v1.2.0 | (c) 2024 Foo Team | MIT License */", ["MIT"]),
    ("<p>We chose a licence. MIT License. Those are the words.</p>", []),
    # Python package metadata: License-Expression (PEP 639) and Trove classifiers
    ("Metadata-Version: 2.4\nName: arro3-core\nLicense-Expression: MIT OR Apache-2.0\n",
     ["MIT OR Apache-2.0"]),
    ("Metadata-Version: 2.1\nClassifier: License :: OSI Approved :: MIT License\n"
     "Classifier: License :: OSI Approved :: Apache Software License\n",
     ["Apache-2.0", "MIT"]),
    ("Classifier: License :: OSI Approved :: GNU General Public License v3 or later "
     "(GPLv3+)\nClassifier: License :: Public Domain\n",
     ["GPL-3.0-or-later", "LicenseRef-scancode-public-domain"]),
    ("Classifier: License :: Other/Proprietary License\n", []),
    ("The License-Expression: field of PEP 639 takes MIT OR Apache-2.0.", []),
    # a Debian changelog reports packaging changes and applies no licence (dev-3, dev-4)
    ("colord (1.4.6-2.2) unstable; urgency=medium\n\n  * Non-maintainer upload\n"
     "  * d/copyright: Refer to common license file for CC0-1.0\n\n -- A Person "
     "<a@example.org>  Sat, 01 Jan 2022 10:00:00 +0100\n", []),
    ("copyright (c) 1998-2001 by Secret Labs AB and licensed under CNRI's Python 1.6\n"
     "license.\n", ["CNRI-Python"]),
    # a licence database record quotes a notice and applies it to nothing ...
    ((BENCH / "negatives" / "scancode-licensedb-guile-exception-2.0.yml").read_text("utf-8"),
     []),
    # ... but a licence text after the record's front matter is still read
    ("---\nkey: mit\nshort_name: MIT License\ncategory: Permissive\n---\n"
     + (BENCH.parent / "docs" / "mit-LICENSE").read_text("utf-8"), ["MIT"]),
]


@pytest.mark.parametrize(("text", "want"), GRAMMAR)
def test_grammar(full: LicenceDetector, text: str, want: list[str]) -> None:
    assert licences(full, text) == want


# Permission notices that name no licence and lack the word: the tier-1 gate routes them
# (``prefilter.PERMISSION``) and tier 2 reads them. Texts as the SPDX licence list and
# ScanCode's LicenseDB carry them.
PERMISSIONS = [
    ("% zed-csp.sty\n% You may copy and distribute this file freely.  Any queries and "
     "complaints should\n% be forwarded to Jim.Davies@comlab.ox.ac.uk.  If you make any "
     "changes to this\n% file, please do not distribute the results under the name "
     "`zed-csp.sty'.\n", "Zed"),
    ("# This file is free software; the Free Software Foundation gives unlimited permission"
     "\n# to copy and/or distribute it, with or without modifications, as long as this\n"
     "# notice is preserved.\n", "FSFULLR"),
    ("/*\n * " + FSFAP.replace("\n ", "\n * ") + " */\n", "FSFAP"),
]


@pytest.mark.parametrize(("text", "want"), PERMISSIONS)
def test_permission_notices_without_a_licence_word(full: LicenceDetector, text: str,
                                                   want: str) -> None:
    assert want in licences(full, text)


def test_permission_words_alone_do_not_make_a_licence(full: LicenceDetector) -> None:
    text = ("You may use the car park free of charge. Photography is permitted provided "
            "that the exhibits are not touched. You may copy the recipe.")
    assert licences(full, text) == []


def test_a_whole_text_around_a_common_licence_wins(full: LicenceDetector) -> None:
    """JSON's licence is MIT's text and "The Software shall be used for Good, not Evil.":
    found whole, it explains more than the MIT inside it, which the prior ranks first."""
    mit = (BENCH.parent / "docs" / "mit-LICENSE").read_text("utf-8")
    grant = mit.index("The above copyright notice")
    json_text = (mit[:grant] + "The above copyright notice and this permission notice shall "
                 "be included in all copies or substantial portions of the Software.\n\n"
                 "The Software shall be used for Good, not Evil.\n\n"
                 + mit[mit.index("THE SOFTWARE IS PROVIDED"):])
    assert licences(full, json_text) == ["JSON"]
    assert licences(full, mit) == ["MIT"]
