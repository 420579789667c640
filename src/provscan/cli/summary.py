"""The short summary a scan ends with: what was read, what was left out by rule, what
was damaged, what failed. Lines for stdout (the figures) and stderr (what needs a look).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command imports its library when it runs
    from provscan.scan.run import ScanSummary


def counts_text(counts: dict[str, int]) -> str:
    """``not HTML: 1,100, not 2xx: 104``, the largest first."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{k}: {n:,}" for k, n in items)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def summary_lines(summary: ScanSummary, store: str) -> Iterator[tuple[str, bool]]:
    """(line, for stderr) pairs."""
    s = summary
    mb = s.bytes / 1e6
    dt = max(s.seconds, 1e-9)
    yield (f"scanned {s.units_done} units ({s.units_skipped} unchanged, skipped), "
           f"{s.docs:,} documents, {mb:,.1f} MB in {s.seconds:.1f}s "
           f"({s.docs / dt:,.0f} docs/s, {mb / dt:,.1f} MB/s) into {store}"), False
    if s.shards_added or s.shards_changed or s.shards_removed or s.units_redone:
        parts = [f"{s.shards_added} new", f"{s.shards_changed} changed",
                 f"{s.shards_removed} removed"
                 + (" (their documents retired)" if s.shards_removed else "")]
        if s.units_redone:
            parts.append(f"{s.units_redone} units redone (damaged or missing parts)")
        yield "shards: " + ", ".join(parts), False
    if s.captures is not None:
        yield (f"ingested {s.captures:,} site captures (robots.txt, tdmrep.json, ai.txt) "
               "into the store"), False
    nd = s.near_duplicates
    if nd is not None:
        yield (f"near duplicates: {nd.clustered:,} of {nd.documents:,} documents in "
               f"{nd.clusters:,} clusters ({nd.seconds:.1f}s); STORE/near_duplicates.parquet"
               ), False
    if s.skipped_records:
        total = sum(s.skipped_records.values())
        yield (f"{_plural(total, 'record')} skipped by rule, not documents "
               f"({counts_text(s.skipped_records)})"), False
    if s.repairs:
        yield (f"{_plural(sum(s.repairs.values()), 'value')} repaired, the documents kept "
               f"({counts_text(s.repairs)})"), True
    if s.damage:
        yield (f"{sum(s.damage.values()):,} damaged: input lost in {s.units_partial} "
               f"partial units ({counts_text(s.damage)}); what was read intact is kept"), True
    for _origin, msg in s.capture_problems[:5]:
        yield f"site captures: {msg}", True
    if len(s.capture_problems) > 5:
        yield f"site captures: {len(s.capture_problems) - 5} more problems", True
    if s.repairs or s.damage or s.capture_problems:
        yield f"each problem with its file and position: provscan status --store {store} " \
              "--problems", True
    for f in s.skipped_files[:5]:
        yield f"not scanned: {f.path}: {f.reason}", True
    if len(s.skipped_files) > 5:
        yield f"not scanned: {len(s.skipped_files) - 5} more files (provscan status)", True
    if s.failures:
        yield f"{s.units_failed} units FAILED and are not in the manifest:", True
        for _, err in s.failures:
            yield f"  {err}", True


__all__ = ["counts_text", "summary_lines"]
