"""provscan complaint: a rightsholder's request recorded, matched as lookup matches,
honoured by exclude --drop reserved, shown by lookup and explain, matched again when the
store changes; bad requests refused with a message naming what is wrong."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_lookup import planted, scan

from provscan.exclude import build_exclusion_set, read_exclusion_set, spec_from_options
from provscan.lookup.complaint import add_complaint, list_complaints
from provscan.lookup.explain import explain
from provscan.lookup.render import render_explanation
from provscan.lookup.run import LookupOptions, lookup
from provscan.lookup.urls import LookupInputError
from provscan.store import Catalog

DAY = date(2026, 11, 30)


@pytest.fixture()
def store(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    works = planted(tmp_path / "in")
    (tmp_path / "w1.txt").write_text(works["w1"])
    scan(tmp_path / "in", tmp_path / "store")
    return tmp_path / "store", tmp_path, works


@pytest.mark.parametrize(("target", "rows", "kinds"), [
    ({"domain": "www.example.com"}, [0, 1, 5], {"domain"}),
    ({"url_prefix": "http://example.com/w0"}, [0, 1], {"url_prefix"}),
    ({"work": "w1.txt"}, [2], {"near"}),
])
def test_complaint_matches_as_lookup_does(store: tuple[Path, Path, dict[str, str]],
                                          target: dict[str, str], rows: list[int],
                                          kinds: set[str]) -> None:
    root, tmp, _ = store
    if "work" in target:
        target = {"work": str(tmp / target["work"])}
    res = add_complaint(root, "RH-1", DAY, note="letter", **target)  # type: ignore[arg-type]
    assert sorted(int(d["row"]) for d in res.documents) == rows  # type: ignore[call-overload]
    assert {d["kind"] for d in res.documents} == kinds
    (listed,), _ = list_complaints(root)
    assert (listed.complaint.reference, listed.complaint.note, len(listed.documents)) == (
        "RH-1", "letter", len(rows))


def test_complaint_is_a_reservation_everywhere(store: tuple[Path, Path, dict[str, str]]
                                               ) -> None:
    root, _, _ = store
    add_complaint(root, "RH-2", DAY, domain="example.com")
    # lookup says so
    res = lookup(root, urls=["https://example.com/w0"], options=LookupOptions(excerpts=False))
    (m,) = res.matches
    assert (m["optout"], m["optout_signals"], m["complaints"]) == (
        True, ["rightsholder_request"], ["RH-2"])
    # explain says so, with the request as evidence
    ex = explain(root, "https://www.example.com/w0")
    text = render_explanation(ex)
    assert "RESERVED" in text and "rightsholder_request" in text and "RH-2" in text
    # exclude --drop reserved drops the documents, with the signal
    build_exclusion_set(root, spec_from_options("r", ["reserved"]))
    t = read_exclusion_set(root, "r").to_pylist()
    assert sorted(r["row"] for r in t) == [0, 1, 5]
    assert all("reserved:rightsholder_request" in r["signals"] for r in t)
    res = lookup(root, domains=["example.com"], options=LookupOptions(excerpts=False))
    assert {tuple(m["excluded_by"]) for m in res.matches} == {("r",)}


def test_complaint_is_matched_again_when_the_store_changes(
        store: tuple[Path, Path, dict[str, str]]) -> None:
    root, tmp, _ = store
    add_complaint(root, "RH-3", DAY, domain="example.com")
    build_exclusion_set(root, spec_from_options("r", ["reserved"]))
    pq.write_table(pa.table({"url": ["https://example.com/new"], "text": ["a new page"]}),
                   tmp / "in" / "more.parquet")
    scan(tmp / "in", root)
    (listed,), rematched = list_complaints(root)
    assert rematched == ["RH-3"]
    assert len(listed.documents) == 4
    build_exclusion_set(root, spec_from_options("r", ["reserved"]))
    assert len(read_exclusion_set(root, "r")) == 4


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"reference": "bad ref!", "domain": "example.com"}, "complaint reference 'bad ref!'"),
    ({"reference": "RH-9"}, "exactly one of --url-prefix, --domain, --work"),
    ({"reference": "RH-9", "domain": "a.com", "url_prefix": "https://a.com/"},
     "exactly one of"),
    ({"reference": "RH-9", "url_prefix": "http:// bad"}, "is malformed"),
    ({"reference": "RH-9", "work": "missing.txt"}, "cannot be read"),
])
def test_bad_complaints_are_refused(store: tuple[Path, Path, dict[str, str]],
                                    kwargs: dict[str, str], message: str) -> None:
    root, _, _ = store
    with pytest.raises(LookupInputError, match=message.replace("(", r"\(")):
        add_complaint(root, received=DAY, **kwargs)  # type: ignore[arg-type]
    with Catalog(root, read_only=True) as cat:
        from provscan.store.complaints import complaints
        assert complaints(cat.db) == []


def test_complaint_is_reported(store: tuple[Path, Path, dict[str, str]]) -> None:
    import csv

    from provscan.report import write_report

    root, tmp, _ = store
    add_complaint(root, "RH-4", DAY, domain="example.com")
    build_exclusion_set(root, spec_from_options("v", ["reserved"]))
    with Catalog(root, read_only=True) as cat:
        write_report(cat, tmp / "r")
        write_report(cat, tmp / "rx", exclusions="v")
    rows = list(csv.DictReader((tmp / "r" / "evidence" / "exclusions.csv").open()))
    (req,) = [r for r in rows if "RH-4" in r["reason"]]
    assert (req["stage"], req["documents"]) == ("flagged, kept", "3")
    assert "rightsholder_request" in req["reason"]
    summary = (tmp / "rx" / "summary.json").read_text()
    assert "rightsholder_request" in summary  # the removals by signal


@pytest.mark.parametrize(("args", "message"), [
    (["lookup", "--url", "http://", "--out", "o"], "URL 'http://' is malformed"),
    (["lookup", "--work", "missing.txt", "--out", "o"], "work missing.txt: cannot be read"),
    (["lookup", "--work", "empty.txt", "--out", "o"], "work empty.txt: is empty"),
    (["lookup", "--work", "latin1.txt", "--out", "o"], "work latin1.txt: not UTF-8"),
    (["lookup", "--domain", "https://example.com", "--out", "o"], "without scheme"),
    (["complaint", "add", "--reference", "R", "--date", "2026-11-30"], "exactly one of"),
])
def test_cli_refuses_bad_input(store: tuple[Path, Path, dict[str, str]],
                               args: list[str], message: str,
                               monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from provscan.cli import main

    root, tmp, _ = store
    monkeypatch.chdir(tmp)
    (tmp / "empty.txt").write_text(" \n\t ")
    (tmp / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    n = 2 if args[0] == "complaint" else 1  # the command (and sub-command), then --store
    monkeypatch.setattr(sys, "argv", ["provscan", *args[:n], "--store", str(root), *args[n:]])
    with pytest.raises(SystemExit) as e:
        main()
    assert e.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp / "o").exists()


def test_cli_lookup_and_complaint(store: tuple[Path, Path, dict[str, str]]) -> None:
    from click.testing import CliRunner

    from provscan.cli import cli

    root, tmp, _ = store
    r = CliRunner().invoke(cli, ["complaint", "add", "--store", str(root), "--reference",
                                 "RH-5", "--date", "2026-11-30", "--work",
                                 str(tmp / "w1.txt"), "--note", "by e-mail"])
    assert r.exit_code == 0, r.output
    assert "RH-5 (work" in r.output and "1 document(s) now carry rightsholder_request" in r.output
    r = CliRunner().invoke(cli, ["complaint", "list", "--store", str(root)])
    assert "RH-5: work" in r.output and "near 0.9" in r.output
    r = CliRunner().invoke(cli, ["lookup", "--store", str(root), "--work", str(tmp / "w1.txt"),
                                 "--out", str(tmp / "ans")])
    assert r.exit_code == 0, r.output
    data = json.loads((tmp / "ans" / "lookup.json").read_text())
    (m,) = data["matches"]
    assert (m["kind"], m["complaints"], m["optout_signals"]) == (
        "near", ["RH-5"], ["rightsholder_request"])
