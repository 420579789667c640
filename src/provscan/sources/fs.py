"""Files on local disk and on S3-compatible object stores, behind one small interface.

Remote URIs (``s3://bucket/key``) go through ``pyarrow.fs.S3FileSystem``: large
sequential reads, credentials from the standard AWS chain (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``, ``AWS_PROFILE``, instance roles).
pyarrow does not read ``AWS_ENDPOINT_URL`` (used for MinIO, Ceph, R2, moto…), so this
module passes it on, together with ``AWS_REGION``/``AWS_DEFAULT_REGION``; options given
with ``--storage-option key=value`` win over the environment.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
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


def filesystem(uri: str, options: Mapping[str, str] | None = None) -> tuple[pafs.FileSystem, str]:
    """The filesystem of ``uri`` and the path in it."""
    parts = urlsplit(uri)
    if parts.scheme in ("s3", "s3a"):
        env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("AWS_")))
        fs = _s3(tuple(sorted((options or {}).items())), env)
        return fs, f"{parts.netloc}{parts.path}"
    if parts.scheme in ("", "file"):
        return pafs.LocalFileSystem(), parts.path if parts.scheme else uri
    raise InputError(f"{uri}: the {parts.scheme}:// scheme is not supported (s3:// is)")


def expand(pattern: str, options: Mapping[str, str] | None = None) -> list[RemoteFile]:
    """The files of a remote URI: one object, every object under a prefix, or a glob."""
    fs, path = filesystem(pattern, options)
    scheme = urlsplit(pattern).scheme
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
