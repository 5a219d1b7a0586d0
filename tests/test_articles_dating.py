"""Dates in articles: datelines in each form, dates with and without a year, ranges, relative
words read against the dateline; Hypothesis writes days in English and Spanish."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacli.articles.dating import (
    MONTHS_EN,
    MONTHS_ES,
    anniversary_years,
    dates_in,
    find_dateline,
)

DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2039, 12, 31))


Found = tuple[str, str | None, str]


def found(text: str, language: str = "en", dateline: str | None = "2022-08-01") -> list[Found]:
    year = int(dateline[:4]) if dateline else None
    return [
        (one.date, one.end_date, one.kind)
        for one in dates_in(text, language, year=year, dateline=dateline)
    ]


@settings(max_examples=60, deadline=None)
@given(DAYS)
def test_days_written_in_english_and_spanish_are_read(day: dt.date) -> None:
    english = f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    british = f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    spanish = f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"
    for text, language in ((english, "en"), (british, "en"), (spanish, "es")):
        assert found(f"It was held on {text} in Lima.", language) == [
            (day.isoformat(), None, "full")
        ]


@settings(max_examples=40, deadline=None)
@given(DAYS, st.sampled_from(["Lima", "Bogotá", "Ciudad de México", "Santiago, Chile"]))
def test_datelines_give_the_day_and_the_city(day: dt.date, place: str) -> None:
    written = f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    paragraph = f"{place}, {written}.- The ministers met."
    dateline = find_dateline(((0, paragraph),), "en")
    assert dateline is not None
    assert dateline.date == day.isoformat()
    assert dateline.place == place.split(",")[0]


@pytest.mark.parametrize(
    ("paragraph", "date", "place"),
    [
        ("Lima, August 1, 2017.- The summit", "2017-08-01", "Lima"),
        ("June 16, 2022.- On the occasion", "2022-06-16", None),
        ("Bogotá, 30 de abril de 2021.- El Consejo", "2021-04-30", "Bogotá"),
        ("Santiago, Chile, 23 June 2022 – The round", "2022-06-23", "Santiago"),
        ("Ottawa, Canada, May 13, 2022. On the occasion", "2022-05-13", "Ottawa"),
        ("May 16th, 2022.- A Work Plan", "2022-05-16", None),
        ("June 9, 2022 – Between June 9 and July 9, 2022", "2022-06-09", None),
    ],
)
def test_each_dateline_form(paragraph: str, date: str, place: str | None) -> None:
    dateline = find_dateline(((0, paragraph),), "en")
    assert dateline is not None and (dateline.date, dateline.place) == (date, place)


@pytest.mark.parametrize(
    "paragraph",
    ["On July 1, 2022, the XXVII Meeting was held", "In 2018 the Vision was adopted.", "Lima."],
)
def test_a_dated_sentence_is_no_dateline(paragraph: str) -> None:
    assert find_dateline(((0, paragraph),), "en") is None


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("from today until August 3", "en", [("2022-08-01", "2022-08-03", "relative")]),
        ("Between June 9 and July 9, 2022,", "en", [("2022-06-09", "2022-07-09", "full")]),
        ("From June 9 to July 9, online", "en", [("2022-06-09", "2022-07-09", "yearless")]),
        ("del 1 al 3 de agosto de 2017", "es", [("2017-08-01", "2017-08-03", "full")]),
        ("desde hoy hasta el 30 de noviembre", "es", [("2022-08-01", "2022-11-30", "relative")]),
        ("this Thursday in Lima", "en", [("2022-08-04", None, "relative")]),
        ("este jueves en Lima", "es", [("2022-08-04", None, "relative")]),
        ("hoy, en Lima", "es", [("2022-08-01", None, "relative")]),
        ("esta mañana en Lima", "es", []),
        ("In January 2022, Mexico", "en", [("2022-01", None, "month")]),
        ("observer since 2014 and in 2018", "en", [("2014", None, "year"), ("2018", None, "year")]),
        ("for the period (2021-2022).", "en", [("2021", "2022", "year")]),
        ("the Strategic Vision 2030", "en", []),
        ("on February 30, 2022", "en", []),
    ],
)
def test_dates_in_sentences(text: str, language: str, expected: list[Found]) -> None:
    # The dateline, Monday 1 August 2022, is what relative words are read against.
    assert found(text, language) == expected


def test_relative_words_need_a_dateline() -> None:
    assert found("from today until August 3", dateline=None) == []


@pytest.mark.parametrize(
    ("headline", "years"),
    [
        ("The Pacific Alliance celebrates its eleventh anniversary", 11),
        ("Chile marks the 11th anniversary", 11),
        ("La Alianza celebra su XI aniversario", 11),
        ("Undécimo aniversario de la Alianza del Pacífico", 11),
        ("A new platform for teachers", None),
    ],
)
def test_anniversaries(headline: str, years: int | None) -> None:
    assert anniversary_years(headline) == years
