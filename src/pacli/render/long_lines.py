"""A table of more than LONG_TABLE_ROWS records in a terminal, written a line a record rather
than laid out by Rich: the date whole, then the type, the title and the countries, cut with `…`
to the terminal's width in cells (a CJK character takes two) and padded to line up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len, set_cell_size

from pacli.model.countries import MEMBERS
from pacli.model.dates import format_period
from pacli.model.records import Record

DATE_CELLS_MAX = 30  # the longest range, `28 Feb 2021 – 10 Dec 2023`, is 25
TYPE_CELLS = 10


class LineLayout(NamedTuple):
    """The columns' widths in cells; `countries` is 0 when the lines have none."""

    indent: int
    date: int
    title: int
    countries: int


def line_layout(
    dates: Sequence[str], width: int, *, indent: int = 0, with_countries: bool = True
) -> LineLayout:
    """Columns for records whose dates read `dates`, in a terminal `width` cells wide: the
    dates whole, unless that would leave the titles less than half of a narrow terminal."""
    date = min(max(map(cell_len, dates), default=4), DATE_CELLS_MAX, max(13, width // 4))
    rest = max(width - indent - date - 1 - (TYPE_CELLS + 1), 20)
    if not with_countries:
        return LineLayout(indent, date, rest, 0)
    title = rest * 3 // 5
    return LineLayout(indent, date, title, rest - title - 2)


def header_line(layout: LineLayout) -> str:
    title = _fit("Title", layout.title, layout.title + 2) if layout.countries else "Title"
    countries = "Countries" if layout.countries else ""
    date_and_type = _fit("Date", layout.date, layout.date + 1)
    date_and_type += _fit("Type", TYPE_CELLS, TYPE_CELLS + 1)
    return " " * layout.indent + date_and_type + title + countries + "\n"


def record_lines(records: Sequence[Record], dates: Sequence[str], layout: LineLayout) -> str:
    """Each record on its line; `dates` are theirs, as `dates_of` made them for the layout."""
    pairs = zip(records, dates, strict=True)
    return "".join(_record_line(record, date, layout) for record, date in pairs)


def _record_line(record: Record, date: str, layout: LineLayout) -> str:
    line = " " * layout.indent + _fit(date, layout.date, layout.date + 1)
    line += _fit(record.type, TYPE_CELLS, TYPE_CELLS + 1)
    if not layout.countries:
        return line + _fit(record.title, layout.title, 0) + "\n"
    line += _fit(record.title, layout.title, layout.title + 2)
    return line + _fit(countries_label(record.countries), layout.countries, 0) + "\n"


def dates_of(records: Sequence[Record]) -> list[str]:
    return [format_period(record.period) for record in records]


def countries_label(countries: Sequence[str]) -> str:
    """`all members` for the four, then any partner: `all members, Canada`."""
    if all(member in countries for member in MEMBERS):
        partners = [country for country in countries if country not in MEMBERS]
        return ", ".join(["all members", *partners])
    return ", ".join(countries)


def _fit(text: str, width: int, room: int) -> str:
    """`text` on one line, cut to `width` cells with `…`, then padded to `room` cells."""
    text = " ".join(text.split())
    cells = cell_len(text)
    if cells > width:
        text = set_cell_size(text, max(width - 1, 0)) + "…"
        cells = cell_len(text)
    return text + " " * max(room - cells, 0)
