"""Written dates (`June 2022`, `23 June 2022`, `junio de 2022`) read with python-dateutil.

Kept apart from `dates` so that dateutil is imported only when such a date is typed.
"""

from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as dateutil_parser


class _EnglishSpanishMonths(dateutil_parser.parserinfo):
    # dateutil reads these class attributes; its stubs allow only two or three names a month.
    MONTHS: list[tuple[str, ...]] = [  # type: ignore[assignment]  # noqa: RUF012
        ("Jan", "January", "ene", "enero"),
        ("Feb", "February", "febrero"),
        ("Mar", "March", "marzo"),
        ("Apr", "April", "abr", "abril"),
        ("May", "May", "mayo"),
        ("Jun", "June", "junio"),
        ("Jul", "July", "julio"),
        ("Aug", "August", "ago", "agosto"),
        ("Sep", "Sept", "September", "set", "septiembre", "setiembre"),
        ("Oct", "October", "octubre"),
        ("Nov", "November", "noviembre"),
        ("Dec", "December", "dic", "diciembre"),
    ]
    JUMP = [*dateutil_parser.parserinfo.JUMP, "de", "del"]  # noqa: RUF012


_PARSER_INFO = _EnglishSpanishMonths()
# Two defaults that differ in every field: a field that comes out the same was typed.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2004, 2, 2, 1, 1, 1))


class ImpossibleDate(ValueError):
    """A date in the right form that is not on the calendar: 31 June 2022."""


def parse_written_date(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) with None for what was not typed, or None when `text` is no date
    (including one without a four-digit year: `June 99` could be 1999 or 2099).
    ImpossibleDate when it is a date that does not exist."""
    if any(char.isdigit() and not char.isascii() for char in text):
        return None  # digits of another script (full-width, Arabic-Indic): not a date pacli reads
    if not re.search(r"(?<![0-9])[0-9]{4}(?![0-9])", text):
        return None
    try:
        first, second = (
            dateutil_parser.parse(text, parserinfo=_PARSER_INFO, default=default)
            for default in _DEFAULTS
        )
    except (ValueError, OverflowError, TypeError) as error:
        if "out of range" in str(error):
            raise ImpossibleDate(text) from None
        return None
    time_typed = any(getattr(first, f) == getattr(second, f) for f in ("hour", "minute", "second"))
    if first.year != second.year or time_typed or first.tzinfo:
        return None  # no year, or a time of day: not a date pacli can use
    month = first.month if first.month == second.month else None
    day = first.day if first.day == second.day else None
    if day is not None and month is None:
        return None
    return first.year, month, day
