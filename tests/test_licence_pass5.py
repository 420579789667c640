"""The fifth pass over the licence detector: the error classes of the fifth held-out part
(``dev5`` in tests/data/licences/bench), case by case, on real markup."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from provscan.detect.licences import LicenceDetector

BENCH = Path(__file__).parent / "data" / "licences" / "bench"


@pytest.fixture(scope="module")
def full() -> LicenceDetector:
    return LicenceDetector()


def licences(det: LicenceDetector, text: str) -> list[str]:
    got: list[str] = det.detect(pa.array([text], pa.string()))[0][0].as_py()
    return got


def paragraph(name: str, start: str, end: str) -> str:
    """The lines of a bench file from the one holding ``start`` to the one holding ``end``."""
    text = (BENCH / name).read_text("utf-8")
    a = text.rfind("\n", 0, text.index(start)) + 1
    b = text.index("\n", text.index(end, a))
    return text[a:b + 1]


MIT = ("Permission is hereby granted, free of charge, to any person obtaining a\n"
       " copy of this software and associated documentation files (the \"Software\"),")
NAME_CLAUSE = "Except as contained in this notice, the name of"


@pytest.mark.parametrize(("name", "holder"), [
    # the holder's name replaces "the authors" in the warranty clause too
    ("texts/debian-copyright-x11-common", "Copyright 2004-2005 Canonical Ltd."),
    ("texts/debian-copyright-x11-common", "Copyright 1996-2002 Software in the Public"),
])
def test_the_x11_text_is_not_read_as_the_mit_text_inside_it(
        full: LicenceDetector, name: str, holder: str) -> None:
    text = paragraph(name, holder, "authorization from")
    assert NAME_CLAUSE in text
    assert licences(full, text) == ["X11"]
    # without its name clause the same text is MIT
    cut = text[:text.index(NAME_CLAUSE)]
    assert licences(full, cut) == ["MIT"]


def test_bsd_2_clause_views_is_not_read_as_bsd_2_clause(full: LicenceDetector) -> None:
    """Debian's "License: BSD-2-clause" above a text with the "views and conclusions"
    paragraph: the text says which licence the short name stands for."""
    text = (BENCH / "texts" / "debian-copyright-libisl23").read_text("utf-8")
    got = licences(full, text)
    assert "BSD-2-Clause-Views" in got
    assert "BSD-2-Clause" not in got
    views = text.index(" The views and conclusions")
    end = text.index("\n\n", views)
    plain = text[:views] + text[end:]  # the same file without that paragraph
    got = licences(full, plain)
    assert "BSD-2-Clause" in got and "BSD-2-Clause-Views" not in got


def test_a_short_name_refined_by_its_text_everywhere_in_the_file(
        full: LicenceDetector) -> None:
    """libxml2: the Files paragraphs say "License: ISC", the stand-alone ISC paragraph is
    ISC-Veillard's text; no bare ISC is left."""
    got = licences(full, (BENCH / "texts" / "debian-copyright-libxml2").read_text("utf-8"))
    assert "ISC-Veillard" in got and "ISC" not in got


def test_a_repeated_licence_text_with_a_variation_is_read_where_it_stands(
        full: LicenceDetector) -> None:
    """libxnvctrl0: the Expat text several times, then the same text with the X
    Consortium's name clause (other-MetroLink): tier 2 places a repeated 5-gram where it
    first occurs, so the variation is read again alone, stanza by stanza."""
    text = (BENCH / "texts" / "debian-copyright-libxnvctrl0").read_text("utf-8")
    assert text.count("Permission is hereby granted, free of charge") >= 3
    assert {"MIT", "X11", "GPL-2.0-only"} <= set(licences(full, text))


def test_the_zlib_opening_needs_the_zlib_restrictions(full: LicenceDetector) -> None:
    """libpng's gregbook text opens like Zlib ("Permission is granted to anyone to use this
    software for any purpose, including commercial applications") and goes on with
    BSD clauses and an advertising clause: not Zlib."""
    text = paragraph("texts/debian-copyright-libpng16-16",
                     "License: BSD-like-with-advertising-clause", "published by O'Reilly")
    assert "Zlib" not in licences(full, text)
    zlib = (" Permission is granted to anyone to use this software for any purpose,\n"
            " including commercial applications, and to alter it and redistribute it\n"
            " freely, subject to the following restrictions:\n .\n"
            " 1. The origin of this software must not be misrepresented; you must not\n"
            "    claim that you wrote the original software.\n")
    assert licences(full, zlib) == ["Zlib"]


@pytest.mark.parametrize(("text", "want"), [
    ("However, the\nlicensing terms for GTK+, the GNU LGPL, allow it to be used by all",
     ["LicenseRef-provscan-LGPL"]),
    ("The license for this software is Apache 2.0.", ["Apache-2.0"]),
    ("The licence of the dataset is CC-BY-4.0, see below.", ["CC-BY-4.0"]),
    ("The license of this project is the MIT License.", ["MIT"]),
    # not a licence name where the appositive stands
    ("the license for the font is the same as the code", []),
    ("The license of MIT is popular.", []),
    ("the license for GPL software is different", []),
])
def test_the_licence_of_a_named_work(full: LicenceDetector, text: str,
                                      want: list[str]) -> None:
    assert licences(full, text) == want


