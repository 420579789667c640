"""The annex's account of an exclusion set (``provscan report --exclusions NAME``)."""

from __future__ import annotations

from provscan.report.exclusions import Exclusions
from provscan.report.formatting import n
from provscan.report.layout import Block, Heading, Para, Table


def annex_blocks(e: Exclusions) -> list[Block]:
    """The annex's account of the exclusion set: the views every query reads, and the
    removals by reason, by signal and by source, each with its query."""
    t = e.totals.value
    rules = ", ".join(str(r) for r in e.rules.get("reasons") or [])  # type: ignore[union-attr]
    return [
        Heading(3, f"Exclusion set {e.name}: what was removed before training"),
        Para(f"Every figure of this report is over the documents the exclusion set "
             f"{e.name} keeps (rules: {rules}"
             + (f"; where {e.rules['where']}" if e.rules.get("where") else "")
             + (f"; licence classes {', '.join(e.rules['licence_classes'])}"  # type: ignore[arg-type]
                if e.rules.get("licence_classes") else "")
             + f"). In each query, `manifest` is the view below, `manifest_all` every "
             f"document scanned and `exclusion_set` the set's file "
             f"(STORE/exclusions/{e.name}.parquet). {e.keep_rule[0].upper()}"
             f"{e.keep_rule[1:]}."),
        Para("`" + " ".join(e.kept_view.split()) + "`"),
        Table(["Figure", "Before", "Removed", "After"], [
            ["Documents", n(t.documents_before), n(t.documents_removed),
             n(t.documents_after)],
            ["Bytes of text", n(t.bytes_before), n(t.bytes_removed), n(t.bytes_after)],
            ["Tokens", n(t.tokens_before), n(t.tokens_removed), n(t.tokens_after)],
        ], e.totals.query, "Before and after the exclusion set"),
        Table(["Reason", "Documents", "Bytes", "Tokens"], [
            [r.reason, n(r.documents), n(r.bytes), n(r.tokens)] for r in e.by_reason.value],
            e.by_reason.query, "Removed, by reason (a document may have several)"),
        Table(["Reason", "Signal", "Documents", "Bytes", "Tokens"], [
            [r.reason, r.signal, n(r.documents), n(r.bytes), n(r.tokens)]
            for r in e.by_signal.value], e.by_signal.query, "Removed, by signal"),
        Table(["Source", "Documents before", "after", "Tokens before", "after"], [
            [r.source, n(r.documents_before), n(r.documents_after), n(r.tokens_before),
             n(r.tokens_after)] for r in e.sources.value], e.sources.query,
            "Per source, before and after"),
    ]


__all__ = ["annex_blocks"]
