"""Where each value of the report comes from.

Every value is a small object: ``{"value": …, "source": "scan", "query": "…"}`` (measured;
the query re-derives it from the manifest), ``{"value": …, "source": "declaration",
"field": "…"}`` (the provider's declaration file), or ``{"value": null, "source":
"to_be_provided", "field": "…"}`` (the declaration field that would answer it).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

Tagged = dict[str, Any]

NOT_APPLICABLE = "Not applicable"


def scan(value: Any, query: str | None) -> Tagged:
    """A figure measured by the scan, with the query that re-derives it."""
    return {"value": value, "source": "scan", "query": query}


def declared(value: Any, field: str) -> Tagged:
    """An answer taken from the provider's declaration."""
    return {"value": value, "source": "declaration", "field": field}


def to_be_provided(field: str) -> Tagged:
    """An answer nobody has given yet: the declaration field that would give it."""
    return {"value": None, "source": "to_be_provided", "field": field}


def from_declaration(value: Any, field: str) -> Tagged:
    """``declared`` when the declaration has a value, else ``to_be_provided``."""
    return to_be_provided(field) if value is None else declared(value, field)


def jsonable(v: Any) -> Any:
    """Dates as ISO strings (UTC), tuples as lists, recursively."""
    if isinstance(v, datetime):
        return (v.astimezone(timezone.utc) if v.tzinfo else v).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [jsonable(x) for x in v]
    return v


def mm_yyyy(iso: str | None) -> str | None:
    """The template's MM/YYYY form of an ISO date or timestamp."""
    return f"{iso[5:7]}/{iso[:4]}" if iso else None


def dd_mm_yyyy(iso: str | None) -> str | None:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else None


def n(v: Any) -> str:
    """A count with thousands separators; '—' for none."""
    return "—" if v is None else f"{v:,}" if isinstance(v, int) else str(v)


def pct(v: float | None, digits: int = 1) -> str:
    return "—" if v is None else f"{v:.{digits}%}"


def period(start: str | None, end: str | None) -> str | None:
    """A collection period as MM/YYYY – MM/YYYY (None when no date is known)."""
    if not start and not end:
        return None
    return f"{mm_yyyy(start) or 'not known'} – {mm_yyyy(end) or 'not known'}"
