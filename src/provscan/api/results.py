"""Typed results and errors of the Python API that the stages below do not define."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from provscan.errors import ProvscanError
from provscan.lookup.explain import Explanation


class QueryError(ProvscanError):
    """DuckDB rejected a query (its message says what and where)."""


@dataclass(frozen=True)
class Verdict:
    """What the store says about one URL (``Store.explain``).

    ``found``: documents with this URL are in the manifest. ``reserved``: one of them
    carries a TDM/AI-training reservation; ``None`` when none was checked (fast profile)
    or none was found. ``signals``: the reserving signals (``robots_txt``,
    ``tdmrep_header``, …). ``documents``: their manifest rows (source, shard, row,
    doc_id, date, optout, …). ``explanation``: everything behind it (evidence, site
    captures judged); ``text`` renders it as ``provscan explain`` prints it.
    """

    url: str
    found: bool
    reserved: bool | None
    signals: tuple[str, ...]
    documents: tuple[dict[str, Any], ...]
    explanation: Explanation

    @classmethod
    def of(cls, ex: Explanation) -> Verdict:
        docs = tuple(ex.documents)
        checked = [d for d in docs if d.get("optout") is not None]
        reserved = any(d["optout"] for d in checked) if checked else None
        signals = sorted({s for d in checked if d["optout"]
                          for s in d.get("optout_signals") or []})
        return cls(ex.url, bool(docs), reserved, tuple(signals), docs, ex)

    @property
    def text(self) -> str:
        from provscan.lookup.render import render_explanation

        return render_explanation(self.explanation)


__all__ = ["QueryError", "Verdict"]
