"""How the renderers print figures: counts, shares and the template's date forms."""

from __future__ import annotations

NOT_APPLICABLE = "Not applicable"


def mm_yyyy(iso: str | None) -> str | None:
    """The template's MM/YYYY form of an ISO date or timestamp."""
    return f"{iso[5:7]}/{iso[:4]}" if iso else None


def dd_mm_yyyy(iso: str | None) -> str | None:
    """The template's DD/MM/YYYY form of an ISO date."""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else None


def n(v: int | float | str | None) -> str:
    """A count with thousands separators; '—' for none."""
    return "—" if v is None else f"{v:,}" if isinstance(v, int) else str(v)


def pct(v: float | None, digits: int = 1) -> str:
    """A share as a percentage; '—' for none."""
    return "—" if v is None else f"{v:.{digits}%}"


def period(start: str | None, end: str | None) -> str | None:
    """A collection period as MM/YYYY – MM/YYYY (None when no date is known)."""
    if not start and not end:
        return None
    return f"{mm_yyyy(start) or 'not known'} – {mm_yyyy(end) or 'not known'}"
