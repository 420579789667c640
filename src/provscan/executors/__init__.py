"""Executors: serial, process pool and Ray."""

from __future__ import annotations

from typing import Any

from provscan.executors.base import Executor
from provscan.executors.pool import ProcessPool, arrow_without_pandas
from provscan.executors.serial import SerialExecutor
from provscan.executors.threads import ThreadPool


def make_executor(name: str, workers: int, ray_address: str | None = None) -> Executor[Any, Any]:
    if name == "serial":
        return SerialExecutor(1)
    if name == "ray":
        from provscan.executors.ray import RayExecutor

        ray_ex: Executor[Any, Any] = RayExecutor(workers, address=ray_address)
        return ray_ex
    return ProcessPool(workers)


__all__ = ["Executor", "ProcessPool", "SerialExecutor", "ThreadPool", "arrow_without_pandas",
           "make_executor"]
