"""The Python API over file sources: scan, query, explain, report; the same store as the
CLI; typed errors, never SystemExit; ``import provscan`` stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from click.testing import CliRunner

import provscan
from provscan.cli import cli
from provscan.store import Catalog

SERIAL = {"executor": "serial"}


def _catalog_rows(store: Path) -> dict[str, Any]:
    """What a store holds, without times, run ids and the command line."""
    with Catalog(store, read_only=True) as cat:
        manifest = cat.db.sql(cat.manifest_sql() + " order by source, shard, row")
        units = cat.db.sql(
            "select unit_key, source, shard, format, fingerprint, settings, status, docs, "
            "bytes, tokens, part, part_xxh3 from units order by unit_key")
        sources = cat.db.sql("select name, format, paths, columns from sources order by 1")
        return {"manifest": manifest.to_arrow_table(), "units": units.fetchall(),
                "sources": sources.fetchall()}


def test_api_and_cli_give_the_same_store(sample_corpus: Path, tmp_path: Path) -> None:
    web = str(sample_corpus / "web" / "*.parquet")
    news = str(sample_corpus / "news" / "articles.jsonl.zst")
    cli_store, api_store = tmp_path / "cli", tmp_path / "api"
    for args in ([web, "--name", "web"], [news]):
        res = CliRunner().invoke(cli, ["scan", *args, "--store", str(cli_store),
                                       "--executor", "serial", "-q"])
        assert res.exit_code == 0, res.output
    store = provscan.Store(api_store, options=SERIAL)
    assert store.scan(web, name="web").ok
    summary = store.scan(news)  # the name from the file name, as the CLI does
    assert summary.ok and summary.docs > 0
    got, want = _catalog_rows(api_store), _catalog_rows(cli_store)
    assert got["sources"] == want["sources"]
    assert got["units"] == want["units"]
    assert got["manifest"].equals(want["manifest"])
    again = store.scan(web, name="web")  # a re-run scans nothing
    assert (again.units_skipped, again.units_done) == (2, 0)


@pytest.fixture(scope="module")
def store(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> provscan.Store:
    st = provscan.Store(tmp_path_factory.mktemp("api") / "store", options=SERIAL)
    st.scan(sample_corpus / "web", name="web", declared={"template_class": "2.3"})
    return st


def test_query_returns_arrow(store: provscan.Store) -> None:
    t = store.query("select domain, sum(bytes) as bytes from manifest group by 1 "
                    "order by 2 desc, 1")
    assert isinstance(t, pa.Table) and t.column_names == ["domain", "bytes"]
    total = store.query("select sum(bytes) as b from manifest").column("b")[0].as_py()
    assert sum(t.column("bytes").to_pylist()) == total > 0
    one = store.query("select count(*) as n from manifest where source = ?", ["web"])
    assert one.column("n")[0].as_py() == store.query(
        "select count(*) as n from manifest").column("n")[0].as_py()
    with store.connect() as con:  # DuckDB itself, with the same views
        rows = con.sql("select count(*), count(distinct source) from manifest").fetchall()
        assert rows[0][0] > 0 and rows[0][1] == 1


def test_explain_gives_a_typed_verdict(store: provscan.Store) -> None:
    url = store.query("select url from manifest where url is not null "
                      "order by url limit 1").column("url")[0].as_py()
    v = store.explain(url)
    assert v.found and v.url == url and v.documents[0]["source"] == "web"
    assert v.reserved is not None  # full profile: checked
    assert v.reserved == any(d["optout"] for d in v.documents)
    assert url in v.text
    missing = store.explain("https://nowhere.invalid/x")
    assert (missing.found, missing.reserved, missing.signals) == (False, None, ())


def test_report_writes_the_files_and_returns_the_model(store: provscan.Store,
                                                       tmp_path: Path) -> None:
    s = store.report(tmp_path / "rep")
    docs = store.query("select count(*) as n from manifest").column("n")[0].as_py()
    assert s.totals.documents.value == docs
    saved = json.loads((tmp_path / "rep" / "summary.json").read_text())
    assert saved["totals"]["documents"]["value"] == docs
    assert (tmp_path / "rep" / "summary.html").is_file()


def _raises(fn: Any, kind: type[Exception], text: str) -> None:
    with pytest.raises(kind) as e:
        fn()
    assert text in str(e.value)
    assert isinstance(e.value, provscan.ProvscanError)


@pytest.mark.parametrize(("call", "kind", "text"), [
    (lambda s, d: s.scan(d / "none.parquet", name="x"), provscan.InputError,
     "no such file or directory"),
    (lambda s, d: s.scan(d / "none-*.parquet", name="x"), provscan.InputError,
     "no file matches this pattern"),
    (lambda s, d: s.scan(d, name="bad name"), provscan.ConfigError, "source name"),
    (lambda s, d: s.scan(d, options={"workers": 0}), provscan.ConfigError, "options.workers"),
    (lambda s, d: s.scan(d, columns={"txt": "body"}), provscan.ConfigError, "columns.txt"),
    (lambda s, d: s.scan(d, version="1"), provscan.ConfigError, "in-memory sources"),
    (lambda s, d: s.scan(42, name="x"), provscan.ConfigError, "cannot scan a builtins.int"),
    (lambda s, d: s.scan(pa.table({"text": ["a"]})), provscan.ConfigError,
     "needs a source name"),
    (lambda s, d: s.query("select 1"), provscan.StoreError, "no provscan store here"),
    (lambda s, d: s.report(d / "rep"), provscan.StoreError, "no provscan store here"),
    (lambda s, d: s.scan("hf-cache://a/b/c"), provscan.InputError, "hf-cache://OWNER/NAME"),
])
def test_errors_are_typed(tmp_path: Path, call: Any, kind: type[Exception],
                          text: str) -> None:
    s = provscan.Store(tmp_path / "store", options=SERIAL)
    (tmp_path / "d").mkdir()
    _raises(lambda: call(s, tmp_path / "d"), kind, text)


def test_a_failed_unit_is_a_result_not_an_exception(tmp_path: Path) -> None:
    s = provscan.Store(tmp_path / "store", options=SERIAL)
    got = s.scan(pa.table({"body": ["a"]}), name="t", version="1")
    assert (got.ok, got.status, got.units_failed) == (False, "failed", 1)
    assert "no text column" in got.failures[0][1] and "inmemory://t" in got.failures[0][1]
    fixed = s.scan(pa.table({"body": ["a"]}), name="t", version="1", columns={"text": "body"})
    assert fixed.ok and fixed.docs == 1  # other columns: other settings, the unit is redone


def test_query_errors_are_typed(store: provscan.Store) -> None:
    _raises(lambda: store.query("select nope from manifest"), provscan.QueryError,
            "the query failed")


def test_import_provscan_stays_light() -> None:
    code = ("import sys, provscan; assert 'provscan.api' not in sys.modules; "
            "provscan.Store; heavy = [m for m in ('datasets', 'ray', 'spacy', 'torch') "
            "if m in sys.modules]; print(heavy, sorted(provscan.__all__))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.startswith("[] ")
    assert all(hasattr(provscan, n) for n in provscan.__all__)


def test_explain_a_reserved_document(sample_store: Path) -> None:
    s = provscan.Store(sample_store)
    row = s.query("select url, optout_signals from manifest where optout and url is not null "
                  "order by url limit 1").to_pylist()[0]
    v = s.explain(row["url"])
    assert v.found and v.reserved is True
    assert set(v.signals) == set(row["optout_signals"]) and "RESERVED" in v.text


def test_scan_config_with_options_over_the_file(sample_corpus: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "scan.yaml"
    cfg.write_text(f"options: {{profile: full, executor: serial}}\nsources:\n"
                   f"  - name: books\n    paths: [{sample_corpus / 'books' / 'books.csv'}]\n"
                   f"  - name: code\n    paths: [{sample_corpus / 'code'}]\n")
    s = provscan.Store(tmp_path / "store")
    got = s.scan_config(cfg, options={"profile": "fast"})
    assert got.ok and got.units_done == 2
    t = s.query("select source, count(*) as n, count(tokens) as tok from manifest "
                "group by 1 order by 1").to_pylist()
    assert [r["source"] for r in t] == ["books", "code"]
    assert all(r["n"] > 0 and r["tok"] == 0 for r in t)  # fast profile: no token counts


def test_lookup_by_text_and_url(store: provscan.Store, sample_corpus: Path) -> None:
    import pyarrow.parquet as pq

    first = pq.read_table(sample_corpus / "web" / "part-0000.parquet").slice(0, 1)
    text, url = first.column("text")[0].as_py(), first.column("url")[0].as_py()
    res = store.lookup(urls=[url], texts={"my page": text})
    assert [(q.kind, q.matches > 0) for q in res.queries] == [("url", True), ("work", True)]
    work = [m for m in res.matches if m["query_kind"] == "work"]
    assert work[0]["url"] == url and work[0]["kind"] == "exact"
    none = store.lookup(texts=["words that are in no document of this corpus at all"])
    assert none.queries[0].matches == 0
