"""Sources through fsspec (hf://, gs://, memory://…): the same manifest as from local
files, content ids as fingerprints, and clear errors when the Hub cannot be reached."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pytest
from click.testing import CliRunner
from conftest import manifest_table

from provscan.cli import cli
from provscan.common.fs import expand
from provscan.config import build_config
from provscan.errors import InputError
from provscan.executors import make_executor
from provscan.scan.run import run_scan

fsspec = pytest.importorskip("fsspec")

FILES = ["web/part-0000.parquet", "news/articles.jsonl.zst", "books/books.csv",
         "forum/threads-2024.jsonl.gz"]


@pytest.fixture()
def memory_corpus(sample_corpus: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The sample files in fsspec's in-memory filesystem (one process: serial executor)."""
    fs = fsspec.filesystem("memory")
    root = f"corpus-{request.node.name}".replace("[", "-").replace("]", "").replace("/", "-")
    for f in FILES:
        fs.pipe(f"/{root}/{f}", (sample_corpus / f).read_bytes())
    yield f"memory://{root}"
    fs.rm(f"/{root}", recursive=True)


def _scan(path: str, store: Path) -> pa.Table:
    cols = {"url": "meta.url", "date": "meta.crawl.ts"} if "forum" in path else {}
    cfg = build_config(options={"near_duplicates": {"enabled": False}},
                       sources=[{"name": "s", "paths": [path], "columns": cols}])
    summary = run_scan(cfg, store, make_executor("serial", 1))
    assert summary.ok and summary.docs > 0, [e for _, e in summary.failures]
    t = manifest_table(store)
    return t.drop_columns(["shard", "doc_id", "sampled", "pii_person"]).sort_by(
        [("source", "ascending"), ("row", "ascending")])


@pytest.mark.parametrize("f", FILES)
def test_fsspec_manifest_equals_local(memory_corpus: str, sample_corpus: Path,
                                      tmp_path: Path, f: str) -> None:
    remote = _scan(f"{memory_corpus}/{f}", tmp_path / "remote")
    local = _scan(str(sample_corpus / f), tmp_path / "local")
    assert remote.equals(local)


def test_prefix_and_glob_listing(memory_corpus: str) -> None:
    every = [f.uri for f in expand(memory_corpus)]
    assert every == sorted(f"{memory_corpus}/{f}" for f in FILES)
    assert [f.uri for f in expand(f"{memory_corpus}/*/*.jsonl.*")] == [
        f"{memory_corpus}/forum/threads-2024.jsonl.gz",
        f"{memory_corpus}/news/articles.jsonl.zst"]
    with pytest.raises(InputError, match="no such file"):
        expand(f"{memory_corpus}/missing/")


def test_rerun_is_incremental_and_a_rewrite_is_rescanned(memory_corpus: str,
                                                         tmp_path: Path) -> None:
    args = ["scan", f"{memory_corpus}/news/", "--store", str(tmp_path / "st"), "--name",
            "news", "-q", "--executor", "serial"]
    assert "scanned 1 units (0 unchanged" in CliRunner().invoke(cli, args).output
    assert "(1 unchanged, skipped)" in CliRunner().invoke(cli, args).output
    fs = fsspec.filesystem("memory")
    path = f"/{memory_corpus.split('://')[1]}/news/articles.jsonl.zst"
    fs.pipe(path, fs.cat(path))  # written again: a new creation time
    assert "scanned 1 units (0 unchanged" in CliRunner().invoke(cli, args).output


class ListingFileSystem(fsspec.AbstractFileSystem):
    """A filesystem of one-file listings, each as a backend describes its files."""

    protocol = "listingtest"
    listings: ClassVar[dict[str, dict[str, object]]] = {}

    def info(self, path: str, **kwargs: object) -> dict[str, object]:
        return {"name": path, "type": "file", "size": 3, **self.listings[path]}


@pytest.mark.parametrize(("info", "expected"), [
    ({"lfs": {"sha256": "ab12", "size": 5}, "blob_id": "ff"}, "ab12"),  # Hub LFS file
    ({"lfs": None, "blob_id": "9f3c"}, "9f3c"),                          # Hub git file
    ({"ETag": '"d41d8cd98f00b204e9800998ecf8427e"'}, "d41d8cd98f00b204e9800998ecf8427e"),
    ({"md5Hash": "1B2M2Y8AsgTpgAmY7PhCfg=="}, "1B2M2Y8AsgTpgAmY7PhCfg=="),  # gcsfs
    ({"created": 1.5}, None),
])
def test_content_ids_of_listings(info: dict[str, object], expected: str | None) -> None:
    """The id of a file's bytes, as expand() reads it from the backend's listing."""
    fsspec.register_implementation(ListingFileSystem.protocol, ListingFileSystem,
                                   clobber=True)
    name = f"file-{len(ListingFileSystem.listings)}.bin"
    ListingFileSystem.listings[name] = info
    (found,) = expand(f"listingtest://{name}")
    assert (found.uri, found.size, found.etag) == (f"listingtest://{name}", 3, expected)


def test_unreachable_hub_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("huggingface_hub")
    res = CliRunner().invoke(cli, [
        "scan", "hf://datasets/org/corpus/data/*.parquet", "--store", str(tmp_path / "st"),
        "-q", "--storage-option", "endpoint=http://127.0.0.1:9"])  # nothing listens there
    assert res.exit_code != 0
    assert isinstance(res.exception, InputError)
    msg = str(res.exception)
    assert "hf://datasets/org/corpus/data/*.parquet: cannot list" in msg
    assert "HF_TOKEN" in msg
