"""Dates at their own precision: a year, a month or a day, each read as the period it covers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal, NamedTuple

from pacli.errors import UsageError

Precision = Literal["year", "month", "day"]

ISO_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits only
ACCEPTED_FORMS = "2022, 2022-06, 2022-06-23, June 2022 or 23 June 2022"
# What a filter reads besides: quarters and ranges (`parse_user_window`).
WINDOW_FORMS = (
    "2022, 2022-06, 2022-06-23, June 2022, 23 June 2022, 2022-Q2, Q2 2022 or 2022-06..2022-07"
)
QUARTER = re.compile(r"^(?:([0-9]{4})-?Q([1-4])|Q([1-4])[ -]?([0-9]{4}))$", re.IGNORECASE)
RANGE_SEPARATOR = ".."
MONTH_ABBREVIATIONS: tuple[str, ...] = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun")
MONTH_ABBREVIATIONS += ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Period(NamedTuple):
    """The days from `start` to `end`, both included."""

    start: date
    end: date
    precision: Precision
    end_precision: Precision | None = None  # the precision of a range's end, if it differs

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)  # not the day before 1 January of the next year: 9999-12 ends
    return date(year, month + 1, 1) - timedelta(days=1)


def make_period(year: int, month: int | None = None, day: int | None = None) -> Period:
    """The period of a year, a month or a day; raises ValueError for an impossible date."""
    if month is None:
        return Period(date(year, 1, 1), date(year, 12, 31), "year")
    if day is None:
        return Period(date(year, month, 1), _month_end(year, month), "month")
    day_date = date(year, month, day)
    return Period(day_date, day_date, "day")


@lru_cache(maxsize=8192)  # a store repeats its days: reading a large one parses each once
def parse_iso_period(text: str) -> Period:
    """Read a stored date (`2018`, `2022-01`, `2022-06-23`); raises ValueError otherwise."""
    match = ISO_DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if year < 1:
        raise ValueError(f"{text!r} has no year 0")
    return make_period(year, month, day)


def period_text(period: Period) -> str:
    """The ISO form of a period at its own precision."""
    if period.precision == "year":
        return f"{period.start.year:04d}"
    if period.precision == "month":
        return f"{period.start.year:04d}-{period.start.month:02d}"
    return period.start.isoformat()


def record_period(date_text: str, end_date_text: str | None) -> Period:
    """The whole span of a record: from the start of `date` to the end of `end_date`."""
    start = parse_iso_period(date_text)
    if not end_date_text:
        return start
    end = parse_iso_period(end_date_text)
    return Period(start.start, end.end, start.precision, end.precision)


def parse_user_period(text: str, forms: str = ACCEPTED_FORMS) -> Period:
    """Read a date a person typed, keeping its precision; raises UsageError naming the value
    and the `forms` that can be read."""
    cleaned = " ".join(text.split())
    problem = f"{text!r} is not a date; use {forms}"
    if not cleaned:
        raise UsageError(problem)
    if ISO_DATE.match(cleaned):
        try:
            return parse_iso_period(cleaned)
        except ValueError:
            raise UsageError(f"{text!r} is not a real date; use {forms}") from None
    if not re.search(r"[^\W\d_]", cleaned):
        # 03/05/2022 is 3 May in Lima and 5 March in Washington: refuse to guess.
        raise UsageError(f"{text!r} is ambiguous or not a date; use {forms}")
    return _parse_written_date(cleaned, problem, forms)


def _parse_written_date(text: str, problem: str, forms: str) -> Period:
    from pacli.model.written_dates import (  # dateutil is slow to import
        ImpossibleDate,
        parse_written_date,
    )

    try:
        parts = parse_written_date(text)
    except ImpossibleDate:
        raise UsageError(f"{text!r} is not a real date; use {forms}") from None
    if parts is None:
        raise UsageError(problem)
    try:
        return make_period(*parts)
    except ValueError:
        raise UsageError(f"{text!r} is not a real date; use {forms}") from None


def parse_user_window(text: str) -> Period:
    """A date as `parse_user_period` reads it, a quarter (`2022-Q2`, `Q2 2022`), or a range
    from the start of one to the end of another (`2022-06..2022-07`); UsageError otherwise."""
    cleaned = " ".join(text.split())
    if RANGE_SEPARATOR not in cleaned:
        return _window_point(cleaned, text)
    first, _, last = cleaned.partition(RANGE_SEPARATOR)
    if not first.strip() or not last.strip() or RANGE_SEPARATOR in last:
        raise UsageError(f"{text!r} is not a range; give both ends: 2022-06..2022-07")
    start, end = _window_point(first.strip(), text), _window_point(last.strip(), text)
    if end.end < start.start:
        raise UsageError(f"{text!r} ends before it begins; give the earlier date first")
    return Period(start.start, end.end, start.precision, end.end_precision or end.precision)


def _window_point(part: str, text: str) -> Period:
    quarter = QUARTER.match(part)
    if quarter is None:
        try:
            return parse_user_period(part, WINDOW_FORMS)
        except UsageError:
            if part == " ".join(text.split()):
                raise
            raise UsageError(f"{text!r}: {part!r} is not a date; use {WINDOW_FORMS}") from None
    year = int(quarter.group(1) or quarter.group(4))
    last_month = 3 * int(quarter.group(2) or quarter.group(3))
    if year < 1:
        raise UsageError(f"{text!r} has no year 0; use {WINDOW_FORMS}")
    start = date(year, last_month - 2, 1)
    return Period(start, _month_end(year, last_month), "month")


def format_period(period: Period) -> str:
    """`2018`, `Jan 2022`, `9 Jun 2022`, or a range such as `9 Jun – 9 Jul 2022`."""
    start, end = period.start, period.end
    end_precision = period.end_precision or period.precision
    if make_period(*_parts(start, period.precision)).end == end:
        return _format_point(start, period.precision)
    left = _format_point(start, period.precision)
    right = _format_point(end, end_precision)
    if start.year == end.year and "year" not in (period.precision, end_precision):
        left = left.removesuffix(f" {start.year}")
        if start.month == end.month and period.precision == end_precision == "day":
            left = str(start.day)
    return f"{left} – {right}"


def _parts(day: date, precision: Precision) -> tuple[int, int | None, int | None]:
    if precision == "year":
        return day.year, None, None
    if precision == "month":
        return day.year, day.month, None
    return day.year, day.month, day.day


def _format_point(day: date, precision: Precision) -> str:
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTH_ABBREVIATIONS[day.month]} {day.year}"
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month]} {day.year}"
