"""The test articles of tests/articles/, each drafted and compared field by field with the drafts
a careful reader expects (NAME.json beside NAME.txt)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pacli.articles.drafting import draft_records
from pacli.errors import ArticleError
from pacli.model.schema import record_problems

ARTICLES = Path(__file__).parent / "articles"
EXPECTED = sorted(ARTICLES.glob("*.json"))


def drafted(name: str) -> list[dict[str, Any]]:
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    return draft_records(text, name=name).records


def test_the_corpus_has_eight_articles_or_more_in_both_languages() -> None:
    assert len(EXPECTED) >= 8
    spanish = [path for path in EXPECTED if path.stem.endswith("-es")]
    assert len(spanish) >= 2


@pytest.mark.parametrize("path", EXPECTED, ids=lambda path: path.stem)
def test_drafts_match_field_by_field(path: Path) -> None:
    expected = json.loads(path.read_text(encoding="utf-8"))["drafts"]
    drafts = drafted(path.stem)
    assert len(drafts) == len(expected), [draft["title"] for draft in drafts]
    for number, (want, draft) in enumerate(zip(expected, drafts, strict=True)):
        for field, value in want.items():
            where = f"{path.stem} draft {number} {field}"
            if field == "quote_starts":
                assert draft["source"]["quote"].startswith(value), where
            elif field == "tags":  # a judgment: every expected tag must be drafted
                assert set(value) <= set(draft["tags"]), f"{where}: {draft['tags']}"
            elif field == "source":
                for name, part in value.items():
                    assert draft["source"][name] == part, f"{where}.{name}"
            else:
                assert draft[field] == value, where


@pytest.mark.parametrize("path", EXPECTED, ids=lambda path: path.stem)
def test_every_draft_is_a_valid_record_whose_quote_is_verbatim(path: Path) -> None:
    text = (ARTICLES / f"{path.stem}.txt").read_text(encoding="utf-8")
    for draft in draft_records(text, name=path.stem).records:
        assert record_problems(draft) == [], draft["title"]
        assert draft["source"]["quote"] in text
        if draft["date_basis"] == "inferred":
            assert draft["date_note"]


def test_an_article_with_no_date_anywhere_is_refused() -> None:
    with pytest.raises(ArticleError, match="gives no date"):
        drafted("no-date")


def test_dates_without_a_year_need_the_publication_date() -> None:
    with pytest.raises(ArticleError, match="--published"):
        drafted("no-year")
    text = (ARTICLES / "no-year.txt").read_text(encoding="utf-8")
    drafts = draft_records(text, published="2022-04-20").records
    assert [draft["date"] for draft in drafts] == ["2022-05-03", "2022-04-22"]
    assert drafts[0]["date_basis"] == "inferred"
    assert "2022" in drafts[0]["date_note"]
