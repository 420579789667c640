"""Token counting: the built-in estimate, and a real tokenizer file when one is given."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import manifest_table
from tokenizers import Tokenizer, models, pre_tokenizers, trainers

from provscan.config import build_config
from provscan.errors import ConfigError
from provscan.executors import SerialExecutor
from provscan.scan.run import run_scan
from provscan.scan.text import normalise
from provscan.scan.tokens import HFTokenizerCounter, WordCounter
from provscan.store import Catalog


@pytest.mark.parametrize(
    ("text", "tokens"),
    [("", 0), ("   ", 0), ("one", 1), ("one two  three\n\nfour", 4), ("日本語", 4),
     ("Tokyo 東京 station", 5), ("a,b c.", 2), (None, 0)],
)
def test_word_estimate(text: str | None, tokens: int) -> None:
    arr = pa.array([text], pa.string())
    assert WordCounter().count(arr, normalise(arr)).to_pylist() == [tokens]


@pytest.fixture()
def tokenizer_file(tmp_path: Path) -> Path:
    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(["the cat sat on the mat", "a dog, a log."],
                            trainers.WordLevelTrainer(special_tokens=["[UNK]"]))
    path = tmp_path / "tokenizer.json"
    tok.save(str(path))
    return path


def test_tokenizer_file_gives_its_exact_counts(tmp_path: Path, tokenizer_file: Path) -> None:
    texts = ["the cat sat", "a dog, a log.", "unknown words here!", ""]
    (tmp_path / "d").mkdir()
    pq.write_table(pa.table({"text": texts}), tmp_path / "d" / "x.parquet")
    cfg = build_config(options={"tokenizer": str(tokenizer_file)},
                       sources=[{"name": "d", "paths": [str(tmp_path / "d")]}])
    run_scan(cfg, tmp_path / "s", SerialExecutor())
    tok = Tokenizer.from_file(str(tokenizer_file))
    expected = [len(tok.encode(t, add_special_tokens=False).ids) for t in texts]
    assert manifest_table(tmp_path / "s").column("tokens").to_pylist() == expected
    assert expected[1] == 6
    with Catalog(tmp_path / "s", read_only=True) as cat:
        (method,) = cat.db.execute("select distinct token_method from units").fetchone() or ("",)
    assert method.startswith("tokenizer file tokenizer.json")


def test_bad_tokenizer_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "tok.json"
    bad.write_text("{}")
    with pytest.raises(ConfigError, match=r"tok\.json: not a Hugging Face tokenizer"):
        HFTokenizerCounter(str(bad))
