"""Executors: serial and process pool (Ray joins with the data-lake issue)."""

from __future__ import annotations

from typing import Any

from provscan.executors.base import Executor
from provscan.executors.pool import ProcessPool
from provscan.executors.serial import SerialExecutor


def make_executor(name: str, workers: int) -> Executor[Any, Any]:
    if name == "serial":
        return SerialExecutor(1)
    return ProcessPool(workers)


__all__ = ["Executor", "ProcessPool", "SerialExecutor", "make_executor"]
