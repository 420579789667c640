"""Loading the versioned licence data files shipped in ``provscan/data``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

DATA_FILES = ("licence_classes", "licence_cc", "licence_phrases", "licence_hf_aliases",
              "licence_deprecated", "licence_spdx_ids")


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed JSON data file ``provscan/data/<name>.json``."""
    text = resources.files("provscan").joinpath(f"data/{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def versions() -> str:
    """``name@version`` of every licence data file, for reports."""
    return ", ".join(f"{n}@{load(n)['version']}" for n in DATA_FILES)
