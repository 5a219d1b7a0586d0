"""The sources table: kept articles checked (fields, SHA-256, ids), read, and written together
with records in one locked, atomic step."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from pacli.errors import StoreError
from pacli.storage.sources_table import (
    SOURCES_TABLE,
    kept_article,
    kept_articles,
    sources_problems,
    unkept_articles,
)
from pacli.storage.store_file import load_store, store_problems
from pacli.storage.writes import database_transaction
from tests.helpers import make_record

TEXT = "Headline\n\nLima, August 1, 2017.- The summit opened.\n"


def article_row(**changes: Any) -> dict[str, Any]:
    row = {
        "id": "2017-08-01-headline",
        "headline": "Headline",
        "published": "2017-08-01",
        "url": None,
        "text": TEXT,
        "sha256": hashlib.sha256(TEXT.encode("utf-8")).hexdigest(),
    }
    row.update(changes)
    return row


def document(*rows: dict[str, Any]) -> dict[str, Any]:
    return {
        "records": {"1": make_record("2017-08-01-summit")},
        SOURCES_TABLE: {str(number): row for number, row in enumerate(rows, start=1)},
    }


def test_a_kept_article_is_valid_and_read_back() -> None:
    kept = kept_article("2017-08-01-headline", "Headline", TEXT, "2017-08-01", None)
    assert kept.to_dict() == article_row()
    assert sources_problems(document(kept.to_dict())) == []
    assert kept_articles(document(kept.to_dict())) == {kept.id: kept}


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (article_row(text=TEXT + "changed"), "sha256: does not match the text"),
        (article_row(id="Not An Id"), "id: 'Not An Id' must be lowercase"),
        (article_row(published="2017-02-30"), "published: '2017-02-30' is not a real date"),
        (article_row(url="ftp://x"), "url: 'ftp://x' is not a web address"),
        (article_row(text=""), "text: missing"),
        (article_row(author="me"), "author: unknown field"),
        (article_row(headline="Bad\x1b[2J"), "headline: holds the control character \\x1b"),
        ("text", "must be an object"),
    ],
)
def test_problems_of_an_article(row: Any, problem: str) -> None:
    problems = sources_problems(document(row))
    assert any(problem in line for line in problems), problems


def test_an_article_id_used_twice_is_a_problem() -> None:
    problems = sources_problems(document(article_row(), article_row()))
    assert problems == ["article '2017-08-01-headline': id used twice in the sources table"]


def test_the_store_checks_its_sources_table(tmp_path: Path) -> None:
    bad = document(article_row(text="tampered"))
    assert any("sha256" in problem for problem in store_problems(bad))
    path = tmp_path / "store.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(StoreError, match="sha256"):
        load_store(path)


def test_a_link_to_an_article_not_kept_is_a_note_not_a_problem() -> None:
    data = document()
    source = {"title": "T", "published": None, "url": None, "quote": "Q", "article": "x-1"}
    data["records"]["1"]["source"] = source
    assert store_problems(data) == []
    assert unkept_articles(data) == [
        "record '2017-08-01-summit' names article 'x-1', not kept here"
    ]


def test_both_tables_are_written_in_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    with database_transaction(path) as database:
        database.table("records").insert(make_record("2017-08-01-summit"))
        database.table(SOURCES_TABLE).insert(article_row())
    written = json.loads(path.read_text(encoding="utf-8"))
    assert next(iter(written["records"].values()))["id"] == "2017-08-01-summit"
    assert list(written[SOURCES_TABLE].values()) == [article_row()]


def test_a_transaction_that_would_break_the_sources_table_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text(json.dumps(document(article_row())), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="sha256"), database_transaction(path) as database:
        database.table(SOURCES_TABLE).insert(article_row(id="2017-other", text="other"))
    assert path.read_bytes() == before
