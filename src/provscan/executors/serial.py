"""In-process, one unit after another: for debugging and tiny inputs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from provscan.executors.base import Executor, ProgressFn, R, T, WorkerFn


class SerialExecutor(Executor[T, R]):
    name = "serial"

    def run(
        self,
        fn: WorkerFn[T, R],
        tasks: Sequence[T],
        on_progress: ProgressFn,
        on_result: Callable[[R], None],
    ) -> None:
        for task in tasks:
            on_result(fn(task, on_progress))
