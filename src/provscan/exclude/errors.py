"""Errors of exclusion sets a user can hit."""

from __future__ import annotations

from provscan.errors import ProvscanError


class ExclusionError(ProvscanError):
    """An exclusion set cannot be built or read as asked (bad rule, bad SQL, bad input)."""


class UnknownExclusionSet(ExclusionError):
    """The named exclusion set is not in the store."""

    def __init__(self, name: str, store: str, existing: list[str]) -> None:
        have = ", ".join(existing) if existing else "none yet"
        super().__init__(
            f"{store}: no exclusion set named {name!r} (sets in this store: {have}). "
            f"Create it with: provscan exclude --store STORE --name {name} --drop reserved")
        self.name = name
        self.existing = existing


__all__ = ["ExclusionError", "UnknownExclusionSet"]
