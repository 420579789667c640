# This file is part of Hypothesis, which may be found at
# https://github.com/HypothesisWorks/hypothesis/
#
# Copyright the Hypothesis Authors.
# Individual contributors are listed in AUTHORS.rst and the git log.
#
# This Source Code Form is subject to the terms of the Mozilla Public License,
# v. 2.0. If a copy of the MPL was not distributed with this file, You can
# obtain one at https://mozilla.org/MPL/2.0/.

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from hypothesis.errors import InvalidArgument

K = TypeVar("K")
V = TypeVar("V")


@dataclass(slots=True, frozen=False)
class Entry(Generic[K, V]):
    key: K
    value: V
    score: int
    pins: int = 0

    @property
    def sort_key(self) -> tuple[int, ...]:
        if self.pins == 0:
            # Unpinned entries are sorted by score.
            return (0, self.score)
        else:
            # Pinned entries sort after unpinned ones. Beyond that, we don't
            # worry about their relative order.
            return (1,)


class GenericCache(Generic[K, V]):
    """Generic supertype for cache implementations.

    Defines a dict-like mapping with a maximum size, where as well as mapping
    to a value, each key also maps to a score. When a write would cause the
    dict to exceed its maximum size, it first evicts the existing key with
    the smallest score, then adds the new key to the map. If due to pinning
    no key can be evicted, ValueError is raised.

    A key has the following lifecycle:

    1. key is written for the first time, the key is given the score
       self.new_entry(key, value)
    2. whenever an existing key is read or written, self.on_access(key, value,
       score) is called. This returns a new score for the key.
    3. After a key is evicted, self.on_evict(key, value, score) is called.

    The cache will be in a valid state in all of these cases.

    Implementations are expected to implement new_entry and optionally
    on_access and on_evict to implement a specific scoring strategy.
    """

    __slots__ = ("_threadlocal", "max_size")

    def __init__(self, max_size: int):
        if max_size <= 0:
            raise InvalidArgument("Cache size must be at least one.")

        self.max_size = max_size

        # Implementation: We store a binary heap of Entry objects in self.data,
        # with the heap property requiring that a parent's score is <= that of
        # its children. keys_to_index then maps keys to their index in the
        # heap. We keep these two in sync automatically - the heap is never
        # reordered without updating the index.
        self._threadlocal = threading.local()

    @property
    def keys_to_indices(self) -> dict[K, int]:
        try:
            return self._threadlocal.keys_to_indices
        except AttributeError:
            self._threadlocal.keys_to_indices = {}
            return self._threadlocal.keys_to_indices

    @property
    def data(self) -> list[Entry[K, V]]:
        try:
            return self._threadlocal.data
        except AttributeError:
            self._threadlocal.data = []
            return self._threadlocal.data

    def _repair_if_interrupted(self) -> None:
        """An exception raised partway through a mutation - most plausibly a
        RecursionError below a deeply recursive strategy - can leave the heap
        property or the key index broken.  We note the interruption and
        rebuild both here, on the next operation, from the surviving entries
        (a sorted list is heap-ordered), rather than attempting a repair at
        the moment the stack overflowed.
        """
        if getattr(self._threadlocal, "interrupted", False):
            self.data.sort(key=lambda e: e.sort_key)
            self.keys_to_indices.clear()
            for i, e in enumerate(self.data):
                self.keys_to_indices[e.key] = i
            self._threadlocal.interrupted = False

    def __len__(self) -> int:
        self._repair_if_interrupted()
        assert len(self.keys_to_indices) == len(self.data)
        return len(self.data)

    def __contains__(self, key: K) -> bool:
        self._repair_if_interrupted()
        return key in self.keys_to_indices

    def __getitem__(self, key: K) -> V:
        self._repair_if_interrupted()
        i = self.keys_to_indices[key]
        result = self.data[i]
        try:
            self.__entry_was_accessed(i)
        except BaseException:
            self._threadlocal.interrupted = True
            raise
        return result.value

    def __setitem__(self, key: K, value: V) -> None:
        self._repair_if_interrupted()
        evicted = None
        try:
            i = self.keys_to_indices[key]
        except KeyError:
            entry = Entry(key, value, self.new_entry(key, value))
            if len(self.data) >= self.max_size:
                evicted = self.data[0]
                if evicted.pins > 0:
                    raise ValueError(
                        "Cannot increase size of cache where all keys have been pinned."
                    ) from None
                del self.keys_to_indices[evicted.key]
                i = 0
                self.data[0] = entry
            else:
                i = len(self.data)
                self.data.append(entry)
            try:
                self.keys_to_indices[key] = i
                self.__balance(i)
            except BaseException:
                self._threadlocal.interrupted = True
                raise
        else:
            entry = self.data[i]
            assert entry.key == key
            entry.value = value
            try:
                self.__entry_was_accessed(i)
            except BaseException:
                self._threadlocal.interrupted = True
                raise

        if evicted is not None:
            if self.data[0] is not entry:
                assert evicted.sort_key <= self.data[0].sort_key
            self.on