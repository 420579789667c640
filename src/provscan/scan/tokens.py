"""Token counters. The method is recorded with every scan and stated in the report.

The built-in ``words+cjk`` estimate counts white-space separated words of the
normalised text plus one per Han, Hiragana, Katakana or Hangul character (scripts
written without spaces), in the compiled core (:mod:`provscan.scan.core`) or, where it
is not installed, in Arrow (the reference, which the core matches). It is an estimate:
sub-word tokenizers usually give 1.2-1.5x as many tokens for English prose. For exact figures give a
Hugging Face ``tokenizer.json`` file (``--tokenizer FILE``, needs ``provscan[tokenizers]``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from provscan.errors import ConfigError
from provscan.scan import core

_CJK = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]"


class TokenCounter(ABC):
    """Counts tokens per document."""

    method: str

    @abstractmethod
    def count(self, texts: pa.Array, normalised: pa.Array) -> pa.Array:
        """int64 token counts; ``texts`` as read, ``normalised`` as hashed."""


class WordCounter(TokenCounter):
    method = "words+cjk (white-space separated words plus one per CJK character; estimate)"

    def count(self, texts: pa.Array, normalised: pa.Array) -> pa.Array:
        if core.available():
            return core.count_tokens(normalised)
        return self.count_reference(normalised)

    def count_reference(self, normalised: pa.Array) -> pa.Array:
        """The estimate in Arrow compute: the definition the core follows."""
        spaces = pc.count_substring(normalised, " ").cast(pa.int64())
        words = pc.if_else(pc.equal(normalised, ""), 0, pc.add(spaces, 1))
        cjk = pc.count_substring_regex(normalised, _CJK).cast(pa.int64())
        return pc.add(words, cjk)


class HFTokenizerCounter(TokenCounter):
    """A Hugging Face ``tokenizers`` file: exact counts for that tokenizer."""

    def __init__(self, path: str) -> None:
        try:
            from tokenizers import Tokenizer
        except ImportError as e:
            raise ConfigError(
                "--tokenizer needs the tokenizers package: pip install 'provscan[tokenizers]'"
            ) from e
        p = Path(path)
        try:
            self._tok = Tokenizer.from_file(str(p))
        except Exception as e:
            raise ConfigError(f"{p}: not a Hugging Face tokenizer.json file ({e})") from e
        digest = xxhash.xxh3_64_hexdigest(p.read_bytes())
        self.method = f"tokenizer file {p.name} (xxh3-64 {digest})"

    def count(self, texts: pa.Array, normalised: pa.Array) -> pa.Array:
        encs = self._tok.encode_batch(
            pc.fill_null(texts, "").to_pylist(), add_special_tokens=False
        )
        return pa.array([len(e.ids) for e in encs], pa.int64())


def make_counter(tokenizer: str | None) -> TokenCounter:
    return HFTokenizerCounter(tokenizer) if tokenizer else WordCounter()
