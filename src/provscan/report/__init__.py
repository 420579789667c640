"""Reports: the summary model and its renderers (JSON, Markdown, HTML, CSV)."""

from provscan.report.build import build_summary, write_report

__all__ = ["build_summary", "write_report"]
