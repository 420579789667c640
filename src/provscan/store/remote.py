"""A store on S3 (``s3://bucket/prefix``), worked on through a local copy.

The catalog is a DuckDB file with one writer and the parts are Parquet files written
in place, so no command writes to S3 while it works. A command pulls the store into a
local copy, works there, and (``scan``, ``dedup``) pushes what changed:

    s3://bucket/prefix/_provscan_store.json    the index: each file's size and xxh3-128
    s3://bucket/prefix/objects/<xxh3-128>      the files' bytes, named by their content

- Objects are named by their content, so a push never overwrites an object that the
  current index uses: a push cut short leaves the store as it was (plus unreferenced
  objects, removed by a later push).
- The index is written last, with a conditional PUT (``If-Match`` the index this copy
  was pulled from, ``If-None-Match`` for a new store): of two runs pushing at once,
  one wins and the other is told, its work kept in its local copy.
- Pull downloads the files whose checksum differs from the local copy and checks each.
  A copy pulled at the store's current generation is used as it is, so a scan killed
  before its push resumes from its finished units.
- One command at a time per local copy (a lock file); a push happens only when a file
  changed.

The local copy is ``$PROVSCAN_CACHE_DIR/stores/<bucket_prefix>-<hash>`` (default cache
``~/.cache/provscan``). docs/store.md explains it for users.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import xxhash

from provscan.common.fs import is_remote
from provscan.common.s3 import client, describe_error, split_uri
from provscan.errors import StoreError
from provscan.store.catalog import catalog_digest
from provscan.store.layout import file_xxh3
from provscan.store.lock import locked

INDEX = "_provscan_store.json"
OBJECTS = "objects/"
STATE = ".provscan-sync.json"
FORMAT = 1
_BLOCK = 8 << 20
_THREADS = 8


@dataclass(frozen=True)
class Entry:
    size: int
    xxh3: str  # xxh3-128 hex: also the object's name
    mtime_ns: int


@dataclass(frozen=True)
class SyncStats:
    files: int = 0
    bytes: int = 0
    deleted: int = 0
    #: Files of the local copy that differ from the store (work not yet pushed).
    unpushed: int = 0


def cache_root() -> Path:
    base = os.environ.get("PROVSCAN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "provscan")
    return Path(base)


def local_copy_for(uri: str) -> Path:
    """The local copy's folder for a store URI: a readable name plus a hash of the URI."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", uri.split("://", 1)[1]).strip("_")[:80]
    return cache_root() / "stores" / f"{name}-{xxhash.xxh3_64_hexdigest(uri.encode())[:10]}"


def _synced(rel: str) -> bool:
    """Store files, not temporary ones: dot files (locks, ``.name.pid.tmp``), ``*.tmp``
    files and folders (DuckDB's spill), the clustering's ``tmp/``."""
    parts = rel.split("/")
    return not (parts[0] == "tmp" or any(p.startswith(".") or p.endswith(".tmp")
                                         for p in parts))


_HEX128 = re.compile(r"^[0-9a-f]{32}$")


def _entries(obj: Mapping[str, Any]) -> dict[str, Entry]:
    return {k: Entry(int(v["size"]), str(v["xxh3"]), int(v.get("mtime_ns", 0)))
            for k, v in obj.items()}


def _checked(uri: str, files: Mapping[str, Entry]) -> dict[str, Entry]:
    """An index's files, refusing any that would land outside the local copy or name
    an object outside ``objects/`` (anyone who can write to the bucket writes the index)."""
    for rel, e in files.items():
        parts = rel.split("/")
        if rel.startswith("/") or "" in parts or ".." in parts or not _synced(rel) \
                or not _HEX128.match(e.xxh3):
            raise StoreError(f"{uri}/{INDEX}: refusing the entry {rel!r}: not a store file "
                             "name. The index was not written by provscan; check who can "
                             "write to this bucket")
    return dict(files)


def _as_json(entries: Mapping[str, Entry]) -> dict[str, dict[str, Any]]:
    return {k: {"size": e.size, "xxh3": e.xxh3, "mtime_ns": e.mtime_ns}
            for k, e in sorted(entries.items())}


