"""A time axis for drawings of records: the window shown, its unit (days, weeks, months,
quarters or years) chosen from the span, and its labelled ticks. Pure functions over dates and
widths, shared by the terminal chart (in cells) and the HTML page's SVG (in pixels)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal, NamedTuple

from pacli.model.dates import MONTH_ABBREVIATIONS, Period

Unit = Literal["day", "week", "month", "quarter", "year"]
UNITS: tuple[Unit, ...] = ("day", "week", "month", "quarter", "year")
UNIT_NAMES = {"day": "days", "week": "weeks", "month": "months", "quarter": "quarters"}
UNIT_NAMES["year"] = "years"

# The longest span (in days) each unit is chosen for; beyond the last, years.
UNIT_SPANS: tuple[tuple[Unit, int], ...] = (
    ("day", 31),
    ("week", 183),
    ("month", 2 * 366),
    ("quarter", 6 * 366),
)
MINIMUM_DAYS = 7  # a single day is shown in the week around it
DAYS_TO_9999 = date.max.toordinal()
# How many units apart labels may be, finest first; ticks of a unit are counted from a round one.
LABEL_STEPS: dict[Unit, tuple[int, ...]] = {
    "day": (1, 2, 7, 14),
    "week": (1, 2, 4, 13, 26),
    "month": (1, 2, 3, 6, 12),
    "quarter": (1, 2, 4, 8),
    "year": (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000),
}


def unit_start(day: date, unit: Unit) -> date:
    """The first day of the unit holding `day` (weeks begin on Monday)."""
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def unit_end(day: date, unit: Unit) -> date:
    """The last day of the unit holding `day` (never past 31 December 9999)."""
    if unit == "day":
        return day
    if unit == "week":
        start = unit_start(day, unit)
        return date.fromordinal(min(start.toordinal() + 6, date.max.toordinal()))
    if unit == "year":
        return date(day.year, 12, 31)
    last_month = day.month if unit == "month" else (day.month - 1) // 3 * 3 + 3
    if last_month == 12:
        return date(day.year, 12, 31)
    return date(day.year, last_month + 1, 1) - timedelta(days=1)


class TimeAxis(NamedTuple):
    """The days from `start` to `end` (both included), ticked at every `unit`."""

    start: date
    end: date
    unit: Unit

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def fraction(self, day: date) -> float:
        """Where the start of `day` lies, from 0 (the window's start) to 1 (after its end)."""
        return (day - self.start).days / self.days

    def fraction_after(self, day: date) -> float:
        """Where the end of `day` lies (in ordinals: the day after 9999-12-31 is no date)."""
        return (day.toordinal() + 1 - self.start.toordinal()) / self.days

    def ticks(self) -> list[date]:
        """The first day of each unit in the window."""
        ticks = [self.start]
        while (last := unit_end(ticks[-1], self.unit)) < self.end:
            ticks.append(last + timedelta(days=1))
        return ticks


def _unit_for_span(days: int) -> Unit:
    return next((unit for unit, longest in UNIT_SPANS if days <= longest), "year")


def choose_axis(periods: Sequence[Period], slots: float) -> TimeAxis:
    """The window holding every period, snapped to whole units; the unit is chosen from the
    span, then made coarser until the window has no more units than `slots` (cells or
    pixels across)."""
    first = min(period.start for period in periods)
    last = max(period.end for period in periods)
    missing = MINIMUM_DAYS - ((last - first).days + 1)
    if missing > 0:  # in ordinals, kept within the years 1 to 9999
        first = date.fromordinal(max(first.toordinal() - missing // 2, 1))
        last = date.fromordinal(min(last.toordinal() + missing - missing // 2, DAYS_TO_9999))
    unit = _unit_for_span((last - first).days + 1)
    while True:
        axis = TimeAxis(unit_start(first, unit), unit_end(last, unit), unit)
        if unit == "year" or len(axis.ticks()) <= slots:
            return axis
        unit = UNITS[UNITS.index(unit) + 1]


def tick_label(day: date, unit: Unit, *, first: bool = False) -> str:
    """What a tick says: `2022`, `Q3`, `Jun`, `6 Jun`, `9`; a year begins with its number, and
    a day names its month when it is the first or the month's first."""
    if unit == "year" or (unit in ("month", "quarter") and day.month == 1):
        return str(day.year)
    if unit == "quarter":
        return f"Q{(day.month - 1) // 3 + 1}"
    if unit == "month":
        return MONTH_ABBREVIATIONS[day.month]
    if unit == "week" or day.day == 1 or first:
        return f"{day.day} {MONTH_ABBREVIATIONS[day.month]}"
    return str(day.day)


def _round_index(day: date, unit: Unit, axis_start: date) -> int:
    """A tick's number, counted so that labels fall on round values (even years, January)."""
    if unit == "year":
        return day.year
    if unit in ("month", "quarter"):
        return (day.year * 12 + day.month - 1) // (3 if unit == "quarter" else 1)
    return (day - axis_start).days // (7 if unit == "week" else 1)


class Tick(NamedTuple):
    day: date
    position: float  # from 0 to `width`
    label: str  # empty for a tick drawn without a label


def labelled_ticks(axis: TimeAxis, width: float, char_width: float = 1.0) -> list[Tick]:
    """Every tick with its position across `width`; the labels are as close together as they
    fit, each `char_width` wide per character with a space between, and none runs past the end."""
    ticks = axis.ticks()
    labels = [tick_label(day, axis.unit, first=index == 0) for index, day in enumerate(ticks)]
    unit_width = width / len(ticks)
    longest = max(len(label) for label in labels) + 1
    steps = LABEL_STEPS[axis.unit]
    step = next((step for step in steps if step * unit_width >= longest * char_width), steps[-1])
    result: list[Tick] = []
    free_from = 0.0  # where the next label may begin
    for day, label in zip(ticks, labels, strict=True):
        position = axis.fraction(day) * width
        shown = _round_index(day, axis.unit, axis.start) % step == 0
        label_end = position + len(label) * char_width
        if shown and position >= free_from and label_end <= width:
            result.append(Tick(day, position, label))
            free_from = label_end + char_width
        else:
            result.append(Tick(day, position, ""))
    return result


def axis_title(axis: TimeAxis) -> str:
    """The window and its unit, as the chart's heading says them: `2011 – 2022, in years`."""
    first, last = axis.start, axis.end
    if first.year == last.year:
        span = str(first.year)
        if axis.unit in ("day", "week"):
            months = dict.fromkeys(MONTH_ABBREVIATIONS[day.month] for day in (first, last))
            span = f"{' – '.join(months)} {span}"
    else:
        span = f"{first.year} – {last.year}"
    return f"{span}, in {UNIT_NAMES[axis.unit]}"
