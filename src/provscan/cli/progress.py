"""Progress for long scans: documents/s, MB/s and ETA on a terminal, a log line every
ten seconds otherwise (cron, CI), and nothing when quiet."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from provscan.scan.worker import UnitResult


class _Rates(ProgressColumn):
    def __init__(self, clock: _Counters) -> None:
        super().__init__()
        self.c = clock

    def render(self, task: Task) -> Text:
        dt = max(time.monotonic() - self.c.t0, 1e-9)
        return Text(f"{self.c.docs:,} docs  {self.c.docs / dt:,.0f} docs/s  "
                    f"{self.c.bytes / dt / 1e6:,.1f} MB/s")


class _Counters:
    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.docs = 0
        self.bytes = 0
        self.units = 0
        self.failed = 0


class ScanProgress:
    """A :class:`provscan.scan.run.ProgressSink` for the command line."""

    def __init__(self, stream: TextIO | None = None, interval: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval
        self.c = _Counters()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._last_log = 0.0
        self._units_total = 0

    def start(self, units: int, input_bytes: int) -> None:
        self.c = _Counters()
        self._units_total = units
        self._last_log = time.monotonic()  # first log line after one interval
        if units == 0:
            return
        if self.tty:
            self._progress = Progress(
                TextColumn("scanning"), BarColumn(), TaskProgressColumn(), _Rates(self.c),
                TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("scan", total=max(input_bytes, 1))

    def advance(self, docs: int, nbytes: int, input_bytes: int) -> None:
        self.c.docs += docs
        self.c.bytes += nbytes
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, input_bytes)
        elif not self.tty and time.monotonic() - self._last_log >= self.interval:
            self._last_log = time.monotonic()
            dt = max(time.monotonic() - self.c.t0, 1e-9)
            print(f"provscan: {self.c.units}/{self._units_total} units, {self.c.docs:,} docs, "
                  f"{self.c.docs / dt:,.0f} docs/s, {self.c.bytes / dt / 1e6:,.1f} MB/s",
                  file=self.stream, flush=True)

    def unit_done(self, result: UnitResult) -> None:
        self.c.units += 1
        if not result.ok:
            self.c.failed += 1
            msg = f"failed: {result.error}"
            if self._progress is not None:
                self._progress.console.print(f"[red]{msg}[/red]", markup=True, highlight=False)
            else:
                print(f"provscan: {msg}", file=self.stream, flush=True)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
