"""Connected components of an edge table, in SQL, so the graph never sits in Python.

Min-label propagation with pointer jumping: every node starts with the smallest id
among itself and its direct neighbours; each round a node takes the smallest label of
its neighbours and then the label of that label. Labels only decrease and are always
ids of the same component, and at the fixpoint every component is labelled with its
smallest id, whatever order the rows came in, so the result is deterministic. Pointer
jumping doubles the distance a label travels per round, so a chain of n documents
needs about log2(n) rounds instead of n.

Every step is a DuckDB join or aggregate over tables in its database file, which spill
to its temp directory past ``memory_limit``.
"""

from __future__ import annotations

import duckdb

MAX_ROUNDS = 200  # log2 of any real corpus is far below; a safety stop, not a tuning knob


def connected_components(con: duckdb.DuckDBPyConnection, edges: str, labels: str) -> int:
    """Write ``labels(node, label)`` for every node of ``edges(src, dst)``; return rounds.

    ``label`` is the smallest node id of the node's component.
    """
    con.execute(
        f"""create or replace table {labels} as
        select node, min(label) as label from (
            select src as node, least(src, dst) as label from {edges}
            union all select dst, least(src, dst) from {edges}
        ) group by node"""
    )
    for rounds in range(1, MAX_ROUNDS + 1):
        con.execute(
            f"""create or replace table _prop as
            select node, min(label) as label from (
                select e.src as node, l.label from {edges} e join {labels} l on l.node = e.dst
                union all
                select e.dst, l.label from {edges} e join {labels} l on l.node = e.src
                union all
                select node, label from {labels}
            ) group by node"""
        )
        con.execute(
            """create or replace table _next as
            select p.node, least(p.label, j.label) as label
            from _prop p join _prop j on j.node = p.label"""
        )
        changed = con.execute(
            f"""select count(*) from _next n join {labels} l using (node)
            where n.label <> l.label"""
        ).fetchone()
        con.execute(f"drop table {labels}")
        con.execute(f"alter table _next rename to {labels}")
        con.execute("drop table _prop")
        if changed is None or changed[0] == 0:
            return rounds
    raise RuntimeError(f"connected components did not converge in {MAX_ROUNDS} rounds")
