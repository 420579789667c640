"""Ray tasks, on a local Ray instance or a cluster.

Each unit runs as one Ray task (one CPU). At most ``workers`` tasks are in flight;
more are submitted as others finish, and results reach ``on_result`` in completion
order. Progress goes to a small actor and is drained by the driver while it waits.

Workers write their manifest parts into the store themselves, so on a cluster the store
must be on a filesystem every node sees at the same path (docs/executors.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ray

from provscan.executors.base import Executor, ProgressFn, R, T, WorkerFn

_WAIT_SECONDS = 0.2  # how often the driver drains progress while waiting for results


@ray.remote(num_cpus=0)
class _ProgressBox:
    """Collects (docs, text bytes, input bytes) from tasks until the driver drains it."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, int]] = []

    def add(self, docs: int, nbytes: int, in_bytes: int) -> None:
        self.items.append((docs, nbytes, in_bytes))

    def drain(self) -> list[tuple[int, int, int]]:
        items, self.items = self.items, []
        return items


def _call(fn: WorkerFn[T, R], task: T, box: Any) -> R:
    """Run ``fn`` in a Ray worker, sending its progress to ``box``."""
    import pyarrow as pa

    pa.set_cpu_count(1)  # one task per CPU, as in the process pool
    pa.set_io_thread_count(1)
    last: list[Any] = []

    def report(docs: int, nbytes: int, in_bytes: int) -> None:
        last[:] = [box.add.remote(docs, nbytes, in_bytes)]

    result = fn(task, report)
    if last:  # calls from one caller run in order: the last one done means all are
        ray.get(last[0])
    return result


# max_retries=0: a unit that kills its worker fails the run as it does in the pool,
# rather than being re-run (and its progress counted) again.
_remote_call: Any = ray.remote(num_cpus=1, max_retries=0)(_call)


class RayExecutor(Executor[T, R]):
    name = "ray"

    def __init__(self, workers: int, address: str | None = None) -> None:
        super().__init__(workers)
        self.address = address or None

    def _connect(self) -> bool:
        """Start or join Ray unless this process already is connected; True if started."""
        if ray.is_initialized():
            return False
        # "local" rather than None: without an address, always start a private instance,
        # never attach to whatever cluster RAY_ADDRESS or /tmp/ray happen to name.
        ray.init(
            address=self.address or "local",
            num_cpus=None if self.address else self.workers,
            include_dashboard=False,
            log_to_driver=False,
            ignore_reinit_error=True,
        )
        return True

    def run(
        self,
        fn: WorkerFn[T, R],
        tasks: Sequence[T],
        on_progress: ProgressFn,
        on_result: Callable[[R], None],
    ) -> None:
        if not tasks:
            return
        started = self._connect()
        box = _ProgressBox.remote()  # type: ignore[attr-defined]

        def drain() -> None:
            for item in ray.get(box.drain.remote()):
                on_progress(*item)

        todo = list(reversed(tasks))  # pop() from the end keeps the caller's order
        pending: list[Any] = []
        try:
            while todo or pending:
                while todo and len(pending) < self.workers:
                    pending.append(_remote_call.remote(fn, todo.pop(), box))
                done, pending = ray.wait(pending, num_returns=1, timeout=_WAIT_SECONDS)
                drain()
                for ref in done:
                    on_result(ray.get(ref))
            drain()
        except BaseException:
            for ref in pending:
                ray.cancel(ref, force=True)
            raise
        finally:
            ray.kill(box)
            if started:
                ray.shutdown()
