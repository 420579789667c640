"""S3 listings and requests through boto3: one ``ListObjectsV2`` pass gives each object's
size, LastModified and ETag (pyarrow's listing has no ETags), listings start at the
pattern's literal prefix, and glob patterns match path segments as local globs do
(``*`` stays within one folder, ``**`` crosses folders), translated by fsspec.

Reading the objects stays with ``pyarrow.fs.S3FileSystem`` (``fs.py``): large ranged
reads in C++. The endpoint, region and credentials come from the same place for both:
``--storage-option`` first, then the AWS_* environment variables.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from provscan.errors import InputError


def split_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/key`` as (bucket, key). Not ``urlsplit``: keys may hold ``?`` and
    ``#``, which are glob characters or plain characters here, not a query."""
    rest = uri.split("://", 1)[1]
    bucket, _, key = rest.partition("/")
    return bucket, key


def s3_settings(options: Mapping[str, str], environ: Mapping[str, str]) -> dict[str, Any]:
    """Endpoint (scheme and host), region, credentials and anonymous access, from
    ``--storage-option`` keys first and the AWS_* environment variables second."""
    out: dict[str, Any] = {}
    endpoint = options.get("endpoint_url") or environ.get("AWS_ENDPOINT_URL_S3") \
        or environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        out["endpoint_url"] = endpoint if "://" in endpoint else f"https://{endpoint}"
    region = options.get("region") or environ.get("AWS_REGION") \
        or environ.get("AWS_DEFAULT_REGION")
    if region:
        out["region"] = region
    for key in ("access_key", "secret_key", "session_token"):
        if key in options:
            out[key] = options[key]
    if options.get("anonymous", "").lower() in ("1", "true", "yes"):
        out["anonymous"] = True
    return out


def client(options: Mapping[str, str] | None = None) -> Any:
    """A boto3 S3 client for these options (cached; boto3 clients are thread-safe)."""
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("AWS_")))
    return _client(tuple(sorted((options or {}).items())), env)


@lru_cache(maxsize=8)
def _client(items: tuple[tuple[str, str], ...], env: tuple[tuple[str, str], ...]) -> Any:
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    s = s3_settings(dict(items), dict(env))
    config = Config(retries={"mode": "standard", "max_attempts": 5},
                    max_pool_connections=16,
                    **({"signature_version": UNSIGNED} if s.get("anonymous") else {}))
    return boto3.session.Session().client(
        "s3", endpoint_url=s.get("endpoint_url"), region_name=s.get("region"),
        aws_access_key_id=s.get("access_key"), aws_secret_access_key=s.get("secret_key"),
        aws_session_token=s.get("session_token"), config=config)


def describe_error(uri: str, e: Exception) -> str:
    """What went wrong with a request on ``uri``, and what to check."""
    code = getattr(e, "response", {}).get("Error", {}).get("Code")
    if code in ("NoSuchBucket",):
        return f"{uri}: no such bucket"
    if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "403"):
        return (f"{uri}: access denied ({code}). Check the credentials (AWS_ACCESS_KEY_ID, "
                "AWS_PROFILE or --storage-option access_key/secret_key)")
    return (f"{uri}: {type(e).__name__}: {e}. Check the endpoint (AWS_ENDPOINT_URL or "
            "--storage-option endpoint_url), the network and the credentials")


def list_objects(pattern: str, options: Mapping[str, str] | None = None
                 ) -> list[tuple[str, int, int, str]]:
    """(uri, size, mtime_ns, etag) of an object, every object under a prefix, or the
    objects a glob matches. Keys with a folder or name starting with ``.`` or ``_``
    below the given path (``_temporary/``, ``.staging``) are left out, except
    ``_delta_log/``: discovery reads a Delta table found under a prefix through it."""
    scheme = pattern.split("://", 1)[0]
    bucket, key = split_uri(pattern)
    magic = glob.has_magic(key)
    if magic:
        prefix = key[: min(key.index(c) for c in "*?[" if c in key)]
        base = prefix.rsplit("/", 1)[0] + "/" if "/" in prefix else ""
        match = re.compile(_glob_regex(key)).match
    else:
        prefix = base = key
    c = client(options)
    found: list[tuple[str, int, int, str]] = []
    try:
        for page in c.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                k = obj["Key"]
                if magic and not match(k):
                    continue
                if not magic and k != key and not (
                        k.startswith(key.rstrip("/") + "/") or key == ""):
                    continue  # "web/a" must not take "web/ab.parquet"
                below = k[len(base):] if magic else k[len(key):].lstrip("/")
                if k.endswith("/") or any(p.startswith((".", "_")) and p != "_delta_log"
                                          for p in below.split("/") if p):
                    continue
                found.append((f"{scheme}://{bucket}/{k}", int(obj["Size"]),
                              int(obj["LastModified"].timestamp() * 1e9),
                              str(obj.get("ETag", "")).strip('"')))
    except Exception as e:
        raise InputError(describe_error(pattern, e)) from e
    return found


def _glob_regex(key: str) -> str:
    from fsspec.utils import glob_translate

    return str(glob_translate(key))


__all__ = ["client", "describe_error", "list_objects", "s3_settings", "split_uri"]
