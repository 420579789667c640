"""The command line: a thin shell over the library. Every command's help has an example."""

from __future__ import annotations

import re
import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import click

from provscan import __version__
from provscan.config import ScanConfig, build_config, load_config
from provscan.errors import ProvscanError

EXIT_FAILED_UNITS = 1
EXIT_INTERRUPTED = 130


def _storage(pairs: tuple[str, ...]) -> dict[str, str]:
    storage = dict(o.split("=", 1) for o in pairs if "=" in o)
    if len(storage) != len(pairs):
        raise click.UsageError("--storage-option takes KEY=VALUE")
    return storage


def _store(store: str, pairs: tuple[str, ...], *, write: bool,
           must_exist: bool = True) -> AbstractContextManager[Path]:
    """The store's local directory: itself, or the synced copy of an s3:// store."""
    from provscan.store.remote import store_root

    return store_root(store, _storage(pairs), write=write, must_exist=must_exist,
                      notice=lambda msg: click.echo(f"note: {msg}", err=True))


storage_option = click.option(
    "--storage-option", "storage_options", multiple=True, metavar="KEY=VALUE",
    help="Object-store option for s3:// paths and stores (endpoint_url, region, "
    "access_key, secret_key, session_token, anonymous) or hf:// paths (token, endpoint); "
    "repeatable. Default: the AWS_* environment variables, AWS_ENDPOINT_URL included, "
    "and HF_TOKEN.")
STORE_HELP = "Store: a directory, or s3://bucket/prefix (synced through a local copy)."


def _default_name(first: str) -> str:
    p = Path(first.rstrip("/"))
    stem = p.name.split(".")[0] if p.suffix else p.name
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")
    return name or "corpus"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provscan")
def cli() -> None:
    """provscan: measure what a training corpus contains, document by document.

    \b
    Example:
      provscan scan data/ --store store/
      provscan report --store store/ --out reports/
    """


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="YAML scan config listing sources (instead of PATHS).")
@click.option("--store", help=STORE_HELP + " Created if missing.")
@click.option("--name", help="Source name for PATHS (default: from the first path).")
@click.option("--format", "fmt", default="auto", show_default=True,
              type=click.Choice(["auto", "parquet", "jsonl", "csv", "arrow", "hf", "warc",
                                 "delta"]))
@click.option("--delta-version", type=click.IntRange(min=0),
              help="Read Delta tables at this version (default: the latest).")
@click.option("--workers", type=int, help="Worker processes (default: all cores).")
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
@click.option("--robots-time", type=click.Choice(["at-crawl", "latest", "any"]),
              help="Which capture applies to a document: the one in effect at its date, the "
              "newest, or both (a reservation in either counts) [default: any].")
@click.option("--crawler-tokens", type=click.Path(exists=True, dir_okay=False),
              help="JSON list of AI-training crawler tokens (default: the packaged list).")
