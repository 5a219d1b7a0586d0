"""The bundled knowledge base: valid, traceable to its articles, and stable on disk."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pacli.model.dates import parse_iso_period
from pacli.model.schema import record_problems
from pacli.model.vocabulary import RECORD_TYPES, TAG_VOCABULARY
from pacli.storage.sources_table import SOURCES_TABLE
from pacli.storage.store_file import TABLE, load_store, store_problems
from tests.helpers import REPO_ROOT, SOURCE_TEXT, articles_by_headline

ARTICLE_COUNT = 10


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    """Each article's text by its headline, split where a headline line starts an article."""
    found = articles_by_headline(record["source"]["title"] for record in _bundled())
    if found is None:
        pytest.skip(f"source text not found at {SOURCE_TEXT}; it sits beside the repository in CI")
    return found


def _bundled() -> list[dict[str, Any]]:
    path = REPO_ROOT / "data" / "records.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return list(document[TABLE].values())


def test_the_repository_copy_is_the_one_pacli_reads(bundled_path: Path) -> None:
    assert bundled_path.read_bytes() == (REPO_ROOT / "data" / "records.json").read_bytes()


def test_every_record_is_valid_under_the_strict_rules(
    bundled_records: list[dict[str, Any]],
) -> None:
    for record in bundled_records:
        assert record_problems(record, strict=True) == [], record.get("id")


def test_store_level_checks_pass(bundled_document: dict[str, Any]) -> None:
    assert store_problems(bundled_document, strict=True) == []
    assert set(bundled_document) == {TABLE, SOURCES_TABLE}


def test_size_is_what_the_articles_hold(bundled_records: list[dict[str, Any]]) -> None:
    assert 28 <= len(bundled_records) <= 45


def test_ids_are_unique_dated_slugs(bundled_records: list[dict[str, Any]]) -> None:
    ids = [record["id"] for record in bundled_records]
    assert len(ids) == len(set(ids))
    for record in bundled_records:
        assert record["id"].startswith(record["date"] + "-"), record["id"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", record["id"])


def test_dates_are_valid_at_their_precision(bundled_records: list[dict[str, Any]]) -> None:
    for record in bundled_records:
        start = parse_iso_period(record["date"])
        if record["end_date"]:
            assert parse_iso_period(record["end_date"]).end >= start.start, record["id"]
        published = record["source"]["published"]
        if published:
            assert parse_iso_period(published).precision == "day"


def test_related_ids_exist_and_point_back(bundled_records: list[dict[str, Any]]) -> None:
    by_id = {record["id"]: record for record in bundled_records}
    for record in bundled_records:
        for other in record["related"]:
            assert other in by_id, (record["id"], other)
            assert record["id"] in by_id[other]["related"], (record["id"], other)


def test_types_and_tags_come_from_their_lists(bundled_records: list[dict[str, Any]]) -> None:
    for record in bundled_records:
        assert record["type"] in RECORD_TYPES
        assert record["tags"] and set(record["tags"]) <= set(TAG_VOCABULARY), record["id"]
    assert set(Counter(record["type"] for record in bundled_records)) == set(RECORD_TYPES)


def test_quotes_are_verbatim_in_their_own_article(
    bundled_records: list[dict[str, Any]], articles: dict[str, str]
) -> None:
    for record in bundled_records:
        source = record["source"]
        assert source["title"] in articles, record["id"]
        quote = squeeze(source["quote"])
        # "About 300 characters": the founding sentence, the longest, is 338 and cannot be cut.
        assert 20 <= len(quote) <= 340, record["id"]
        assert quote in squeeze(articles[source["title"]]), record["id"]


def test_every_article_is_the_source_of_a_record(
    bundled_records: list[dict[str, Any]], articles: dict[str, str]
) -> None:
    cited = Counter(record["source"]["title"] for record in bundled_records)
    assert len(articles) == ARTICLE_COUNT
    assert all(cited[title] >= 1 for title in articles)


def test_file_is_stable_under_resave(bundled_path: Path) -> None:
    text = bundled_path.read_text(encoding="utf-8")
    document = json.loads(text)
    assert text == json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_tinydb_reads_the_records_table(
    bundled_path: Path, bundled_records: list[dict[str, Any]]
) -> None:
    from tinydb import TinyDB

    with TinyDB(bundled_path, access_mode="r") as database:
        assert len(database.table("records").all()) == len(bundled_records)


def test_pacli_loads_it(bundled_path: Path, bundled_records: list[dict[str, Any]]) -> None:
    assert len(load_store(bundled_path, strict=True).records) == len(bundled_records)
