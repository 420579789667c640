"""The rules' name spans in one matcher pass (see ``names``): both entity rulers' patterns
in one spaCy ``Matcher``, and the rulers' choice among overlapping spans redone on its
matches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

BLOCKING = "PROVSCAN_NOT_PERSON"  # label of the blocking spans; never counted


@dataclass(frozen=True)
class RuleMatches:
    """Both entity rulers of the rules pipeline as one ``Matcher`` (and a ``PhraseMatcher``
    for the phrase patterns), with the rulers' selection redone on the matches: per ruler
    the longest span first (then the leftmost), skipping spans that overlap one already
    taken; the PERSON ruler also skips spans that overlap a blocking span. One pass over
    the tokens instead of two, and no ``doc.ents`` to set: about half the time."""

    matcher: Any
    phrases: Any
    block: int
    person: int
    first: tuple[int, ...]  # flags of a PERSON span's first token (given, honorific)
    second: tuple[int, ...]  # flags its second token may have (name, initial, particle, ...)
    hyphen: int

    @staticmethod
    def build(nlp: Any, blocking: list[Any], person: list[Any],
              flags: dict[str, int]) -> RuleMatches:
        from spacy.matcher import Matcher, PhraseMatcher

        matcher = Matcher(nlp.vocab, validate=False)  # FLAG40.. are not in the schema
        phrases = PhraseMatcher(nlp.vocab)
        matcher.add(BLOCKING, [p["pattern"] for p in blocking if not isinstance(p["pattern"], str)])
        phrases.add(BLOCKING, [nlp.make_doc(p["pattern"]) for p in blocking
                             if isinstance(p["pattern"], str)])
        matcher.add("PERSON", [p["pattern"] for p in person])
        strings = nlp.vocab.strings
        return RuleMatches(matcher, phrases, strings[BLOCKING], strings["PERSON"],
                           (flags["given"], flags["honorific"]),
                           tuple(flags[k] for k in ("given", "honorific", "name", "initial",
                                                    "particle")),
                           strings.add("-"))

    def possible(self, doc: Any) -> bool:
        """Whether a PERSON span can start anywhere in ``doc``: every PERSON pattern opens
        with a given name or an honorific followed by a name, given name, honorific,
        initial, particle or hyphen. Tested on the token arrays, so that most web texts
        skip the matcher (~50 us instead of ~300 us per 1 KB text); the count is the same."""
        if len(doc) < 2:
            return False
        # the first flags of every token (one array), then only the tokens after a
        # possible first token: the full flag array cost ~50 of ~180 us per sampled text
        first = doc.to_array(list(self.first)).reshape(len(doc), -1).any(axis=1)
        for i in np.flatnonzero(first[:-1]).tolist():
            token = doc[i + 1]
            if token.orth == self.hyphen or any(token.check_flag(f) for f in self.second):
                return True
        return False

    def count(self, doc: Any) -> int:
        """The PERSON spans the two rulers would set on ``doc``."""
        if not self.possible(doc):
            return 0
        block: set[tuple[int, int]] = set()
        person: set[tuple[int, int]] = set()
        for key, start, end in [*self.matcher(doc), *self.phrases(doc)]:
            if start != end:
                (block if key == self.block else person).add((start, end))
        blocked = bytearray(len(doc))
        for start, end in _select(block, None):
            blocked[start:end] = b"\x01" * (end - start)
        return len(_select(person, blocked))


def _select(spans: set[tuple[int, int]], blocked: bytearray | None) -> list[tuple[int, int]]:
    """An entity ruler's choice among its matches: longest first, then leftmost; a span
    overlapping one taken (or a blocked token) is skipped."""
    taken: list[tuple[int, int]] = []
    seen: set[int] = set()
    for start, end in sorted(spans, key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
        if blocked is not None and any(blocked[start:end]):
            continue
        if start not in seen and end - 1 not in seen:
            taken.append((start, end))
            seen.update(range(start, end))
    return taken

