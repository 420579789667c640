"""Files on local disk, on S3-compatible object stores and on the Hugging Face Hub,
behind one small interface.

Remote URIs (``s3://bucket/key``) go through ``pyarrow.fs.S3FileSystem``: large
sequential reads, credentials from the standard AWS chain (``AWS_ACCESS_KEY_ID``,
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

import fnmatch
import glob
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.fs as pafs

from provscan.errors import InputError

#: ``--storage-option`` keys understood for S3, and the S3FileSystem argument they set.
S3_OPTIONS = {
    "endpoint_url": "endpoint_override", "region": "region", "access_key": "access_key",
    "secret_key": "secret_key", "session_token": "session_token", "anonymous": "anonymous",
}


@dataclass(frozen=True)
class RemoteFile:
    uri: str
    size: int
    mtime_ns: int
    #: The object's ETag when the listing gives one (S3 with boto3 installed).
    etag: str | None = None


def is_remote(uri: str) -> bool:
    return "://" in uri and not uri.startswith("file://")


def _s3_args(options: Mapping[str, str], environ: Mapping[str, str]) -> dict[str, object]:
    args: dict[str, object] = {}
    endpoint = options.get("endpoint_url") or environ.get("AWS_ENDPOINT_URL_S3") \
        or environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
        args["endpoint_override"] = parts.netloc + parts.path.rstrip("/")
        args["scheme"] = parts.scheme
    region = options.get("region") or environ.get("AWS_REGION") \
        or environ.get("AWS_DEFAULT_REGION")
    if region:
        args["region"] = region
    for key, arg in S3_OPTIONS.items():
        if key in ("endpoint_url", "region") or key not in options:
            continue
        args[arg] = options[key].lower() in ("1", "true", "yes") if key == "anonymous" \
            else options[key]
    return args


@lru_cache(maxsize=8)
def _s3(items: tuple[tuple[str, str], ...], env: tuple[tuple[str, str], ...]) -> pafs.FileSystem:
    return pafs.S3FileSystem(**_s3_args(dict(items), dict(env)))  # type: ignore[arg-type]


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
    parts = urlsplit(uri)
    if parts.scheme in ("s3", "s3a"):
        env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("AWS_")))
        fs = _s3(tuple(sorted((options or {}).items())), env)
        return fs, f"{parts.netloc}{parts.path}"
    if parts.scheme in ("", "file"):
        return pafs.LocalFileSystem(), parts.path if parts.scheme else uri
    raw = _fsspec(parts.scheme, tuple(sorted((options or {}).items())))
    return pafs.PyFileSystem(pafs.FSSpecHandler(raw)), f"{parts.netloc}{parts.path}"


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
    parts = urlsplit(pattern)
    fs = _fsspec(parts.scheme, tuple(sorted(options.items())))
    path = f"{parts.netloc}{parts.path}"
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
        raise InputError(f"{pattern}: cannot list ({type(e).__name__}: {e}). Check the "
                         "network and the token (HF_TOKEN or --storage-option "
                         "token=...)") from e
    files = [RemoteFile(f"{parts.scheme}://{str(i['name']).lstrip('/')}",
                        int(i.get("size") or 0), _mtime_ns(i), _content_id(i))
             for i in infos if i.get("type") == "file"
             and not str(i["name"]).rsplit("/", 1)[-1].startswith((".", "_"))]
    if not files:
        raise InputError(f"{pattern}: no file matches")
    return sorted(files, key=lambda f: f.uri)


def expand(pattern: str, options: Mapping[str, str] | None = None) -> list[RemoteFile]:
    """The files of a remote URI: one object, every object under a prefix, or a glob."""
    scheme = urlsplit(pattern).scheme
    if scheme not in ("s3", "s3a", "", "file"):
        return _expand_fsspec(pattern, options or {})
    fs, path = filesystem(pattern, options)
    try:
        if glob.has_magic(path):
            base = path[: min(path.index(c) for c in "*?[" if c in path)].rsplit("/", 1)[0]
            infos = fs.get_file_info(pafs.FileSelector(base, recursive=True))
            infos = [i for i in infos if fnmatch.fnmatchcase(i.path, path)]
        else:
            info = fs.get_file_info(path)
            if info.type == pafs.FileType.Directory:
                infos = fs.get_file_info(pafs.FileSelector(path, recursive=True))
            elif info.type == pafs.FileType.File:
                infos = [info]
            else:
                raise InputError(f"{pattern}: no such object or prefix")
    except OSError as e:
        raise InputError(f"{pattern}: cannot list ({e}). Check the credentials and "
                         "AWS_ENDPOINT_URL / --storage-option endpoint_url.") from e
    infos = [i for i in infos if i.type == pafs.FileType.File
             and not i.base_name.startswith((".", "_"))]
    if not infos:
        raise InputError(f"{pattern}: no object matches")
    tags = _etags(pattern, infos, options or {}) if scheme in ("s3", "s3a") else {}
    files = [RemoteFile(f"{scheme}://{i.path}", i.size or 0, i.mtime_ns or 0,
                        tags.get(i.path)) for i in infos]
    return sorted(files, key=lambda f: f.uri)


def _etags(pattern: str, infos: list[pafs.FileInfo],
           options: Mapping[str, str]) -> dict[str, str]:
    """ETags of the listed objects, keyed by ``bucket/key``: one ListObjectsV2 pass with
    boto3 when it is installed (pyarrow's listing does not expose them), else nothing and
    fingerprints fall back to size and modification time."""
    try:
        import boto3
        from botocore import UNSIGNED
        from botocore.config import Config
    except ImportError:
        return {}
    args = _s3_args(options, os.environ)
    endpoint = args.get("endpoint_override")
    client = boto3.client(
        "s3", endpoint_url=f"{args.get('scheme', 'https')}://{endpoint}" if endpoint else None,
        region_name=args.get("region"), aws_access_key_id=args.get("access_key"),
        aws_secret_access_key=args.get("secret_key"),
        aws_session_token=args.get("session_token"),
        config=Config(signature_version=UNSIGNED) if args.get("anonymous") else None)
    bucket = urlsplit(pattern).netloc
    prefix = os.path.commonpath([i.path for i in infos])[len(bucket) + 1:]
    tags: dict[str, str] = {}
    try:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket,
                                                                     Prefix=prefix):
            for obj in page.get("Contents", []):
                tags[f"{bucket}/{obj['Key']}"] = str(obj["ETag"]).strip('"')
    except Exception:  # anonymous access, odd servers: size and mtime still work
        return {}
    return tags


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
