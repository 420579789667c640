"""Export: the kept documents streamed back from their original shards.

``export_store`` (or ``run_export`` on a given executor) writes every document of a store
that is not in an exclusion set, with its ``doc_id``, ``source``, ``url``, ``date`` and the
text exactly as the scan read it, and records the export in the catalog. See
docs/exclusions.md.
"""

from provscan.export.plan import ExportError
from provscan.export.run import (
    DONE_FILE,
    ExportOptions,
    ExportProgress,
    ExportSummary,
    export_store,
    run_export,
)
from provscan.export.worker import EXPORT_SCHEMA, ExportResult, ExportTask, export_shard

__all__ = ["DONE_FILE", "EXPORT_SCHEMA", "ExportError", "ExportOptions", "ExportProgress",
           "ExportResult", "ExportSummary", "ExportTask", "export_shard", "export_store",
           "run_export"]
