"""S3 listings and requests through boto3: one ``ListObjectsV2`` pass gives each object's
size, LastModified and ETag (pyarrow's listing has no ETags), listings start at the
pattern's literal prefix, and glob patterns match path segments as local globs do
(``*`` stays within one folder, ``**`` crosses folders), segment by segment with
``fnmatch`` as ``glob.glob`` does.

Reading the objects stays with ``pyarrow.fs.S3FileSystem`` (``fs.py``): large ranged
reads in C++. The endpoint, region and credentials come from the same place for both:
``--storage-option`` first, then the AWS_* environment variables.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Callable, Iterator, Mapping
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
    objects a glob matches, sorted by URI.

    A glob follows ``glob.glob(..., recursive=True)`` on local paths, segment by segment:
    ``*``, ``?`` and ``[...]`` stay within one folder and do not match a name starting
    with ``.`` unless the pattern's segment starts with ``.`` too; ``**`` as a whole
    segment matches any number of folders, none starting with ``.``. Names starting with
    ``_`` match like any other (``data/_*.parquet``, ``q/**/*.parquet`` takes
    ``q/_raw/f.parquet``). A glob that matches a folder (``out.parquet/`` for
    ``*.parquet``) takes the objects below it as a prefix does.

    Below a prefix (given, or a folder a glob matched), objects in folders or with names
    starting with ``.`` or ``_`` (``_temporary/``, ``.staging/``, ``_SUCCESS``) are left
    out, except ``_delta_log/``: discovery reads a Delta table found under a prefix
    through it. What a path names literally is never left out.

    Keys with an empty path component (``a//b``, ``/a``) are left out: the reader
    (``pyarrow.fs.S3FileSystem``) cannot open them. Naming one, or a prefix or glob that
    holds ``//``, is an InputError, as is a listing that found only such keys.

    Without ``**`` and with wildcards only in the last segment, the listing is one
    folder level (``Delimiter='/'``) from the literal prefix, plus the folders that
    segment matches; otherwise it is recursive from the literal prefix.
    """
    scheme = pattern.split("://", 1)[0]
    bucket, key = split_uri(pattern)
    if _empty_component(key):
        raise InputError(f"{pattern}: the path has an empty component ('//' or a leading "
                         "'/'); objects with such keys cannot be read (pyarrow's S3 "
                         "filesystem refuses them). Copy them to keys without '//'")
    c = client(options)
    found: list[tuple[str, int, int, str]] = []
    unreadable: list[str] = []

    def add(obj: Mapping[str, Any]) -> None:
        found.append((f"{scheme}://{bucket}/{obj['Key']}", int(obj["Size"]),
                      int(obj["LastModified"].timestamp() * 1e9),
                      str(obj.get("ETag", "")).strip('"')))

    def listing(prefix: str, takes: Callable[[str], bool], delimiter: bool = False
                ) -> Iterator[dict[str, Any]]:
        """Add the objects ``takes`` accepts; yield the pages (for CommonPrefixes). A key
        with an empty component is noted, not added, if ``takes`` accepts it without."""
        args = {"Bucket": bucket, "Prefix": prefix, **({"Delimiter": "/"} if delimiter
                                                        else {})}
        for page in c.get_paginator("list_objects_v2").paginate(**args):
            for obj in page.get("Contents", []):
                k = obj["Key"]
                if k.endswith("/"):
                    continue  # a folder marker
                if _empty_component(k):
                    if takes("/".join(p for p in k.split("/") if p)):
                        unreadable.append(k)
                elif takes(k):
                    add(obj)
            yield page

    def below(folder: str) -> Callable[[str], bool]:
        return lambda k: _kept_below(k[len(folder):])

    try:
        if not glob.has_magic(key):
            def named(k: str) -> bool:  # "web/a" must not take "web/ab.parquet"
                inside = key == "" or k.startswith(key.rstrip("/") + "/")
                return k == key or (inside and _kept_below(k[len(key):].lstrip("/")))
            for _ in listing(key, named):
                pass
        else:
            folders_only = key.endswith("/")
            segs = key.rstrip("/").split("/")
            prefix = key[: min(key.index(ch) for ch in "*?[" if ch in key)]
            if "**" not in segs and not any(glob.has_magic(s) for s in segs[:-1]):
                def here(k: str) -> bool:
                    return not folders_only and _segment_matches(segs[-1], k[len(base):])
                base = prefix.rsplit("/", 1)[0] + "/" if "/" in prefix else ""
                for page in listing(prefix, here, delimiter=True):
                    for cp in page.get("CommonPrefixes", []):
                        folder = cp["Prefix"]
                        if _segment_matches(segs[-1], folder[len(base):-1]):
                            for _ in listing(folder, below(folder)):
                                pass
            else:
                for _ in listing(prefix, lambda k: _glob_takes(
                        segs, k.split("/"), folders_only)):
                    pass
    except Exception as e:
        raise InputError(describe_error(pattern, e)) from e
    if not found and unreadable:
        raise InputError(f"{pattern}: only objects with an empty path component ('//') "
                         f"are here (such as {scheme}://{bucket}/{unreadable[0]}); "
                         "pyarrow's S3 filesystem cannot read them. Copy them to keys "
                         "without '//'")
    return sorted(found)


def _empty_component(key: str) -> bool:
    """Whether an object key has an empty path component (``a//b``, ``/a``)."""
    return key.startswith("/") or "//" in key


def _kept_below(rest: str) -> bool:
    """Whether an object ``rest`` below a prefix is listed: not a folder marker, and no
    folder or name starting with ``.`` or ``_`` (but ``_delta_log``)."""
    return bool(rest) and not rest.endswith("/") and not any(
        p.startswith((".", "_")) and p != "_delta_log" for p in rest.split("/"))


def _segment_matches(pat: str, name: str) -> bool:
    """One path segment against one pattern segment, as ``glob.glob`` does."""
    if not name:
        return False
    if not glob.has_magic(pat):
        return pat == name
    if name.startswith(".") and not pat.startswith("."):
        return False  # wildcards do not match hidden names
    return fnmatch.fnmatchcase(name, pat)


def _glob_matches(segs: list[str], parts: list[str]) -> bool:
    """Whether pattern segments match path parts exactly; ``**`` takes any number of
    parts, none starting with ``.``."""
    if not segs:
        return not parts
    if segs[0] == "**":
        rest = segs[1:]
        while rest and rest[0] == "**":
            rest = rest[1:]
        for i in range(len(parts) + 1):
            if i and parts[i - 1].startswith("."):
                return False
            if _glob_matches(rest, parts[i:]):
                return True
        return False
    return bool(parts) and _segment_matches(segs[0], parts[0]) \
        and _glob_matches(segs[1:], parts[1:])


def _glob_takes(segs: list[str], parts: list[str], folders_only: bool) -> bool:
    """Whether a glob takes an object: it matches the key, or one of the key's folders
    and the rest of the key is listed below that folder as below a prefix."""
    if not folders_only and _glob_matches(segs, parts):
        return True
    return any(_glob_matches(segs, parts[:j]) and _kept_below("/".join(parts[j:]))
               for j in range(1, len(parts)))


__all__ = ["client", "describe_error", "list_objects", "s3_settings", "split_uri"]
