"""The bundled store keeps its ten source articles (the `sources` table), each record linked to
its article, and `pacli ingest` drafts each article's main record as the store has it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from tools.attach_sources import main as attach_sources

from benchmarks.ingest_accuracy import compare_all
from pacli.articles.quotes import quote_is_verbatim
from pacli.storage.sources_table import SOURCES_TABLE, kept_articles
from tests.helpers import REPO_ROOT, SOURCE_TEXT


def test_the_ten_articles_are_kept_and_every_record_links_to_one(
    bundled_document: dict[str, Any], bundled_records: list[dict[str, Any]]
) -> None:
    articles = kept_articles(bundled_document)
    assert len(articles) == 10
    for record in bundled_records:
        article = articles[record["source"]["article"]]
        assert article.headline == record["source"]["title"]
        assert quote_is_verbatim(article.text, record["source"]["quote"]), record["id"]


def test_the_kept_articles_are_the_source_file_word_for_word(
    bundled_document: dict[str, Any],
) -> None:
    if not SOURCE_TEXT.is_file():
        pytest.skip(f"source text not found at {SOURCE_TEXT}")
    source = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())
    for article in kept_articles(bundled_document).values():
        assert " ".join(article.text.split()) in source


def test_attaching_the_sources_again_changes_nothing(tmp_path: Path) -> None:
    if not SOURCE_TEXT.is_file():
        pytest.skip(f"source text not found at {SOURCE_TEXT}")
    store = tmp_path / "records.json"
    shutil.copy(REPO_ROOT / "data" / "records.json", store)
    before = store.read_bytes()
    assert attach_sources(["--sources", str(SOURCE_TEXT), "--store", str(store)]) == 0
    assert store.read_bytes() == before


def test_attaching_reports_records_it_cannot_link(tmp_path: Path) -> None:
    store = tmp_path / "records.json"
    shutil.copy(REPO_ROOT / "data" / "records.json", store)
    sources = tmp_path / "news.txt"
    # The source file with one article left out: its records cannot be linked.
    document = kept_articles(json.loads(store.read_text(encoding="utf-8")))
    texts = [article.text for article in document.values()]
    sources.write_text("\n".join(texts[1:]), encoding="utf-8")
    assert attach_sources(["--sources", str(sources), "--store", str(store), "--check"]) == 1


def test_main_drafts_match_the_bundled_records_for_eight_articles_or_more() -> None:
    comparisons = compare_all()
    assert len(comparisons) == 10
    assert sum(item.matches for item in comparisons) >= 8


def test_the_sources_table_sits_beside_the_records(bundled_document: dict[str, Any]) -> None:
    assert set(bundled_document) == {"records", SOURCES_TABLE}
