"""Dataset-level licences: a Hugging Face card or a LICENSE file next to a source is
recorded in the catalog (``dataset_licences``) with its evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from provscan.config import build_config
from provscan.executors import make_executor
from provscan.scan.run import run_scan
from provscan.store import Catalog

MIT = """MIT License

Copyright (c) 2024 Example

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:
"""


@pytest.mark.parametrize(
    ("files", "licence", "klass"),
    [
        ({"README.md": "---\nlicense: cc-by-nc-4.0\n---\n# Data\n"}, "CC-BY-NC-4.0",
         "non-commercial"),
        ({"README.md": "---\nlicense: [cc-by-4.0, odc-by]\n---\n"}, "CC-BY-4.0 AND ODC-By-1.0",
         "permissive"),
        ({"LICENSE": MIT}, "MIT", "permissive"),
        ({"LICENSE-MIT.txt": MIT}, "MIT", "permissive"),
        ({"COPYING.LESSER": MIT}, "MIT", "permissive"),
        ({}, None, None),
        # code and data files whose names merely start like a licence file are not one
        ({"licence_bench.py": MIT, "notice.css": MIT}, None, None),
    ],
)
def test_card_licence_is_recorded(tmp_path: Path, files: dict[str, str], licence: str | None,
                                  klass: str | None) -> None:
    data = tmp_path / "ds"
    data.mkdir()
    for name, text in files.items():
        (data / name).write_text(text)
    pq.write_table(pa.table({"text": ["one document"]}), data / "part.parquet")
    cfg = build_config(sources=[{"name": "ds", "paths": [str(data)]}])
    assert run_scan(cfg, tmp_path / "store", make_executor("serial", 1)).ok
    with Catalog(tmp_path / "store", read_only=True) as cat:
        rows = cat.db.execute(
            "select licence, licence_class, evidence from dataset_licences").fetchall()
        docs = cat.db.execute("select count(*) from manifest").fetchone()
    assert docs == (1,)  # the card and licence files are not documents
    if licence is None:
        assert rows == []
        return
    ((got, got_class, evidence),) = rows
    assert (got, got_class) == (licence, klass)
    assert json.loads(evidence)[0]["file"] in files
