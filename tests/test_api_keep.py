"""``Store.keep_mask``: filtering a dataset with the mask keeps exactly the documents the
exclusion set keeps, matched by id, or by row for data without ids."""

from __future__ import annotations

from pathlib import Path

import datasets
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import provscan
from provscan.exclude import build_exclusion_set, spec_from_options

N = 120


def _table(with_id: bool) -> pa.Table:
    cols = {
        "text": [f"Note {i} on topic {i % 5}. " + ("Mail a@example.org now. " if i % 9 == 0
                                                  else "") + "filler " * (i % 13)
                 for i in range(N)],
        "url": [f"https://site{i % 4}.example.net/{i}" for i in range(N)],
    }
    if with_id:
        cols = {"id": [f"n{i}" for i in range(N)], **cols}
    return pa.table(cols)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    tmp = tmp_path_factory.mktemp("keep")
    pq.write_table(_table(True), tmp / "ids.parquet")
    pq.write_table(_table(False), tmp / "plain.parquet")
    load = {"split": "train", "cache_dir": str(tmp / "hf")}
    data: dict[str, object] = {
        "ids": datasets.load_dataset("parquet", data_files=str(tmp / "ids.parquet"), **load),
        "plain": datasets.load_dataset("parquet", data_files=str(tmp / "plain.parquet"),
                                       **load),
        "dict": datasets.load_dataset("parquet", cache_dir=str(tmp / "hf"), data_files={
            "a": str(tmp / "ids.parquet"), "b": str(tmp / "plain.parquet")}),
    }
    store = provscan.Store(tmp / "store", options={"executor": "serial"})
    for name, ds in data.items():
        assert store.scan(ds, name=name).ok
    build_exclusion_set(tmp / "store", spec_from_options(
        "clean", ["pii"], where="url like '%site1.%'"))
    return tmp / "store", data


def _expected(store: provscan.Store, source: str, key: str) -> list[object]:
    """The rows the set keeps, from the manifest and the set alone."""
    return store.query(
        f"select {key} from manifest m where source = ? and not exists (select 1 from "
        "read_parquet(?) x where x.doc_id = m.doc_id and x.source = m.source) "
        "order by row", [source, str(Path(store.path) / "exclusions" / "clean.parquet")],
    ).column(key).to_pylist()


@pytest.mark.parametrize(("source", "key"), [("ids", "doc_id"), ("plain", "row")])
def test_the_mask_keeps_what_the_set_keeps(scanned: tuple[Path, dict[str, object]],
                                           source: str, key: str) -> None:
    root, data = scanned
    store = provscan.Store(root)
    ds = data[source]
    assert isinstance(ds, datasets.Dataset)
    mask = store.keep_mask(ds, "clean", source=source)
    assert isinstance(mask, np.ndarray) and mask.dtype == bool and len(mask) == N
    kept = ds.select(np.flatnonzero(mask))
    want = _expected(store, source, key)
    assert 0 < len(want) < N  # the set drops some rows, keeps the others
    got = kept["id"] if key == "doc_id" else [int(i) for i in np.flatnonzero(mask)]
    assert got == want
    assert all("@" not in t and "site1." not in u for t, u in zip(
        kept["text"], kept["url"], strict=True))


def test_a_dataset_dict_gives_a_mask_per_split(
        scanned: tuple[Path, dict[str, object]]) -> None:
    root, data = scanned
    store = provscan.Store(root)
    masks = store.keep_mask(data["dict"], "clean", source="dict")
    assert isinstance(masks, dict) and sorted(masks) == ["a", "b"]
    ids = provscan.Store(root).keep_mask(data["ids"], "clean", source="ids")
    assert isinstance(ids, np.ndarray)
    assert np.array_equal(masks["a"], ids)  # the same rows, the same verdicts
    assert np.array_equal(masks["b"], masks["a"])  # b has no ids: matched by row


def test_the_same_ids_as_a_table_or_a_data_frame(
        scanned: tuple[Path, dict[str, object]]) -> None:
    root, data = scanned
    store = provscan.Store(root)
    want = store.keep_mask(data["ids"], "clean", source="ids")
    for obj in (_table(True), _table(True).to_pandas()):
        got = store.keep_mask(obj, "clean", source="ids")
        assert isinstance(got, np.ndarray) and np.array_equal(got, want)
    assert np.array_equal(store.keep_mask(_table(True), "clean"), want)  # any source


def test_rows_without_ids_need_the_data_scanned(
        scanned: tuple[Path, dict[str, object]]) -> None:
    root, data = scanned
    store = provscan.Store(root)
    plain = data["plain"]
    assert isinstance(plain, datasets.Dataset)
    with pytest.raises(provscan.InputError, match="is not the version scanned"):
        store.keep_mask(plain.select(range(N - 1)), "clean", source="plain")
    with pytest.raises(provscan.ConfigError, match="give keep_mask"):
        store.keep_mask(plain, "clean")
    with pytest.raises(provscan.ProvscanError, match="clean"):
        store.keep_mask(plain, "nope", source="plain")
