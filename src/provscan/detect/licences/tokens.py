"""Words as the tier-2 rule matcher compares them: lower case, ``[a-z0-9]+``, with the
spelling variants of the SPDX matching guidelines folded (licence = license,
organisation = organization, https = http, ...), so a British or American copy of a
licence text reads the same."""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import numpy.typing as npt

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


# Word hashes in numpy (the rule matcher's tokenizer): a word's hash is the polynomial
# sum(c_k * P^k) over its code points, modulo 2^64, taken from one prefix sum over the
# text as (S[end] - S[start]) * P^-start (P is odd, so it has an inverse modulo 2^64).
_P: Final = 0x100000001B3
_P_INV: Final = pow(_P, -1, 2**64)
_POWERS: list[tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]] = []


def _powers(n: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """(P^i, P^-i) for i < n, modulo 2^64 (kept and grown as texts get longer)."""
    if not _POWERS or len(_POWERS[0][0]) < n:
        size = max(n, 1 << 16)
        with np.errstate(over="ignore"):
            up = np.cumprod(np.full(size, _P, np.uint64), dtype=np.uint64)
            down = np.cumprod(np.full(size, _P_INV, np.uint64), dtype=np.uint64)
        one = np.ones(1, np.uint64)
        _POWERS[:] = [(np.concatenate((one, up[:-1])), np.concatenate((one, down[:-1])))]
    return _POWERS[0]


def word_hashes(low: str) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64],
                                   npt.NDArray[np.int64]]:
    """(hash, start, end) of every ``[a-z0-9]+`` word of the lower-cased ``low``, the
    same words as ``WORD.findall``, without a Python object per word."""
    # one byte per character (others become "?", not a word character): offsets hold
    cp = np.frombuffer(low.encode("latin-1", "replace"), np.uint8)
    word = _WORD_BYTE[cp]
    edge = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    if len(starts) == 0:
        return np.zeros(0, np.uint64), starts, ends
    up, down = _powers(len(cp))
    with np.errstate(over="ignore"):
        # characters between words add to the prefix sums but never to a word's hash
        acc = np.zeros(len(cp) + 1, np.uint64)
        np.cumsum(cp * up[:len(cp)], dtype=np.uint64, out=acc[1:])
        hashes = (acc[ends] - acc[starts]) * down[starts]
    return hashes, starts, ends


_WORD_BYTE: Final = np.zeros(256, np.bool_)
_WORD_BYTE[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789", np.uint8)] = True
