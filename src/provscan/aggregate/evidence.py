"""The copyright evidence bundle as DuckDB SQL over the ``evidence`` and ``manifest``
views and the catalog's ``problems``, ``skipped_files`` and ``units`` tables.

``$rel(col)`` stands for a column as written: the report writes paths below its working
directory relative (shards, and ids made of a shard path); users re-run the queries with
the plain column (see ``plain``).
"""

from __future__ import annotations

import re

_REL = re.compile(r"\$rel\(([\w.]+)\)")


def plain(sql: str) -> str:
    """The query as users run it on the store."""
    return _REL.sub(r"\1", sql)


def relative(sql: str, prefix: str) -> str:
    """The query with the columns marked ``$rel(...)`` made relative to ``prefix``."""
    lit = "'" + prefix.replace("'", "''") + "'"
    return _REL.sub(lambda m: f"case when starts_with({m[1]}, {lit}) then substr({m[1]}, "
                              f"{len(prefix) + 1}) else {m[1]} end", sql)

OPTOUT_FINDINGS = """\
select e.source, $rel(shard) as shard, e.row, $rel(e.doc_id) as doc_id, e.url, m.domain,
       e.signal, e.verdict, e.value, e.rule, e.token, e.capture_when, e.capture_url, e.capture_date,
       e.capture_hash
from evidence e left join manifest m using (source, shard, row)
where e.kind = 'optout'
order by e.source, e.shard, e.row, e.signal, e.capture_when, e.token"""
"""Every opt-out finding (any verdict) of every document, with the capture it came from."""

OPTOUT_DOCUMENTS = """\
with f as (
    select source, shard, row, count(*) as findings,
           list_sort(list_distinct(list(signal || ':' || verdict))) as verdicts,
           list_sort(list_distinct(list(capture_url || ' @ '
               || strftime(timezone('UTC', capture_date), '%Y-%m-%dT%H:%M:%SZ')
               || ' #' || capture_hash))) as captures
    from evidence where kind = 'optout' group by all)
select m.source, $rel(shard) as shard, m.row, $rel(m.doc_id) as doc_id, m.url, m.domain, m.optout,
       array_to_string(m.optout_signals, ';') as reserved_by,
       array_to_string(f.verdicts, ';') as verdicts, m.robots_state,
       array_to_string(f.captures, ';') as captures
from manifest m join f using (source, shard, row)
order by m.source, m.shard, m.row"""
"""One row per document with at least one opt-out finding: the document's verdict
(``optout``, ``reserved_by`` as in the manifest), every signal's verdict and the captures."""

OPTOUT_DOMAINS = """\
with caps as (
    select m.domain, list_sort(list_distinct(list(e.capture_url || ' @ '
               || strftime(timezone('UTC', e.capture_date), '%Y-%m-%d') || ' #'
               || e.capture_hash))) as captures
    from evidence e join manifest m using (source, shard, row)
    where e.kind = 'optout' and e.capture_url is not null group by m.domain)
select m.domain, count(*) as documents, count(*) filter (where m.optout) as reserved,
       count(*) filter (where m.optout) / count(*) as reserved_share,
       sum(m.bytes) as bytes, coalesce(sum(m.bytes) filter (where m.optout), 0)
           as reserved_bytes,
       array_to_string(list_sort(list_distinct(flatten(list(m.optout_signals)))), ';')
           as signals,
       string_agg(distinct m.robots_state, ';' order by m.robots_state) as robots_states,
       array_to_string(any_value(caps.captures), ';') as captures
from manifest m left join caps using (domain)
where m.domain is not null and m.optout is not null
group by m.domain order by reserved desc, documents desc, m.domain"""
"""Per registrable domain: documents, how many are reserved and by which signals, the
robots.txt states and the captures consulted."""

OPTOUT_SIGNALS = """\
select signal, verdict, count(*) as findings,
       count(distinct (source, shard, row)) as documents
from evidence where kind = 'optout'
group by all order by signal, verdict"""

LICENCE_FINDINGS = """\
select source, $rel(shard) as shard, row, $rel(doc_id) as doc_id, url, signal as matcher,
       value as licence,
       verdict as licence_class, rule as excerpt, span_start, span_end
from evidence where kind = 'licence'
order by source, shard, row, span_start, licence"""

LICENCES = """\
select licence, any_value(licence_class) as document_class, count(*) as documents,
       sum(bytes) as bytes
from (select unnest(licences) as licence, licence_class, bytes from manifest)
group by licence order by documents desc, licence"""
"""Per licence id found in documents: documents and bytes. ``document_class`` is the
class of a document that carries it (the most restrictive of that document's licences)."""

LICENCE_CLASSES_BY_SOURCE = """\
select source, coalesce(licence_class, 'none found') as licence_class,
       count(*) as documents, sum(bytes) as bytes
from manifest where optout is not null
group by all order by source, documents desc, licence_class"""

EXCLUSIONS = """\
select 'not read' as stage, 'file skipped: ' || reason as reason, count(*) as files,
       null::bigint as documents, null::bigint as bytes
from skipped_files group by reason
union all
select 'not read', kind || ': ' || regexp_replace(message,
           '^(record|line|row) [0-9]+( \\([^)]*\\))?: ', ''),
       count(distinct shard), count(*), null
from problems group by all
union all
select 'not read', 'record skipped by rule: ' || reason, count(distinct shard),
       sum(records)::bigint, null
from skipped_records group by reason
union all
select 'not read', 'work unit failed: ' || coalesce(error, 'unknown error'),
       count(distinct shard), null, null
from units where status = 'failed' group by all
union all
select 'flagged, kept', 'TDM / AI-training reservation (' || signal || ')', null,
       count(*), sum(bytes)
from (select unnest(optout_signals) as signal, bytes from manifest where optout)
group by signal
union all
select 'flagged, kept', 'rightsholder request ' || c.reference || ' (rightsholder_request)',
       null, count(*), sum(m.bytes)
from (select distinct source, shard, row, reference from complaint_documents) c
join manifest m using (source, shard, row)
group by c.reference
union all
select 'flagged, kept', 'exact duplicate (beyond the first copy)', null,
       count(*) - count(distinct content_hash), null
from manifest
order by stage desc, reason"""
"""What was left out and why. ``not read``: files, records and units that are not in the
manifest. ``flagged, kept``: documents provscan flags but does not remove (it annotates
only); a training pipeline that honours the flags excludes them."""


def tie_outs() -> list[tuple[str, str, str]]:
    """(what, evidence query, manifest query): pairs that must give the same number."""
    reserved = "verdict in ('reserved', 'conflict')"
    return [
        ("documents with a reservation",
         f"select count(distinct (source, shard, row)) from evidence "
         f"where kind = 'optout' and {reserved}",
         "select count(*) from manifest where optout"),
        ("reserving findings per signal (documents, summed over signals)",
         f"select count(distinct (source, shard, row, signal)) from evidence "
         f"where kind = 'optout' and {reserved}",
         "select count(*) from (select unnest(optout_signals) from manifest where optout)"),
        ("documents with a licence found",
         "select count(distinct (source, shard, row)) from evidence where kind = 'licence'",
         "select count(*) from manifest where len(licences) > 0"),
        ("documents with any opt-out finding (rows of optout_documents.csv)",
         "select count(distinct (source, shard, row)) from evidence where kind = 'optout'",
         "select count(*) from manifest m where exists (select 1 from evidence e "
         "where e.kind = 'optout' and (e.source, e.shard, e.row) = (m.source, m.shard, m.row))"),
    ]
