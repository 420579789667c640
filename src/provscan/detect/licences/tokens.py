"""Words as the tier-2 rule matcher compares them: lower case, ``[a-z0-9]+``, with the
spelling variants of the SPDX matching guidelines folded (licence = license,
organisation = organization, https = http, ...), so a British or American copy of a
licence text reads the same."""

from __future__ import annotations

import re
from typing import Final

WORD: Final = re.compile(r"[a-z0-9]+")

#: Variant -> the form the rules use (SPDX license-matching guidelines, "equivalent words").
FOLD: Final = {
    "licence": "license", "licences": "licenses", "licenced": "licensed",
    "licencing": "licensing", "licencee": "licensee", "licensee": "licensee",
    "sublicence": "sublicense", "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments", "analogue": "analog", "analyse": "analyze",
    "artefact": "artifact", "artefacts": "artifacts", "authorisation": "authorization",
    "authorised": "authorized", "calibre": "caliber", "cancelled": "canceled",
    "catalogue": "catalog", "centre": "center", "favour": "favor", "fulfil": "fulfill",
    "fulfilment": "fulfillment", "judgement": "judgment", "labelling": "labeling",
    "labour": "labor", "maximise": "maximize", "modelled": "modeled", "offence": "offense",
    "optimise": "optimize", "organisation": "organization", "organise": "organize",
    "practise": "practice", "programme": "program", "realise": "realize",
    "recognise": "recognize", "utilisation": "utilization", "whilst": "while",
    "wilful": "willful", "https": "http", "copyleft": "copyleft",
}


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    get = FOLD.get
    return [get(w, w) for w in WORD.findall(text.lower())]
