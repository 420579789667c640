"""What the opt-out detector needs of site captures: the hosts that have any, and the
captures of one host. The store implements it (``store.captures.SiteIndex``); tests and
the Python API may pass anything of this shape."""

from __future__ import annotations

from typing import Protocol

import pyarrow as pa

from provscan.common.captures import Capture


class SiteCaptures(Protocol):
    """Captures of robots.txt, tdmrep.json and ai.txt, by host."""

    @property
    def hosts(self) -> pa.Array:
        """Every host with a capture (a string array)."""
        ...

    def captures(self, host: str) -> list[Capture]:
        """The captures of one host, by kind then date (oldest first)."""
        ...

    def captures_of(self, hosts: list[str]) -> dict[str, list[Capture]]:
        """``captures`` of many hosts at once; hosts without captures are left out."""
        ...

    def __bool__(self) -> bool: ...


__all__ = ["Capture", "SiteCaptures"]
