"""Dates at their precision: what a person types, what a record stores, how both are shown."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacli.errors import UsageError
from pacli.model.dates import (
    Period,
    format_period,
    make_period,
    parse_iso_period,
    parse_user_period,
    record_period,
)


@pytest.mark.parametrize(
    ("typed", "start", "end", "precision"),
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ("2022-06", date(2022, 6, 1), date(2022, 6, 30), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2022-06-23", date(2022, 6, 23), date(2022, 6, 23), "day"),
        ("June 2022", date(2022, 6, 1), date(2022, 6, 30), "month"),
        ("jun 2022", date(2022, 6, 1), date(2022, 6, 30), "month"),
        ("23 June 2022", date(2022, 6, 23), date(2022, 6, 23), "day"),
        ("June 23, 2022", date(2022, 6, 23), date(2022, 6, 23), "day"),
        ("23 de junio de 2022", date(2022, 6, 23), date(2022, 6, 23), "day"),
        ("septiembre 2021", date(2021, 9, 1), date(2021, 9, 30), "month"),
        ("  2022-06  ", date(2022, 6, 1), date(2022, 6, 30), "month"),
    ],
)
def test_typed_dates_keep_their_precision(
    typed: str, start: date, end: date, precision: str
) -> None:
    period = parse_user_period(typed)
    assert (period.start, period.end, period.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("2022-13-45", "not a real date"),
        ("2022-02-30", "not a real date"),
        ("31 June 2022", "not a"),
        ("03/05/2022", "ambiguous"),
        ("05.03.2022", "ambiguous"),
        ("yesterday", "not a date"),
        ("June", "not a date"),
        ("23 June", "not a date"),
        ("2022-06-23 10:30", "not a date"),
        ("", "not a date"),
        ("22", "ambiguous"),
    ],
)
def test_wrong_dates_name_the_value_and_the_accepted_forms(typed: str, fragment: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_user_period(typed)
    assert fragment in caught.value.message
    assert repr(typed) in caught.value.message or repr(typed.strip()) in caught.value.message
    assert "2022-06-23" in caught.value.message


@given(st.text(max_size=40))
def test_any_text_is_a_period_or_a_usage_error(text: str) -> None:
    try:
        period = parse_user_period(text)
    except UsageError as error:
        assert "\n" not in error.message
    else:
        assert period.start <= period.end


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_iso_days_read_back_as_themselves(day: date) -> None:
    assert parse_user_period(day.isoformat()) == Period(day, day, "day")
    assert parse_iso_period(day.isoformat()).start == day


@given(st.integers(min_value=1000, max_value=9998), st.integers(min_value=1, max_value=12))
def test_a_month_covers_exactly_its_days(year: int, month: int) -> None:
    period = parse_user_period(f"{year:04d}-{month:02d}")
    assert period.start == date(year, month, 1)
    assert (period.end.month, period.end.year) == (month, year)
    assert (period.end + timedelta(days=1)).day == 1


@pytest.mark.parametrize("stored", ["22", "2022-6", "2022-06-1", "June 2022", "2022-00", "0000"])
def test_stored_dates_must_be_iso(stored: str) -> None:
    with pytest.raises(ValueError):
        parse_iso_period(stored)


@pytest.mark.parametrize(
    ("date_text", "end_text", "shown"),
    [
        ("2018", None, "2018"),
        ("2022-01", None, "Jan 2022"),
        ("2022-06-23", None, "23 Jun 2022"),
        ("2022-06-09", "2022-07-09", "9 Jun – 9 Jul 2022"),
        ("2022-06-09", "2022-06-12", "9 – 12 Jun 2022"),
        ("2021", "2022", "2021 – 2022"),
        ("2022-01", "2022-03", "Jan – Mar 2022"),
        ("2021-11-30", "2022-01-02", "30 Nov 2021 – 2 Jan 2022"),
        ("2022-06-09", "2022-06-09", "9 Jun 2022"),
    ],
)
def test_periods_are_shown_at_their_own_precision(
    date_text: str, end_text: str | None, shown: str
) -> None:
    assert format_period(record_period(date_text, end_text)) == shown


def test_a_range_runs_from_the_start_of_date_to_the_end_of_end_date() -> None:
    period = record_period("2021", "2022-06")
    assert (period.start, period.end) == (date(2021, 1, 1), date(2022, 6, 30))


def test_overlap_counts_shared_end_days() -> None:
    cycle = record_period("2022-06-09", "2022-07-09")
    assert cycle.overlaps(make_period(2022, 7))
    assert cycle.overlaps(make_period(2022, 7, 9))
    assert not cycle.overlaps(make_period(2022, 7, 10))
    assert not cycle.overlaps(make_period(2022, 5))
