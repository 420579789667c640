"""A store on an object store (``s3://bucket/prefix``), worked on through a local copy.

The catalog is a DuckDB file with one writer and the parts are Parquet files written
in place, so no run writes to the object store while it works. A command pulls the
store into a local copy, works there, and (for ``scan`` and ``dedup``) pushes back:

    s3://bucket/prefix/_provscan_store.json     the index: every file, size, xxh3
    s3://bucket/prefix/catalog.duckdb, manifest/…, evidence/…   as in a local store

- The index is written last, so a reader sees the previous store or the new one, never
  half of a push. Each push is a new *generation*.
- Pull downloads only the files whose size or checksum differ from the local copy, and
  checks each download against the index.
- A local copy that was pulled at the remote's current generation is kept as it is: it
  may hold the finished units of a run that was killed before its push, which the next
  run resumes from instead of redoing them.
- Push uploads only changed files, then the index, then deletes the objects no longer
  listed. It refuses when another run pushed since this copy was pulled (the work stays
  in the local copy; the next run pulls the newer store).

The local copy lives in ``$PROVSCAN_CACHE_DIR`` (default ``~/.cache/provscan``) under
``stores/``, one folder per store URI.
"""

from __future__ import annotations

import json
import os
import re
import socket
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow.fs as pafs
import xxhash

from provscan.errors import StoreError
from provscan.sources.fs import filesystem, is_remote

INDEX = "_provscan_store.json"
STATE = ".provscan-sync.json"
FORMAT = 1
_BLOCK = 8 << 20
_THREADS = 8
#: Never synced: temporary files (``.name.pid.tmp``), locks, the clustering's spill.
_SKIP_DIRS = {"tmp"}


@dataclass(frozen=True)
class Entry:
    size: int
    xxh3: str
    mtime_ns: int


@dataclass(frozen=True)
class SyncStats:
    files: int = 0
    bytes: int = 0
    deleted: int = 0


