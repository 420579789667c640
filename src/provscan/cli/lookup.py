"""``provscan lookup`` and ``provscan complaint``: answer a rightsholder, record their
request."""

from __future__ import annotations

from datetime import date, datetime

import click

from provscan.cli.options import open_store, store_options


@click.command()
@store_options
@click.option("--url", "urls", multiple=True, metavar="URL",
              help="A page's URL (normalised: scheme, www., trailing slash and "
              "percent-encoding do not matter); repeatable.")
@click.option("--url-prefix", "prefixes", multiple=True, metavar="PREFIX",
              help="Every page under this URL prefix; repeatable.")
@click.option("--domain", "domains", multiple=True, metavar="DOMAIN",
              help="Every page of this registrable domain (bbc.co.uk); repeatable.")
@click.option("--work", "works", multiple=True, metavar="FILE|DIR|works.jsonl",
              help="A work as UTF-8 text: a file, a directory of files, or JSON lines "
              "{\"id\": ..., \"text\": ...}; found as exact copies, near copies and "
              "passages inside longer documents; repeatable.")
@click.option("--out", required=True, type=click.Path(file_okay=False),
              help="Folder for lookup.json, lookup.csv, lookup.md and lookup.html.")
@click.option("--min-similarity", default=0.5, show_default=True, type=click.FloatRange(0, 1),
              help="Jaccard similarity of word 5-grams that makes a near copy.")
@click.option("--min-containment", default=0.8, show_default=True,
              type=click.FloatRange(0, 1),
              help="Share of the work's word 5-grams inside a longer document that makes a "
              "contained passage.")
@click.option("--limit", default=1000, show_default=True, type=click.IntRange(1),
              help="Matches listed per URL, prefix or domain query (all are counted).")
@click.option("--no-excerpts", is_flag=True,
              help="Do not read URL and domain matches back from their shards for an "
              "excerpt (content matches are always read back: that is how they are "
              "verified).")
def lookup(store: str, storage_options: tuple[str, ...], urls: tuple[str, ...],
           prefixes: tuple[str, ...], domains: tuple[str, ...], works: tuple[str, ...],
           out: str, min_similarity: float, min_containment: float, limit: int,
           no_excerpts: bool) -> None:
    """Is this work, page or site in the store? Answer a rightsholder.

    Finds each URL, URL prefix and domain, and each work as an exact copy (same
    content_hash), a near copy (MinHash band keys, verified by reading the document back
    and measuring the Jaccard similarity of word 5-grams) or a passage inside a longer
    document (containment). Each match has its reservation status at crawl time
    (including rightsholder requests) and the exclusion sets that remove it. The lookup
    index in STORE/lookup/ is brought up to date first (only new or changed units). See
    docs/lookup.md.

    \b
    Example:
      provscan lookup --store store/ --domain example.com --work my-novel.txt --out answer/
    """
    from provscan.lookup.run import LookupOptions
    from provscan.lookup.run import lookup as run_lookup
    from provscan.lookup.works import read_works
    from provscan.lookup.write import write_lookup

    if not (urls or prefixes or domains or works):
        raise click.UsageError("give at least one --url, --url-prefix, --domain or --work")
    texts = read_works(list(works))  # bad files are refused before the store is opened
    opts = LookupOptions(min_similarity=min_similarity, min_containment=min_containment,
                         limit=limit, excerpts=not no_excerpts)
    with open_store(store, storage_options, write=True) as root:
        res = run_lookup(root, list(urls), list(prefixes), list(domains), texts, opts)
    paths = write_lookup(res, out)
    for q in res.queries:
        click.echo(f"{q.kind:<10} {q.value}: {q.matches:,} match(es)"
                   + (f" ({q.listed:,} listed)" if q.listed < q.matches else ""))
    for n in res.notes:
        click.echo(f"note: {n}", err=True)
    click.echo(f"wrote {', '.join(p.name for p in paths)} to {out}")


def _date(_ctx: object, _param: object, value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as e:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from e


@click.group()
def complaint() -> None:
    """Record rightsholders' requests; each is a reservation signal, rightsholder_request.

    \b
    Example:
      provscan complaint add --store store/ --reference RH-1 --date 2026-11-30 \\
          --domain example.com --note "letter of 2026-11-28"
      provscan complaint list --store store/
    """


@complaint.command("add")
@store_options
@click.option("--reference", required=True, help="The request's reference (RH-2026-0042).")
@click.option("--date", "received", required=True, callback=_date, metavar="YYYY-MM-DD",
              help="The date the request was received.")
@click.option("--url-prefix", help="The pages under this URL prefix.")
@click.option("--domain", help="Every page of this registrable domain.")
@click.option("--work", type=click.Path(), help="A work (UTF-8 text file): its exact copies, "
              "near copies and passages.")
@click.option("--note", help="Free text kept with the request.")
def complaint_add(store: str, storage_options: tuple[str, ...], reference: str,
                  received: date, url_prefix: str | None, domain: str | None,
                  work: str | None, note: str | None) -> None:
    """Record a request and the documents it covers (found as lookup finds them).

    Recording the same reference again replaces it. The documents carry the reservation
    signal rightsholder_request from now on: exclude --drop reserved removes them, the
    report counts them, explain shows them. See docs/lookup.md.

    \b
    Example:
      provscan complaint add --store store/ --reference RH-7 --date 2026-12-01 \\
          --url-prefix https://example.com/blog/
    """
    from provscan.lookup.complaint import add_complaint

    with open_store(store, storage_options, write=True) as root:
        res = add_complaint(root, reference, received, url_prefix=url_prefix, domain=domain,
                            work=work, note=note)
    c = res.complaint
    click.echo(f"{c.reference} ({c.kind} {c.value}, received {c.received}): "
               f"{len(res.documents):,} document(s) now carry rightsholder_request")
    for ref in res.rematched:
        click.echo(f"note: complaint {ref} matched again (the store changed since)", err=True)


@complaint.command("list")
@store_options
@click.option("--documents/--no-documents", default=True, show_default=True,
              help="List the documents each request matched.")
def complaint_list(store: str, storage_options: tuple[str, ...], documents: bool) -> None:
    """The recorded requests, with the documents each matches now.

    \b
    Example:
      provscan complaint list --store store/
    """
    from provscan.lookup.complaint import list_complaints

    with open_store(store, storage_options, write=True) as root:
        found, rematched = list_complaints(root)
    if not found:
        click.echo("no complaints recorded; add one with provscan complaint add")
    for r in found:
        c = r.complaint
        note = f" -- {c.note}" if c.note else ""
        click.echo(f"{c.reference}: {c.kind} {c.value}, received {c.received}, "
                   f"{len(r.documents):,} document(s){note}")
        if documents:
            for d in r.documents:
                score = f" {d['score']:.2f}" if d["kind"] in ("near", "contained") else ""
                click.echo(f"  {d['kind']}{score} {d['doc_id']} ({d['source']}, row "
                           f"{d['row']}) {d['url'] or ''}")
    for ref in rematched:
        click.echo(f"note: complaint {ref} matched again (the store changed since)", err=True)


__all__ = ["complaint", "lookup"]
