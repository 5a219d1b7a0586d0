"""Loading stores: every way a store can be wrong gets one clear error, and reading never writes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from pacli.errors import NotFoundError, StoreError
from pacli.storage.library import open_library
from pacli.storage.store_file import load_store
from tests.conftest import StoreFactory
from tests.helpers import make_record


def test_loads_records_in_document_order(make_store: StoreFactory) -> None:
    path = make_store([make_record("2022-01-01-a"), make_record("2021-01-01-b")])
    store = load_store(path)
    assert [record.id for record in store.records] == ["2022-01-01-a", "2021-01-01-b"]
    assert store.by_id["2021-01-01-b"].date == "2021-01-01"


def test_an_empty_tinydb_file_is_an_empty_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("{}", encoding="utf-8")
    assert load_store(path).records == []


def test_unknown_id_suggests_the_closest(make_store: StoreFactory) -> None:
    library = open_library(make_store([make_record("2022-05-16-singapore-work-plan")]))
    with pytest.raises(NotFoundError) as caught:
        library.source.get("2022-05-16-singapore")
    assert "2022-05-16-singapore-work-plan" in caught.value.message


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b'{"records": {"1": {"id": "x"', "not valid JSON (line 1, column"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[]", "must be a JSON object"),
        (b'{"records": []}', 'the "records" table must be an object'),
        (b'{"records": {"1": "text"}}', "document 1: a record must be an object"),
        (b'{"records": {"a": {}}}', "TinyDB document ids are whole numbers"),
    ],
)
def test_broken_stores_are_named(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        load_store(path)
    assert str(path) in caught.value.message
    assert fragment in caught.value.message
    assert "\n" not in caught.value.message


def test_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="store not found"):
        load_store(tmp_path / "nowhere.json")


def test_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        load_store(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_store(make_store: StoreFactory) -> None:
    path = make_store([make_record("2022-01-01-a")])
    path.chmod(0)
    with pytest.raises(StoreError, match="cannot read store"):
        load_store(path)


def test_schema_failures_name_record_and_field(make_store: StoreFactory) -> None:
    path = make_store([make_record("2022-01-01-a", date="2022-02-30"), make_record("2022-01-01-b")])
    with pytest.raises(StoreError) as caught:
        load_store(path)
    assert "record '2022-01-01-a': date: '2022-02-30' is not a real date" in caught.value.message


def test_duplicate_ids_and_dangling_related(make_store: StoreFactory) -> None:
    path = make_store(
        [make_record("2022-01-01-a"), make_record("2022-01-01-a", related=["2099-missing"])]
    )
    with pytest.raises(StoreError) as caught:
        load_store(path)
    assert "id also used by document 1" in caught.value.message
    assert "1 more" in caught.value.message


def test_reading_a_read_only_store_leaves_it_byte_for_byte(make_store: StoreFactory) -> None:
    path = make_store([make_record("2022-01-01-a")])
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    path.chmod(stat.S_IRUSR)
    try:
        load_store(path)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_other_tinydb_tables_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    document = {"_default": {"1": {"x": 1}}, "records": {"1": make_record("2022-01-01-a")}}
    path.write_text(json.dumps(document), encoding="utf-8")
    assert [record.id for record in load_store(path).records] == ["2022-01-01-a"]
