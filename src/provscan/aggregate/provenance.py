"""What produced the store's rows, from the provenance each unit recorded when it was
scanned (``units.prov_*``): one row per source and distinct set of versions, so a store
whose units come from different versions says so, per source."""

from __future__ import annotations

PROVENANCE = """\
select source, profile,
       prov_provscan as provscan, prov_psl as public_suffix_list,
       prov_language as language, prov_licences as licences,
       prov_person_names as person_names, prov_robots_parser as robots_parser,
       prov_crawler_tokens as crawler_tokens, prov_robots_time as robots_time,
       token_method, count(*) as units, sum(docs) as documents
from units
where status in ('done', 'partial')
group by all
order by source, profile, provscan, language, licences, crawler_tokens, robots_time"""
"""Per source: the versions that produced its units (null where a unit predates the
record: stores scanned before provscan kept provenance)."""

TOKEN_LISTS = """\
select label, file, content from crawler_token_lists
where label in (select prov_crawler_tokens from units where status in ('done', 'partial'))
order by file, label"""
"""The AI-crawler token lists the store's units were judged with, as the scan read them."""

__all__ = ["PROVENANCE", "TOKEN_LISTS"]
