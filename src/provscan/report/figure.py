"""Where each value of the report comes from: a ``Figure`` is a value with its tag.

``{"value": …, "source": "scan", "query": "…"}``: measured; the query re-derives it from
the manifest. ``{"value": …, "source": "declaration", "field": "…"}``: the provider's
declaration file. ``{"value": null, "source": "to_be_provided", "field": "…"}``: nobody
has answered yet; the declaration field that would answer it.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

T = TypeVar("T")
V = TypeVar("V", covariant=True)  # a Figure[str] is a Figure[str | None]

Source = Literal["scan", "declaration", "to_be_provided"]


class Frozen(BaseModel):
    """Immutable, strict, no unknown keys: the base of every report model. Strict, so that a
    query whose column changes type fails here instead of changing how a figure prints."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")


class Figure(Frozen, Generic[V]):
    """A value and its tag: ``scan`` with the DuckDB ``query`` that re-derives it, or
    ``declaration`` / ``to_be_provided`` with the declaration ``field`` that answers it.
    The JSON holds ``query`` for scan figures and ``field`` for the others."""

    value: V
    source: Source = "scan"
    query: str | None = None
    field: str | None = None

    @model_serializer(mode="wrap")
    def _tagged(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        out: dict[str, object] = handler(self)
        if self.source == "scan":
            del out["field"]
        else:
            del out["query"]
            if self.field is None:
                del out["field"]
        return out


def scan(value: T, query: str | None) -> Figure[T]:
    """A figure measured by the scan, with the query that re-derives it."""
    return Figure(value=value, source="scan", query=query)


def declared(value: T, field: str) -> Figure[T]:
    """An answer taken from the provider's declaration."""
    return Figure(value=value, source="declaration", field=field)


def to_be_provided(field: str) -> Figure[None]:
    """An answer nobody has given yet: the declaration field that would give it."""
    return Figure(value=None, source="to_be_provided", field=field)


def from_declaration(value: T | None, field: str) -> Figure[T] | Figure[None]:
    """``declared`` when the declaration has a value, else ``to_be_provided``."""
    return to_be_provided(field) if value is None else declared(value, field)
