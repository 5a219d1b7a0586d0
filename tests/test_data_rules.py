"""The bundled records follow the rules written in docs/data.md, where a test can tell.

Each test names the rule it checks. The fidelity checks read every record against its own
article (tests/helpers.SOURCE_TEXT): a proper name or a number in a title, summary, role or
place that the article does not contain is a claim from elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest

from pacli.model.countries import MEMBERS, all_countries
from pacli.model.dates import parse_iso_period
from tests.helpers import REPO_ROOT, SOURCE_TEXT, articles_by_headline

Record = dict[str, Any]
DATA_DOC = REPO_ROOT / "docs" / "data.md"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
# Bodies that are not states: they go in organizations, never in countries.
NOT_COUNTRIES = ("European Union", "EU", "European Commission", "OECD")


@pytest.fixture(scope="module")
def articles(bundled_records: list[Record]) -> dict[str, str]:
    found = articles_by_headline(record["source"]["title"] for record in bundled_records)
    if found is None:
        pytest.skip(f"source text not found at {SOURCE_TEXT}; it sits beside the repository in CI")
    return {title: _plain(text) for title, text in found.items()}


def _plain(text: str) -> str:
    """Spaces squeezed and typographic apostrophes made plain, as both sides are compared."""
    return " ".join(text.replace("\u2019", "'").split())


def _sentences(text: str) -> list[str]:
    # A sentence ends at . ! or ? before a capital, an opening quote or a parenthesis.
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\u2018\u201c(])", _plain(text))


def unsupported_words(text: str, article: str) -> list[str]:
    """Proper names (capitalised words, acronyms, numerals) and numbers in `text` that `article`
    does not contain as whole words. A sentence's first word may be capitalised only by its
    place: it is checked, in any case, only when it starts a name of several words (`South
    Korea`), is an acronym or holds a digit; a one-word name there goes unchecked."""
    missing = []
    for sentence in _sentences(text):
        words = re.findall(r"\w+", sentence)
        for position, word in enumerate(words):
            if not (word[0].isupper() or _has_digit(word)):
                continue
            if position == 0 and not _starts_a_name(words):
                continue
            flags = re.IGNORECASE if position == 0 else 0
            if not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", article, flags):
                missing.append(word)
    return missing


def _has_digit(word: str) -> bool:
    return any(character.isdigit() for character in word)


def _starts_a_name(words: list[str]) -> bool:
    first, following = words[0], words[1:2]
    acronym = len(first) > 1 and first.isupper()
    return acronym or _has_digit(first) or bool(following and following[0][0].isupper())


def _article_of(record: Record, articles: dict[str, str]) -> str:
    return articles[record["source"]["title"]]


def _related_articles(
    record: Record, records: list[Record], articles: dict[str, str]
) -> Iterable[str]:
    by_id = {other["id"]: other for other in records}
    yield _article_of(record, articles)
    for other in record["related"]:
        yield _article_of(by_id[other], articles)


# --- summaries and details: the article's own claims -----------------------------------------


def test_titles_summaries_and_names_use_only_the_articles_names_and_numbers(
    bundled_records: list[Record], articles: dict[str, str]
) -> None:
    problems = []
    for record in bundled_records:
        article = _article_of(record, articles)
        texts = [record["title"], record["summary"], *record["places"]]
        texts += [f"{person['name']}. {person['role'] or ''}" for person in record["people"]]
        for text in texts:
            problems += [(record["id"], word) for word in unsupported_words(text, article)]
    assert problems == []


def test_details_use_only_names_and_numbers_of_their_own_or_related_articles(
    bundled_records: list[Record], articles: dict[str, str]
) -> None:
    problems = []
    for record in bundled_records:
        sources = " ".join(_related_articles(record, bundled_records, articles))
        for detail in [*record["details"], *record["organizations"]]:
            problems += [(record["id"], word) for word in unsupported_words(detail, sources)]
    assert problems == []


def test_the_check_catches_invented_names_and_figures() -> None:
    article = "On July 1, 2022, the XXVII Meeting of Finance Ministers was held in Mexico City."
    supported = "The ministers held their XXVII Meeting in Mexico City."
    assert unsupported_words(supported, article) == []
    assert unsupported_words("They held their 27th meeting in Lima.", article) == ["27th", "Lima"]
    assert unsupported_words("The Mexican ministers met on July 2.", article) == ["Mexican", "2"]
    assert unsupported_words("Gabriel Yorio chaired it. Ministers met.", article) == [
        "Gabriel",
        "Yorio",
    ]


def test_people_are_named_as_in_their_article(
    bundled_records: list[Record], articles: dict[str, str]
) -> None:
    for record in bundled_records:
        for person in record["people"]:
            assert _plain(person["name"]) in _article_of(record, articles), person


def test_a_summary_has_one_to_three_sentences(bundled_records: list[Record]) -> None:
    for record in bundled_records:
        assert 1 <= len(_sentences(record["summary"])) <= 3, record["id"]


def test_words_the_articles_do_not_use_stay_out(bundled_records: list[Record]) -> None:
    """The findings of issue 13: each phrase went beyond what its article says."""
    overreach = ("second phase", "took part", "Mexico's pro tempore priorities", "each year")
    for record in bundled_records:
        text = " ".join([record["summary"], *record["details"]])
        assert not [phrase for phrase in overreach if phrase in text], record["id"]


# --- countries ------------------------------------------------------------------------------


def test_members_are_listed_together_or_one_acts_alone(bundled_records: list[Record]) -> None:
    for record in bundled_records:
        members = [country for country in record["countries"] if country in MEMBERS]
        assert set(members) == set(MEMBERS) or record["countries"] == members[:1], record["id"]


def test_bodies_that_are_not_states_are_never_countries(bundled_records: list[Record]) -> None:
    for record in bundled_records:
        assert not set(record["countries"]) & set(NOT_COUNTRIES), record["id"]
    brussels = [record for record in bundled_records if "Brussels" in record["places"]]
    assert brussels and all("Belgium" not in record["countries"] for record in brussels)


def test_a_partner_state_is_listed_when_the_summary_deals_with_it(
    bundled_records: list[Record],
) -> None:
    partners = [country.name for country in all_countries() if country.name not in MEMBERS]
    for record in bundled_records:
        named = {
            name for name in partners if re.search(rf"\b{re.escape(name)}\b", record["summary"])
        }
        listed = set(record["countries"]) - set(MEMBERS)
        assert named == listed, record["id"]


# --- types ----------------------------------------------------------------------------------


def test_a_work_plan_is_an_agreement_only_with_a_partner(bundled_records: list[Record]) -> None:
    plans = [record for record in bundled_records if "work plan" in record["title"].lower()]
    assert len(plans) >= 3
    for record in plans:
        has_partner = bool(set(record["countries"]) - set(MEMBERS))
        assert record["type"] == ("agreement" if has_partner else "program"), record["id"]


def test_steps_of_a_project_are_events_of_it(bundled_records: list[Record]) -> None:
    by_id = {record["id"]: record for record in bundled_records}
    project = by_id["2020-labor-certification-project"]
    steps = ["2021-labor-certification-operating-model", "2022-labor-certification-pilot-plan"]
    assert project["type"] == "program"
    for step in steps:
        assert by_id[step]["type"] == "event" and step in project["related"]


# --- dates ----------------------------------------------------------------------------------


def _written(iso: str) -> list[str]:
    """How an article writes a date: `2022`, `January ... 2022`, `June 23, 2022`."""
    parts = [int(part) for part in iso.split("-")]
    forms = [str(parts[0])]
    if len(parts) > 1:
        forms.append(MONTHS[parts[1] - 1] + (f" {parts[2]}" if len(parts) > 2 else ""))
    return forms


def test_a_stated_date_is_written_in_the_quote(bundled_records: list[Record]) -> None:
    for record in bundled_records:
        if record["date_basis"] == "stated":
            quote = _plain(record["source"]["quote"])
            assert all(form in quote for form in _written(record["date"])), record["id"]


def test_a_dateline_date_is_the_published_date(bundled_records: list[Record]) -> None:
    for record in bundled_records:
        if record["date_basis"] == "dateline":
            assert record["date"] == record["source"]["published"], record["id"]


def test_a_published_date_is_the_articles_dateline(
    bundled_records: list[Record], articles: dict[str, str]
) -> None:
    for record in bundled_records:
        published = record["source"]["published"]
        if published:
            month_day, year = " ".join(_written(published)[1:]), published[:4]
            dateline = rf"{month_day}(th)?, {year}(\.| –)"
            assert re.search(dateline, _article_of(record, articles)), record["id"]


def test_an_inferred_or_unknown_date_says_why(bundled_records: list[Record]) -> None:
    for record in bundled_records:
        if record["date_basis"] in ("inferred", "unknown"):
            assert record["date_note"] and len(record["date_note"]) > 40, record["id"]


def test_an_unknown_date_is_no_more_than_the_year_of_its_mention(
    bundled_records: list[Record],
) -> None:
    unknown = [record for record in bundled_records if record["date_basis"] == "unknown"]
    assert "2022-declaration-of-bahia-malaga" in {record["id"] for record in unknown}
    for record in unknown:
        assert parse_iso_period(record["date"]).precision == "year", record["id"]
        assert record["date"] in record["date_note"], record["id"]


def test_every_basis_is_used_and_known(bundled_records: list[Record]) -> None:
    bases = {record["date_basis"] for record in bundled_records}
    assert bases == {"stated", "dateline", "inferred", "unknown"}


# --- sources --------------------------------------------------------------------------------


def test_every_source_url_is_documented(bundled_records: list[Record]) -> None:
    document = DATA_DOC.read_text(encoding="utf-8")
    urls = {record["source"]["url"] for record in bundled_records} - {None}
    assert urls, "no record has a source URL"
    for url in urls:
        assert url.startswith("https://") and url in document, url


def test_records_of_one_article_share_its_url(bundled_records: list[Record]) -> None:
    by_title: dict[str, set[str | None]] = {}
    for record in bundled_records:
        by_title.setdefault(record["source"]["title"], set()).add(record["source"]["url"])
    assert all(len(urls) == 1 for urls in by_title.values()), by_title
