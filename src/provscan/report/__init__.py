"""Reports: the summary model and its renderers (JSON, Markdown, HTML, CSV)."""

from provscan.report.build import build_summary, write_report

__all__ = ["build_summary", "run_report", "write_report"]


def run_report(store: str, out: str, *, sme: bool = False, declaration: str | None = None,
               previous: str | None = None) -> list[str]:
    """Write the report of ``store`` into ``out``; the lines to show the user."""
    from provscan.store import Catalog

    with Catalog(store) as cat:
        s = write_report(cat, out, sme)
    t = s["totals"]
    return [f"report for {t['documents']['value']:,} documents, "
            f"{s['domains']['total']['value']:,} domains "
            f"({s['domains']['listed']} listed) written to {out}"]
