"""`provscan explain` judges with the settings recorded with the scan (--robots-time,
--crawler-tokens), names them, marks options given to explain as overrides, and says when
the recorded token file is gone or changed, or a source's units disagree."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from provscan.cli import cli
from provscan.lookup.explain import explain

# Packaged tokens (GPTBot) would reserve /new/2 through the 2023 file and not /new/1 in
# 2025: the opposite of the scan's own tokens at crawl time, so a re-judgement with the
# defaults disagrees with the manifest.
ROBOTS = {
    2023: "User-agent: ExampleAIBot\nDisallow: /old/\n\nUser-agent: GPTBot\nDisallow: /\n",
    2025: "User-agent: ExampleAIBot\nDisallow: /\n",
}
RESERVED_URL, FREE_URL = "https://a.example/new/1", "https://a.example/new/2"
DOCS = [(RESERVED_URL, datetime(2025, 6, 1, tzinfo=timezone.utc)),
        (FREE_URL, datetime(2024, 6, 1, tzinfo=timezone.utc))]


def _tokens_file(path: Path, *names: str) -> Path:
    path.write_text(json.dumps({"version": "test-1", "date": "2026-01-01", "source": "tests",
                                "tokens": [{"token": n} for n in names]}), encoding="utf-8")
    return path


def _corpus(root: Path, shards: int = 1) -> tuple[Path, Path, Path]:
    """Documents (in ``shards`` files, each with every URL), captures and a token file."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    for s in range(shards):
        pq.write_table(pa.table({"text": [f"page {u} {s}" for u, _ in DOCS],
                                 "url": [u for u, _ in DOCS], "date": [d for _, d in DOCS]}),
                       docs / f"d{s}.parquet")
    caps = root / "caps.parquet"
    pq.write_table(pa.table({
        "url": ["https://a.example/robots.txt"] * 2,
        "date": [datetime(y, 1, 1, tzinfo=timezone.utc) for y in ROBOTS],
        "status": [200, 200], "body": [b.encode() for b in ROBOTS.values()]}), caps)
    return docs, caps, _tokens_file(root / "tokens.json", "ExampleAIBot", "OtherAIBot")


def _scan(root: Path, shards: int = 1) -> tuple[Path, Path]:
    docs, caps, tokens = _corpus(root, shards)
    store = root / "store"
    res = CliRunner().invoke(cli, [
        "scan", str(docs), "--name", "d", "--store", str(store), "--site-captures", str(caps),
        "--crawler-tokens", str(tokens), "--robots-time", "at-crawl", "--executor", "serial",
        "-q"])
    assert res.exit_code == 0, res.output
    return store, tokens


def _explain(store: Path, url: str, *options: str) -> str:
    res = CliRunner().invoke(cli, ["explain", url, "--store", str(store), *options])
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _scan(tmp_path_factory.mktemp("explain"))


@pytest.mark.parametrize(("url", "reserved"), [(RESERVED_URL, True), (FREE_URL, False)])
def test_explain_agrees_with_the_manifest(scanned: tuple[Path, Path], url: str,
                                          reserved: bool) -> None:
    store, tokens = scanned
    ex = explain(store, url)
    (doc,) = ex.documents
    (j,) = ex.judgements
    assert doc["optout"] is reserved  # the scan's verdict, from the manifest
    assert bool(j.reserving) is reserved  # explain's fresh one, with the same settings
    out = _explain(store, url)
    assert "  robots-time: at-crawl (recorded with the scan)\n" in out
    assert f"  crawler tokens: {tokens.resolve()} (2 tokens, recorded with the scan)\n" in out
    assert ("in effect reserve this URL (robots_txt)" if reserved
            else "in effect do not reserve this URL") in out
    assert "override" not in out and "WARNING" not in out


def test_override_is_labelled(scanned: tuple[Path, Path], tmp_path: Path) -> None:
    store, tokens = scanned
    out = _explain(store, FREE_URL, "--robots-time", "latest")
    assert "  NOT RESERVED: " in out  # the manifest's verdict stands above ...
    assert "  robots-time: latest (override; the scan used at-crawl)\n" in out
    assert "in effect reserve this URL (robots_txt)" in out  # ... the overridden judgement
    other = _tokens_file(tmp_path / "gpt.json", "GPTBot")
    out = _explain(store, FREE_URL, "--crawler-tokens", str(other))
    assert (f"  crawler tokens: {other} (1 token, override; the scan used "
            f"{tokens.resolve()})\n") in out
    assert "GPTBot" in out and "in effect reserve this URL (robots_txt)" in out


def test_url_without_document_uses_the_latest_full_scan(scanned: tuple[Path, Path]) -> None:
    store, tokens = scanned
    out = _explain(store, "https://a.example/elsewhere")
    assert "no document with this URL is in the store's manifest" in out
    assert ("(no document has this URL, so the settings of the latest full-profile scan, "
            "run 1 (sources: d) are used)") in out
    assert "  robots-time: at-crawl (recorded with the latest full-profile scan, run 1)" in out
    assert f"{tokens.resolve()} (2 tokens, recorded with the latest full-profile scan" in out


def test_token_file_gone_or_changed_is_said(tmp_path: Path) -> None:
    store, tokens = _scan(tmp_path)
    st = tokens.stat()
    os.utime(tokens, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    out = _explain(store, RESERVED_URL)
    assert f"WARNING: the crawler token file {tokens.resolve()} changed after the scan" in out
    assert "(2 tokens, recorded with the scan, CHANGED since)" in out
    tokens.unlink()
    out = _explain(store, RESERVED_URL)
    assert f"the crawler token file recorded with the scan, {tokens.resolve()}, is gone" in out
    assert "(27 tokens) INSTEAD OF" in out and "give the file with --crawler-tokens" in out
    # judged with the packaged list now: the 2025 file names no packaged token
    assert "  RESERVED: " in out and "in effect do not reserve this URL" in out


def test_units_of_one_source_with_different_settings(tmp_path: Path) -> None:
    """A store whose units of one source carry different settings (written by hand here,
    as a store merged from two scans would have them): each document is judged with its
    own unit's settings, and the mixture is said."""
    store, _ = _scan(tmp_path, shards=2)
    con = duckdb.connect(str(next(store.rglob("*.duckdb"))))
    (key, settings), *_ = con.execute(
        "select unit_key, settings from units where shard like '%d1.parquet'").fetchall()
    con.execute("update units set settings = ? where unit_key = ?",
                [settings.replace('"robots_time": "at-crawl"', '"robots_time": "latest"'), key])
    con.close()
    ex = explain(store, FREE_URL)
    assert len(ex.documents) == 2
    by_docs = {tuple(j.documents): j for j in ex.judgements}
    assert by_docs[("d:d0.parquet:1",)].settings.robots_time == "at-crawl"
    assert by_docs[("d:d1.parquet:1",)].settings.robots_time == "latest"
    assert not by_docs[("d:d0.parquet:1",)].reserving
    assert by_docs[("d:d1.parquet:1",)].reserving == ["robots_txt"]
    (note,) = ex.notes
    assert note.startswith("units of source d were scanned with 2 different opt-out settings")
