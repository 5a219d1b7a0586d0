"""The terminal chart laid out as text: what each record covers and how it is known, lanes (one
per record, or per type, country or tag), and each lane's cells. Pure functions with no Rich,
so the layout can be tested on its characters; render/chart.py draws it."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Literal, NamedTuple

from pacli.errors import UsageError
from pacli.model.dates import Period, format_period
from pacli.model.records import Record
from pacli.render.safe_text import one_line
from pacli.render.timescale import (
    Tick,
    TimeAxis,
    choose_axis,
    labelled_ticks,
    unit_end,
    unit_start,
)

Mark = Literal["day", "span", "approx"]
GLYPHS: dict[Mark, str] = {"day": "●", "span": "█", "approx": "░"}
DRAWN_OVER: dict[Mark, int] = {"approx": 0, "span": 1, "day": 2}  # the higher wins a shared cell
GRID = "┊"
LANES = ("record", "type", "country", "tag")  # what a lane holds: one record, or a group
NO_TAG = "(no tag)"
# The style of each cell: a record's type for its marks, or one of these.
DATE_STYLE, GRID_STYLE = "date", "grid"


class Segment(NamedTuple):
    """Days from `first` to `last` drawn with one mark."""

    first: date
    last: date
    mark: Mark


def record_segments(period: Period) -> list[Segment]:
    """How a record's period is drawn: a known day is a mark, a known span a bar, and a start or
    end known only to its month or year covers that month or year as an approximate part."""
    if period.end_precision is None:  # one date, not a range
        mark: Mark = "day" if period.precision == "day" else "approx"
        return [Segment(period.start, period.start if mark == "day" else period.end, mark)]
    segments = []
    # The known middle, in ordinals: a day before 1 January of year 1 is no date.
    solid_from, solid_to = period.start.toordinal(), period.end.toordinal()
    if period.precision != "day":
        head_end = unit_end(period.start, period.precision)
        segments.append(Segment(period.start, head_end, "approx"))
        solid_from = head_end.toordinal() + 1
    if period.end_precision != "day":
        tail_start = unit_start(period.end, period.end_precision)
        segments.append(Segment(tail_start, period.end, "approx"))
        solid_to = tail_start.toordinal() - 1
    if solid_from <= solid_to:
        segments.append(Segment(date.fromordinal(solid_from), date.fromordinal(solid_to), "span"))
    return segments


def cell_range(axis: TimeAxis, first: date, last: date, width: int) -> tuple[int, int]:
    """The cells, out of `width`, that the days from `first` to `last` cover: at least one."""
    start = min(int(axis.fraction(first) * width), width - 1)
    after = math.ceil(axis.fraction_after(last) * width)
    return start, max(start, min(after - 1, width - 1))


def segment_cells(axis: TimeAxis, segment: Segment, width: int) -> tuple[int, int]:
    """The cells a segment is drawn in; a day's mark is one cell, even across two."""
    first, last = cell_range(axis, segment.first, segment.last, width)
    return (first, first) if segment.mark == "day" else (first, last)


def record_cells(axis: TimeAxis, record: Record, width: int) -> tuple[int, int]:
    """The first and last cell a record's marks cover."""
    ranges = [segment_cells(axis, segment, width) for segment in record_segments(record.period)]
    return min(first for first, _ in ranges), max(last for _, last in ranges)


class LaneRow(NamedTuple):
    """One line of the chart: the lane's name and its cells."""

    label: str
    cells: str  # one character a cell
    styles: tuple[str, ...]  # one a cell: a record type, DATE_STYLE, GRID_STYLE or ""


class ChartLayout(NamedTuple):
    axis: TimeAxis
    ticks: list[Tick]  # positions in cells
    rows: list[LaneRow]


