"""Fuzzing every reader with damaged files: truncation, bit flips, inserted junk, cut
spans; seeded, and bounded in time (``PROVSCAN_FUZZ_SECONDS`` per format, default 2;
``make fuzz`` runs a minute per format; ``PROVSCAN_FUZZ_SEED`` picks the seed).

For every mutated file:

- reading never raises anything but a failure of the unit (a ``ProvscanError`` or an
  error the worker records as the unit's reason), and never a bare traceback from a
  full scan: the scan's exit code is 0 or 1;
- every document wholly before the first damaged byte is kept, with the same text;
- a document lost is never silent: the unit is ``partial`` or ``failed``, unless a
  strict independent reader agrees that the damaged file is a valid file holding that
  many documents (a cut exactly between records), or the damage made fewer records (two
  lines run together) and the change is reported;
- other shards of the same scan are complete, and ``status`` names the unit.
"""

from __future__ import annotations

import io
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import manifest_table
from fastwarc.warc import WarcRecordType
from helpers.fuzz import BUILDERS, D0, Base, Mutation, kept_before, mutate, strict_count

from provscan.cli import cli
from provscan.common.captures import kind_of
from provscan.config import ColumnMap, SourceSpec
from provscan.demo_web import http_response, warc_record
from provscan.errors import ProvscanError
from provscan.sources import discover, open_reader, plan_units
from provscan.sources.captures import read_captures
from provscan.sources.model import ProblemLog
from provscan.store import Catalog
from provscan.store.captures import write_captures

SECONDS = float(os.environ.get("PROVSCAN_FUZZ_SECONDS", "2"))
SEED = int(os.environ.get("PROVSCAN_FUZZ_SEED", "0"))
#: Every this many mutations, a full scan (two shards, the catalog) instead of a read.
FULL_EVERY = 8


def _read(path: Path) -> tuple[list[dict[str, Any]] | None, ProblemLog | None, str]:
    """(documents with their row, the problem log, the failure) of one file."""
    cmap = ColumnMap()
    (shard,), _ = discover(SourceSpec(name="s", paths=(str(path),), columns=cmap))
    docs: list[dict[str, Any]] = []
    logs = ProblemLog(str(path))
    for unit in plan_units(shard, 1 << 40):
        reader = open_reader(unit, cmap, 7)
        try:
            for rb in reader.batches():
                for rec, row in zip(rb.batch.to_pylist(), rb.rows.to_pylist(), strict=True):
                    docs.append({**rec, "row": row})
        except (ProvscanError, OSError, ValueError, ArithmeticError, LookupError) as e:
            # the worker records these as the unit's failure, with the file named
            return None, reader.problems, f"{type(e).__name__}: {e}"
        logs.counts.update(reader.problems.counts)
        logs.skipped.update(reader.problems.skipped)
    return docs, logs, ""


def _in_footer(fmt: str, base: Base, m: Mutation) -> bool:
    """Whether a mutation touches a Parquet file's footer: the metadata that locates
    every row group, those before the damage included."""
    if fmt != "parquet":
        return False
    meta = pq.ParquetFile(io.BytesIO(base.data)).metadata
    return m.at >= len(base.data) - 8 - meta.serialized_size


def _footer_lost(fmt: str, data: bytes) -> bool:
    """Whether a Parquet file's footer is gone: nothing in it can be located then."""
    if fmt != "parquet":
        return False
    try:
        pq.ParquetFile(io.BytesIO(data))
        return False
    except Exception:
        return True


