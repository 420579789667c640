"""Aggregation: SQL over the manifest. Every figure of a report is one of these queries,
so a user can re-derive it with DuckDB."""
