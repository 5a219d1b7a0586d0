"""Dates written among a query's words (`June 2022`, `junio de 2022`, `2022`, `Q2 2022`,
`2022-06..2022-07`, `since 2020`), found before the query is parsed and turned into a window.

A date inside quotes, after a qualifier (`from:2022`) or excluded (`-2022`) is left alone, and so
is a year joined to other words (`2021-2022`, `vision2030`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from functools import cache
from typing import NamedTuple

from pacli.model.dates import Period, parse_user_window
from pacli.selection.filters import Window

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre"
    "|diciembre|ene|abr|ago|set|dic"
)
_YEAR = r"(?:1[89]|2[01])\d{2}"  # a bare number is a year only from 1800 to 2199
_ISO = rf"(?:\d{{4}}-\d{{2}}(?:-\d{{2}})?|{_YEAR})"
_QUARTER = r"(?:\d{4}-?Q[1-4]|Q[1-4][ -]?\d{4})"
_POINT = rf"(?:{_QUARTER}|{_ISO})"
_MONTH = rf"(?:{_MONTHS})\.?"
_DE = r"(?:\s+del?)?"  # junio de 2022, 23 de junio de 2022
_WRITTEN = (
    rf"\d{{1,2}}{_DE}\s+{_MONTH}{_DE},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|{_MONTH}{_DE},?\s+\d{{4}}"
)
# Words before a date that make it one end of the window.
BOUND_WORDS = {
    "since": "since",
    "from": "since",
    "desde": "since",
    "after": "after",
    "después de": "after",
    "despues de": "after",
    "until": "until",
    "till": "until",
    "through": "until",
    "hasta": "until",
    "before": "before",
    "antes de": "before",
}
_BOUND = "|".join(word.replace(" ", r"\s+") for word in BOUND_WORDS)


@cache  # compiled only for a query with a digit: compiling it is a tenth of a search's start
def _date_in_query() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w:*\".-])(?:(?P<bound>{_BOUND})\s+)?"
        rf"(?P<date>{_POINT}\.\.{_POINT}|{_WRITTEN}|{_POINT})"
        r"(?![\w*-]|\.\.|:)",
        re.IGNORECASE,
    )


class QueryDate(NamedTuple):
    """A date found in a query: its period, and whether it is the window itself (`in`) or
    one end of it (`since`, `after`, `until`, `before`)."""

    bound: str
    period: Period
    text: str


def find_dates(text: str) -> tuple[str, tuple[QueryDate, ...]]:
    """`text` with the dates it holds blanked out (so positions in messages stay true), and
    those dates; UsageError for a date that does not exist (`31 June 2022`)."""
    if not any(character.isdigit() for character in text):  # every date has a digit
        return text, ()
    quoted = _quoted_spans(text)
    found: list[QueryDate] = []
    kept = list(text)
    for match in _date_in_query().finditer(text):
        if any(start <= match.start() < end for start, end in quoted):
            continue
        bound = BOUND_WORDS[" ".join(match["bound"].lower().split())] if match["bound"] else "in"
        found.append(QueryDate(bound, parse_user_window(match["date"]), match[0]))
        kept[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(kept), tuple(found)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = text.find('"')
    while start != -1:
        end = text.find('"', start + 1)
        spans.append((start, len(text) if end == -1 else end))
        start = -1 if end == -1 else text.find('"', end + 1)
    return spans


def date_window(dates: Sequence[QueryDate]) -> Window:
    """The days the dates allow: from the first to the last of those typed as the window
    (`2018 2020` is 2018 to 2020), narrowed by those typed as one end (`since 2020`)."""
    inside = [date.period for date in dates if date.bound == "in"]
    start = min((period.start for period in inside), default=None)
    end = max((period.end for period in inside), default=None)
    day = timedelta(days=1)
    for date in dates:
        lower = {"since": date.period.start, "after": date.period.end + day}.get(date.bound)
        upper = {"until": date.period.end, "before": date.period.start - day}.get(date.bound)
        if lower is not None:
            start = max(start, lower) if start else lower
        if upper is not None:
            end = min(end, upper) if end else upper
    return Window(start, end)


def window_text(window: Window) -> str:
    """`from 2022-06-01 to 2022-06-30`, or one side of it."""
    sides = [("from", window.start), ("to", window.end)]
    return " ".join(f"{word} {day.isoformat()}" for word, day in sides if day is not None)