def _check(fmt: str, base: Base, intact: list[dict[str, Any]], intact_skips: int,
           m: Mutation, path: Path) -> None:
    path.write_bytes(m.data)
    docs, log, failure = _read(path)
    where = f"{fmt}, {m}"
    required = [] if _in_footer(fmt, base, m) else kept_before(base, m)
    parquet_footer = _footer_lost(fmt, m.data)
    if docs is None:
        assert parquet_footer or not required, f"{where}: failed ({failure}) but " \
            f"{len(required)} documents lie before the damage"
        return
    assert log is not None
    got = {d["row"]: d for d in docs}
    for i in required:
        want = intact[i]
        have = got.get(want["row"])
        assert have is not None and have["text"] == want["text"], \
            f"{where}: document {i} (row {want['row']}) before the damage was not kept"
    accounted = len(docs) + sum(log.skipped.values()) + sum(log.counts.values())
    if len(docs) < len(intact) and not log.partial and accounted < len(intact) + intact_skips:
        # fewer documents, and neither a loss nor a skip by rule said: the damaged file
        # itself must hold fewer (a strict reader agrees), or what changed them (two
        # lines run together into one record) is reported as a repair
        valid = strict_count(fmt, m.data)
        assert valid == len(docs) or (valid is None and log.counts), (
            f"{where}: {len(intact) - len(docs)} documents lost silently (problems: "
            f"{log.counts}; a strict reader finds {valid})")


def _scan_check(fmt: str, m: Mutation, tmp: Path) -> None:
    """A full scan of the damaged file beside an intact one, through the CLI."""
    d = tmp / "src"
    d.mkdir(parents=True, exist_ok=True)
    (d / f"bad.{fmt}").write_bytes(m.data)
    (d / "good.jsonl").write_text('{"id": "g0", "text": "intact"}\n{"id": "g1", "text": "x"}\n')
    store = tmp / "store"
    res = CliRunner().invoke(cli, ["scan", str(d), "--store", str(store), "--profile", "fast",
                                   "--executor", "serial", "-q", "--id-column", "id"],
                             catch_exceptions=True)
    assert res.exit_code in (0, 1), f"{fmt}, {m}: exit {res.exit_code}\n{res.output}"
    assert res.exception is None or isinstance(res.exception, SystemExit), \
        f"{fmt}, {m}: {res.exception!r}"
    rows = manifest_table(store).to_pylist()
    assert {r["doc_id"] for r in rows if r["shard"].endswith("good.jsonl")} == {"g0", "g1"}
    with Catalog(store, read_only=True) as cat:
        status = dict(cat.db.execute("select shard, status from units").fetchall())
        lost = cat.db.execute(
            "select count(*) from problems where kind in ('truncated', 'broken_record', "
            "'bad_json', 'bad_csv_row', 'bad_row_group', 'read_error')").fetchone()
    bad = next(v for k, v in status.items() if "bad." in k)
    assert bad in ("done", "partial", "failed")
    assert (res.exit_code == 0) == (bad == "done"), f"{fmt}, {m}: {bad}, exit {res.exit_code}"
    assert (bad == "partial") == bool(lost and lost[0]), f"{fmt}, {m}: {bad}, {lost}"


@pytest.mark.parametrize("fmt", list(BUILDERS))
def test_damaged_files_keep_what_precedes_the_damage_and_never_hide_a_loss(
        fmt: str, tmp_path: Path) -> None:
    rng = random.Random(f"{SEED}:{fmt}")
    base = BUILDERS[fmt](rng)
    path = tmp_path / base.name
    path.write_bytes(base.data)
    intact, log, failure = _read(path)
    assert intact is not None and log is not None and not failure
    assert len(intact) == len(base.spans) and log.counts == {}
    deadline = time.monotonic() + SECONDS
    n = 0
    while n < 4 or time.monotonic() < deadline:
        m = mutate(rng, base.data)
        if n % FULL_EVERY == FULL_EVERY - 1:
            _scan_check(fmt, m, tmp_path / f"scan{n}")
        else:
            _check(fmt, base, intact, sum(log.skipped.values()), m, path)
        n += 1