def test_the_gtk_readme(full: LicenceDetector) -> None:
    text = (BENCH / "headers" / "debian-doc-libgtk2.0-common--README").read_text("utf-8")
    assert licences(full, text) == ["LicenseRef-provscan-LGPL"]


NEWS = """GNU gzip NEWS                                    -*- outline -*-

* Noteworthy changes in release 1.12 (2022-04-07) [stable]

** Bug fixes

  'gzip -d' no longer fails on files with a long header.

* Noteworthy changes in release 1.3.6 (2006-11-20) [stable]

* The manual is now distributed under the terms of the GNU Free
  Documentation License without invariant sections or cover texts.
* Port to current versions of Autoconf, Automake, and Gnulib.
"""
NOTICE = """
-----

Copyright (C) 1999-2022 Free Software Foundation, Inc.

  Permission is granted to copy, distribute and/or modify this document
  under the terms of the GNU General Public License as published by
  the Free Software Foundation; either version 3 of the License, or
  (at your option) any later version.
"""


def test_news_items_report_changes(full: LicenceDetector) -> None:
    assert licences(full, NEWS) == []
    real = (BENCH / "negatives" / "debian-doc-gzip--NEWS").read_text("utf-8")
    assert licences(full, real) == []


def test_a_news_file_keeps_its_own_notice(full: LicenceDetector) -> None:
    assert licences(full, NEWS + NOTICE) == ["GPL-3.0-or-later"]


def test_a_bulleted_grant_outside_a_news_file_stays(full: LicenceDetector) -> None:
    readme = "# demo\n\n* The code is distributed under the terms of the MIT License.\n"
    assert licences(full, readme) == ["MIT"]


# The sixth held-out part (dev6), opened after it was scored once.

def test_repeated_x11_texts_outside_a_debian_copyright_file(full: LicenceDetector) -> None:
    """libxpm4: three MIT texts, each with its holder's name clause, one after the other
    (not a machine-readable copyright file): each is X11; no bare MIT is left."""
    text = (BENCH / "texts" / "debian-copyright-libxpm4").read_text("utf-8")
    assert text.count(NAME_CLAUSE) == 3
    assert licences(full, text) == ["X11"]


def test_the_notice_states_the_gnu_version(full: LicenceDetector) -> None:
    """iso-codes: "version 2.1 of the License, or (at your option) any later version" is
    LGPL-2.1-or-later, though an LGPL-2.0 notice rule matches it nearly as well."""
    text = (BENCH / "texts" / "debian-copyright-iso-codes").read_text("utf-8")
    assert licences(full, text) == ["LGPL-2.1-or-later"]


def test_a_short_name_without_plus_refined_by_its_or_later_notice(
        full: LicenceDetector) -> None:
    """diffutils: "License: GFDL-NIV-1.3" (Debian: version 1.3 only) whose paragraph says
    "Version 1.3 or any later version": or later, here and in the Files paragraphs."""
    text = (BENCH / "texts" / "debian-copyright-diffutils").read_text("utf-8")
    got = licences(full, text)
    assert "GFDL-1.3-no-invariants-or-later" in got
    assert "GFDL-1.3-no-invariants-only" not in got


def test_gnu_changelog_items_report_changes(full: LicenceDetector) -> None:
    text = (BENCH / "negatives" / "debian-doc-bc--changelog").read_text("utf-8")
    assert "now released under GPL-3" in text
    assert licences(full, text) == []
    entry = ("2008-05-22  Ken Pizzini  <ken@gnu.org>\n\n"
             "\t* All: update copyright statements and license statements:\n"
             "\t  the code is now released under GPL-3.\n\n")
    assert licences(full, entry * 2) == []
    assert licences(full, "\t* the code is now released under GPL-3.\n") == ["GPL-3.0-only"]


def test_the_psf_agreement_with_another_licensor(full: LicenceDetector) -> None:
    """bitarray: the PSF License Agreement with Ilan Schnell and "bitarray" in place of
    PSF and Python (the SPDX template lets those names vary)."""
    text = (BENCH / "texts" / "pypi-bitarray--licenses--LICENSE").read_text("utf-8")
    assert licences(full, text) == ["PSF-2.0"]


def test_a_licence_name_after_a_copyright_year_in_a_banner(full: LicenceDetector) -> None:
    banner = ("/*!\n * XRegExp Unicode Base 5.1.1\n * <xregexp.com>\n"
              " * Steven Levithan (c) 2008-present MIT License\n */\n")
    assert licences(full, banner) == ["MIT"]
    assert licences(full, " * Steven Levithan (c) 2008 wrote about the MIT License\n") == []
