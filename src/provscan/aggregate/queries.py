"""The report's figures as DuckDB SQL over the ``manifest`` view and the catalog.

Each query is plain text so that reports can print it next to the figure it gives.
"""

from __future__ import annotations

import math
from typing import Any

from provscan.store import Catalog

TOTALS = """\
select count(*) as documents,
       coalesce(sum(bytes), 0) as bytes,
       sum(tokens) as tokens,
       count(distinct content_hash) as unique_documents,
       count(*) - count(distinct content_hash) as exact_duplicates,
       count(url) as documents_with_url,
       count(distinct domain) as domains,
       min(date) as earliest_date,
       max(date) as latest_date
from manifest"""

PER_MODALITY = """\
select coalesce(s.modality, 'text') as modality,
       count(*) as documents, sum(m.bytes) as bytes, sum(m.tokens) as tokens,
       count(distinct m.content_hash) as unique_documents
from manifest m left join sources s on s.name = m.source
group by all order by modality"""

PER_SOURCE = """\
with s as (
    select m.source, coalesce(s.modality, 'text') as modality, s.template_class,
           s.link, s.version, s.licence as declared_licence, s.description,
           count(*) as documents, sum(m.bytes) as bytes, sum(m.tokens) as tokens,
           count(*) - count(distinct m.content_hash) as exact_duplicates,
           count(distinct m.domain) as domains,
           min(m.date) as earliest_date, max(m.date) as latest_date
    from manifest m left join sources s on s.name = m.source
    group by all)
select *,
       $measure / sum($measure) over (partition by modality) as share_of_modality,
       case when template_class = '2.1' then $measure / sum($measure)
            filter (where template_class = '2.1') over (partition by modality) end
           as share_of_public_data,
       case when template_class = '2.1' then share_of_public_data > 0.03 end as large
from s order by source"""
"""Per source, with its share of its modality and, for publicly available datasets
(class 2.1), of the public data of its modality; ``large`` is the template's "more than
3 %" flag. ``$measure`` is ``tokens``, or ``bytes`` when some documents have no token
count (fast profile)."""

SIZE_MEASURE = "select count(*) = count(tokens) and count(*) > 0 as all_tokens from manifest"

SOURCE_LICENCES = """\
select source, licence, count(*) as documents
from (select source, unnest(licences) as licence from manifest)
group by all order by source, documents desc, licence"""

SOURCE_LICENCE_CLASSES = """\
select source, licence_class, count(*) as documents
from manifest where licence_class is not null
group by all order by source, documents desc, licence_class"""

DATASET_LICENCES = """\
select source, licence as dataset_licence, licence_class as dataset_licence_class,
       conflict as dataset_licence_conflict
from dataset_licences order by source"""
"""The licence read from a source's dataset card or LICENSE file (see licences.md)."""

CLASSES = """\
select coalesce(s.template_class, 'unclassified') as template_class,
       coalesce(s.modality, 'text') as modality, count(distinct m.source) as sources,
       count(*) as documents, sum(m.bytes) as bytes, sum(m.tokens) as tokens,
       min(m.date) as earliest_date, max(m.date) as latest_date
from manifest m left join sources s on s.name = m.source
group by all order by template_class, modality"""

CLASS_LANGUAGES = """\
select coalesce(s.template_class, 'unclassified') as template_class, m.language,
       sum(m.bytes) as bytes
from manifest m left join sources s on s.name = m.source
where m.language is not null
group by all order by template_class, bytes desc, m.language"""

DECLARED_SOURCES = """\
select name as source, template_class, coalesce(modality, 'text') as modality, link, version,
       licence as declared_licence, description
from sources order by name"""

CLASS_OPTOUT = """\
select coalesce(s.template_class, 'unclassified') as template_class,
       count(*) as documents, count(m.optout) as documents_checked,
       count(*) filter (where m.optout) as documents_reserved,
       count(*) filter (where m.robots_state in ('parsed', 'no_rules', 'unreachable'))
           as documents_with_robots_capture
from manifest m left join sources s on s.name = m.source
group by all order by template_class"""

