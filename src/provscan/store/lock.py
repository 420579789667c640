"""One provscan command at a time per local copy of a store (``remote.py``)."""

from __future__ import annotations

import fcntl
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from provscan.errors import StoreError

LOCK = ".provscan-lock"


@contextmanager
def locked(local: Path) -> Iterator[IO[str]]:
    local.mkdir(parents=True, exist_ok=True)
    with (local / LOCK).open("a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            f.seek(0)
            raise StoreError(f"{local}: another provscan command ({f.read().strip()}) is "
                             "using this local copy of the store; wait for it to finish") from e
        except OSError as e:
            raise StoreError(f"{local}: cannot lock the local copy ({e}); put it on a local "
                             "disk with PROVSCAN_CACHE_DIR") from e
        f.truncate(0)
        f.write(f"host {socket.gethostname()}, pid {os.getpid()}")
        f.flush()
        yield f
