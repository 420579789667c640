"""docs/api.md runs: its ```python blocks, one after another in an empty folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_the_api_page_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "api_doc"}
    for i, code in enumerate(blocks):
        exec(compile(code, f"{DOC.name}[python block {i + 1}]", "exec"), namespace)


def test_every_public_name_is_on_the_api_page() -> None:
    import provscan

    text = DOC.read_text(encoding="utf-8")
    for name in provscan.__all__:
        if name != "__version__":
            assert name in text, name
