"""Files on local disk, on S3-compatible object stores and on the Hugging Face Hub,
behind one small interface.

``s3://bucket/key`` objects are read through ``pyarrow.fs.S3FileSystem`` (large ranged
reads in C++) and listed through boto3 (``s3.py``: sizes, dates and ETags in one pass).
Credentials come from the standard AWS chain (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``, ``AWS_PROFILE``, instance roles).
pyarrow does not read ``AWS_ENDPOINT_URL`` (used for MinIO, Ceph, R2, moto…), so this
module passes it on, together with ``AWS_REGION``/``AWS_DEFAULT_REGION``; options given
with ``--storage-option key=value`` win over the environment.

``hf://datasets/ORG/NAME[@REVISION]/path`` goes through ``huggingface_hub``'s fsspec
filesystem (token from ``HF_TOKEN`` or ``--storage-option token=…``), and any other
scheme fsspec knows (``gs://``, ``abfs://``, ``memory://``…) through fsspec, wrapped for
pyarrow; those listings carry a content id (the Hub's LFS sha256 or git blob id, an
ETag where the filesystem gives one) that serves as the fingerprint.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs

from provscan.common.s3 import list_objects, s3_settings
from provscan.errors import InputError


@dataclass(frozen=True)
class RemoteFile:
    uri: str
    size: int
    mtime_ns: int
    #: A content id from the listing: the S3 ETag, the Hub's LFS sha256 or blob id.
    etag: str | None = None


def is_remote(uri: str) -> bool:
    return "://" in uri and not uri.startswith("file://")


def _scheme_and_path(uri: str) -> tuple[str, str]:
    """Not ``urlsplit``: object keys may hold ``?`` and ``#``."""
    if "://" not in uri:
        return "", uri
    scheme, path = uri.split("://", 1)
    return scheme, path


@lru_cache(maxsize=8)
def _s3(items: tuple[tuple[str, str], ...], env: tuple[tuple[str, str], ...]) -> pafs.FileSystem:
    s = s3_settings(dict(items), dict(env))
    args: dict[str, Any] = {}
    if "endpoint_url" in s:
        scheme, host = s["endpoint_url"].split("://", 1)
        args.update(endpoint_override=host.rstrip("/"), scheme=scheme)
    for key in ("region", "access_key", "secret_key", "session_token", "anonymous"):
        if key in s:
            args[key] = s[key]
    return pafs.S3FileSystem(**args)


@lru_cache(maxsize=8)
def _fsspec(scheme: str, items: tuple[tuple[str, str], ...]) -> Any:
    """The fsspec filesystem of a scheme (``hf`` through huggingface_hub)."""
    options = dict(items)
    if scheme == "hf":
        try:
            from huggingface_hub import HfFileSystem
        except ImportError as e:
            raise InputError("hf:// paths need the huggingface_hub package: "
                             "pip install 'provscan[hf]'") from e
        return HfFileSystem(token=options.get("token"), endpoint=options.get("endpoint"))
    try:
        import fsspec
        cls = fsspec.get_filesystem_class(scheme)
    except (ImportError, ValueError) as e:
        raise InputError(f"{scheme}:// is not supported here ({e}); s3:// and hf:// are, "
                         "and other schemes through an installed fsspec backend") from e
    return cls(**options)


def filesystem(uri: str, options: Mapping[str, str] | None = None) -> tuple[pafs.FileSystem, str]:
    """The filesystem of ``uri`` and the path in it."""
    scheme, path = _scheme_and_path(uri)
    if scheme in ("s3", "s3a"):
        env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("AWS_")))
        return _s3(tuple(sorted((options or {}).items())), env), path
    if scheme in ("", "file"):
        return pafs.LocalFileSystem(), path
    raw = _fsspec(scheme, tuple(sorted((options or {}).items())))
    return pafs.PyFileSystem(pafs.FSSpecHandler(raw)), path


def _content_id(info: Mapping[str, Any]) -> str | None:
    """A listing's id of the bytes: LFS sha256 or blob id (Hub), ETag, md5."""
    lfs = info.get("lfs")
    if isinstance(lfs, Mapping) and lfs.get("sha256"):
        return str(lfs["sha256"])
    for key in ("blob_id", "ETag", "etag", "md5Hash", "md5"):
        if info.get(key):
            return str(info[key]).strip('"')
    return None


def _mtime_ns(info: Mapping[str, Any]) -> int:
    for key in ("mtime", "created"):
        if isinstance(info.get(key), (int, float)):
            return int(info[key] * 1e9)
    return 0


def _expand_fsspec(pattern: str, options: Mapping[str, str]) -> list[RemoteFile]:
    scheme, path = _scheme_and_path(pattern)
    fs = _fsspec(scheme, tuple(sorted(options.items())))
    try:
        if glob.has_magic(path):
            infos = list(fs.glob(path, detail=True).values())
        else:
            info = fs.info(path)
            infos = list(fs.find(path, detail=True).values()) \
                if info["type"] == "directory" else [info]
    except FileNotFoundError as e:
        raise InputError(f"{pattern}: no such file or folder") from e
    except Exception as e:  # network, auth, offline mode: the library's own message
        advice = "the token (HF_TOKEN or --storage-option token=...)" if scheme == "hf" \
            else f"the credentials of the {scheme}:// filesystem"
        raise InputError(f"{pattern}: cannot list ({type(e).__name__}: {e}). Check the "
                         f"network and {advice}") from e
    files = [RemoteFile(f"{scheme}://{str(i['name']).lstrip('/')}",
                        int(i.get("size") or 0), _mtime_ns(i), _content_id(i))
             for i in infos if i.get("type") == "file"
             and not str(i["name"]).rsplit("/", 1)[-1].startswith((".", "_"))]
    if not files:
        raise InputError(f"{pattern}: no file matches")
    return sorted(files, key=lambda f: f.uri)


def expand(pattern: str, options: Mapping[str, str] | None = None) -> list[RemoteFile]:
    """The files of a remote URI: one object, every object under a prefix, or a glob
    (``*`` within one folder, ``**`` across folders, as for local paths)."""
    scheme, _ = _scheme_and_path(pattern)
    if scheme not in ("s3", "s3a"):
        return _expand_fsspec(pattern, options or {})
    found = list_objects(pattern, options)
    if not found:
        raise InputError(f"{pattern}: no object matches (a glob's * stays within one "
                         "folder; use ** to reach into sub-folders)")
    return sorted((RemoteFile(*f) for f in found), key=lambda f: f.uri)


def open_input(uri: str, options: Mapping[str, str] | None = None) -> pa.NativeFile:
    """A random-access file (Parquet footers, Arrow IPC)."""
    if not is_remote(uri):
        return pa.OSFile(uri, "rb")
    fs, path = filesystem(uri, options)
    return fs.open_input_file(path)


def open_input_stream(uri: str, options: Mapping[str, str] | None = None) -> pa.NativeFile:
    """A file read sequentially (JSONL, CSV, WARC). Remote files are opened for random
    access so that ``tell`` works for progress; the readers read 8 MiB blocks, so each
    block is one ranged GET."""
    if not is_remote(uri):
        return pa.OSFile(uri, "rb")
    fs, path = filesystem(uri, options)
    return fs.open_input_file(path)


__all__ = ["RemoteFile", "expand", "filesystem", "is_remote", "open_input",
           "open_input_stream"]