class RemoteStore:
    """One store URI and its local copy. Use :func:`store_root`, which also locks."""

    def __init__(self, uri: str, options: Mapping[str, str] | None = None,
                 local: Path | None = None) -> None:
        if not uri.startswith(("s3://", "s3a://")):
            raise StoreError(f"{uri}: a store is a directory or an s3:// URI")
        self.uri = uri.rstrip("/")
        self.bucket, prefix = split_uri(self.uri)
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self.s3 = client(options)
        self.local = (local or local_copy_for(self.uri)).absolute()

    # -- the remote index and the local state ------------------------------------------
    def _call(self, what: str, fn: Any, **kwargs: Any) -> Any:
        try:
            return fn(Bucket=self.bucket, **kwargs)
        except Exception as e:
            raise StoreError(f"{describe_error(self.uri, e)} (while {what})") from e

    def remote_index(self) -> tuple[dict[str, Any], str] | None:
        """The index and its ETag, or None for a new store."""
        try:
            obj = self.s3.get_object(Bucket=self.bucket, Key=self.prefix + INDEX)
        except Exception as e:
            if getattr(e, "response", {}).get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise StoreError(f"{describe_error(self.uri, e)} (while reading {INDEX})") from e
        data: dict[str, Any] = json.loads(obj["Body"].read())
        if data.get("format") != FORMAT:
            raise StoreError(f"{self.uri}/{INDEX}: store format {data.get('format')} is not "
                             f"{FORMAT}; use the provscan version that wrote it")
        return data, str(obj["ETag"])

    def _state(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads((self.local / STATE).read_text())
            return data
        except (FileNotFoundError, ValueError):
            return {}

    def _save_state(self, generation: str | None, etag: str | None,
                    files: Mapping[str, Entry]) -> None:
        self.local.mkdir(parents=True, exist_ok=True)
        tmp = self.local / f"{STATE}.tmp"
        tmp.write_text(json.dumps({"uri": self.uri, "generation": generation,
                                   "index_etag": etag, "files": _as_json(files)}))
        os.replace(tmp, self.local / STATE)

    def local_files(self) -> dict[str, Entry]:
        """Every store file of the local copy, with checksums (reused from the last sync
        when size and mtime are unchanged)."""
        known = _entries(self._state().get("files", {}))
        out: dict[str, Entry] = {}
        for dirpath, dirnames, filenames in os.walk(self.local):
            base = Path(dirpath)
            dirnames[:] = [d for d in dirnames
                           if _synced((base / d).relative_to(self.local).as_posix())]
            for name in filenames:
                p = base / name
                rel = p.relative_to(self.local).as_posix()
                if not _synced(rel):
                    continue
                st = p.stat()
                old = known.get(rel)
                if old and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
                    out[rel] = old
                else:
                    out[rel] = Entry(st.st_size, file_xxh3(p, 128), st.st_mtime_ns)
        return out

    # -- pull ---------------------------------------------------------------------------
    def pull(self, *, must_exist: bool) -> SyncStats:
        """Bring the local copy to the store's current generation (see the module doc)."""
        self.local.mkdir(parents=True, exist_ok=True)
        for leftover in self.local.rglob(".*.pull"):  # downloads of a killed pull
            leftover.unlink(missing_ok=True)
        found = self.remote_index()
        state = self._state()
        if found is None:
            if state.get("generation"):
                raise StoreError(
                    f"{self.uri}: the store's index ({INDEX}) is gone, but this machine's "
                    f"copy of it (generation {state['generation']}) is in {self.local}. "
                    f"To put the store back from this copy, delete {self.local / STATE} and "
                    "run the scan again; to start afresh, delete that folder.")
            if must_exist:
                raise StoreError(f"{self.uri}: no provscan store here (no {INDEX}). Create "
                                 f"one with: provscan scan PATH --store {self.uri}")
            return SyncStats()
        index, etag = found
        if state.get("generation") == index["generation"]:
            # What this copy last pulled or pushed (its catalog's views repointed here).
            published = {r: (e.size, e.xxh3) for r, e in _entries(state["files"]).items()}
            mine = {r: (e.size, e.xxh3) for r, e in self.local_files().items()}
            return SyncStats(unpushed=len(set(mine.items()) ^ set(published.items())))
        want = _checked(self.uri, _entries(index["files"]))
        have = self.local_files()
        todo = [r for r, e in want.items()
                if (h := have.get(r)) is None or (h.size, h.xxh3) != (e.size, e.xxh3)]
        stale = set(have) - set(want)
        for rel in stale:
            (self.local / rel).unlink(missing_ok=True)
        with ThreadPoolExecutor(_THREADS) as pool:
            list(pool.map(lambda r: self._download(r, want[r], index), todo))
        if "catalog.duckdb" in todo:
            self._repoint_views()
            cat = self.local / "catalog.duckdb"
            want = {**want, "catalog.duckdb": Entry(cat.stat().st_size, file_xxh3(cat, 128),
                                                    cat.stat().st_mtime_ns)}
        self._save_state(index["generation"], etag, want)
        return SyncStats(len(todo), sum(want[r].size for r in todo), len(stale))

    def _repoint_views(self) -> None:
        """The catalog's ``manifest`` and ``evidence`` views name their parts by absolute
        path; point them at this copy."""
        from provscan.store.catalog import Catalog

        with Catalog(self.local) as cat:
            cat.refresh_views()

    def _download(self, rel: str, entry: Entry, index: Mapping[str, Any]) -> None:
        final = self.local / rel
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.{os.getpid()}.pull")
        try:
            body = self.s3.get_object(Bucket=self.bucket,
                                      Key=self.prefix + OBJECTS + entry.xxh3)["Body"]
        except Exception as e:
            if getattr(e, "response", {}).get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise StoreError(
                    f"{self.uri}: the object of {rel} is gone: the store changed while it "
                    "was being pulled (two newer pushes). Run the command again.") from e
            raise StoreError(f"{describe_error(self.uri, e)} (while downloading {rel})") from e
        h = xxhash.xxh3_128()
        with tmp.open("wb") as dst:
            for block in body.iter_chunks(_BLOCK):
                h.update(block)
                dst.write(block)
        if h.hexdigest() != entry.xxh3:
            tmp.unlink(missing_ok=True)
            raise StoreError(
                f"{self.uri}: the object of {rel} ({OBJECTS}{entry.xxh3}) does not match its "
                "checksum: the store on S3 is damaged. Push it again from a complete copy "
                f"(the last push came from {index.get('pushed_from')}), or delete the store "
                "and scan again.")
        os.utime(tmp, ns=(entry.mtime_ns, entry.mtime_ns))
        os.replace(tmp, final)

    # -- push ---------------------------------------------------------------------------
    def push(self) -> SyncStats:
        """Upload the changed files and a new index; nothing when nothing changed."""
        state = self._state()
        found = self.remote_index()
        if found is not None and found[0]["generation"] != state.get("generation"):
            raise self._conflict(found[0]["generation"], state.get("generation"))
        old = _entries(found[0]["files"]) if found else {}
        now = self.local_files()
        digest = catalog_digest(self.local / "catalog.duckdb")

        def data(files: Mapping[str, Entry]) -> dict[str, tuple[int, str]]:
            return {r: (e.size, e.xxh3) for r, e in files.items()
                    if not r.startswith("catalog.duckdb")}

        if (found is not None and data(now) == data(old)
                and found[0].get("catalog_digest") == digest) or (found is None and not now):
            # Nothing but the run history changed: a no-op run publishes nothing, so it
            # cannot make a concurrent run's push fail.
            self._save_state(state.get("generation"), state.get("index_etag"), now)
            return SyncStats()
        present = self._objects()
        todo = {e.xxh3: r for r, e in now.items() if present.get(e.xxh3) != e.size}
        with ThreadPoolExecutor(_THREADS) as pool:
            list(pool.map(lambda k: self._upload(todo[k], k), todo))
        generation = uuid.uuid4().hex
        body = json.dumps({
            "format": FORMAT, "generation": generation,
            "pushed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "pushed_from": socket.gethostname(), "catalog_digest": digest,
            "files": _as_json(now)}, indent=1).encode()
        cond = {"IfMatch": found[1]} if found else {"IfNoneMatch": "*"}
        try:
            put = self.s3.put_object(Bucket=self.bucket, Key=self.prefix + INDEX, Body=body,
                                     ContentType="application/json", **cond)
            etag = str(put["ETag"])
        except Exception as e:
            if getattr(e, "response", {}).get("Error", {}).get("Code") not in (
                    "PreconditionFailed", "412", "ConditionalRequestConflict"):
                raise StoreError(f"{describe_error(self.uri, e)} (while writing {INDEX}); "
                                 f"nothing is lost: the work is in {self.local}") from e
            latest = self.remote_index()  # a retry after a lost reply finds its own index
            if latest is None or latest[0]["generation"] != generation:
                raise self._conflict("a newer one", state.get("generation")) from e
            etag = latest[1]
        # Objects neither index uses: earlier generations', and those of cut-short pushes;
        # not if another push already followed this one (it may use some of them).
        keep = {e.xxh3 for e in now.values()} | {e.xxh3 for e in old.values()}
        latest = self.remote_index()
        gone = [k for k in present if k not in keep] \
            if latest is not None and latest[0]["generation"] == generation else []
        for i in range(0, len(gone), 1000):
            self._call("removing unused objects", self.s3.delete_objects, Delete={
                "Objects": [{"Key": self.prefix + OBJECTS + k} for k in gone[i:i + 1000]],
                "Quiet": True})
        self._save_state(generation, etag, now)
        return SyncStats(len(todo), sum(now[r].size for r in todo.values()), len(gone))

    def _conflict(self, theirs: str, ours: str | None) -> StoreError:
        return StoreError(
            f"{self.uri}: another run pushed to this store since this one pulled it "
            f"(store generation {theirs}; this copy's {ours}). Nothing of this run was "
            f"published. Run the command again: it takes the newer store and scans what "
            "that store lacks (this run's units again, unless the other run did them).")

    def _objects(self) -> dict[str, int]:
        """The objects in the store, by name, with their sizes."""
        out: dict[str, int] = {}
        pages = self._call("listing objects", self.s3.get_paginator("list_objects_v2").paginate,
                           Prefix=self.prefix + OBJECTS)
        try:
            for page in pages:
                for obj in page.get("Contents", []):
                    out[obj["Key"][len(self.prefix + OBJECTS):]] = int(obj["Size"])
        except Exception as e:
            raise StoreError(f"{describe_error(self.uri, e)} (while listing objects)") from e
        return out

    def _upload(self, rel: str, key: str) -> None:
        from boto3.s3.transfer import TransferConfig

        with (self.local / rel).open("rb") as f:  # files go up in parallel, each in turn
            self._call(f"uploading {rel}", self.s3.upload_fileobj, Fileobj=f,
                       Key=self.prefix + OBJECTS + key,
                       Config=TransferConfig(use_threads=False))


@contextmanager
def store_root(store: str, options: Mapping[str, str] | None = None, *,
               write: bool, must_exist: bool = True,
               notice: Callable[[str], None] | None = None) -> Iterator[Path]:
    """The local directory to work on for ``store``: the directory itself, or the
    local copy of an ``s3://`` store, locked, pulled before and (``write``) pushed after.

    ``notice`` hears about a read on a copy that holds unpushed work.
    A push also follows an interrupted command (Ctrl-C, exit code 1 for failed units):
    its finished units are consistent in the catalog. After an error, nothing is pushed;
    the local copy keeps the work for the next run. Nothing is pushed when no file
    changed.
    """
    if not is_remote(store):
        yield Path(store)
        return
    remote = RemoteStore(store, options)
    with locked(remote.local):
        stats = remote.pull(must_exist=must_exist)
        if stats.unpushed and not write and notice is not None:
            notice(f"{store}: this machine's copy ({remote.local}) holds work not yet "
                   f"pushed ({stats.unpushed} files differ; a scan stopped before its "
                   "push?). What follows includes it; run the scan again to publish it.")
        try:
            yield remote.local
        except (KeyboardInterrupt, SystemExit):
            if write:
                remote.push()
            raise
        if write:
            remote.push()


def remove_local_copy(store: str) -> None:
    """Delete the local copy of a store (the next command pulls it again)."""
    shutil.rmtree(local_copy_for(store.rstrip("/")), ignore_errors=True)


__all__ = ["INDEX", "OBJECTS", "RemoteStore", "SyncStats", "cache_root", "local_copy_for",
           "remove_local_copy", "store_root"]
