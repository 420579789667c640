"""The commands that read or maintain a store (report, dedup, status, query, explain)
and the sample corpus: each parses its options, calls one library function, and
renders what it returns."""

from __future__ import annotations

import sys

import click

from provscan.cli.options import open_store, robots_options, store_options


@click.command()
@store_options
@click.option("--out", required=True, help="Directory for the report files.")
@click.option("--sme", is_flag=True, help="Apply the SME top-domains rule (min(5%, 1000)).")
@click.option("--declaration", type=click.Path(exists=True, dir_okay=False),
              help="The provider's declaration (YAML): provider, model, crawlers, "
              "attestations; see configs/declaration.yaml.")
@click.option("--previous", type=click.Path(exists=True, file_okay=False),
              help="An earlier report directory: say what changed since.")
@click.option("--exclusions", metavar="NAME", help="An exclusion set (provscan exclude): "
              "every figure is over the documents it keeps; the removals are measured by "
              "reason and signal.")
def report(store: str, storage_options: tuple[str, ...], out: str, sme: bool,
           declaration: str | None, previous: str | None, exclusions: str | None) -> None:
    """Write the EU training-content summary and its evidence from the store.

    summary.json, summary.md, summary.html, top_domains.csv, sources.csv, evidence/,
    mdf_data.json and croissant.json; see docs/ for each file.

    \b
    Example:
      provscan report --store store/ --out reports/2026-11/ --declaration configs/declaration.yaml
      provscan report --store store/ --out reports/v1/ --exclusions v1
    """
    from provscan.report import run_report

    with open_store(store, storage_options, write=False) as root:
        for line in run_report(root, out, sme=sme, declaration=declaration,
                               previous=previous, exclusions=exclusions):
            click.echo(line)


@click.command()
@store_options
@click.option("--memory-limit", default="192MB", show_default=True,
              help="Memory limit of the clustering: DuckDB and the band-key grouping (both "
              "spill to disk beyond it).")
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

    with open_store(store, storage_options, write=True) as root, Catalog(root) as cat:
        nd = cluster_store(cat, memory_limit)
    assert nd is not None
    click.echo(f"{nd.clustered:,} of {nd.documents:,} documents in {nd.clusters:,} "
               f"near-duplicate clusters ({nd.exact:,} exact duplicates) in {nd.seconds:.1f}s")


@click.command()
@store_options
@click.option("--problems", is_flag=True, help="List the input problems found.")
def status(store: str, storage_options: tuple[str, ...], problems: bool) -> None:
    """Units done, failed (with reasons) and pending; runs; input problems.

    \b
    Example:
      provscan status --store store/ --problems
    """
    from provscan.cli.status import status_lines
    from provscan.store import Catalog

    with open_store(store, storage_options, write=False) as root, \
            Catalog(root, read_only=True) as cat:
        for line in status_lines(cat, problems):
            click.echo(line)


@click.command()
@click.argument("sql")
@store_options
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
def query(sql: str, store: str, storage_options: tuple[str, ...], as_csv: bool) -> None:
    """Run SQL against the store; the table `manifest` has one row per document.

    \b
    Example:
      provscan query --store store/ "select domain, sum(bytes) from manifest group by 1"
    """
    import duckdb

    from provscan.store import Catalog

    with open_store(store, storage_options, write=False) as root, \
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


@click.command()
@click.argument("url")
@store_options
@robots_options("override")
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

    with open_store(store, storage_options, write=False) as root:
        ex = run_explain(root, url, robots_time, crawler_tokens)  # type: ignore[arg-type]
    click.echo(render_explanation(ex))


@click.command("sample-corpus")
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


__all__ = ["dedup", "explain", "query", "report", "sample_corpus", "status"]
