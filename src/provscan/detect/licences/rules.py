"""Tier 2's own matcher: licence texts and notices found by shared word 5-grams.

The rule base (``licence_rules.json.gz``, built by ``rulebuild``) holds every SPDX licence
text and ScanCode's licence notices as word sequences. Each rule becomes the set of its
word 5-grams; an inverted index maps a 5-gram to the rules that have it. A query text
is cut into 5-grams the same way, the index counts per rule how many of the rule's
5-grams the text holds, and the rules that cover enough of themselves in one compact
region of the text are matches: *containment*, so copyright lines, comment markers and
text around a licence do not lower the score, and a licence text cut or edited a little
still matches. Among overlapping candidates the one that explains most of the region
wins (BSD-3-Clause over BSD-2-Clause when the third clause is there, MIT over X11 when it
is not); a licence text also absorbs the notices and names inside it (the GPL's own "How
to apply" notice, the GFDL's definition of "CC-BY-SA").

Everything per text is numpy over integer arrays; Python touches only the words.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from provscan.common.memory import give_back
from provscan.detect.licences._data import load
from provscan.detect.licences.numhash import HashTable
from provscan.detect.licences.regions import inside as _inside
from provscan.detect.licences.regions import share as _share
from provscan.detect.licences.regions import trimmed as _trimmed
from provscan.detect.licences.rulegrams import I64, U64, K, index_rules
from provscan.detect.licences.rulegrams import SAMPLE as _SAMPLE
from provscan.detect.licences.rulegrams import shingles as _shingles
from provscan.detect.licences.tokens import FOLD, word_hashes

_TEXT_COVERAGE: Final = 0.80  # share of a licence text's 5-grams that must be present
_NOTICE_COVERAGE: Final = 0.90  # ... of a notice's (short: fewer words to lose)
_MIN_SHINGLES: Final = 8
_DENSITY: Final = 0.5  # matched 5-grams per 5-gram of the matched region, at least
_MAX_CANDIDATES: Final = 40
_CROWDED: Final = 20  # rules of one licence among them (``_extra``)
_MAX_EXTRA: Final = 8  # rules only a superset may come from (``_extra``)
_WHOLE: Final = 0.99  # coverage of a rule found whole
_SUPERSET: Final = 8  # more 5-grams explained by a whole text around another (``_superset``)
_NEARLY_WHOLE: Final = 0.90  # ... found with at least this coverage
_WIDER: Final = 0.85  # ... or this, when it also matches more of the text (``_superset``)
# Rules of at least rulegrams.BIG 5-grams are indexed by a fixed sample of them (the
# 5-grams whose hash is 0 modulo SAMPLE, the same on both sides): coverage is estimated
# from the sample, and the look-ups that long licence texts share shrink SAMPLE times.
# A candidate's score is what it explains minus what it lacks: matched 5-grams less this
# many per 5-gram of the rule not found. It ranks overlapping candidates: the rule that is
# there whole beats a longer one with extra clauses (GPL-3.0 over GPL-3.0 plus an
# exception, MIT over X11) and a shorter one it contains (BSD-3 over BSD-2).
_MISSING_COST: Final = 3
_PREFERRED: Final = 1.15  # score factor of a common licence (licence_classes.json ids)
_COMPOUND: Final = 0.9  # ... of a rule for several licences at once
# A ScanCode-only licence (``LicenseRef-scancode-…``) is reported as the SPDX-list
# licence that matches at least _OVERLAP of its region with a coverage at most _SIMILAR
# lower: the SPDX templates let names and small wordings vary (X11 for XFree86's "the
# authors" wording, Info-ZIP for its 2009 revision) where ScanCode keeps variants apart.
_SIMILAR: Final = 0.10
_OVERLAP: Final = 0.9
DATA_FILE: Final = "licence_rules.json.gz"
# A GNU licence text opens with its title and date ("gnu lesser general public license
# version 3 29 june 2007"); ScanCode files the bare LGPL-3.0 text as ``lgpl-3.0-plus``, but a
# licence text alone does not say "or later" (that is the notice's choice): such a rule is
# read as the text of the "-only" licence, as the SPDX texts are.
_GNU_TEXT: Final = re.compile(
    r"(?:the )?gnu (?:lesser |library |affero )?general public licen[cs]e version [123](?: [01])? "
    r"(?:\d{1,2} )?(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december) (?:19|20)\d\d ")
_TEXT_WORDS: Final = 500



# (score, rule, first word, last word, coverage, first and last word of its core): a
# rule's best region in a text (``RuleIndex._regions``, ``_trimmed``)
Region = tuple[float, int, int, int, float, int, int]


@dataclass(frozen=True)
class RuleMatch:
    """A rule found in a text: its licence, kind, character span and coverage."""

    rule: str
    licence: str
    kind: str  # text | notice
    start: int
    end: int
    coverage: float


class RuleIndex:
    """The inverted 5-gram index of a rule base (see module docstring)."""

    def __init__(self, data: dict[str, Any], preferred: frozenset[str] = frozenset()) -> None:
        self.version = str(data.get("version", "?"))
        rules = [_gnu_text(r) for r in data["rules"]]
        # near-duplicate texts (Apache-2.0 and Pixar, MIT and Khronos, BSD-3-Clause and
        # BSD-3-Clause-Sun) are told apart by a prior for the common licence of a single id
        # (a common licence also pays less for a part it lacks: a LICENSE file without the
        # Apache appendix is still Apache-2.0, not Pixar's variant)
        common = np.array([r[1] in preferred for r in rules], np.bool_)
        self.prior = np.where(common, _PREFERRED, np.array(
            [1.0 if " " not in r[1] else _COMPOUND for r in rules], np.float64))
        self.missing_cost = np.where(common, 1, _MISSING_COST).astype(np.int64)
        self.ids: list[str] = [r[0] for r in rules]
        self.licences: list[str] = [r[1] for r in rules]
        self.kinds: list[str] = [r[2] for r in rules]
        names, index = np.unique(np.array(self.licences, dtype=object), return_inverse=True)
        self.licence_index = index.astype(np.int64)
        self.n_licences = len(names)
        single = np.array([" " not in r[1] for r in rules], np.bool_)
        scancode = np.array([r[1].startswith("LicenseRef-scancode-") for r in rules], np.bool_)
        self.variant = single & scancode  # a ScanCode-only licence
        self.listed = single & ~np.array([r[1].startswith("LicenseRef-") for r in rules])
        # the SPDX licence list's own texts
        self.spdx_text = np.array([r[0].startswith("spdx:") for r in rules], np.bool_)
        vocab, per_rule, full = index_rules([r[4] for r in rules])
        for variant, form in FOLD.items():  # one look-up per word at match time
            if form in vocab:
                vocab[variant] = vocab[form]
        self.vocab = vocab
        # the vocabulary by word hash (``tokens.word_hashes``), for numpy look-ups
        self.words = HashTable(word_hashes(" ".join(vocab))[0],
                               np.fromiter(vocab.values(), np.int64, len(vocab)))
        sizes = np.array([len(s) for s in per_rule], np.int64)
        self.sizes = sizes
        sampled = np.array([len(p) < len(f) for p, f in zip(per_rule, full, strict=True)], np.bool_)
        self.scale = np.where(sampled, _SAMPLE, 1).astype(np.int64)
        # a sampled rule's 5-grams per sampled one: its true length over its sample's (the
        # sample of a short rule can be far from 1/SAMPLE of it: TU-Berlin-2.0's 96 give 4)
        self.factor = np.array([len(f) / max(1, len(p)) for p, f in zip(per_rule, full,
                                                                        strict=True)])
        default = np.where(np.array(self.kinds) == "text", _TEXT_COVERAGE, _NOTICE_COVERAGE)
        given = np.array([np.nan if r[3] is None else r[3] for r in rules], np.float64)
        self.min_cov = np.where(np.isnan(given), default, np.maximum(given, default))
        self.rule_offsets = np.concatenate([[0], np.cumsum(sizes)])
        # every 5-gram of every rule, to score the few candidates exactly
        self.full_offsets = np.concatenate([[0], np.cumsum([len(g) for g in full])])
        self.full_shingles: U64 = np.concatenate(full) if full else np.zeros(0, np.uint64)
        self.rule_shingles: U64 = (np.concatenate(per_rule) if per_rule
                                   else np.zeros(0, np.uint64))
        owner = np.repeat(np.arange(len(rules), dtype=np.int32), sizes)
        order = np.argsort(self.rule_shingles, kind="stable")
        keys = self.rule_shingles[order]
        self.postings = owner[order]
        self.keys, starts = np.unique(keys, return_index=True)
        self.key_offsets = np.append(starts, len(keys)).astype(np.int64)
        self.key_table = HashTable(self.keys, np.arange(len(self.keys), dtype=np.int64))

    @property
    def nbytes(self) -> int:
        """Memory held by the index arrays (the vocabulary dict not counted)."""
        arrays = (self.sizes, self.min_cov, self.rule_offsets, self.rule_shingles,
                  self.postings, self.keys, self.key_offsets, self.full_offsets,
                  self.full_shingles, self.scale)
        return int(sum(a.nbytes for a in arrays)) + self.words.nbytes + self.key_table.nbytes

    def match(self, text: str) -> list[RuleMatch]:
        """Rules found in ``text``, non-overlapping, in text order."""
        low = text.lower()
        if len(low) != len(text):  # a few characters change length when lowered
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        words, wstart, wend = word_hashes(low)
        if len(words) < K:
            return []
        ids = self.words.get(words)
        h, known = _shingles(ids)
        pos = np.flatnonzero(known)
        q, first = np.unique(h[pos], return_index=True)  # sorted, for ``_exact``
        qpos = pos[first]
        # the distinct 5-grams in text order: the pairs come out sorted by position
        by_pos = np.argsort(qpos)
        pairs = self._pairs(q[by_pos])
        if pairs is None:
            return []
        rule_of, qi = pairs
        counts = np.bincount(rule_of, minlength=len(self.sizes))
        rules = np.flatnonzero(counts)
        counts = counts[rules]
        sizes = self.sizes[rules]
        ok = (counts * self.scale[rules] >= np.minimum(_MIN_SHINGLES, sizes)) & (
            counts >= self.min_cov[rules] * 0.9 * sizes)
        cand = rules[ok]
        if len(cand) == 0:
            return []
        upper = ((counts - self.missing_cost[rules] * (sizes - counts))
                 * self.scale[rules])[ok]
        ranked = cand[np.argsort(-upper, kind="stable")]
        top = ranked[:_MAX_CANDIDATES]
        extra = self._extra(ranked)
        # a short SPDX-list licence found whole ranks low on ``upper`` beside the long
        # notices around it (FSFAP's 31 5-grams in a Debian copyright file): it stays a
        # candidate whatever its rank
        whole = cand[self.spdx_text[cand] & (self.scale[cand] == 1)
                     & (counts[ok] >= self.min_cov[cand] * sizes[ok])]
        cand = np.union1d(top, whole)
        if len(extra):
            extra = extra[~np.isin(extra, whole, assume_unique=True)]
            cand = np.union1d(cand, extra)
        rank = np.full(len(self.sizes), -1, np.int16)
        rank[cand] = np.arange(len(cand))
        keep = rank[rule_of] >= 0
        kept = rank[rule_of[keep]]
        order = np.argsort(kept, kind="stable")  # a radix sort: positions stay in order
        regions = self._regions(cand[kept[order]], qpos[by_pos[qi[keep]]][order])
        query = _Query(q, qpos)
        found = self._exact(regions, query)
        only_super = set(extra.tolist())
        main = [g for g in found if g[1] not in only_super]
        return self._select(main, wstart, wend, query, found)

    def _extra(self, ranked: I64) -> I64:
        """Rules only a superset may come from (``_superset``): when one licence holds
        ``_CROWDED`` or more of the first ``_MAX_CANDIDATES`` (ScanCode holds hundreds of
        MIT wordings: they can fill the top and crowd out the X11 text they lie in), the
        best-ranked SPDX-list rule of each licence below them that is not among them and
        is longer than that licence's best rule, at most ``_MAX_EXTRA``."""
        rest = ranked[_MAX_CANDIDATES:]
        top = self.licence_index[ranked[:_MAX_CANDIDATES]]
        counts = np.bincount(top)
        if len(rest) == 0 or counts.max() < _CROWDED:
            return rest[:0]
        # a superset is longer than the best rule of the licence that crowds the top
        crowded = ranked[:_MAX_CANDIDATES][top == counts.argmax()][0]
        length = np.diff(self.full_offsets)
        rest = rest[self.listed[rest] & (length[rest] > length[crowded])]
        lic = self.licence_index[rest]
        seen = np.zeros(self.n_licences, np.bool_)
        seen[top] = True
        _, first = np.unique(lic, return_index=True)
        first = np.sort(first[~seen[lic[first]]])
        out: I64 = rest[first[:_MAX_EXTRA]]
        return out

    def _regions(self, rule_of: I64, where: I64) -> list[Region]:
        """Each rule's best region (``Region``).

        ``rule_of``/``where``: the (rule, word position) pairs of the query 5-grams found
        in candidate rules, sorted by rule then position. A region ends where the next
        5-gram of the same rule is more than a third of the rule's length away.
        """
        scale = self.scale[rule_of]
        sizes = self.sizes[rule_of] * scale
        gap = np.diff(where) > np.maximum(40, sizes[1:] // 3)
        new = np.concatenate(([True], (np.diff(rule_of) != 0) | gap))
        starts = np.flatnonzero(new)
        r, size = rule_of[starts], sizes[starts]
        n = np.diff(np.append(starts, len(where))) * scale[starts]
        first, last = where[starts], where[np.append(starts[1:], len(where)) - 1]
        cov = n / size
        # density on the true length: a short rule's sample can be far from 1/SAMPLE of it
        dense = n * self.factor[r] / scale[starts] >= _DENSITY * (last - first + 1)
        good = (cov >= self.min_cov[r]) & (n >= np.minimum(_MIN_SHINGLES, size)) & dense
        score = n - self.missing_cost[r] * (size - n)
        # cores (``_trimmed``) of the good regions of unsampled rules only
        cfirst, clast = first.copy(), last.copy()
        trim = good & (self.scale[r] == 1)
        if trim.any():
            lengths = np.diff(np.append(starts, len(where)))
            keep = np.repeat(trim, lengths)
            sub = lengths[trim]
            at = np.concatenate(([0], np.cumsum(sub)[:-1]))
            cfirst[trim], clast[trim] = _trimmed(
                np.repeat(np.arange(len(sub)), sub), at, where[keep], first[trim],
                last[trim], np.ones(len(sub), np.bool_))
        out: dict[int, Region] = {}
        for i in np.flatnonzero(good):
            ri = int(r[i])
            if ri not in out or score[i] > out[ri][0]:
                out[ri] = (float(score[i]), ri, int(first[i]), int(last[i]) + K - 1,
                           float(cov[i]), int(cfirst[i]), int(clast[i]) + K - 1)
        return list(out.values())

    def _pairs(self, q: U64) -> tuple[npt.NDArray[np.int32], I64] | None:
        """(rule, query 5-gram index) for every query 5-gram found in a rule."""
        if len(q) == 0 or len(self.keys) == 0:
            return None
        at = self.key_table.get(q)
        hit_q = np.flatnonzero(at >= 0)
        if len(hit_q) == 0:
            return None
        hit = at[hit_q]
        lo, hi = self.key_offsets[hit], self.key_offsets[hit + 1]
        lens = hi - lo
        idx = np.repeat(lo - np.cumsum(np.append(0, lens[:-1])), lens) + np.arange(lens.sum())
        return self.postings[idx], np.repeat(hit_q, lens)

    def _exact(self, regions: list[Region], query: _Query) -> list[Region]:
        """The regions re-scored and re-bounded on all of their rules' 5-grams (the index
        may hold only a sample of them), all rules in one look-up."""
        sampled = [g for g in regions if self.scale[g[1]] != 1]
        if not sampled:
            return regions
        rescored: dict[int, Region] = {}
        r = np.array([g[1] for g in sampled], np.int64)
        a = np.array([g[2] for g in sampled], np.int64) - 4 * _SAMPLE
        b = np.array([g[3] for g in sampled], np.int64) + 4 * _SAMPLE
        lo, hi = self.full_offsets[r], self.full_offsets[r + 1]
        size = hi - lo
        own = self.full_shingles[np.repeat(lo - np.cumsum(size) + size, size)
                                 + np.arange(int(size.sum()))]
        seg = np.repeat(np.arange(len(r)), size)
        found, where = query.find(own)
        hit = found & (where >= np.repeat(a, size)) & (where <= np.repeat(b, size))
        seg, where = seg[hit], where[hit]
        n = np.bincount(seg, minlength=len(r))
        first, last = np.zeros(len(r), np.int64), np.zeros(len(r), np.int64)
        if len(seg):  # ``seg`` is still sorted: one run per region
            runs = np.flatnonzero(np.diff(seg, prepend=-1))
            first[seg[runs]] = np.minimum.reduceat(where, runs)
            last[seg[runs]] = np.maximum.reduceat(where, runs)
        cov = n / size
        score = n - self.missing_cost[r] * (size - n)
        for i in np.flatnonzero((cov >= self.min_cov[r]) & (n > 0)):
            # the core is bounded only where ``_select`` needs it (``_core``)
            rescored[int(r[i])] = (float(score[i]), int(r[i]), int(first[i]),
                                   int(last[i]) + K - 1, float(cov[i]), -1, -1)
        # in the order of ``regions`` (ties in ``_select`` keep it)
        return [g if self.scale[g[1]] == 1 else rescored[g[1]] for g in regions
                if self.scale[g[1]] == 1 or g[1] in rescored]

    def _core(self, g: Region, query: _Query) -> tuple[int, int]:
        """The first and last word of region ``g``'s core (``_trimmed``), bounded on all of
        its rule's 5-grams for a sampled rule (``_exact`` leaves them to be computed)."""
        if g[5] >= 0:
            return g[5], g[6]
        lo, hi = self.full_offsets[g[1]], self.full_offsets[g[1] + 1]
        found, where = query.find(self.full_shingles[lo:hi])
        where = np.sort(where[found & (where >= g[2] - 4 * _SAMPLE)
                              & (where <= g[3] - K + 1 + 4 * _SAMPLE)])
        if len(where) == 0:
            return g[2], g[3]
        a, b = _trimmed(np.zeros(len(where), np.int64), np.zeros(1, np.int64), where,
                        where[:1], where[-1:], np.ones(1, np.bool_))
        return int(a[0]), int(b[0]) + K - 1

    def _select(self, found: list[Region], starts: I64, ends: I64, query: _Query,
                supersets: list[Region]) -> list[RuleMatch]:
        """Best-first, a match whose region mostly lies in a better one is dropped; a
        ScanCode-only variant taken is reported as the SPDX-list licence that matches
        its region about as well, if any (``_SIMILAR``, ``_OVERLAP``). A rule found whole
        is dropped only when it lies in the better one's core (``_trimmed``): the FSF
        all-permissive notice right before a BSD text that opens with its words."""
        taken: list[tuple[int, int, int, int, int]] = []
        ranked = sorted(found, key=lambda f: -(f[0] * self.prior[f[1]] if f[0] > 0 else f[0]))
        for g in ranked:
            _, r, a, b, c, _, _ = g
            whole = c >= _WHOLE
            if not any(_inside(a, b, x, y) if not whole else _inside(a, b, cx, cy)
                       for x, y, cx, cy, _ in taken):
                g = self._superset(supersets, g)
                _, r, a, b, c, _, _ = g
                ca, cb = self._core(g, query)
                taken.append((a, b, ca, cb, self._listed_alternative(found, r, a, b, c)))
        if not taken:
            return []
        covs = {f[1]: f[4] for f in supersets}
        out = [RuleMatch(self.ids[r], self.licences[r], self.kinds[r], int(starts[a]),
                         int(ends[b]), round(covs[r], 3)) for _, _, a, b, r in taken]
        return sorted(out, key=lambda m: m.start)


    def _superset(self, found: list[Region], g: Region) -> Region:
        """``g``, or the SPDX-list licence found (nearly) whole around it that explains
        at least ``_SUPERSET`` more 5-grams: the X11 text (MIT's and a paragraph on the
        holder's name), BSD-2-Clause-Views (BSD-2-Clause's and "the views and
        conclusions"), JSON (MIT's and "Good, not Evil") win over the common licence inside
        them, which the prior ranks first."""
        best, most, span = g, self._matched(g), g[3] - g[2]
        for h in found:
            if not (h[4] >= _WIDER and self.listed[h[1]] and h[2] <= g[2] and h[3] >= g[3]):
                continue
            # more 5-grams explained net of what it lacks, or more matched on more text
            # (the X11 text whose holder's name replaces "the authors" in the warranty
            # clause: its score pays for both wordings, its extra clause is still there)
            wider = (self._matched(h) >= most + _SUPERSET
                     and h[3] - h[2] >= span + _SUPERSET)
            if (h[4] >= _NEARLY_WHOLE and h[0] >= best[0] + _SUPERSET) or wider:
                best, most, span = h, self._matched(h), h[3] - h[2]
        return best

    def _matched(self, g: Region) -> float:
        """The 5-grams of its rule that region ``g`` explains (coverage times the rule's
        true length): the score would charge the superset for the name wording it
        varies, and the SPDX templates let names vary."""
        return g[4] * float(self.full_offsets[g[1] + 1] - self.full_offsets[g[1]])

    def _listed_alternative(self, found: list[Region], r: int,
                            a: int, b: int, cov: float) -> int:
        """Rule ``r``, or for a ScanCode-only variant the SPDX-list rule of ``found`` with
        the best coverage among those that match its region about as well."""
        if not self.variant[r]:
            return r
        alts = [(g[4], g[0], g[1]) for g in found if self.listed[g[1]]
                and g[4] >= cov - _SIMILAR and _share(a, b, g[2], g[3]) >= _OVERLAP]
        return max(alts)[2] if alts else r


class _Query:
    """A text's distinct 5-grams (``q``, sorted) and the word position of each (``pos``)."""

    def __init__(self, q: U64, pos: I64) -> None:
        self.q, self.pos = q, pos

    def find(self, keys: U64) -> tuple[npt.NDArray[np.bool_], I64]:
        """(found, word position) of each of ``keys``. A binary search: a hash table of
        the text's 5-grams, built per text, measured slower on licence-dense text."""
        at = np.minimum(np.searchsorted(self.q, keys), len(self.q) - 1)
        return self.q[at] == keys, self.pos[at]


def _gnu_text(rule: list[Any]) -> list[Any]:
    """``rule``, or for a whole GNU licence text filed as "-or-later" (``_GNU_TEXT``) the
    text of the "-only" licence."""
    lic, words = str(rule[1]), str(rule[4])
    if lic.endswith("-or-later") and _GNU_TEXT.match(words) and (
            words.count(" ") >= _TEXT_WORDS):
        return [rule[0], lic.removesuffix("-or-later") + "-only", "text", *rule[3:]]
    return rule


def _rule_data() -> dict[str, Any]:
    raw = resources.files("provscan").joinpath(f"data/{DATA_FILE}").read_bytes()
    data: dict[str, Any] = json.loads(gzip.decompress(raw))
    return data


@cache
def rule_base_version() -> str:
    """The shipped rule base's version, without building its index."""
    return str(_rule_data().get("version", "?"))


@cache
def rule_index() -> RuleIndex:
    """The shipped rule base, indexed once per process (under a second)."""
    common = frozenset(load("licence_classes")["ids"])
    index = RuleIndex(_rule_data(), common)
    give_back()
    return index
