"""Near-duplicate figures as DuckDB SQL over the ``manifest`` view and a
``near_duplicates`` view of ``STORE/near_duplicates.parquet`` (one row per document in
a cluster of two or more, exact duplicates included).

To re-run them: ``create view near_duplicates as from 'STORE/near_duplicates.parquet'``.
One document per cluster is kept: the first by ``(source, shard, row)``.
"""

from __future__ import annotations

VIEW = "create or replace temp view near_duplicates as select * from read_parquet($path)"
VIEW_KEPT = """\
create or replace temp view near_duplicates as
select nd.* from read_parquet($path) nd semi join manifest using (source, shard, row)"""
"""With an exclusion set: the clustered documents it keeps."""

_FLAGGED = """\
with nd as (select source, shard, row, cluster from near_duplicates),
d as (
    select m.source, m.tokens, m.bytes, nd.cluster,
           nd.cluster is not null and row_number() over (
               partition by nd.cluster order by m.source, m.shard, m.row) > 1 as dropped
    from manifest m left join nd using (source, shard, row))"""

TOTALS = _FLAGGED + """
select count(distinct cluster) as clusters, count(cluster) as clustered_documents,
       count(*) filter (where dropped) as dropped_documents,
       count(*) - count(*) filter (where dropped) as documents_after,
       sum(tokens) as tokens, sum(tokens) filter (where not dropped) as tokens_after,
       sum(bytes) as bytes, sum(bytes) filter (where not dropped) as bytes_after
from d"""

PER_SOURCE = _FLAGGED + """
select source, count(*) as documents, count(cluster) as clustered_documents,
       count(cluster) / count(*) as near_duplicate_rate,
       count(*) filter (where dropped) as dropped_documents,
       sum(tokens) as tokens, sum(tokens) filter (where not dropped) as tokens_after,
       sum(bytes) as bytes, sum(bytes) filter (where not dropped) as bytes_after
from d group by source order by source"""
"""Per source: the share of its documents in a near-duplicate cluster (the rate), and
its tokens before and after keeping one document per cluster."""

OVERLAP = """\
with per as (select cluster, source, count(*) as n from near_duplicates group by all),
docs as (select source, count(*) as documents from manifest group by source),
o as (
    select a.source as source_a, b.source as source_b, sum(a.n) as documents_a
    from per a join per b on a.cluster = b.cluster
    where a.source <> b.source or a.n > 1
    group by all)
select o.source_a, o.source_b, o.documents_a, o.documents_a / docs.documents as share
from o join docs on docs.source = o.source_a
order by o.source_a, o.source_b"""
"""The overlap matrix: the share of source A's documents that are in a cluster with a
document of source B (for A = B: with another document of A)."""

STALE = """\
select count(*) as rows_without_document
from near_duplicates nd anti join manifest m using (source, shard, row)"""