MONTHLY = """\
select strftime(timezone('UTC', date), '%Y-%m') as month, count(*) as documents,
       sum(bytes) as bytes, sum(tokens) as tokens
from manifest where date is not null group by month order by month"""

TLDS = """\
select regexp_extract(domain, '\\.([a-z0-9-]*[a-z][a-z0-9-]*)$', 1) as tld,
       count(distinct domain) as domains, count(*) as documents, sum(bytes) as bytes,
       sum(bytes) / sum(sum(bytes)) over () as share_of_bytes
from manifest where domain is not null and domain like '%.%'
group by tld having tld <> '' order by bytes desc, tld"""

PROFILES = """\
select profile, count(*) as units, sum(docs) as documents from units
where status in ('done', 'partial') group by profile order by profile"""

DOMAIN_COUNT = "select count(distinct domain) from manifest where domain is not null"

TOP_DOMAINS = """\
with d as (
    select domain, sum(bytes) as bytes, sum(tokens) as tokens, count(*) as documents,
           min(date) as first_seen, max(date) as last_seen
    from manifest where domain is not null group by domain),
r as (
    select row_number() over (order by bytes desc, domain) as rank, *,
           bytes / sum(bytes) over () as share
    from d)
select rank, domain, bytes, tokens, documents,
       share, sum(share) over (order by rank) as cumulative_share, first_seen, last_seen
from r where rank <= $k order by rank"""

TOKEN_METHODS = """\
select distinct token_method from units
where status in ('done', 'partial') and token_method is not null order by 1"""

UNIT_STATUS = """\
select status, count(*) as units, sum(docs) as documents from units group by status"""


def top_domain_count(n_domains: int, sme: bool) -> tuple[int, str]:
    """How many domains the template's list must hold, and the rule in words.

    Non-SMEs: the top 10 % of all domains by content size, rounded up.
    SMEs: the lower of the top 5 % (rounded up) and 1,000.
    """
    if sme:
        return (min(math.ceil(0.05 * n_domains), 1000),
                "SME rule: the lower of the top 5% of all domains and 1,000 domains")
    return math.ceil(0.10 * n_domains), "top 10% of all domains"


def rows(catalog: Catalog, sql: str, **params: Any) -> list[dict[str, Any]]:
    rel = catalog.db.execute(sql, params) if params else catalog.db.execute(sql)
    cols = [d[0] for d in rel.description or []]
    return [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]


# -- detector figures (full profile; the detector columns are null in the fast profile) --

LANGUAGES = """\
select language, count(*) as documents, sum(bytes) as bytes, sum(tokens) as tokens,
       sum(bytes) / sum(sum(bytes)) over () as share_of_bytes
from manifest where language is not null
group by language order by bytes desc, language"""

DETECTED = """\
select count(optout) as documents_checked,
       count(*) filter (where optout) as documents_reserved,
       coalesce(sum(bytes) filter (where optout), 0) as bytes_reserved,
       count(*) filter (where robots_state is not null) as documents_with_host,
       count(*) filter (where robots_state in ('parsed', 'no_rules', 'unreachable'))
           as documents_with_robots_capture,
       count(language) as documents_with_language,
       count(*) filter (where len(licences) > 0) as documents_with_licence,
       count(*) filter (where pii_email > 0) as documents_with_email,
       count(*) filter (where pii_phone > 0) as documents_with_phone,
       count(*) filter (where pii_ip > 0) as documents_with_ip,
       coalesce(sum(pii_email), 0) as emails, coalesce(sum(pii_phone), 0) as phones,
       coalesce(sum(pii_ip), 0) as ip_addresses
from manifest"""

