"""``provscan exclude``: build a named exclusion set, or list the store's sets."""

from __future__ import annotations

import click

from provscan.cli.options import ROBOTS_TIMES, open_store, store_options


def _n(v: int | None) -> str:
    return "-" if v is None else f"{v:,}"


def reason_lines(info: object) -> list[str]:
    """The counts of one set (a ``provscan.exclude.SetInfo``), one line a reason."""
    from provscan.exclude import SetInfo

    assert isinstance(info, SetInfo)
    lines = [f"{info.name}: {info.documents:,} of {info.manifest_documents:,} documents "
             f"dropped ({_n(info.bytes)} bytes, {_n(info.tokens)} tokens); rules "
             f"{', '.join(str(r) for r in info.rules['reasons'])}"  # type: ignore[attr-defined]
             + (f", robots time {info.robots_time}" if info.robots_time else "")]
    for c in info.by_reason():
        lines.append(f"  {c.reason:<16} {c.documents:>12,} documents {_n(c.tokens):>15} tokens")
        for s in info.by_signal():
            if s.reason == c.reason:
                lines.append(f"    {s.signal:<22} {s.documents:>8,} documents "
                             f"{_n(s.tokens):>13} tokens")
    return lines


@click.command()
@store_options
@click.option("--name", help="Name of the exclusion set (letters, digits, . _ -).")
@click.option("--drop", "drops", multiple=True, metavar="REASON",
              help="Drop documents for this reason; repeatable: reserved, near-duplicates, "
              "exact-duplicates, pii, licence-class=CLASS[,CLASS] (e.g. non-commercial).")
@click.option("--where", help="Also drop the documents for which this SQL condition over "
              "the manifest holds (e.g. \"language <> 'en'\").")
@click.option("--robots-time", type=click.Choice(ROBOTS_TIMES),
              help="Which robots.txt capture counts for `reserved` (default: the scan's).")
@click.option("--list", "list_sets", is_flag=True, help="List the store's exclusion sets "
              "with their counts by reason, and build nothing.")
def exclude(store: str, storage_options: tuple[str, ...], name: str | None,
            drops: tuple[str, ...], where: str | None, robots_time: str | None,
            list_sets: bool) -> None:
    """Record a named exclusion set: the documents to drop, each with every reason.

    Writes STORE/exclusions/NAME.parquet (doc_id, source, shard, row, url, reasons,
    signals, bytes, tokens, content_hash). Duplicates keep one document per group: among
    those no other rule drops, the earliest date, then the smallest doc_id. A re-run
    after an incremental scan re-evaluates only the shards that changed. See
    docs/exclusions.md.

    \b
    Examples:
      provscan exclude --store store/ --name v1 --drop reserved --drop near-duplicates
      provscan exclude --store store/ --name nc --drop licence-class=non-commercial
      provscan exclude --store store/ --name en --where "language <> 'en'"
      provscan exclude --store store/ --list
    """
    from provscan.exclude import build_exclusion_set, set_infos, spec_from_options
    from provscan.store import Catalog

    if list_sets:
        with open_store(store, storage_options, write=False) as root, \
                Catalog(root, read_only=True) as cat:
            infos = set_infos(cat)
        if not infos:
            click.echo("no exclusion sets in this store; create one with provscan exclude "
                       "--name NAME --drop reserved")
        for info in infos:
            for line in reason_lines(info):
                click.echo(line)
        return
    if not name:
        raise click.UsageError("give --name NAME (or --list)")
    spec = spec_from_options(name, drops, where, robots_time)  # checked before the store
    with open_store(store, storage_options, write=True) as root:
        res = build_exclusion_set(root, spec)
    if res.unchanged:
        click.echo(f"{name}: unchanged (the store and the rules are those it was built "
                   "from)")
    else:
        click.echo(f"{name}: built in {res.seconds:.1f}s ({res.shards_evaluated} shards "
                   f"evaluated, {res.shards_reused} unchanged since the last build); "
                   f"STORE/exclusions/{name}.parquet")
    for line in reason_lines(res.info):
        click.echo(line)


__all__ = ["exclude"]
