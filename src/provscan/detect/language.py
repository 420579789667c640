"""Language of each document: CLD2 on a prefix of the text, as an ISO 639-1 code.

Why CLD2 on the first 256 characters: on the labelled set in ``tests/data/langid`` (223
items, 34 languages, all 24 EU official languages) CLD2 scores 98.2 % at any prefix from
128 characters up, fastText lid.176 96.4 % while running 3.4x slower. The prefix length
matters when a document opens with boilerplate: behind a 125-character page header, 256
characters score 96.9 %, 192 score 92.8 %. 256 characters cost ~11 us per document on one
core, 512 cost ~18 us. Measurements: docs/detectors-pii-language.md.

CLD2 runs over a whole batch in one call (``provscan.detect._cld2batch``: the CLD2 inside
pycld2's module, called as ``pycld2.detect(text, isPlainText=True)`` calls it), which
saves pycld2's per-call argument parsing and result tuples (~3 us of ~17 per document).
Where that module is missing, each document goes through ``pycld2.detect``
(``detect_reference``); the results are the same (tests/test_language.py).
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pycld2

from provscan.common.languages import iso639_names, language_name

__all__ = [
    "DEFAULT_PREFIX_CHARS",
    "EU_LANGUAGES",
    "LanguageDetector",
    "iso639_1",
    "language_name",
]

DEFAULT_PREFIX_CHARS = 256

EU_LANGUAGES: tuple[str, ...] = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)

# CLD2 still uses some withdrawn codes; it says "un"/"xxx"/"xx-Script" when it cannot tell.
_RENAMED = {"iw": "he", "jw": "jv", "in": "id", "ji": "yi", "mo": "ro", "zh-Hant": "zh",
            "sr-ME": "sr"}

# The characters CLD2 rejects as "invalid UTF-8": C0/C1 controls other than tab, newline,
# form feed and carriage return, and the Unicode noncharacters.
_REJECTED = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(f"\\U{p:04x}fffe\\U{p:04x}ffff" for p in range(0x11))
    + "]"
)


def iso639_1(code: str) -> str | None:
    """A detector's language code as ISO 639-1, or None when it is not a known language."""
    code = _RENAMED.get(code, code)
    return code if code in iso639_names() else None


def _load_batch() -> ModuleType | None:
    """The batch call of CLD2, bound to pycld2's loaded module; None where unavailable."""
    try:
        from pycld2 import _pycld2

        from provscan.detect import _cld2batch  # type: ignore[attr-defined]
    except ImportError:
        return None
    why = _cld2batch.load(_pycld2.__file__)
    return _cld2batch if why is None else None


_BATCH = _load_batch()


def _cld2_version() -> str:
    try:
        return version("pycld2")
    except PackageNotFoundError:  # pragma: no cover - vendored or renamed install
        return "?"


class LanguageDetector:
    """CLD2 on the first ``prefix_chars`` characters of each document.

    Null when the text is null or empty, has no letters, or CLD2 answers "unknown" (too
    little text for it to decide). CLD2's own "reliable" flag is not used: on the labelled
    set behind a page header it flagged 7 correct answers and no wrong one.
    """

    def __init__(self, prefix_chars: int = DEFAULT_PREFIX_CHARS) -> None:
        if prefix_chars < 1:
            raise ValueError(f"prefix_chars must be at least 1, got {prefix_chars}")
        self.prefix_chars = prefix_chars
        self.name = f"pycld2 {_cld2_version()} (CLD2), first {prefix_chars} characters"
        # Every code CLD2 can emit, resolved once: the per-document loop is one dict lookup.
        self._codes: dict[str, str | None] = {c: iso639_1(c) for _, c in pycld2.LANGUAGES}
        self._enum_codes: dict[int, str] = {}  # CLD2's Language values to its codes

    def detect(self, text: pa.Array) -> pa.Array:
        """One ISO 639-1 code (pa.string()) per document, null where undetermined."""
        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        if pa.types.is_null(text.type):
            text = text.cast(pa.string())
        if _BATCH is None:
            prefixes = pc.utf8_slice_codeunits(text, 0, self.prefix_chars)
            return pa.array([self._one(s) for s in prefixes.to_pylist()], type=pa.string())
        return self._batch(_BATCH, text)

    def detect_reference(self, text: pa.Array) -> pa.Array:
        """``detect`` with one ``pycld2.detect`` call per document (the reference)."""
        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        if pa.types.is_null(text.type):
            text = text.cast(pa.string())
        prefixes = pc.utf8_slice_codeunits(text, 0, self.prefix_chars).to_pylist()
        return pa.array([self._one(s) for s in prefixes], type=pa.string())

    def _batch(self, cld2: ModuleType, text: pa.Array) -> pa.Array:
        """CLD2 on every prefix in one call, cut to ``prefix_chars`` code points in C; the
        rows CLD2 rejects go through ``_one``."""
        if text.type != pa.string():
            text = text.cast(pa.string())
        n = len(text)
        langs = np.empty(n, dtype=np.int32)
        validity, offsets, data = text.buffers()[:3]
        cld2.detect(offsets, data if data is not None else b"",
                    validity if text.null_count else None, text.offset, n, langs,
                    self.prefix_chars)
        found, where = np.unique(langs, return_inverse=True)
        codes = pa.array([None if lang < 0 else self._codes.get(self._code(cld2, int(lang)))
                          for lang in found], pa.string())
        out = codes.take(pa.array(where.astype(np.int32)))
        rejected = np.flatnonzero(langs == -1)
        if len(rejected):  # replayed as the reference does: pycld2's error, then cleaned
            again = [self._one(text[int(i)].as_py()[:self.prefix_chars]) for i in rejected]
            out = pc.replace_with_mask(out, pa.array(langs == -1), pa.array(again, pa.string()))
        return out

    def _code(self, cld2: ModuleType, lang: int) -> str:
        code = self._enum_codes.get(lang)
        if code is None:
            code = self._enum_codes[lang] = cld2.code(lang)
        return code

    def _one(self, s: str | None) -> str | None:
        if not s:
            return None
        try:
            details = pycld2.detect(s, isPlainText=True)[2]
        except pycld2.error:
            try:
                details = pycld2.detect(_REJECTED.sub(" ", s), isPlainText=True)[2]
            except pycld2.error:
                return None
        code: str = details[0][1]
        return self._codes.get(code)