OPTOUT_BY_SIGNAL = """\
select signal, count(*) as documents, sum(bytes) as bytes
from (select unnest(optout_signals) as signal, bytes from manifest where optout)
group by signal order by documents desc, signal"""

ROBOTS_STATES = """\
select robots_state, count(*) as documents from manifest
where robots_state is not null group by robots_state order by robots_state"""

LICENCE_CLASSES = """\
select coalesce(licence_class, 'none found') as licence_class, count(*) as documents,
       sum(bytes) as bytes
from manifest where optout is not null
group by 1 order by documents desc, 1"""

TOP_LICENCES = """\
select licence, count(*) as documents
from (select unnest(licences) as licence from manifest)
group by licence order by documents desc, licence limit 20"""

# Personal names are counted on the sampled documents only (pii_person is null
# elsewhere). Sources may be sampled at different rates, so the estimate is stratified:
# one stratum per source and sample rate, over the full-profile units that counted
# names. Per stratum, N documents, n sampled, k with a name: N·k/n documents, with the
# variance N²·p̃(1−p̃)/(n+4)·(1−n/N) (Agresti–Coull p̃ = (k+2)/(n+4), finite population
# corrected: a stratum sampled whole is exact). The 95 % interval is the sum ± 1.96
# standard errors, kept within what is possible: at least the documents seen with a
# name, at most all but those seen without; strata with no sampled document add their
# whole size to the upper end.
PERSON_NAMES = """\
with counted as (
    select distinct shard,
           cast(json_extract_string(settings, '$.sample_rate') as double) as rate
    from units
    where status in ('done', 'partial') and profile = 'full'
      and json_extract_string(settings, '$.person_names.enabled') = 'true'),
strata as (
    select m.source, c.rate, count(*) as big_n, count(m.pii_person) as n,
           count(*) filter (where m.pii_person > 0) as k,
           coalesce(sum(m.pii_person), 0) as names
    from manifest m join counted c using (shard)
    group by m.source, c.rate),
est as (
    select sum(n) as n, sum(k) as k, sum(names) as names, sum(big_n) as big_n,
           -- floating sums in a fixed order: the same figure on every executor
           sum(big_n * k / n order by source, rate) filter (where n > 0) as documents,
           sqrt(sum(big_n * big_n * ((k + 2.0) / (n + 4)) * (1 - (k + 2.0) / (n + 4))
                    / (n + 4) * (1 - n / big_n) order by source, rate)
                filter (where n > 0)) as se,
           coalesce(sum(big_n) filter (where n = 0), 0) as unsampled,
           count(*) as strata
    from strata)
select n as sampled_documents, k as sampled_with_names, names as names_found,
       big_n as documents_checked, strata, unsampled as documents_in_unsampled_strata,
       documents / big_n as share,
       greatest(documents - 1.959964 * se, k) / big_n as share_ci95_low,
       least(documents + 1.959964 * se + unsampled, big_n - (n - k)) / big_n
           as share_ci95_high,
       round(documents) as estimated_documents,
       round(greatest(documents - 1.959964 * se, k)) as estimated_documents_low,
       round(least(documents + 1.959964 * se + unsampled, big_n - (n - k)))
           as estimated_documents_high
from est where n > 0"""


# -- what the report reads besides the figures ------------------------------------------

UTC = "set TimeZone = 'UTC'"
"""Dates group and print in UTC whatever the machine's time zone."""

HAS_DATASET_LICENCES = """\
select count(*) > 0 as present from information_schema.tables
where table_name = 'dataset_licences'"""
"""Stores scanned before dataset licences were read have no ``dataset_licences`` table."""

FULL_SETTINGS = """\
select distinct settings from units
where status in ('done', 'partial') and profile = 'full'"""
"""The distinct settings (JSON) the finished full-profile units were scanned with."""

COPY_CSV = "copy ($query) to $path (header)"
"""Write a query's result as CSV with a header; ``$path`` is a quoted SQL string literal."""
