"""What `provscan status` prints: units by status, failures, pending units, the last run
and the input problems, read from the catalog."""

from __future__ import annotations

from collections.abc import Iterator

from provscan.store.catalog import Catalog


def status_lines(cat: Catalog, problems: bool) -> Iterator[str]:
    db = cat.db
    rows = db.execute(
        "select status, count(*), coalesce(sum(docs), 0), coalesce(sum(bytes), 0) "
        "from units group by status order by status").fetchall()
    for st, n, docs, nbytes in rows:
        yield f"{st:8} {n:6} units {docs:12,} docs {nbytes / 1e6:12,.1f} MB"
    if not rows:
        yield "no units scanned yet"
    for key, err in db.execute(
            "select unit_key, error from units where status = 'failed' order by shard"
    ).fetchall():
        yield f"failed  {key}: {err}"
    for key, shard in db.execute(
            "select unit_key, shard from units where status = 'pending' order by shard"
    ).fetchall():
        yield f"pending {key}: {shard} (interrupted; re-run the scan to resume)"
    last = db.execute(
        "select run_id, started_at, status, units_done, units_skipped, units_failed, "
        "coalesce(shards_added, 0), coalesce(shards_changed, 0), "
        "coalesce(shards_removed, 0), coalesce(units_redone, 0) "
        "from runs order by run_id desc limit 1").fetchone()
    if last:
        yield (f"last run #{last[0]} at {last[1]:%Y-%m-%d %H:%M}: {last[2]}, "
               f"{last[3]} done, {last[4]} skipped, {last[5]} failed; shards "
               f"{last[6]} new, {last[7]} changed, {last[8]} removed; "
               f"{last[9]} units redone")
    n = db.execute("select count(*) from problems").fetchone()
    if n and n[0]:
        yield (f"{n[0]} input problems recorded"
               + ("" if problems else " (list them with --problems)"))
        if problems:
            for shard, msg in db.execute(
                    "select shard, message from problems order by shard, line").fetchall():
                yield f"  {shard}: {msg}"
