"""``provscan export``: the kept documents of a store, from their original shards."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

import click

from provscan.cli.options import EXIT_FAILED_UNITS, EXIT_INTERRUPTED, open_store, store_options

if TYPE_CHECKING:  # the command imports its library when it runs
    from provscan.export import ExportResult


def _size(value: str) -> int:
    units = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "KIB": 1 << 10,
             "MIB": 1 << 20, "GIB": 1 << 30}
    v = value.strip().upper()
    num = v.rstrip("KMGIB")
    unit = v[len(num):]
    try:
        n = int(float(num) * units[unit])
    except (KeyError, ValueError):
        raise click.BadParameter(f"{value!r}: give a size such as 256MB or 1GB") from None
    if n <= 0:
        raise click.BadParameter(f"{value!r}: must be positive")
    return n


class ExportProgressBar:
    """Progress of an export: a bar on a terminal, a line every ten seconds otherwise."""

    def __init__(self, stream: TextIO | None = None, interval: float = 10.0) -> None:
        from rich.progress import Progress

        self.stream = stream or sys.stderr
        self.interval = interval
        self.progress: Progress | None = None
        self.task: object = None
        self.docs = self.bytes = self.done = self.total = 0
        self.t0 = self.last = time.monotonic()

    def start(self, tasks: int, input_bytes: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self.total = tasks
        if tasks and self.stream.isatty():
            self.progress = Progress(TextColumn("exporting"), BarColumn(),
                                     TaskProgressColumn(), TextColumn("ETA"),
                                     TimeRemainingColumn(), console=Console(file=self.stream),
                                     transient=True)
            self.progress.start()
            self.task = self.progress.add_task("export", total=max(input_bytes, 1))

    def advance(self, docs: int, nbytes: int, input_bytes: int) -> None:
        self.docs += docs
        self.bytes += nbytes
        if self.progress is not None:
            self.progress.advance(self.task, input_bytes)  # type: ignore[arg-type]
        elif time.monotonic() - self.last >= self.interval:
            self.last = time.monotonic()
            rate = self.bytes / max(self.last - self.t0, 1e-9) / 1e6
            print(f"provscan: {self.done}/{self.total} shards, {self.docs:,} docs, "
                  f"{rate:,.1f} MB/s", file=self.stream, flush=True)

    def task_done(self, result: ExportResult) -> None:
        self.done += 1
        if not result.ok:
            print(f"provscan: failed: {result.error}", file=self.stream, flush=True)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


@click.command()
@store_options
@click.option("--exclusions", required=True, help="The exclusion set whose documents are "
              "left out (provscan exclude --name).")
@click.option("--out", required=True, help="Folder for the export (created; an interrupted "
              "export resumes when run again with the same options).")
@click.option("--format", "fmt", type=click.Choice(["parquet", "jsonl"]), default="parquet",
              show_default=True)
@click.option("--file-size", default="256MB", show_default=True,
              help="Text bytes per output file, at most (a file holds the documents of one "
              "input shard).")
@click.option("--executor", type=click.Choice(["process", "serial", "ray"]), default="process",
              show_default=True)
@click.option("--workers", type=int, default=0, help="Worker processes (default: all cores).")
@click.option("--ray-address", help="Ray cluster address for --executor ray.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
def export(store: str, storage_options: tuple[str, ...], exclusions: str, out: str, fmt: str,
           file_size: str, executor: str, workers: int, ray_address: str | None,
           quiet: bool) -> None:
    """Write the training set: every document not in the exclusion set, read again
    from its original shard (local or S3, every input format), with doc_id, source,
    url, date and the text exactly as scanned.

    A shard that changed or vanished since the scan stops the export before anything
    is written. OUT/.provscan-export.json, written last, lists every file with its checksum;
    the export is recorded in the store's catalog. See docs/exclusions.md.

    \b
    Examples:
      provscan export --store store/ --exclusions v1 --out train/v1/
      provscan export --store store/ --exclusions v1 --out v1-jsonl/ --format jsonl --file-size 1GB
    """
    from provscan.cli.options import storage
    from provscan.export import ExportOptions, export_store

    opts = ExportOptions(exclusions=exclusions, out=out, format=fmt,  # type: ignore[arg-type]
                         file_bytes=_size(file_size), executor=executor,  # type: ignore[arg-type]
                         workers=workers, ray_address=ray_address,
                         storage_options=storage(storage_options))
    try:
        with open_store(store, storage_options, write=True) as root:
            s = export_store(root, opts, None if quiet else ExportProgressBar())
    except KeyboardInterrupt:
        click.echo("interrupted: finished shards are kept; run the same command to resume",
                   err=True)
        sys.exit(EXIT_INTERRUPTED)
    if s.already_complete:
        click.echo(f"{out}: already a complete export of {exclusions} (see .provscan-export.json)")
    for _uri, msg in s.failures:
        click.echo(f"failed: {msg}", err=True)
    if s.failures:
        click.echo(f"{len(s.failures)} of {s.tasks} shards failed; the export is not "
                   "complete: fix them and run the same command to resume", err=True)
        sys.exit(EXIT_FAILED_UNITS)
    tokens = "-" if s.tokens is None else f"{s.tokens:,}"
    click.echo(f"exported {s.documents:,} documents ({s.bytes:,} bytes, {tokens} tokens) "
               f"into {s.files} files in {out} ({s.removed_documents:,} documents left "
               f"out by {exclusions}; {s.tasks_resumed} shards kept from an interrupted "
               f"run) in {s.seconds:.1f}s")


__all__ = ["export"]
