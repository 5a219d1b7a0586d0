"""The search query language: what each piece of syntax means, and that no input escapes it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacli.errors import UsageError
from pacli.model.records import Record
from pacli.search.ranking import search
from pacli.search.syntax import ParsedQuery, Term, parse_query
from pacli.storage.record_source import MemorySource
from tests.helpers import Invoke, make_record


def words(parsed: ParsedQuery) -> list[list[str]]:
    return [[term.text for term in group] for group in parsed.groups]


def test_plain_words_must_all_match() -> None:
    assert words(parse_query("korea free trade")) == [["korea"], ["free"], ["trade"]]


def test_or_joins_the_words_on_each_side() -> None:
    assert words(parse_query("film OR cinema women")) == [["film", "cinema"], ["women"]]
    assert words(parse_query("a OR b OR c")) == [["a", "b", "c"]]


def test_lowercase_or_is_a_word() -> None:
    assert words(parse_query("peru or chile")) == [["peru"], ["or"], ["chile"]]


def test_phrases_prefixes_and_exclusions() -> None:
    parsed = parse_query('"free trade" singa* -korea -"work plan"')
    assert parsed.groups == ((Term(("free", "trade")),), (Term(("singa",), prefix=True),))
    assert parsed.excluded == (Term(("korea",)), Term(("work", "plan")))


def test_qualifiers_become_filters_or_column_terms() -> None:
    parsed = parse_query('country:peru type:agreement person:ebrard org:"fundación chile" x')
    assert parsed.filters == {"country": ("peru",), "type": ("agreement",)}
    assert Term(("ebrard",), column="people") in parsed.terms
    assert Term(("fundación", "chile"), column="organizations") in parsed.terms


def test_qualifier_names_ignore_case_and_have_aliases() -> None:
    assert parse_query("Country:PE").filters == {"country": ("PE",)}
    assert parse_query("organization:cican").terms == (Term(("cican",), column="organizations"),)


def test_an_open_quote_runs_to_the_end() -> None:
    assert parse_query('"bahia malaga').groups == ((Term(("bahia", "malaga")),),)


@pytest.mark.parametrize(
    "text", ["( singapore )", "singapore *", ": singapore", "singapore -", "'singapore'"]
)
def test_stray_characters_separate_words(text: str) -> None:
    assert parse_query(text).terms == (Term(("singapore",)),)


def test_words_with_inner_punctuation_become_phrases() -> None:
    assert parse_query("co-operation").terms == (Term(("co", "operation")),)
    assert parse_query("10:30").terms == (Term(("10", "30")),)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("OR singapore", "OR at position 1 of the query needs a word before it"),
        ("singapore OR", "OR at position 11 of the query needs a word after it"),
        ("a OR OR b", "OR at position 3"),
        ("a OR -b", "joins words"),
        ("a OR country:peru", "joins words"),
        ("country:", "country: at position 1 of the query needs a value"),
        ("peru colour:red", "unknown qualifier 'colour:' at position 6"),
        ("-country:peru", "filters cannot be excluded"),
        ("person:***", "has no words"),
    ],
)
def test_unreadable_queries_point_at_the_position(text: str, fragment: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_query(text)
    assert fragment in caught.value.message


QUERY_ALPHABET = st.sampled_from(
    [*"abc OR \"-*():'\\^{}[]+~.,;!?", "country:", "person:", "NEAR", "AND", "NOT", "é", "\x00",
     # Spanish, accents, acronyms, questions and dates: what the query reader reads
     *"ñü¿¡\u0301", "de ", "la ", "igualdad ", "género ", "OCDE ", "junio ", "2022", "Q2 ", "..",
     "2022-06", "quién ", "qué pasó ", "Corea del Sur ", "desde ", "within:", "Ñandú ", "ß"]
)  # fmt: skip
RECORDS = [
    Record.from_dict(
        make_record("2022-05-16-singapore-work-plan", summary="Work plan with Singapore.")
    ),
    Record.from_dict(make_record("2022-06-23-korea", summary="Free trade talks (FTA) began.")),
    Record.from_dict(
        make_record("2022-07-06-género", title="Igualdad de género", summary="Informe (BID).")
    ),
]
CORPUS = MemorySource.of(RECORDS)


@settings(max_examples=400, deadline=None)
@given(st.lists(QUERY_ALPHABET, max_size=12).map("".join))
def test_no_query_raises_anything_but_a_usage_error(text: str) -> None:
    try:
        result = search(CORPUS, text)
    except UsageError as error:
        assert "\n" not in error.message
    else:
        assert all(hit.record in RECORDS for hit in result.hits)
        assert result.notice is None or "\n" not in result.notice


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_no_text_at_all_raises_anything_but_a_usage_error(text: str) -> None:
    try:
        search(CORPUS, text)
    except UsageError as error:
        assert error.message


def test_a_query_of_too_many_words_is_refused(invoke: Invoke) -> None:
    result = invoke("search", " ".join(f"w{number}" for number in range(201)))
    assert result.exit_code == 2 and "pacli reads at most 200" in result.stderr
    assert invoke("search", " ".join(["trade"] * 200), "--json").exit_code == 0
