"""The SQL of a build: the manifest keyed by an integer, the rules' findings, the
duplicates kept one per group, and the set's file.

Every step works on the key ``k`` (the shard's number, in ``(source, shard)`` order, << 32
| the row), so findings are grouped, joined and sorted on one integer, and ``k`` sorts as
``source, shard, row`` does. A document's reasons and signals are carried as one bit
string over the distinct ``(reason, signal)`` pairs found (table ``codes``) and turned
into the two lists only for the few distinct combinations, which the file's rows then look
up by number once sorted.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from provscan.exclude.config import ExclusionSpec
from provscan.exclude.rules import KEEP_KEY, per_document_sql


def q(s: str) -> str:
    """``s`` as an SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def keyed(parts: list[tuple[str, int]], empty: str) -> str:
    """A relation over the manifest ``parts`` (``(path, shard number)``) with each
    document's key ``k`` first; the shard number is looked up by the file's position in
    the scan (no join on the shard's name). ``empty`` is the typed manifest with no
    rows: parts written before a column was added read it as null."""
    if not parts:
        return f"(select null::bigint as k, * from ({empty}))"
    files = ", ".join(q(p) for p, _ in parts)
    nos = ", ".join(str(n) for _, n in parts)
    return (f"(select (([{nos}]::bigint[])[file_index::bigint + 1] << 32) | row as k, "
            f"* exclude (file_index) from (select file_index, * from read_parquet([{files}], "
            f"union_by_name = true) union all by name "
            f"(select null::ubigint as file_index, * from ({empty}))))")


def _previous_keyed(previous: Path, shards: list[str]) -> str:
    """The rows of the previous set that belong to ``shards``, with their key."""
    names = "[" + ", ".join(q(s) for s in shards) + "]"
    return (f"(select (s.shard_no << 32) | p.row as k, p.* from read_parquet("
            f"{q(str(previous))}) p join shard_ids s using (source, shard) "
            f"where list_contains({names}, p.shard))")


def hits_sql(spec: ExclusionSpec, scan_time: str | None, manifest: str, evidence: str,
             reuse: list[str], previous: Path | None) -> str:
    """The per-document findings (``k, reason, signal``): the rules evaluated over
    ``manifest`` (keyed, the shards not reused), and the previous set's findings for the
    shards in ``reuse``."""
    fresh = per_document_sql(spec, scan_time, manifest, evidence)
    if not reuse or previous is None:
        return fresh
    prev = _previous_keyed(previous, reuse)
    sql = f"""{fresh}
union all
select k, split_part(s, ':', 1) as reason, substr(s, strpos(s, ':') + 1) as signal
from (select k, unnest(signals) as s from {prev})"""
    if "where" in spec.reasons:  # the one per-document rule without signals
        sql += f"""
union all
select k, r, null from (select k, unnest(reasons) as r from {prev}) where r = 'where'"""
    return sql


def add_duplicates(db: duckdb.DuckDBPyConnection, spec: ExclusionSpec, manifest: str,
                   plain: str, near: Path, near_current: bool) -> None:
    """Add the duplicate rules' findings to ``hits``: every member of a group but the one
    the keep rule keeps (``KEEP_KEY``, over the documents no other rule drops).
    ``manifest`` is the whole store keyed, ``plain`` the same without the key."""
    if not {"exact_duplicate", "near_duplicate"} & set(spec.reasons):
        return
    nd = (f"(select (s.shard_no << 32) | n.row as k, n.* from read_parquet({q(str(near))}) n "
          "join shard_ids s using (source, shard))")
    groups = []
    if "exact_duplicate" in spec.reasons and near_current:
        # the clustering lists every document that has an exact duplicate (``exact``)
        groups.append(f"select k, 'exact_duplicate' as reason, content_hash as grp "
                      f"from {nd} where exact")
    elif "exact_duplicate" in spec.reasons:
        # candidates by a 64-bit hash of the content hash (fast to group), then grouped
        # by the content hash itself
        groups.append(f"""select k, 'exact_duplicate' as reason, content_hash as grp
            from {manifest} where hash(content_hash) in (
                select hash(content_hash) from ({plain}) group by 1 having count(*) > 1)""")
    if "near_duplicate" in spec.reasons:
        groups.append(f"select k, 'near_duplicate' as reason, cluster::varchar as grp "
                      f"from {nd}")
    union = "\nunion all\n".join(groups)
    db.execute(f"""create or replace temp table members as
        select g.k, g.reason, g.grp, m.date, m.doc_id, g.k in (select k from hits) as dropped
        from ({union}) g join (select k, date, doc_id from {manifest}) m using (k)""")
    db.execute(f"""insert into hits
        select k, reason, null from members anti join (
            select reason, arg_min(k, {KEEP_KEY}) as k from members group by reason, grp
        ) kept using (reason, k)""")
    db.execute("drop table members")


def write_set(db: duckdb.DuckDBPyConnection, manifest: str, shards: list[tuple[str, str]],
              tmp: Path) -> None:
    """The set's file at ``tmp``: one row per document in ``hits`` with the manifest's
    columns, its reasons and signals, sorted by ``k``. ``shards`` are the ``(source,
    shard)`` of each shard number."""
    db.execute("""create or replace temp table codes as
        select reason, signal,
               (row_number() over (order by reason, signal nulls first) - 1)::integer as code
        from (select distinct reason, signal from hits)""")
    row = db.execute("select count(*) from codes").fetchone()
    top = max(int(row[0]) if row else 0, 1) - 1
    db.execute(f"""create or replace temp table found as
        select h.k, bitstring_agg(c.code, 0, {top}) as mask
        from hits h join codes c on h.reason = c.reason and h.signal is not distinct from c.signal
        group by h.k""")
    combos = db.execute("""
        select f.mask, list_sort(list_distinct(list(c.reason))) as reasons,
               coalesce(list_sort(list(distinct c.reason || ':' || c.signal)
                        filter (where c.signal is not null)), []::varchar[]) as signals
        from (select distinct mask from found) f join codes c on get_bit(f.mask, c.code) = 1
        group by f.mask order by f.mask""").fetchall()
    db.execute("create or replace temp table combos as select unnest(?::bit[]) as mask, "
               "generate_subscripts(?::bit[], 1) as combo", [[c[0] for c in combos]] * 2)
    # Sorted on the integers and the manifest's own strings only; the shard's names and
    # the lists (the same few values over and over) are looked up by position after
    # the sort, so they are never moved by it. Order is kept through that projection.
    db.execute("set preserve_insertion_order = true")
    try:
        db.execute(f"""copy (
            select doc_id, (?::varchar[])[shard_no + 1] as source,
                   (?::varchar[])[shard_no + 1] as shard, row, url,
                   (?::varchar[][])[combo] as reasons, (?::varchar[][])[combo] as signals,
                   bytes, tokens, content_hash
            from (select k >> 32 as shard_no, k & 4294967295 as row, m.doc_id, m.url,
                         f.combo, m.bytes, m.tokens, m.content_hash
                  from {manifest} m join (select k, combo from found join combos using (mask))
                       f using (k)
                  order by k)
        ) to {q(str(tmp))} (format parquet, compression zstd)""",
                   [[s for s, _ in shards], [s for _, s in shards], [c[1] for c in combos],
                    [c[2] for c in combos]])
    finally:
        db.execute("set preserve_insertion_order = false")


__all__ = ["add_duplicates", "hits_sql", "keyed", "q", "write_set"]
