"""The SQL of a build: the manifest keyed by an integer, the rules' findings, the
duplicates kept one per group, and the set's file.

Every step works on the key ``k`` (the shard's number, in ``(source, shard)`` order, << 32
| the row), so findings are grouped, joined and sorted on one integer, and ``k`` sorts as
``source, shard, row`` does. A document's reasons and signals are carried as one bit
string over the distinct ``(reason, signal)`` pairs found (table ``codes``) and turned
into the two lists only for the few distinct combinations, which the file's rows then take
by number once sorted (in Arrow, as the file is written).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from provscan.exclude.config import ExclusionSpec
from provscan.exclude.read import SET_SCHEMA
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
        groups.append(f"select k, 'exact_duplicate' as reason, content_hash as grp, doc_id "
                      f"from {nd} where exact")
    elif "exact_duplicate" in spec.reasons:
        # candidates by a 64-bit hash of the content hash (fast to group), then grouped
        # by the content hash itself
        groups.append(f"""select k, 'exact_duplicate' as reason, content_hash as grp, doc_id
            from {manifest} where hash(content_hash) in (
                select hash(content_hash) from ({plain}) group by 1 having count(*) > 1)""")
    if "near_duplicate" in spec.reasons:
        groups.append(f"select k, 'near_duplicate' as reason, cluster::varchar as grp, "
                      f"doc_id from {nd}")
    union = "\nunion all\n".join(groups)
    # A current clustering was made from these manifest parts: its doc_ids are theirs,
    # and only the dates are read from the manifest.
    doc_id = "g.doc_id" if near_current else "m.doc_id"
    db.execute(f"""create or replace temp table members as
        select g.k, g.reason, g.grp, m.date, {doc_id} as doc_id,
               g.k in (select k from hits) as dropped
        from ({union}) g
        join (select k, date{"" if near_current else ", doc_id"} from {manifest}) m
             using (k)""")
    db.execute(f"""insert into hits
        select k, reason, null from members anti join (
            select reason, arg_min(k, {KEEP_KEY}) as k from members group by reason, grp
        ) kept using (reason, k)""")
    db.execute("drop table members")


def write_set(db: duckdb.DuckDBPyConnection, manifest: str, shards: list[tuple[str, str]],
              tmp: Path) -> None:
    """The set's file at ``tmp``: one row per document in ``hits`` with the manifest's
    columns, its reasons and signals, sorted by ``k``. ``shards`` are the ``(source,
    shard)`` of each shard number. Its counts are left in table ``combo_counts``
    (``reasons, signals, documents, bytes, tokens``)."""
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
               "generate_subscripts(?::bit[], 1) - 1 as combo", [[c[0] for c in combos]] * 2)
    # Sorted on the integers and the manifest's own strings only: the shard's names and
    # the lists (the same few values over and over) are taken by position in Arrow.
    rows = db.sql(f"""
        select k >> 32 as shard_no, k & 4294967295 as row, m.doc_id, m.url, f.combo,
               m.bytes, m.tokens, m.content_hash
        from {manifest} m join (select k, combo from found join combos using (mask)) f
             using (k)
        order by k""").to_arrow_reader(BATCH_ROWS)
    sources = pa.array([s for s, _ in shards], pa.string())
    names = pa.array([s for _, s in shards], pa.string())
    reasons = pa.array([c[1] for c in combos], pa.list_(pa.string()))
    signals = pa.array([c[2] for c in combos], pa.list_(pa.string()))

    counts: list[pa.Table] = []

    def batches() -> Iterator[pa.RecordBatch]:
        for b in rows:
            shard, combo = b.column("shard_no"), b.column("combo")
            counts.append(pa.table({"combo": combo, "bytes": b.column("bytes"),
                                    "tokens": b.column("tokens")}).group_by("combo").aggregate(
                [("combo", "count"), ("bytes", "sum"), ("tokens", "sum"), ("tokens", "count")]))
            yield pa.record_batch([
                b.column("doc_id"), sources.take(shard), names.take(shard), b.column("row"),
                b.column("url"), reasons.take(combo), signals.take(combo), b.column("bytes"),
                b.column("tokens"), b.column("content_hash")], schema=SET_SCHEMA)

    write_batches(batches(), tmp)
    _combo_counts(db, counts, combos)


def _combo_counts(db: duckdb.DuckDBPyConnection, counts: list[pa.Table],
                  combos: list[tuple[object, list[str], list[str]]]) -> None:
    """Table ``combo_counts``: the documents, bytes and tokens of the set by combination
    of reasons and signals (tokens null where no document has them, as SQL's sum)."""
    db.register("batch_counts", pa.concat_tables(counts) if counts else pa.table({
        "combo": pa.array([], pa.int64()), "combo_count": pa.array([], pa.int64()),
        "bytes_sum": pa.array([], pa.int64()), "tokens_sum": pa.array([], pa.int64()),
        "tokens_count": pa.array([], pa.int64())}))
    db.register("combo_lists", pa.table({
        "combo": pa.array(range(len(combos)), pa.int64()),
        "reasons": pa.array([c[1] for c in combos], pa.list_(pa.string())),
        "signals": pa.array([c[2] for c in combos], pa.list_(pa.string()))}))
    db.execute("""create or replace temp table combo_counts as
        select reasons, signals, sum(combo_count) as documents, sum(bytes_sum) as bytes,
               case when sum(tokens_count) > 0 then sum(tokens_sum) end as tokens
        from batch_counts join combo_lists using (combo) group by all""")
    db.unregister("batch_counts")
    db.unregister("combo_lists")


#: Rows per batch (and row group) of a set's file.
BATCH_ROWS = 262_144


def write_batches(batches: Iterator[pa.RecordBatch], path: Path) -> None:
    """Write ``batches`` to the Parquet file ``path`` in a second thread, so that the
    encoding and compression of one batch overlap the making of the next. An error of
    either side is raised here once both have stopped."""
    todo: queue.Queue[pa.RecordBatch | None] = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def write() -> None:
        try:
            with pq.ParquetWriter(path, SET_SCHEMA, compression="zstd", compression_level=1,
                                  use_dictionary=["source", "shard", "url", "reasons",
                                                  "signals"]) as w:
                while (b := todo.get()) is not None:
                    w.write_batch(b)
        except BaseException as e:  # handed to the caller below
            failed.append(e)
            while todo.get() is not None:  # let the producer finish
                pass

    writer = threading.Thread(target=write, name="exclusion-set-writer", daemon=True)
    writer.start()
    try:
        for b in batches:
            if failed:
                break
            todo.put(b)
    finally:
        todo.put(None)
        writer.join()
    if failed:
        raise failed[0]


__all__ = ["BATCH_ROWS", "add_duplicates", "hits_sql", "keyed", "q", "write_batches",
           "write_set"]
