"""A pool of worker processes, one per core by default.

Workers are started with ``spawn`` (no inherited DuckDB handles or threads) and run
Arrow single-threaded, so N workers use N cores. Progress flows back through a queue
drained by a thread of the coordinating process.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from provscan.executors.base import Executor, ProgressFn, R, T, WorkerFn

_progress_queue: Any = None


def _init_worker(q: Any) -> None:
    global _progress_queue
    _progress_queue = q
    import pyarrow as pa

    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)


def _report(docs: int, nbytes: int, in_bytes: int) -> None:
    _progress_queue.put((docs, nbytes, in_bytes))


def _call(fn: WorkerFn[T, R], task: T) -> R:
    return fn(task, _report)


class ProcessPool(Executor[T, R]):
    name = "process"

    def run(
        self,
        fn: WorkerFn[T, R],
        tasks: Sequence[T],
        on_progress: ProgressFn,
        on_result: Callable[[R], None],
    ) -> None:
        if not tasks:
            return
        ctx = mp.get_context("spawn")
        q = ctx.Queue()
        stop = threading.Event()

        def drain() -> None:
            while not stop.is_set() or not q.empty():
                try:
                    on_progress(*q.get(timeout=0.1))
                except queue.Empty:
                    continue
                except (EOFError, OSError):
                    return

        drainer = threading.Thread(target=drain, daemon=True)
        drainer.start()
        pool = ProcessPoolExecutor(
            max_workers=min(self.workers, len(tasks)), mp_context=ctx,
            initializer=_init_worker, initargs=(q,),
        )
        try:
            pending: set[Future[R]] = {pool.submit(_call, fn, t) for t in tasks}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    on_result(f.result())
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            for p in list(getattr(pool, "_processes", {}).values()):
                p.terminate()
            raise
        finally:
            pool.shutdown(wait=True)
            stop.set()
            drainer.join()
            q.close()


