"""ISO 639-1 language codes and their English names, from the packaged
``provscan/data/iso639_1.tsv``: shared by the language detector (which codes exist)
and the report (what to call them)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def iso639_names() -> dict[str, str]:
    """ISO 639-1 code -> English name."""
    table = resources.files("provscan") / "data" / "iso639_1.tsv"
    names: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            names[code] = name
    return names


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code ("de" -> "German"); the code itself if unknown."""
    return iso639_names().get(code, code)


__all__ = ["iso639_names", "language_name"]
