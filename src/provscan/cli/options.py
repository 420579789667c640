"""Options several commands share, declared once (as sqlite-utils declares its output
options), and opening a store for a command."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILED_UNITS = 1
EXIT_INTERRUPTED = 130
STORE_HELP = "Store: a directory, or s3://bucket/prefix (synced through a local copy)."
ROBOTS_TIMES = ["at-crawl", "latest", "any"]


def storage(pairs: tuple[str, ...]) -> dict[str, str]:
    """``--storage-option KEY=VALUE`` pairs as a mapping."""
    out = dict(o.split("=", 1) for o in pairs if "=" in o)
    if len(out) != len(pairs):
        raise click.UsageError("--storage-option takes KEY=VALUE")
    return out


def open_store(store: str, pairs: tuple[str, ...], *, write: bool,
               must_exist: bool = True) -> AbstractContextManager[Path]:
    """The store's local directory: itself, or the synced copy of an s3:// store."""
    from provscan.store.remote import store_root

    return store_root(store, storage(pairs), write=write, must_exist=must_exist,
                      notice=lambda msg: click.echo(f"note: {msg}", err=True))


storage_option = click.option(
    "--storage-option", "storage_options", multiple=True, metavar="KEY=VALUE",
    help="Object-store option for s3:// paths and stores (endpoint_url, region, "
    "access_key, secret_key, session_token, anonymous) or hf:// paths (token, endpoint); "
    "repeatable. Default: the AWS_* environment variables, AWS_ENDPOINT_URL included, "
    "and HF_TOKEN.")


def store_options(fn: F) -> F:
    """``--store`` (required) and ``--storage-option``, for commands that read a store."""
    fn = storage_option(fn)
    return click.option("--store", required=True, help=STORE_HELP)(fn)


def robots_options(purpose: str) -> Callable[[F], F]:
    """``--robots-time`` and ``--crawler-tokens``: how a scan judges robots.txt captures
    (``purpose="scan"``), or an override of what the scan recorded (``"override"``)."""
    if purpose == "scan":
        time_help = ("Which capture applies to a document: the one in effect at its date, "
                     "the newest, or both (a reservation in either counts) [default: any].")
        tokens_help = "JSON list of AI-training crawler tokens (default: the packaged list)."
    else:
        time_help = "Override the robots time recorded with the scan (as in `provscan scan`)."
        tokens_help = "Override the crawler token file recorded with the scan."

    def decorate(fn: F) -> F:
        fn = click.option("--crawler-tokens", type=click.Path(exists=True, dir_okay=False),
                          help=tokens_help)(fn)
        return click.option("--robots-time", type=click.Choice(ROBOTS_TIMES),
                            help=time_help)(fn)
    return decorate


__all__ = ["EXIT_FAILED_UNITS", "EXIT_INTERRUPTED", "STORE_HELP", "open_store",
           "robots_options", "storage", "storage_option", "store_options"]
