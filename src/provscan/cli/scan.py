"""``provscan scan``: parse the options, build the configuration, scan, say what happened."""

from __future__ import annotations

import sys
from typing import Any

import click

from provscan.cli.options import (
    EXIT_FAILED_UNITS,
    EXIT_INTERRUPTED,
    STORE_HELP,
    robots_options,
    storage,
    storage_option,
)
from provscan.config import ScanConfig, command_config

FORMATS = ["auto", "parquet", "jsonl", "csv", "arrow", "hf", "warc", "delta"]
#: Options that set ``ScanOptions`` fields when given on the command line (a config
#: file's own settings stay otherwise).
_OPTIONS = ("profile", "executor", "workers", "ray_address", "sample_rate", "tokenizer",
            "site_captures", "robots_time", "crawler_tokens")


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="YAML scan config listing sources (instead of PATHS).")
@click.option("--store", help=STORE_HELP + " Created if missing.")
@click.option("--name", help="Source name for PATHS (default: from the first path).")
@click.option("--format", "fmt", default="auto", show_default=True,
              type=click.Choice(FORMATS))
@click.option("--delta-version", type=click.IntRange(min=0),
              help="Read Delta tables at this version (default: the latest).")
@click.option("--workers", type=int, help="Workers (default: all cores): processes, or "
              "threads of this process where the work releases Python's lock "
              "(docs/executors.md).")
@click.option("--executor", "--engine", "executor",
              type=click.Choice(["process", "serial", "ray"]), default="process",
              show_default=True, help="serial runs in this process (for debugging); ray runs "
              "units as Ray tasks.")
@click.option("--ray-address", help="Ray cluster address for --engine ray "
              "(default: start a local Ray instance).")
@click.option("--profile", type=click.Choice(["fast", "full"]), default="full",
              show_default=True, help="fast: hash, size, domain, date only.")
@click.option("--text-column", help="Column with the text (default: text).")
@click.option("--url-column", help="Column with the URL (default: url).")
@click.option("--date-column", help="Column with the acquisition date "
              "(default: date, timestamp or crawl_date).")
@click.option("--id-column", help="Column with the document id (default: id).")
@click.option("--sample-rate", type=float, help="Share of documents sampled [default: 0.01].")
@click.option("--tokenizer", type=click.Path(exists=True, dir_okay=False),
              help="Hugging Face tokenizer.json for exact token counts.")
@click.option("--site-captures", multiple=True, type=click.Path(exists=True),
              help="WARC or Parquet (url, date, status, body) files of robots.txt, "
              "/.well-known/tdmrep.json and /ai.txt captures; repeatable. They replace the "
              "store's earlier captures.")
@robots_options("scan")
@storage_option
@click.option("--near-duplicates/--no-near-duplicates", "near_dups", default=None,
              help="Compute MinHash band keys and near-duplicate clusters (full profile; "
              "default on).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
def scan(paths: tuple[str, ...], quiet: bool, **opts: Any) -> None:
    """Scan files, directories or globs into the store's manifest.

    Formats: Parquet, JSONL (.gz, .zst), CSV, Arrow IPC, Hugging Face datasets saved
    with save_to_disk, WARC (.warc, .warc.gz, .zst, .lz4: HTML responses, headers and
    meta tags kept), Common Crawl WET, ARC (.arc, .arc.gz). A re-run scans only new or
    changed shards. Exit 1 when a shard failed or was read only in part.

    \b
    Examples:
      provscan scan data/web/*.parquet --store store/ --name web
      provscan scan dump.jsonl.zst --store store/ --url-column metadata.url
      provscan scan crawl/*.warc.gz --store store/ --site-captures robots/
      provscan scan 's3://lake/web/*.parquet' --store store/ --name web
      provscan scan --config configs/sample.yaml --store store/
    """
    from provscan.api import Store
    from provscan.cli.progress import ScanProgress
    from provscan.cli.summary import summary_lines
    from provscan.executors import arrow_without_pandas

    # this process hands no pandas objects to pyarrow: spare it pandas' import (~0.25 s,
    # 20-40 MB), which pyarrow's first pa.array would make to look for them
    arrow_without_pandas()
    config = _config(paths, opts)
    store = opts["store"] or config.store
    if not store:
        raise click.UsageError("give --store DIR (or `store:` in the config)")
    try:
        summary = Store(store, storage_options=storage(opts["storage_options"]),
                        notice=lambda msg: click.echo(f"note: {msg}", err=True)).scan_config(
            config, progress=None if quiet else ScanProgress(),
            command=" ".join(["scan", *sys.argv[2:]]))
    except KeyboardInterrupt:
        click.echo("interrupted: finished units are kept; run the same command to resume",
                   err=True)
        sys.exit(EXIT_INTERRUPTED)
    for line, to_err in summary_lines(summary, store):
        click.echo(line, err=to_err)
    if not summary.ok:  # failed units, or input lost (partial units, capture damage)
        sys.exit(EXIT_FAILED_UNITS)


def _config(paths: tuple[str, ...], opts: dict[str, Any]) -> ScanConfig:
    """The configuration: only options given on the command line override a file's."""
    from provscan.api.sources import default_name

    config_file = opts["config_file"]
    if config_file and paths:
        raise click.UsageError("give either PATHS or --config, not both")
    if not config_file and not paths:
        raise click.UsageError("give PATHS to scan, or --config FILE")
    ctx = click.get_current_context()

    def given(param: str) -> bool:
        src = ctx.get_parameter_source(param)
        return opts.get(param) is not None and src is not None and src.name == "COMMANDLINE"

    overrides: dict[str, Any] = {k: opts[k] or None if k == "site_captures" else opts[k]
                                 for k in _OPTIONS if given(k)}
    if given("near_dups"):
        overrides["near_duplicates"] = {"enabled": opts["near_dups"]}
    source = None if config_file else {
        "name": opts["name"] or default_name(paths[0]), "paths": list(paths),
        "format": opts["fmt"], "storage_options": storage(opts["storage_options"]),
        "delta_version": opts["delta_version"],
        "columns": {k: v for k in ("text", "url", "date", "id")
                    if (v := opts[f"{k}_column"])}}
    return command_config(config_file, source, opts["store"], overrides)


__all__ = ["scan"]
