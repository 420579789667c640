"""Peak resident memory of this process over a block, sampled from /proc (Linux)."""

from __future__ import annotations

import os
import threading
from types import TracebackType

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_STATM = "/proc/self/statm"


def current_rss() -> int | None:
    """Resident bytes of this process now, or None where /proc is not available."""
    try:
        with open(_STATM) as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class PeakRss:
    """Context manager: the largest RSS seen while the block ran (every 20 ms).

    ``ru_maxrss`` would give the peak of the whole process life, not of one step.
    """

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def peak_mb(self) -> float | None:
        return None if self.peak is None else self.peak / 1e6

    def _sample(self) -> None:
        rss = current_rss()
        if rss is not None:
            self.peak = rss if self.peak is None else max(self.peak, rss)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> PeakRss:
        self._sample()
        if self.peak is not None:
            self._thread = threading.Thread(target=self._run, name="peak-rss", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._sample()
