"""A report over the kept documents: the ``manifest`` and ``evidence`` views narrowed to
the documents an exclusion set does not drop, and the removals measured by reason and by
signal.

With ``provscan report --exclusions NAME`` every figure's query reads ``manifest`` as
defined here, so each figure is over the kept documents; ``manifest_all`` is every
document scanned and ``exclusion_set`` the set's documents. To re-derive the figures:

    create view manifest_all as select * from read_parquet('STORE/manifest/*/*.parquet');
    create view exclusion_set as select * from 'STORE/exclusions/NAME.parquet';

then the ``KEPT_VIEW`` below, and any query of the report.
"""

from __future__ import annotations

SET_VIEW = "create or replace temp view exclusion_set as select * from read_parquet($path)"

ALL_VIEW = "create or replace temp view manifest_all as $manifest"
EVIDENCE_ALL_VIEW = "create or replace temp view evidence_all as $evidence"

KEPT_VIEW = """\
create or replace temp view manifest as
select m.* from manifest_all m anti join exclusion_set x using (source, shard, row)"""
"""The kept documents: every document scanned that the exclusion set does not drop."""

KEPT_EVIDENCE_VIEW = """\
create or replace temp view evidence as
select e.* from evidence_all e anti join exclusion_set x using (source, shard, row)"""

_REMOVED = """\
with removed as (
    select x.reasons, x.signals, m.bytes, m.tokens
    from exclusion_set x join manifest_all m using (source, shard, row))"""

REMOVAL_TOTALS = _REMOVED + """
select (select count(*) from manifest_all) as documents_before,
       (select coalesce(sum(bytes), 0) from manifest_all) as bytes_before,
       (select sum(tokens) from manifest_all) as tokens_before,
       count(*) as documents_removed, coalesce(sum(bytes), 0) as bytes_removed,
       sum(tokens) as tokens_removed,
       (select count(*) from manifest) as documents_after,
       (select coalesce(sum(bytes), 0) from manifest) as bytes_after,
       (select sum(tokens) from manifest) as tokens_after,
       (select count(*) from exclusion_set x anti join manifest_all m
        using (source, shard, row)) as set_rows_without_document
from removed"""
"""Before, removed, after; and rows of the set whose document is no longer in the store
(the set predates the last scan: rebuild it)."""

REMOVALS_BY_REASON = _REMOVED + """
select reason, count(*) as documents, coalesce(sum(bytes), 0) as bytes,
       sum(tokens) as tokens
from (select unnest(reasons) as reason, bytes, tokens from removed)
group by reason order by documents desc, reason"""
"""A document removed for several reasons counts under each of them."""

REMOVALS_BY_SIGNAL = _REMOVED + """
select split_part(s, ':', 1) as reason, substr(s, strpos(s, ':') + 1) as signal,
       count(*) as documents, coalesce(sum(bytes), 0) as bytes, sum(tokens) as tokens
from (select unnest(signals) as s, bytes, tokens from removed)
group by all order by reason, documents desc, signal"""
"""Per reason, the signal behind it: the reservation signal (``robots_txt``, ...), the
kind of personal data, or the licence class."""

SOURCES_BEFORE_AFTER = """\
with b as (select source, count(*) as documents, coalesce(sum(bytes), 0) as bytes,
                  sum(tokens) as tokens from manifest_all group by source),
a as (select source, count(*) as documents, coalesce(sum(bytes), 0) as bytes,
             sum(tokens) as tokens from manifest group by source)
select b.source, b.documents as documents_before, b.bytes as bytes_before,
       b.tokens as tokens_before, coalesce(a.documents, 0) as documents_after,
       coalesce(a.bytes, 0) as bytes_after,
       case when b.tokens is not null then coalesce(a.tokens, 0) end as tokens_after
from b left join a using (source) order by b.source"""

__all__ = ["ALL_VIEW", "EVIDENCE_ALL_VIEW", "KEPT_EVIDENCE_VIEW", "KEPT_VIEW",
           "REMOVALS_BY_REASON", "REMOVALS_BY_SIGNAL", "REMOVAL_TOTALS", "SET_VIEW",
           "SOURCES_BEFORE_AFTER"]
