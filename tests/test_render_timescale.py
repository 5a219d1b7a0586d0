"""The time axis shared by the chart and the HTML page: its window, unit and labels."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacli.model.dates import Period, make_period, parse_iso_period
from pacli.render.timescale import (
    axis_title,
    choose_axis,
    labelled_ticks,
    tick_label,
    unit_end,
    unit_start,
)


def day_span(first: str, last: str) -> Period:
    return Period(date.fromisoformat(first), date.fromisoformat(last), "day", "day")


@pytest.mark.parametrize(
    ("periods", "unit"),
    [
        ([parse_iso_period("2022-06-23")], "day"),
        ([day_span("2022-06-01", "2022-06-30")], "day"),
        ([day_span("2022-06-09", "2022-07-20")], "week"),
        ([parse_iso_period("2022")], "month"),
        ([parse_iso_period("2020"), parse_iso_period("2022-07-01")], "quarter"),
        ([parse_iso_period("2011-04-28"), parse_iso_period("2022")], "year"),
        ([parse_iso_period("1900"), parse_iso_period("2022")], "year"),
    ],
    ids=["a day", "a month", "six weeks", "a year", "three years", "a decade", "a century"],
)
def test_the_unit_follows_the_span(periods: list[Period], unit: str) -> None:
    axis = choose_axis(periods, 60)
    assert axis.unit == unit
    assert axis.start <= min(period.start for period in periods)
    assert axis.end >= max(period.end for period in periods)
    assert unit_start(axis.start, axis.unit) == axis.start  # snapped to whole units
    assert unit_end(axis.end, axis.unit) == axis.end


def test_a_single_day_is_shown_in_the_week_around_it() -> None:
    axis = choose_axis([parse_iso_period("2022-06-23")], 60)
    assert axis.days == 7
    assert axis.start < date(2022, 6, 23) < axis.end


def test_a_narrow_axis_takes_a_coarser_unit() -> None:
    span = [day_span("2022-06-01", "2022-06-30")]
    assert choose_axis(span, 60).unit == "day"
    assert choose_axis(span, 10).unit == "week"  # 30 days do not fit in 10 cells
    assert choose_axis(span, 3).unit == "month"


@pytest.mark.parametrize(
    ("day", "unit", "label"),
    [
        ("2022-01-01", "year", "2022"),
        ("2022-01-01", "quarter", "2022"),
        ("2022-04-01", "quarter", "Q2"),
        ("2022-01-01", "month", "2022"),
        ("2022-06-01", "month", "Jun"),
        ("2022-06-06", "week", "6 Jun"),
        ("2022-06-23", "day", "23"),
        ("2022-07-01", "day", "1 Jul"),
    ],
)
def test_tick_labels(day: str, unit: str, label: str) -> None:
    assert tick_label(date.fromisoformat(day), unit) == label  # type: ignore[arg-type]


def test_the_first_day_label_names_its_month() -> None:
    axis = choose_axis([parse_iso_period("2022-06-23")], 70)
    labels = [tick.label for tick in labelled_ticks(axis, 70) if tick.label]
    assert labels[0].endswith(" Jun") and labels[1].isdigit()


def test_year_labels_fall_on_round_years_when_they_must_be_spaced() -> None:
    axis = choose_axis([parse_iso_period("1950"), parse_iso_period("2022")], 60)
    years = [int(tick.label) for tick in labelled_ticks(axis, 60) if tick.label]
    assert len(years) >= 3
    step = years[1] - years[0]
    assert step in (5, 10, 20) and all(year % step == 0 for year in years)


def test_axis_title_says_the_window_and_unit() -> None:
    assert axis_title(choose_axis([parse_iso_period("2011"), parse_iso_period("2022")], 60)) == (
        "2011 – 2022, in years"
    )
    assert axis_title(choose_axis([day_span("2022-06-09", "2022-07-20")], 60)) == (
        "Jun – Jul 2022, in weeks"
    )


@pytest.mark.parametrize(
    ("day", "unit", "end"),
    [
        ("9999-12-31", "week", "9999-12-31"),  # a Friday: the week is cut at the last date
        ("9999-11-15", "quarter", "9999-12-31"),
        ("2024-02-10", "month", "2024-02-29"),
        ("2022-05-01", "quarter", "2022-06-30"),
    ],
)
def test_unit_end(day: str, unit: str, end: str) -> None:
    assert unit_end(date.fromisoformat(day), unit) == date.fromisoformat(end)  # type: ignore[arg-type]


@given(first=st.dates(), length=st.integers(0, 4_000_000), width=st.integers(8, 240))
def test_labels_never_overlap_nor_run_past_the_end(first: date, length: int, width: int) -> None:
    last = date.fromordinal(min(first.toordinal() + length, date.max.toordinal()))
    axis = choose_axis([make_period(first.year, first.month, first.day), day_span(
        first.isoformat(), last.isoformat())], width)  # fmt: skip
    ticks = labelled_ticks(axis, width)
    positions = [tick.position for tick in ticks]
    assert positions == sorted(positions) and positions[0] >= 0 and positions[-1] < width
    free_from = 0.0
    for tick in ticks:
        if tick.label:
            assert tick.position >= free_from
            assert tick.position + len(tick.label) <= width
            free_from = tick.position + len(tick.label) + 1
