"""How a query is read before it is matched: Spanish and English, questions, acronyms, stop
words, and dates written among the words."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.search_quality import judged_queries
from pacli.errors import UsageError
from pacli.model.records import FIELDS, Record
from pacli.search.glossary import glossary
from pacli.search.index import MATCH_END, MATCH_START, any_of
from pacli.search.query_dates import date_window, find_dates
from pacli.search.ranking import search, with_snippets
from pacli.search.reading import read_query
from pacli.selection.filters import Window
from pacli.storage.record_source import MemorySource
from pacli.storage.store_file import load_store
from tests.helpers import Invoke, make_record

GENDER = "2022-07-06-gender-equality-report-launch"
KOREA_FTA = "2022-06-23-south-korea-fta-negotiations-begin"
BRUSSELS_FLAVORS = "2022-06-16-flavors-of-the-pacific-alliance-brussels"


@pytest.fixture(scope="module")
def corpus(bundled_path: Path) -> MemorySource:
    return MemorySource.of(load_store(bundled_path, strict=True).records)


def found(corpus: MemorySource, query: str) -> list[str]:
    return [hit.record.id for hit in search(corpus, query).hits]


# --- Spanish, English or a mix find the same records ------------------------------------------


@pytest.mark.parametrize(
    ("spanish", "english"),
    [
        ("igualdad de género", "gender equality"),
        ("ministros de finanzas", "finance ministers"),
        ("cine indígena", "indigenous cinema"),
        ("presidencia pro tempore", "pro tempore presidency"),
        ("Corea del Sur estado observador", "South Korea observer state"),
        ("OCDE", "OECD"),
        ("BID", "Inter-American Development Bank"),
        ("Bruselas", "Brussels"),
    ],
)
def test_a_spanish_query_finds_what_the_english_one_finds(
    corpus: MemorySource, spanish: str, english: str
) -> None:
    in_spanish = found(corpus, spanish)
    assert in_spanish and set(in_spanish) == set(found(corpus, english))


def test_a_mixed_query_finds_the_same_record(corpus: MemorySource) -> None:
    assert found(corpus, "gender igualdad")[0] == found(corpus, "igualdad de género")[0] == GENDER


@pytest.mark.parametrize(
    ("acronym", "expansion", "record"),
    [
        ("IDB", "Inter-American Development Bank", "2022-07-01-xxvii-finance-ministers-meeting"),
        ("FTA", "free trade agreement", KOREA_FTA),
        ("EEAS", "European External Action Service", BRUSSELS_FLAVORS),
    ],
)
def test_an_acronym_and_its_expansion_find_each_other(
    corpus: MemorySource, acronym: str, expansion: str, record: str
) -> None:
    assert record in found(corpus, acronym)[:3]
    assert record in found(corpus, expansion)[:3]


def test_the_snippet_marks_the_words_that_matched_in_either_language(
    corpus: MemorySource,
) -> None:
    result = search(corpus, "igualdad de género")
    hit = with_snippets(corpus.index, result, result.hits[:1])[0]
    assert f"{MATCH_START}gender{MATCH_END}" in hit.snippet.lower()
    assert f"{MATCH_START}equality{MATCH_END}" in hit.snippet.lower()


# --- stop words and questions -----------------------------------------------------------------


def test_stop_words_are_left_out(corpus: MemorySource) -> None:
    assert found(corpus, "the korea of") == found(corpus, "korea")
    assert found(corpus, "korea de la") == found(corpus, "korea")


def test_a_stop_word_never_drives_the_any_word_fallback(corpus: MemorySource) -> None:
    result = search(corpus, "zzqqx de la")
    assert result.hits == []
    assert result.notice is not None and result.notice.startswith("no record matches 'zzqqx'")


@pytest.mark.parametrize("query", ["the of", "de la", "¿qué?", '"the"'])
def test_a_query_of_only_common_words_says_so(corpus: MemorySource, query: str) -> None:
    with pytest.raises(UsageError, match="common words"):
        search(corpus, query)


def test_no_judged_query_returns_a_record_that_matched_only_on_a_stop_word(
    corpus: MemorySource,
) -> None:
    words = glossary()
    for judged in judged_queries():
        result = search(corpus, judged.query)
        content = [t for t in result.terms if not all(map(words.is_stop_word, t.words))]
        if not result.hits or not result.terms:
            continue  # no words to match: dates or qualifiers alone
        matching = corpus.index.rowids(any_of(content)) if content else set()
        assert {hit.rowid for hit in result.hits} <= matching, judged.query


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("who is Marcelo Ebrard", "Marcelo Ebrard"),
        ("¿quién es Alvin Tan?", "Alvin Tan"),
        ("when was the Pacific Alliance created", "Pacific Alliance created"),
        ("¿qué pasó en Ottawa?", "Ottawa"),
    ],
)
def test_question_words_are_read_as_such(corpus: MemorySource, question: str, words: str) -> None:
    result = search(corpus, question)
    assert result.notice is not None and result.notice.startswith(f"read as: {words}")
    assert found(corpus, question)[0] == found(corpus, words)[0]


def test_a_title_that_holds_the_words_ranks_above_a_long_text_that_mentions_them() -> None:
    mentions = " ".join(["The fisheries agreement was discussed."] * 4)
    long_text = "More words. " * 20  # a long record, which BM25 alone would rank lower
    others = [make_record(f"2020-01-0{day}-other", title=f"Other {day}") for day in range(1, 8)]
    records = [
        Record.from_dict(record)
        for record in [
            make_record("2022-01-01-talks", title="Talks", summary=mentions),
            make_record("2021-01-01-fisheries", title="Fisheries agreement", summary=long_text),
            *others,  # so that the two words are rare, as BM25 needs
        ]
    ]
    hits = search(MemorySource.of(records), "fisheries agreement").hits
    assert [hit.record.id for hit in hits] == ["2021-01-01-fisheries", "2022-01-01-talks"]
    assert hits[0].score > hits[1].score  # the order is the score's: BM25 counts the title twice


# --- dates written in a query ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ("korea June 2022", date(2022, 6, 1), date(2022, 6, 30)),
        ("corea junio de 2022", date(2022, 6, 1), date(2022, 6, 30)),
        ("corea 23 de junio de 2022", date(2022, 6, 23), date(2022, 6, 23)),
        ("korea June 23, 2022", date(2022, 6, 23), date(2022, 6, 23)),
        ("korea 2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("korea 2022-Q2", date(2022, 4, 1), date(2022, 6, 30)),
        ("korea Q3 2022", date(2022, 7, 1), date(2022, 9, 30)),
        ("korea 2022-06..2022-07", date(2022, 6, 1), date(2022, 7, 31)),
        ("korea since 2020", date(2020, 1, 1), None),
        ("corea antes de 2020", None, date(2019, 12, 31)),
        ("korea after June 2022", date(2022, 7, 1), None),
        ("korea 2018 2020", date(2018, 1, 1), date(2020, 12, 31)),
    ],
)
def test_a_date_written_in_a_query_becomes_a_window(
    query: str, start: date | None, end: date | None
) -> None:
    words, dates = find_dates(query)
    assert words.split() == [query.split()[0]]
    assert len(words) == len(query)  # blanked, so that positions in messages stay true
    assert date_window(dates) == Window(start, end)


@pytest.mark.parametrize(
    "query",
    ['"june 2022"', "from:2022", "-2022", "work plan 2021-2022", "within:2022-06..2022-07", "29"],
)
def test_dates_quoted_qualified_excluded_or_joined_stay_as_they_are(query: str) -> None:
    assert find_dates(query) == (query, ())


def test_the_note_says_how_the_query_was_read(invoke: Invoke) -> None:
    result = invoke("search", "igualdad de género", "julio", "de", "2022", "--json")
    assert result.exit_code == 0
    assert result.stderr == "pacli: read as: gender equality; from 2022-07-01 to 2022-07-31\n"
    records = json.loads(result.stdout)
    assert records[0]["id"] == GENDER
    assert all(record["date"].startswith("2022") for record in records)
    assert list(records[0]) == [*FIELDS, "score"]  # JSON adds nothing new


def test_an_impossible_date_in_a_query_names_the_forms_that_can_be_read(invoke: Invoke) -> None:
    result = invoke("search", "korea 31 June 2022")
    assert result.exit_code == 2
    assert "'31 June 2022' is not a real date; use 2022, 2022-06" in result.stderr
    assert "2022-Q2" in result.stderr and "Traceback" not in result.stderr


def test_a_year_that_finds_nothing_as_a_date_is_a_word(corpus: MemorySource) -> None:
    result = search(corpus, "strategic vision 2030")
    assert result.hits[0].record.id == "2018-strategic-vision-2030"
    assert result.notice is None


def test_what_is_dated_inside_the_window_comes_before_what_only_overlaps_it(
    corpus: MemorySource,
) -> None:
    hits = search(corpus, "what happened in January 2022").hits
    assert hits[0].record.id == "2022-01-mexico-pro-tempore-presidency"
    assert {hit.record.date for hit in hits[1:]} <= {"2022", "2021"}
    assert search(corpus, "korea 23 June 2022").hits[0].record.id == KOREA_FTA


# --- the query reader never breaks, whatever the text (Spanish too: test_search_syntax) --


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_text_reads_or_raises_a_usage_error(text: str) -> None:
    try:
        reading = read_query(text)
    except UsageError as error:
        assert error.message
    else:
        assert all(term.words for term in reading.parsed.terms)
