"""Reports: the summary model and its renderers (JSON, Markdown, HTML, CSV, evidence,
Model Documentation Form, Croissant)."""

from __future__ import annotations

from provscan.report.build import build_summary
from provscan.report.write import run_report, write_report

__all__ = ["build_summary", "run_report", "write_report"]