class _Row:
    """A line being filled in: characters and styles, cell by cell."""

    def __init__(self, width: int) -> None:
        self.cells = [" "] * width
        self.styles = [""] * width
        self.marks: list[Mark | None] = [None] * width

    def draw(self, axis: TimeAxis, record: Record) -> None:
        for segment in record_segments(record.period):
            first, last = segment_cells(axis, segment, len(self.cells))
            for cell in range(first, last + 1):
                current = self.marks[cell]
                if current is None or DRAWN_OVER[segment.mark] > DRAWN_OVER[current]:
                    self.marks[cell] = segment.mark
                    self.cells[cell] = GLYPHS[segment.mark]
                    self.styles[cell] = record.type

    def write(self, at: int, text: str, style: str) -> None:
        for offset, char in enumerate(text):
            self.cells[at + offset] = char
            self.styles[at + offset] = style

    def finish(self, label: str, ticks: Sequence[Tick]) -> LaneRow:
        for tick in ticks:
            cell = int(tick.position)
            if tick.label and cell < len(self.cells) and not self.styles[cell]:
                self.write(cell, GRID, GRID_STYLE)
        return LaneRow(label, "".join(self.cells), tuple(self.styles))


def _record_row(axis: TimeAxis, record: Record, width: int, ticks: Sequence[Tick]) -> LaneRow:
    """A record's own lane: its marks, and its date beside them where it fits."""
    row = _Row(width)
    row.draw(axis, record)
    first, last = record_cells(axis, record, width)
    text = format_period(record.period)
    if last + 1 + len(text) < width:
        row.write(last + 2, text, DATE_STYLE)
    elif first - 1 - len(text) >= 0:
        row.write(first - 1 - len(text), text, DATE_STYLE)
    return row.finish(one_line(record.title), ticks)


def parse_lanes(text: str | None) -> str:
    """`--by` as typed: record (the default), type, country or tag, in any case."""
    chosen = (text or "record").strip().lower()
    if chosen not in LANES:
        raise UsageError(f"unknown --by {text!r}; use {', '.join(LANES)}")
    return chosen


def lane_groups(records: Sequence[Record], by: str) -> list[tuple[str, list[Record]]]:
    """The records in each lane of `--by type|country|tag`, most records first; a record with
    several countries or tags is in each of their lanes."""
    members: dict[str, list[Record]] = {}
    for record in records:
        keys = {"type": (record.type,), "country": record.countries, "tag": record.tags}[by]
        for key in dict.fromkeys(keys or (NO_TAG,)):
            members.setdefault(key, []).append(record)
    counts = Counter({key: len(group) for key, group in members.items()})
    order = sorted(members, key=lambda key: (key == NO_TAG, -counts[key], key))
    return [(key, members[key]) for key in order]


def _group_row(
    axis: TimeAxis, name: str, records: Sequence[Record], width: int, ticks: Sequence[Tick]
) -> LaneRow:
    """A group's lane: every record of the group on one line, a day drawn over a period."""
    row = _Row(width)
    for record in records:
        row.draw(axis, record)
    return row.finish(one_line(name), ticks)


def chart_layout(records: Sequence[Record], width: int, by: str = "record") -> ChartLayout:
    """The chart of `records` (oldest first) with `width` cells for the time axis and a lane
    per record, or per type, country or tag."""
    axis = choose_axis([record.period for record in records], width)
    ticks = labelled_ticks(axis, width)
    if by == "record":
        rows = [_record_row(axis, record, width, ticks) for record in records]
    else:
        rows = [
            _group_row(axis, name, members, width, ticks)
            for name, members in lane_groups(records, by)
        ]
    return ChartLayout(axis, ticks, rows)


def axis_lines(ticks: Sequence[Tick], width: int) -> tuple[str, str]:
    """The labels over the axis, and the axis with a tick at each unit, or only at each label
    where units are too close together to tell apart."""
    labels = [" "] * width
    line = ["─"] * width
    every_unit = len(ticks) * 2 <= width
    for tick in ticks:
        cell = int(tick.position)
        if cell < width and (every_unit or tick.label):
            line[cell] = "┬"
        for offset, char in enumerate(tick.label):
            labels[cell + offset] = char
    return "".join(labels).rstrip(), "".join(line)