def cache_root() -> Path:
    base = os.environ.get("PROVSCAN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "provscan")
    return Path(base)


def local_copy_for(uri: str) -> Path:
    """The local copy's folder for a store URI: readable name, plus a hash of the URI."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", uri.split("://", 1)[1]).strip("_")[:80]
    return cache_root() / "stores" / f"{name}-{xxhash.xxh3_64_hexdigest(uri.encode())[:10]}"


def _entries(obj: Mapping[str, Any]) -> dict[str, Entry]:
    return {k: Entry(int(v["size"]), str(v["xxh3"]), int(v.get("mtime_ns", 0)))
            for k, v in obj.items()}


def _as_json(entries: Mapping[str, Entry]) -> dict[str, dict[str, Any]]:
    return {k: {"size": e.size, "xxh3": e.xxh3, "mtime_ns": e.mtime_ns}
            for k, e in sorted(entries.items())}


class RemoteStore:
    """One store URI and its local copy."""

    def __init__(self, uri: str, options: Mapping[str, str] | None = None,
                 local: Path | None = None) -> None:
        self.uri = uri.rstrip("/")
        self.fs, self.base = filesystem(self.uri, options)
        self.base = self.base.rstrip("/")
        self.local = (local or local_copy_for(self.uri)).absolute()

    # -- the remote index and the local state ------------------------------------------
    def _remote(self, rel: str) -> str:
        return f"{self.base}/{rel}"

    def remote_index(self) -> dict[str, Any] | None:
        try:
            with self.fs.open_input_stream(self._remote(INDEX)) as f:
                data: dict[str, Any] = json.loads(f.read())
        except FileNotFoundError:
            return None
        except OSError as e:
            if self.fs.get_file_info(self._remote(INDEX)).type == pafs.FileType.NotFound:
                return None
            raise StoreError(f"{self.uri}: cannot read {INDEX} ({e}). Check the credentials "
                             "and AWS_ENDPOINT_URL / --storage-option endpoint_url.") from e
        if data.get("format") != FORMAT:
            raise StoreError(f"{self.uri}/{INDEX}: store format {data.get('format')} is not "
                             f"{FORMAT}; use the provscan version that wrote it")
        return data

    def _state(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads((self.local / STATE).read_text())
            return data
        except (FileNotFoundError, ValueError):
            return {}

    def _save_state(self, generation: str | None, files: Mapping[str, Entry]) -> None:
        self.local.mkdir(parents=True, exist_ok=True)
        tmp = self.local / f"{STATE}.tmp"
        tmp.write_text(json.dumps({"uri": self.uri, "generation": generation,
                                   "files": _as_json(files)}))
        os.replace(tmp, self.local / STATE)

    def local_files(self) -> dict[str, Entry]:
        """Every file of the local copy, with checksums (reused from the last sync when
        size and mtime are unchanged)."""
        known = _entries(self._state().get("files", {}))
        out: dict[str, Entry] = {}
        if not self.local.exists():
            return out
        for dirpath, dirnames, filenames in os.walk(self.local):
            rel_dir = Path(dirpath).relative_to(self.local)
            dirnames[:] = [d for d in dirnames if not d.startswith(".")
                           and not (rel_dir == Path(".") and d in _SKIP_DIRS)]
            for name in filenames:
                if name.startswith("."):
                    continue
                p = Path(dirpath) / name
                rel = p.relative_to(self.local).as_posix()
                st = p.stat()
                old = known.get(rel)
                if old and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
                    out[rel] = old
                else:
                    out[rel] = Entry(st.st_size, _file_xxh3(p), st.st_mtime_ns)
        return out

    # -- pull ---------------------------------------------------------------------------
    def pull(self, *, must_exist: bool) -> SyncStats:
        """Bring the local copy to the remote's current generation (see the module doc)."""
        index = self.remote_index()
        state = self._state()
        if index is None:
            if must_exist:
                raise StoreError(f"{self.uri}: no provscan store here (no {INDEX}). Create "
                                 f"one with: provscan scan PATH --store {self.uri}")
            if state.get("generation"):  # the remote store was deleted: so is this copy
                self._clear(set(self.local_files()))
                self._save_state(None, {})
            self.local.mkdir(parents=True, exist_ok=True)
            return SyncStats()
        if state.get("generation") == index["generation"]:
            return SyncStats()
        want = _entries(index["files"])
        have = self.local_files()
        todo = [r for r, e in want.items()
                if (h := have.get(r)) is None or (h.size, h.xxh3) != (e.size, e.xxh3)]
        stale = set(have) - set(want)
        self._clear(stale)
        with ThreadPoolExecutor(_THREADS) as pool:
            list(pool.map(lambda r: self._download(r, want[r]), todo))
        self._save_state(index["generation"], want)
        if "catalog.duckdb" in todo:
            self._repoint_views()
        return SyncStats(len(todo), sum(want[r].size for r in todo), len(stale))

    def _repoint_views(self) -> None:
        """The catalog's ``manifest`` and ``evidence`` views name their parts by absolute
        path; point them at this copy (a local change, uploaded with the next push)."""
        from provscan.store.catalog import Catalog

        with Catalog(self.local) as cat:
            cat.refresh_views()

    def _download(self, rel: str, entry: Entry) -> None:
        final = self.local / rel
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.{os.getpid()}.pull")
        h = xxhash.xxh3_64()
        try:
            with self.fs.open_input_stream(self._remote(rel)) as src, tmp.open("wb") as dst:
                while block := src.read(_BLOCK):
                    h.update(block)
                    dst.write(block)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"{self.uri}/{rel}: cannot download ({e}). The store may be "
                             "being pushed by another run; try again.") from e
        if h.hexdigest() != entry.xxh3:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"{self.uri}/{rel}: the downloaded file does not match the "
                             f"store's index (another run may be pushing); try again")
        os.utime(tmp, ns=(entry.mtime_ns, entry.mtime_ns))
        os.replace(tmp, final)

    def _clear(self, rels: set[str]) -> None:
        for rel in rels:
            (self.local / rel).unlink(missing_ok=True)

    # -- push ---------------------------------------------------------------------------
    def push(self) -> SyncStats:
        """Upload what changed since the pull; refuse if another run pushed meanwhile."""
        state = self._state()
        index = self.remote_index()
        remote_gen = index["generation"] if index else None
        if remote_gen != state.get("generation"):
            raise StoreError(
                f"{self.uri}: another run pushed to this store since this one started "
                f"(generation {remote_gen}, this run began at {state.get('generation')}). "
                f"Nothing was uploaded; this run's work is kept in {self.local}. Run the "
                "command again: it takes the newer store and scans only what it lacks.")
        old = _entries(index["files"]) if index else {}
        now = self.local_files()
        todo = [r for r, e in now.items()
                if (o := old.get(r)) is None or (o.size, o.xxh3) != (e.size, e.xxh3)]
        # Parts first, the catalog after them, the index last.
        todo.sort(key=lambda r: r.startswith("catalog.duckdb"))
        parts = [r for r in todo if not r.startswith("catalog.duckdb")]
        with ThreadPoolExecutor(_THREADS) as pool:
            list(pool.map(self._upload, parts))
        for r in todo[len(parts):]:
            self._upload(r)
        generation = uuid.uuid4().hex
        body = json.dumps({
            "format": FORMAT, "generation": generation,
            "pushed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "pushed_from": socket.gethostname(), "files": _as_json(now)}, indent=1)
        with self.fs.open_output_stream(self._remote(INDEX)) as out:
            out.write(body.encode())
        gone = set(old) - set(now)
        for r in gone:
            with suppress(FileNotFoundError):
                self.fs.delete_file(self._remote(r))
        self._save_state(generation, now)
        return SyncStats(len(todo), sum(now[r].size for r in todo), len(gone))

    def _upload(self, rel: str) -> None:
        try:
            with (self.local / rel).open("rb") as src, \
                    self.fs.open_output_stream(self._remote(rel)) as dst:
                while block := src.read(_BLOCK):
                    dst.write(block)
        except OSError as e:
            raise StoreError(f"{self.uri}/{rel}: cannot upload ({e}). Nothing is lost: "
                             f"the work is in {self.local}; run the command again.") from e


def _file_xxh3(path: Path) -> str:
    h = xxhash.xxh3_64()
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            h.update(block)
    return h.hexdigest()


@contextmanager
def store_root(store: str, options: Mapping[str, str] | None = None, *,
               write: bool, must_exist: bool = True) -> Iterator[Path]:
    """The local directory to work on for ``store``: the directory itself, or the
    local copy of an object-store URI, pulled before and (``write``) pushed after.

    A push also follows an interrupted or failed command: finished units are kept in
    the catalog, so what is pushed is always a consistent store.
    """
    if not is_remote(store):
        yield Path(store)
        return
    remote = RemoteStore(store, options)
    remote.pull(must_exist=must_exist)
    try:
        yield remote.local
    finally:
        if write:
            remote.push()


__all__ = ["INDEX", "RemoteStore", "SyncStats", "cache_root", "local_copy_for",
           "store_root"]