def test_site_capture_files_survive_damage(tmp_path: Path) -> None:
    """Damaged ``--site-captures`` inputs are problems of their file; the captures
    before the damage, and every other file, are ingested."""
    rng = random.Random(f"{SEED}:captures")

    def robots(host: str, i: int) -> bytes:
        return warc_record(WarcRecordType.response, f"https://{host}.example.org/robots.txt",
                           D0, http_response("200 OK", [("Content-Type", "text/plain")],
                                             f"User-agent: *\nDisallow: /{i}\n".encode()), i)

    members = [robots(f"h{i}", i) for i in range(12)]
    starts = [sum(len(x) for x in members[:i]) for i in range(len(members) + 1)]
    good = tmp_path / "good.warc.gz"
    good.write_bytes(b"".join(robots(f"g{i}", i) for i in range(3)))
    whole = b"".join(members)
    for m, got, urls in _ingests(rng, whole, good, "bad.warc.gz", tmp_path):
        before = {f"https://h{i}.example.org/robots.txt" for i in range(12)
                  if starts[i + 1] <= m.at}
        assert before <= urls, f"{m}: lost {before - urls}"
        assert {f"https://g{i}.example.org/robots.txt" for i in range(3)} <= urls
        if len(urls) < 15 and not got.problems:
            assert m.kind in ("truncate", "cut") and m.at in starts, f"{m}: silent loss"


def _ingests(rng: random.Random, whole: bytes, good: Path, name: str,
             tmp: Path) -> Iterator[tuple[Mutation, Any, set[str]]]:
    """(mutation, ingest result, capture URLs kept) for damaged copies of ``whole``
    ingested beside the intact file ``good``, for the fuzz time budget."""
    deadline = time.monotonic() + SECONDS
    n = 0
    while n < 4 or time.monotonic() < deadline:
        m = mutate(rng, whole)
        bad = tmp / name
        bad.write_bytes(m.data)
        got = read_captures([str(bad), str(good)])
        write_captures(got.table, tmp / "captures.arrow")
        urls = set(pa.ipc.open_file(str(tmp / "captures.arrow")).read_all()
                   .column("url").to_pylist())
        yield m, got, urls
        n += 1


def _bad_hosts(urls: set[str]) -> set[str]:
    """Capture URLs whose host is not a valid host name (a flipped byte made it so):
    they are not joined to any document, so they are not kept."""
    from provscan.common.urls import hosts_and_domains

    arr = pa.array(sorted(urls), pa.string())
    host, _ = hosts_and_domains(arr)
    return {u for u, h in zip(arr.to_pylist(), host.to_pylist(), strict=True) if h is None}


def test_site_capture_parquet_survives_damage(tmp_path: Path) -> None:
    """A damaged Parquet capture table never stops the ingest: its readable row groups
    are kept, the rest is a problem of that file, and other files are read."""
    rng = random.Random(f"{SEED}:captures-parquet")
    n = 40
    table = pa.table({
        "url": [f"https://h{i}.example.org/robots.txt" for i in range(n)],
        "date": [D0] * n, "status": [200] * n,
        "body": [f"User-agent: *\nDisallow: /{i}\n".encode() for i in range(n)]})
    buf = io.BytesIO()
    pq.write_table(table, buf, row_group_size=5)
    whole = buf.getvalue()
    good = tmp_path / "good.parquet"
    pq.write_table(table.slice(0, 3).set_column(
        0, "url", pa.array([f"https://g{i}.example.org/robots.txt" for i in range(3)])), good)
    for m, got, urls in _ingests(rng, whole, good, "bad.parquet", tmp_path):
        assert {f"https://g{i}.example.org/robots.txt" for i in range(3)} <= urls, str(m)
        if not got.problems:  # then every row was read: its capture URLs are all kept
            table_read = pq.read_table(io.BytesIO(m.data))
            want = {u for u in table_read.column("url").to_pylist() if u and kind_of(u)}
            assert want <= urls | _bad_hosts(want), f"{m}: captures lost silently"
