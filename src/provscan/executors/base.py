"""Executors run work units. Scanning code receives one and never creates its own;
nothing outside this package knows how work is scheduled."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

ProgressFn = Callable[[int, int, int], None]
WorkerFn = Callable[[T, ProgressFn], R]


class Executor(ABC, Generic[T, R]):
    """Runs ``fn(task, progress)`` for every task; results arrive in completion order."""

    name: str = "executor"

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)

    @abstractmethod
    def run(
        self,
        fn: WorkerFn[T, R],
        tasks: Sequence[T],
        on_progress: ProgressFn,
        on_result: Callable[[R], None],
    ) -> None:
        """Run all tasks. ``on_progress`` and ``on_result`` are called in this process.

        On KeyboardInterrupt, stop scheduling, let no further results through, re-raise.
        """