@storage_option
@click.option("--near-duplicates/--no-near-duplicates", "near_dups", default=None,
              help="Compute MinHash band keys and near-duplicate clusters (full profile; "
              "default on).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
def scan(paths: tuple[str, ...], config_file: str | None, store: str | None,
         name: str | None, fmt: str, workers: int | None, executor: str, profile: str,
         text_column: str | None, url_column: str | None, date_column: str | None,
         id_column: str | None, sample_rate: float | None, tokenizer: str | None,
         ray_address: str | None,
         site_captures: tuple[str, ...], robots_time: str | None, crawler_tokens: str | None,
         near_dups: bool | None, storage_options: tuple[str, ...], delta_version: int | None,
         quiet: bool) -> None:
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
    from provscan.executors import make_executor
    from provscan.progress import ScanProgress
    from provscan.scan.run import run_scan

    storage = _storage(storage_options)
    config = _scan_config(
        paths, config_file, store, name, fmt, text_column, url_column, date_column, id_column,
        storage, delta_version,
        {"profile": profile, "executor": executor, "workers": workers,
         "ray_address": ray_address,
         "sample_rate": sample_rate, "tokenizer": tokenizer,
         "site_captures": site_captures or None, "robots_time": robots_time,
         "crawler_tokens": crawler_tokens,
         "near_dups": None if near_dups is None else {"enabled": near_dups}},
    )
    store_dir = store or config.store
    if not store_dir:
        raise click.UsageError("give --store DIR (or `store:` in the config)")
    opts = config.options
    ex = make_executor(opts.executor, opts.resolved_workers(), opts.ray_address)
    try:
        with _store(store_dir, storage_options, write=True, must_exist=False) as root:
            summary = run_scan(config, root, ex, None if quiet else ScanProgress(),
                               command=" ".join(["scan", *sys.argv[2:]]))
    except KeyboardInterrupt:
        click.echo("interrupted: finished units are kept; run the same command to resume",
                   err=True)
        sys.exit(EXIT_INTERRUPTED)
    from provscan.scan_summary import summary_lines

    for line, to_err in summary_lines(summary, store_dir):
        click.echo(line, err=to_err)
    if not summary.ok:  # failed units, or input lost (partial units, capture damage)
        sys.exit(EXIT_FAILED_UNITS)


def _scan_config(paths: tuple[str, ...], config_file: str | None, store: str | None,
                 name: str | None, fmt: str, text_column: str | None, url_column: str | None,
                 date_column: str | None, id_column: str | None, storage: dict[str, str],
                 delta_version: int | None, options: dict[str, Any]) -> ScanConfig:
    ctx = click.get_current_context()

    def given(param: str) -> bool:
        src = ctx.get_parameter_source(param)
        return src is not None and src.name == "COMMANDLINE"

    # Only options given on the command line override a config file's options.
    overrides: dict[str, Any] = {
        k: v for k, v in options.items() if v is not None and given(k)
    }
    if "near_dups" in overrides:
        overrides["near_duplicates"] = overrides.pop("near_dups")
    columns = {k: v for k, v in {"text": text_column, "url": url_column, "date": date_column,
                                 "id": id_column}.items() if v}
    if config_file:
        if paths:
            raise click.UsageError("give either PATHS or --config, not both")
        base = load_config(config_file)
        if "near_duplicates" in overrides:  # merge: keep the file's other settings
            overrides["near_duplicates"] = {**base.options.near_duplicates.model_dump(),
                                            **overrides["near_duplicates"]}
        opts = {**base.options.model_dump(exclude_unset=True), **overrides}
        return build_config(store=base.store, options=opts,
                            sources=[s.model_dump() for s in base.sources])
    if not paths:
        raise click.UsageError("give PATHS to scan, or --config FILE")
    return build_config(
        store=store, options=overrides,
        sources=[{"name": name or _default_name(paths[0]), "paths": list(paths),
                  "format": fmt, "columns": columns, "storage_options": storage,
                  "delta_version": delta_version}],
    )


@cli.command()
@click.option("--store", required=True, help=STORE_HELP)
@storage_option
@click.option("--out", required=True, help="Directory for the report files.")
@click.option("--sme", is_flag=True, help="Apply the SME top-domains rule (min(5%, 1000)).")
@click.option("--declaration", type=click.Path(exists=True, dir_okay=False),
              help="The provider's declaration (YAML): provider, model, crawlers, "
              "attestations; see configs/declaration.yaml.")
@click.option("--previous", type=click.Path(exists=True, file_okay=False),
              help="An earlier report directory: say what changed since.")
def report(store: str, storage_options: tuple[str, ...], out: str, sme: bool,
           declaration: str | None, previous: str | None) -> None:
    """Write the EU training-content summary and its evidence from the store.

    summary.json, summary.md, summary.html, top_domains.csv, sources.csv, evidence/,
    mdf_data.json and croissant.json; see docs/ for each file.

    \b
    Example:
      provscan report --store store/ --out reports/2026-11/ --declaration configs/declaration.yaml
    """
    from provscan.report import run_report

    with _store(store, storage_options, write=False) as root:
        for line in run_report(root, out, sme=sme, declaration=declaration,
                               previous=previous):
            click.echo(line)


@cli.command()
@click.option("--store", required=True, help=STORE_HELP)
@storage_option
@click.option("--memory-limit", default="512MB", show_default=True,
              help="DuckDB memory limit of the clustering (it spills to disk beyond).")
def dedup(store: str, storage_options: tuple[str, ...], memory_limit: str) -> None:
    """Cluster near duplicates over the whole store (every source).

    A full scan does this at its end; run it alone after scanning sources one by one.
    Writes STORE/near_duplicates.parquet (doc_id, source, cluster, ...).

    \b
    Example:
      provscan dedup --store store/
    """
    from provscan.dedup import cluster_store
    from provscan.store import Catalog

    with _store(store, storage_options, write=True) as root, Catalog(root) as cat:
        nd = cluster_store(cat, memory_limit)
    assert nd is not None
    click.echo(f"{nd.clustered:,} of {nd.documents:,} documents in {nd.clusters:,} "
               f"near-duplicate clusters ({nd.exact:,} exact duplicates) in {nd.seconds:.1f}s")


@cli.command()
@click.option("--store", required=True, help=STORE_HELP)
@storage_option
@click.option("--problems", is_flag=True, help="List the input problems found.")
def status(store: str, storage_options: tuple[str, ...], problems: bool) -> None:
    """Units done, failed (with reasons) and pending; runs; input problems.

    \b
    Example:
      provscan status --store store/ --problems
    """
    from provscan.store import Catalog
    from provscan.store.status import status_lines

    with _store(store, storage_options, write=False) as root, \
            Catalog(root, read_only=True) as cat:
        for line in status_lines(cat, problems):
            click.echo(line)


@cli.command()
@click.argument("sql")
@click.option("--store", required=True, help=STORE_HELP)
@storage_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
def query(sql: str, store: str, storage_options: tuple[str, ...], as_csv: bool) -> None:
    """Run SQL against the store; the table `manifest` has one row per document.

    \b
    Example:
      provscan query --store store/ "select domain, sum(bytes) from manifest group by 1"
    """
    import duckdb

    from provscan.store import Catalog

    with _store(store, storage_options, write=False) as root, \
            Catalog(root, read_only=True) as cat:
        cat.db.execute(f"create or replace temp view manifest as {cat.manifest_sql()}")
        cat.db.execute(f"create or replace temp view evidence as {cat.evidence_sql()}")
        try:  # DuckDB's own message says what and where; a traceback adds nothing
            rel = cat.db.sql(sql)
            rows = rel.fetchall() if as_csv and rel is not None else None
            if rel is not None and rows is None:
                rel.show(max_width=200)
        except duckdb.Error as e:
            click.echo(f"error: the query failed: {e}\n(the store's tables are `manifest` "
                       "and `evidence`, read-only; see provscan query --help)", err=True)
            sys.exit(2)
        if rel is not None and rows is not None:
            import csv

            w = csv.writer(sys.stdout, lineterminator="\n")  # not CRLF: shell loops read it
            w.writerow(rel.columns)
            w.writerows(rows)


@cli.command()
@click.argument("url")
@click.option("--store", required=True, help=STORE_HELP)
@storage_option
@click.option("--robots-time", type=click.Choice(["at-crawl", "latest", "any"]),
              help="Override the robots time recorded with the scan (as in `provscan scan`).")
@click.option("--crawler-tokens", type=click.Path(exists=True, dir_okay=False),
              help="Override the crawler token file recorded with the scan.")
def explain(url: str, store: str, storage_options: tuple[str, ...], robots_time: str | None,
            crawler_tokens: str | None) -> None:
    """Say why the document at URL is, or is not, reserved against AI training.

    Shows the documents with this URL, the evidence recorded when they were scanned
    (headers, meta tags, licences) and every site capture of the host (robots.txt,
    tdmrep.json, ai.txt): whether it was in effect and what it says about the URL,
    judged with the settings recorded with the document's scan (--robots-time,
    --crawler-tokens), which the output names; options given here override them.

    \b
    Examples:
      provscan explain https://www.example.com/news/1.html --store store/
      provscan explain https://www.example.com/news/1.html --store store/ --robots-time latest
    """
    from provscan.lookup.explain import explain as run_explain
    from provscan.lookup.render import render_explanation

    with _store(store, storage_options, write=False) as root:
        ex = run_explain(root, url, robots_time, crawler_tokens)  # type: ignore[arg-type]
    click.echo(render_explanation(ex))


@cli.command("sample-corpus")
@click.argument("out")
@click.option("--scale", default=1, show_default=True, help="Multiply the document counts.")
def sample_corpus(out: str, scale: int) -> None:
    """Write the bundled sample corpus (several formats, domains, languages) to OUT.

    \b
    Example:
      provscan sample-corpus data/sample && provscan scan --config configs/sample.yaml
    """
    from provscan.demo import write_sample_corpus

    root = write_sample_corpus(out, scale)
    n = sum(1 for p in root.rglob("*") if p.is_file())
    click.echo(f"wrote the sample corpus ({n} files) to {out}")


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except ProvscanError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    except SystemExit:
        raise


if __name__ == "__main__":
    main()
