"""top_domains.csv and sources.csv: the template's domain list and per-source table."""

from __future__ import annotations

import csv
from pathlib import Path

from provscan.declaration import Declaration
from provscan.report.build import LARGE_SHARE
from provscan.report.exclusions import SourceBeforeAfterRow
from provscan.report.formatting import mm_yyyy
from provscan.report.model import ScanFigures

SOURCES_COLUMNS = [
    "source", "template_class", "link", "version", "modality", "description", "documents",
    "bytes", "tokens", "share_of_modality", "share_of_public_data", "large",
    "declared_licence", "dataset_licence", "dataset_licence_class", "dataset_licence_conflict",
    "detected_licences", "detected_licence_classes", "collection_start",
    "collection_end", "subset_selection", "near_duplicate_rate", "tokens_after_dedup",
    "documents_before", "bytes_before", "tokens_before", "documents_removed",
    "tokens_removed",
]


def _f(v: float | None) -> str:
    return "" if v is None else f"{v:.6f}"


def write_top_domains(summary: ScanFigures, path: Path) -> None:
    """The template's list of top domains, with the rule that sized it in a comment."""
    d = summary.domains
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write(
            f"# rule: {d.rule} ({'SME' if d.sme else 'non-SME'}); "
            f"listed {d.listed} of {d.total.value} domains; "
            f"size measure: {d.size_measure}; ranked by bytes, ties by domain name; "
            f"share of the bytes of all documents that have a domain; "
            f"{d.public_suffix_list}\n"
        )
        w = csv.writer(f)
        w.writerow(["rank", "domain", "bytes", "tokens", "documents", "share",
                    "cumulative_share", "first_seen", "last_seen"])
        for r in d.top.value:
            w.writerow([r.rank, r.domain, r.bytes, r.tokens, r.documents,
                        _f(r.share), _f(r.cumulative_share),
                        mm_yyyy(r.first_seen) or "", mm_yyyy(r.last_seen) or ""])


def _before_after(b: SourceBeforeAfterRow | None) -> dict[str, object]:
    """The before columns of sources.csv (empty without an exclusion set)."""
    if b is None:
        return {}
    return {"documents_before": b.documents_before, "bytes_before": b.bytes_before,
            "tokens_before": "" if b.tokens_before is None else b.tokens_before,
            "documents_removed": b.documents_before - b.documents_after,
            "tokens_removed": "" if b.tokens_before is None or b.tokens_after is None
            else b.tokens_before - b.tokens_after}


def write_sources(summary: ScanFigures, declaration: Declaration, path: Path) -> None:
    """One row per source: declared metadata, sizes, shares, licences, near-duplicates."""
    nd = summary.near_duplicates
    dedup = {r.source: r for r in nd.per_source.value} if nd else {}
    subsets = declaration.data_sources.public_datasets.subset_selection
    m = summary.size_measure.value
    ex = summary.exclusions
    before = {r.source: r for r in ex.sources.value} if ex else {}
    with path.open("w", newline="", encoding="utf-8") as f:
        if ex is not None:
            f.write(f"# after pre-processing: documents, bytes and tokens are those the "
                    f"exclusion set {ex.name} keeps; *_before: every document scanned\n")
        f.write(f"# one row per source; shares measured in {m}; share_of_public_data and "
                f"large (more than {LARGE_SHARE:.0%} of the public data of the modality) only "
                "for publicly available datasets (class 2.1); collection dates UTC "
                "(YYYY-MM-DD)" + ("" if nd else "; near-duplicates not computed") + "\n")
        w = csv.DictWriter(f, SOURCES_COLUMNS)
        w.writeheader()
        for r in summary.sources.value:
            d = dedup.get(r.source)
            b = before.get(r.source)
            w.writerow({**_before_after(b),
                "source": r.source, "link": r.link, "version": r.version,
                "modality": r.modality, "description": r.description,
                "documents": r.documents, "bytes": r.bytes, "tokens": r.tokens,
                "declared_licence": r.declared_licence,
                "template_class": r.template_class or "",
                "share_of_modality": _f(r.share_of_modality),
                "share_of_public_data": _f(r.share_of_public_data),
                "large": "" if r.large is None else str(r.large).lower(),
                "dataset_licence": r.dataset_licence or "",
                "dataset_licence_class": r.dataset_licence_class or "",
                "dataset_licence_conflict": "" if r.dataset_licence_conflict is None
                else str(r.dataset_licence_conflict).lower(),
                "detected_licences": "; ".join(r.detected_licences),
                "detected_licence_classes": "; ".join(r.detected_licence_classes),
                "collection_start": (r.earliest_date or "")[:10],
                "collection_end": (r.latest_date or "")[:10],
                "subset_selection": subsets.get(r.source, ""),
                "near_duplicate_rate": _f(d.near_duplicate_rate) if d else "",
                "tokens_after_dedup": d.tokens_after if d and d.tokens_after is not None
                else "",
            })
        listed = {r.source for r in summary.sources.value}
        for name, b in before.items():  # every document of the source was removed
            if name not in listed:
                w.writerow({**_before_after(b), "source": name, "documents": 0, "bytes": 0,
                            "tokens": "" if b.tokens_before is None else 0})
