"""What an exclusion set drops: typed, frozen, checked before the store is touched."""

from __future__ import annotations

import json
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from provscan.config import RobotsTime

SET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
#: The order reasons are evaluated and listed in.
REASON_ORDER = ("reserved", "pii", "licence_class", "where", "exact_duplicate",
                "near_duplicate")


class ExclusionSpec(BaseModel):
    """One exclusion set: its name and the rules whose documents it drops."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="the set's name in the store (letters, digits, . _ -)")
    reasons: tuple[str, ...] = Field(description="the rules applied, in REASON_ORDER: "
                                     "reserved, pii, licence_class, where, "
                                     "exact_duplicate, near_duplicate")
    licence_classes: tuple[str, ...] = Field(
        (), description="licence classes dropped (licence_class rule), e.g. non-commercial")
    where: str | None = Field(None, description="SQL condition over the manifest (where rule)")
    robots_time: RobotsTime | None = Field(
        None, description="which robots.txt capture counts for `reserved`; default: the "
        "scan's own (--robots-time)")

    @field_validator("name")
    @classmethod
    def _check_name(cls, v: str) -> str:
        if not SET_NAME.match(v):
            raise ValueError(f"exclusion set name {v!r} must start with a letter or digit "
                             "and contain only letters, digits, '.', '_' or '-'")
        return v

    @field_validator("reasons")
    @classmethod
    def _check_reasons(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [r for r in v if r not in REASON_ORDER]
        if unknown:
            raise ValueError(f"unknown reason {unknown[0]!r}; known: {', '.join(REASON_ORDER)}")
        if not v:
            raise ValueError("give at least one rule (--drop or --where)")
        return tuple(r for r in REASON_ORDER if r in v)

    def rules_json(self) -> dict[str, object]:
        """The rules as recorded in the catalog (the name aside)."""
        return dict(json.loads(self.model_dump_json(exclude={"name"})))


__all__ = ["REASON_ORDER", "ExclusionSpec"]


#: ``--drop`` values and the reason each records; ``licence-class=A,B`` takes classes.
DROP_VALUES = {"reserved": "reserved", "pii": "pii", "exact-duplicates": "exact_duplicate",
               "near-duplicates": "near_duplicate", "licence-class=CLASS[,CLASS]":
               "licence_class"}


def spec_from_options(name: str, drops: tuple[str, ...] | list[str], where: str | None = None,
                      robots_time: str | None = None) -> ExclusionSpec:
    """An ``ExclusionSpec`` from the command line's ``--drop`` values; a bad value or name
    is an ``ExclusionError`` naming it and the known values."""
    from pydantic import ValidationError

    from provscan.exclude.errors import ExclusionError

    reasons: list[str] = []
    classes: list[str] = []
    for d in drops:
        key, _, arg = d.partition("=")
        if key == "licence-class" and arg:
            reasons.append("licence_class")
            classes += [c.strip() for c in arg.split(",") if c.strip()]
        elif d in DROP_VALUES and "=" not in d:
            reasons.append(DROP_VALUES[d])
        else:
            raise ExclusionError(f"--drop {d}: unknown reason; known: "
                                 f"{', '.join(DROP_VALUES)}")
    if where:
        reasons.append("where")
    try:
        return ExclusionSpec(name=name, reasons=tuple(reasons),
                             licence_classes=tuple(sorted(set(classes))), where=where or None,
                             robots_time=robots_time)  # type: ignore[arg-type]
    except ValidationError as e:
        raise ExclusionError("; ".join(str(x["msg"]).removeprefix("Value error, ")
                                       for x in e.errors())) from e


__all__ += ["DROP_VALUES", "spec_from_options"]
