"""An exact hash table from 64-bit keys to integers, looked up in numpy for a whole array
of keys at once (the rule matcher's word and 5-gram look-ups).

Open addressing with linear probing over ``2^bits`` slots; a slot is chosen by the high
bits of ``key * golden`` (Fibonacci hashing), so keys whose low bits agree still spread.
The table is built in rounds, each placing every key whose next slot is free, so a key
in round ``r`` sits ``r`` slots after its home and all slots between are taken: a
look-up probes at most ``probes`` slots and stops at the first empty one. Compared with
``np.searchsorted`` on sorted keys (one cache miss per halving), it costs one or two
random reads per key.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_GOLDEN: Final = np.uint64(0x9E3779B97F4A7C15)
_LOAD: Final = 0.25  # at most this share of the slots is used: short probe runs


class HashTable:
    """``keys`` -> ``values`` (non-negative, below 2^31); ``get`` answers -1 for a
    missing key."""

    def __init__(self, keys: U64, values: I64) -> None:
        self.bits = max(4, int(np.ceil(np.log2(max(1, len(keys)) / _LOAD))))
        size = 1 << self.bits
        self.keys: U64 = np.zeros(size, np.uint64)
        self.values: npt.NDArray[np.int32] = np.full(size, -1, np.int32)
        home = self._home(keys)
        todo = np.arange(len(keys))
        self.probes = 0
        while len(todo):
            slot = (home[todo] + self.probes) & (size - 1)
            free = self.values[slot] < 0
            # one key per free slot this round (the first); the others probe on
            cand, first = np.unique(slot[free], return_index=True)
            placed = todo[np.flatnonzero(free)[first]]
            self.keys[cand] = keys[placed]
            self.values[cand] = values[placed]
            done = np.zeros(len(todo), np.bool_)
            done[np.flatnonzero(free)[first]] = True
            todo = todo[~done]
            self.probes += 1

    def _home(self, keys: U64) -> I64:
        with np.errstate(over="ignore"):
            return ((keys * _GOLDEN) >> np.uint64(64 - self.bits)).astype(np.int64)

    def get(self, keys: U64) -> I64:
        """The value of each of ``keys``, -1 where a key is not in the table."""
        home = self._home(keys)
        value = self.values[home]
        hit = self.keys[home] == keys
        out = np.where(hit, value, -1).astype(np.int64)
        todo = np.flatnonzero((value >= 0) & ~hit)  # an empty slot ends the search
        mask = len(self.keys) - 1
        for p in range(1, self.probes):
            if not len(todo):
                break
            slot = (home[todo] + p) & mask
            value = self.values[slot]
            hit = self.keys[slot] == keys[todo]
            out[todo[hit]] = value[hit]
            todo = todo[(value >= 0) & ~hit]
        return out

    @property
    def nbytes(self) -> int:
        return int(self.keys.nbytes + self.values.nbytes)
