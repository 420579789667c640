"""What `provscan status` prints: units by status, failures, partial and pending units,
the last run (how it ended, and why), records skipped by rule and the input problems,
read from the catalog."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command imports its library when it runs
    from provscan.store.catalog import Catalog

#: Problem kinds where input was lost (kept in step with ``sources.model.LOSS_KINDS``;
#: the store does not import the readers).
_LOSS = ("truncated", "broken_record", "bad_json", "bad_csv_row", "bad_row_group",
         "read_error", "capture_damage")


def _counts(pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{k}: {n:,}" for k, n in pairs)


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
    loss = ", ".join(f"'{k}'" for k in _LOSS)
    for key, shard, docs, lost in db.execute(
            "select u.unit_key, u.shard, u.docs, "
            f"(select string_agg(kind || ': ' || n, ', ' order by kind) from (select kind, "
            f"count(*) as n from problems p where p.unit_key = u.unit_key and kind in ({loss}) "
            "group by kind)) from units u where u.status = 'partial' order by u.shard"
    ).fetchall():
        yield (f"partial {key}: {shard}: read in part, {docs:,} documents kept; input lost "
               f"({lost or 'see --problems'})")
    for key, shard in db.execute(
            "select unit_key, shard from units where status = 'pending' order by shard"
    ).fetchall():
        yield f"pending {key}: {shard} (interrupted; re-run the scan to resume)"
    yield from _last_run(cat)
    skipped = db.execute(
        "select reason, sum(records)::bigint from skipped_records group by 1 "
        "order by 2 desc, 1").fetchall()
    if skipped:
        total = sum(n for _, n in skipped)
        yield f"{total:,} records skipped by rule, not documents ({_counts(skipped)})"
    kinds = db.execute(
        "select kind, count(*) from problems group by 1 order by 2 desc, 1").fetchall()
    if kinds:
        damaged = [(k, n) for k, n in kinds if k in _LOSS]
        repaired = [(k, n) for k, n in kinds if k not in _LOSS]
        parts = []
        if damaged:
            parts.append(f"{sum(n for _, n in damaged):,} damaged ({_counts(damaged)})")
        if repaired:
            parts.append(f"{sum(n for _, n in repaired):,} repaired ({_counts(repaired)})")
        yield ("input problems: " + "; ".join(parts)
               + ("" if problems else " (list them with --problems)"))
        if problems:
            for shard, msg in db.execute(
                    "select shard, message from problems order by shard, line").fetchall():
                yield f"  {shard}: {msg}"


def _has(cat: Catalog, table: str, column: str | None = None) -> bool:
    """Whether the catalog has a table (or column): a store written by an older provscan
    and opened read-only has not been migrated."""
    if column is None:
        sql, args = "select count(*) from duckdb_tables() where table_name = ?", [table]
    else:
        sql, args = ("select count(*) from duckdb_columns() where table_name = ? and "
                     "column_name = ?", [table, column])
    row = cat.db.execute(sql, args).fetchone()
    return bool(row and row[0])


def _last_run(cat: Catalog) -> Iterator[str]:
    error = "error" if _has(cat, "runs", "error") else "null"
    last = cat.db.execute(
        "select run_id, started_at, status, units_done, units_skipped, units_failed, "
        "coalesce(shards_added, 0), coalesce(shards_changed, 0), "
        f"coalesce(shards_removed, 0), coalesce(units_redone, 0), {error} "
        "from runs order by run_id desc limit 1").fetchone()
    if not last:
        return
    state = last[2]
    if state == "running":  # a live scan holds the catalog: this one cannot be open
        state = ("ended without a record of how (killed, or the machine stopped); the same "
                 "command resumes it")
    yield (f"last run #{last[0]} at {last[1]:%Y-%m-%d %H:%M}: {state}, "
           f"{last[3]} done, {last[4]} skipped, {last[5]} failed; shards "
           f"{last[6]} new, {last[7]} changed, {last[8]} removed; "
           f"{last[9]} units redone")
    if last[10]:
        yield f"  it ended with an error: {last[10]}"
