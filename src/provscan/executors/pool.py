"""A pool of worker processes, one per core by default.

Workers are started with ``spawn`` (no inherited DuckDB handles or threads) and run
Arrow single-threaded, so N workers use N cores. They use the system allocator
(``ARROW_DEFAULT_MEMORY_POOL=system`` unless the user set it): it hands a batch's freed
buffers back at once, where Arrow's default (mimalloc) keeps them, ~40 MB more per worker
at the same speed (benchmarks/README.md). Progress flows back through a queue
drained by a thread of the coordinating process.

A worker leaves with ``os._exit`` once its process has finished as multiprocessing
finishes one (queues flushed, threads joined): tearing down an interpreter that holds
Arrow, DuckDB and the detectors' models took 0.2-1 s, which the scan waited for.

Ctrl-C: workers ignore SIGINT; the coordinating process takes it, terminates the workers
and re-raises KeyboardInterrupt (as it re-raises any other error that stops the run).
"""

from __future__ import annotations

import atexit
import importlib.abc
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any

from provscan.executors.base import Executor, ProgressFn, R, T, WorkerFn

_progress_queue: Any = None


def _init_worker(q: Any) -> None:
    global _progress_queue
    _progress_queue = q
    # Ctrl-C in a terminal reaches the whole process group: the coordinating process
    # handles it and terminates the workers, which would otherwise die printing tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Run by sys.exit after multiprocessing's own exit work (its finalizers flush the
    # progress queue; std streams are flushed): skip only the interpreter's teardown.
    atexit.register(_exit_now)
    import pyarrow as pa

    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    arrow_without_pandas()


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("not for pyarrow's pandas check in a worker", name=name)


def arrow_without_pandas() -> None:
    """pyarrow imports pandas (~0.25 s and ~55 MB per process) the first time
    ``pa.array`` gets a list or a numpy array, to see whether it is a pandas object.
    Call this in a process that never hands pandas objects to ``pa.array`` (a pool
    worker; the CLI): that one check finds no pandas. pandas stays importable, and
    ``to_pandas``/``from_pandas`` still import it. Not for a library user's process,
    whose ``pa.array(series)`` would then take a Series as a plain sequence."""
    if "pandas" in sys.modules:
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        import pyarrow as pa

        pa.array([0])  # pyarrow tries pandas once, and remembers it has none
    finally:
        sys.meta_path.remove(finder)


def _exit_now() -> None:
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            stream.flush()
    os._exit(0)


def _report(docs: int, nbytes: int, in_bytes: int) -> None:
    _progress_queue.put((docs, nbytes, in_bytes))


def _call(fn: WorkerFn[T, R], task: T) -> R:
    return fn(task, _report)


class _Interrupts:
    """SIGINT in the coordinating process while a pool runs.

    ``on_result`` writes to DuckDB, which turns a SIGINT arriving during a query into its
    own "query interrupted" error: the caller would get that instead of KeyboardInterrupt.
    So while ``held()``, SIGINT is only noted, and KeyboardInterrupt is raised when the
    block ends. Workers are spawned with SIGINT ignored, so it is ignored from their start
    (a disposition kept across exec) and not only once their initializer has run.

    Does nothing unless run in the main thread with Python's default SIGINT handler.
    """

    def __init__(self) -> None:
        self.active = (threading.current_thread() is threading.main_thread()
                       and signal.getsignal(signal.SIGINT) is signal.default_int_handler)
        self._held = False
        self._pending = False

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._held:
            self._pending = True
        else:
            raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator[None]:
        if not self.active:
            yield
            return
        signal.signal(signal.SIGINT, self._handle)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler)

    @contextmanager
    def ignored(self) -> Iterator[None]:
        """For starting workers: they inherit SIGINT ignored. (A Ctrl-C in the instant
        it takes to start them is lost; ``submit`` does not wait for them to boot.)"""
        if not self.active:
            yield
            return
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, self._handle)

    @contextmanager
    def held(self, reraise: bool = True) -> Iterator[None]:
        """SIGINT is noted, not raised, during the block; raised after it if ``reraise``."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
        if self._pending:
            self._pending = False
            if reraise:
                raise KeyboardInterrupt


def _stop(workers: list[Any], grace: float = 5.0) -> None:
    """Terminate worker processes and reap them (killed if SIGTERM is not enough)."""
    for p in workers:
        with suppress(OSError, ValueError, AttributeError):
            p.terminate()
    for p in workers:
        with suppress(OSError, ValueError, AttributeError):
            p.join(grace)
            if p.is_alive():
                p.kill()
                p.join(1.0)


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
        ours = "ARROW_DEFAULT_MEMORY_POOL" not in os.environ  # inherited by the workers
        if ours:
            os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
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
        interrupts = _Interrupts()
        with interrupts.installed():
            try:
                with interrupts.ignored():  # workers are started by submit
                    pending: set[Future[R]] = {pool.submit(_call, fn, t) for t in tasks}
                while pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for f in done:
                        r = f.result()
                        with interrupts.held():
                            on_result(r)
            except BaseException:
                # Take the workers before shutdown: it sets ``pool._processes`` to None.
                workers = list((getattr(pool, "_processes", None) or {}).values())
                with interrupts.held(reraise=False):  # a second Ctrl-C must not orphan them
                    try:
                        pool.shutdown(wait=False, cancel_futures=True)
                    finally:
                        _stop(workers)
                raise
            finally:
                pool.shutdown(wait=True)
                stop.set()
                drainer.join()
                q.close()
                if ours:
                    os.environ.pop("ARROW_DEFAULT_MEMORY_POOL", None)
