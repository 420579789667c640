"""Threads of this process, one per core by default: for work that runs in compiled code
with the GIL released (the fast profile: Parquet decoding, UTF-8 validation, the
compiled scan core, Arrow compute, writing parts), so no worker process has to start,
import provscan and exit.

Results are handed to ``on_result`` in the calling thread, in completion order, as the
process pool does; progress calls are serialised by a lock. Ctrl-C (or any error that stops
the run): the calling thread cancels the units not started; a running unit stops at its
next progress call (after its current batch) with an error, which the unit handles as a
failure (its temporary parts removed) and whose result is dropped; then the error is
raised on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from provscan.executors.base import Executor, ProgressFn, R, T, WorkerFn


class _Stopped(Exception):
    """Raised in a unit's thread at its next progress call once the run is stopping."""


class ThreadPool(Executor[T, R]):
    name = "threads"

    def run(
        self,
        fn: WorkerFn[T, R],
        tasks: Sequence[T],
        on_progress: ProgressFn,
        on_result: Callable[[R], None],
    ) -> None:
        if not tasks:
            return
        lock = threading.Lock()
        stopping = threading.Event()

        def progress(docs: int, nbytes: int, in_bytes: int) -> None:
            if stopping.is_set():
                raise _Stopped("the scan is stopping")
            with lock:
                on_progress(docs, nbytes, in_bytes)

        pool = ThreadPoolExecutor(max_workers=min(self.workers, len(tasks)),
                                  thread_name_prefix="provscan-unit")
        try:
            pending: set[Future[R]] = {pool.submit(fn, t, progress) for t in tasks}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    on_result(f.result())
        except BaseException:
            stopping.set()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
