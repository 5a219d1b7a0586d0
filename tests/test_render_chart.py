"""The chart's layout, checked on its text: marks, bars and reduced precision at several widths
and spans, overlapping periods, lanes by group, and record text shown safely."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from pacli.model.dates import record_period
from pacli.model.records import Record
from pacli.render.chart_layout import (
    GLYPHS,
    ChartLayout,
    axis_lines,
    chart_layout,
    lane_groups,
    record_segments,
)
from pacli.render.svg_timeline import svg_timeline
from tests.helpers import make_record

DAY, BAR, APPROX = GLYPHS["day"], GLYPHS["span"], GLYPHS["approx"]
MARKS_DRAWN = {DAY, BAR, APPROX}


def record(record_id: str, **fields: Any) -> Record:
    return Record.from_dict(make_record(record_id, **fields))


FILM = record("2022-06-09-film", type="program", title="Film", end_date="2022-07-09")
JUNE = record("2022-06-report", title="Report", date="2022-06")  # known only to the month
TALK = record("2022-06-23-talk", title="Talk")
CREATION = record("2011-04-28-creation", title="Creation")
OBSERVER = record("2014-observer", title="Observer", date="2014")  # known only to the year
PROJECT = record("2020-project", type="program", title="Project", date="2020", end_date="2022")


def runs(cells: str, glyph: str) -> list[tuple[int, int]]:
    """The first and last cell of each run of `glyph`."""
    found: list[tuple[int, int]] = []
    for index, char in enumerate(cells):
        if char != glyph:
            continue
        if found and found[-1][1] == index - 1:
            found[-1] = (found[-1][0], index)
        else:
            found.append((index, index))
    return found


def row_cells(layout: ChartLayout, label: str) -> str:
    return next(row.cells for row in layout.rows if row.label == label)


def test_segments_say_how_each_part_is_known() -> None:
    assert [s.mark for s in record_segments(TALK.period)] == ["day"]
    assert [s.mark for s in record_segments(FILM.period)] == ["span"]
    assert [s.mark for s in record_segments(OBSERVER.period)] == ["approx"]
    project = record_segments(PROJECT.period)
    assert [(s.mark, s.first, s.last) for s in project] == [
        ("approx", date(2020, 1, 1), date(2020, 12, 31)),
        ("approx", date(2022, 1, 1), date(2022, 12, 31)),
        ("span", date(2021, 1, 1), date(2021, 12, 31)),
    ]
    mixed = record_segments(record_period("2022-06", "2022-07-09"))
    assert {(s.mark, s.first, s.last) for s in mixed} == {
        ("approx", date(2022, 6, 1), date(2022, 6, 30)),
        ("span", date(2022, 7, 1), date(2022, 7, 9)),
    }


@pytest.mark.parametrize("width", [20, 40, 80, 160])
def test_overlapping_periods_line_up_at_every_width(width: int) -> None:
    layout = chart_layout([JUNE, FILM, TALK], width)
    assert all(len(row.cells) == width for row in layout.rows)
    (film,) = runs(row_cells(layout, "Film"), BAR)
    (june,) = runs(row_cells(layout, "Report"), APPROX)
    (talk, _) = runs(row_cells(layout, "Talk"), DAY)[0]
    assert film[0] <= talk <= film[1]  # the talk happened during the film cycle
    assert june[0] <= film[0] <= june[1] < film[1]  # June overlaps the cycle's start
    assert BAR not in row_cells(layout, "Report") and DAY not in row_cells(layout, "Report")
    assert APPROX not in row_cells(layout, "Film")
    # The mark stands where 23 June falls in the window, to the cell.
    where = (date(2022, 6, 23) - layout.axis.start).days / layout.axis.days * width
    assert abs(talk - where) <= 1


def test_a_decade_shows_years_and_what_is_known_only_to_the_year() -> None:
    width = 60
    layout = chart_layout([CREATION, OBSERVER, PROJECT, JUNE], width)
    assert layout.axis.unit == "year"
    year_cells = width / 12  # 2011 to 2022
    ((creation, _),) = runs(row_cells(layout, "Creation"), DAY)
    assert 0 <= creation < year_cells  # April 2011, in the first year
    (observer,) = runs(row_cells(layout, "Observer"), APPROX)
    assert abs(observer[1] - observer[0] + 1 - year_cells) <= 1
    project = row_cells(layout, "Project")
    head, tail = runs(project, APPROX)
    (middle,) = runs(project, BAR)
    assert head[1] + 1 == middle[0] and middle[1] + 1 == tail[0]  # 2020, then 2021, then 2022
    assert tail[1] == width - 1
    assert runs(row_cells(layout, "Report"), APPROX)  # June 2022 is a shaded cell, not a dot
    assert DAY not in row_cells(layout, "Report")


def test_a_single_day_fills_a_week_of_days() -> None:
    layout = chart_layout([TALK], 70)
    assert layout.axis.unit == "day"
    labels, ticks = axis_lines(layout.ticks, 70)
    assert ticks.count("┬") == 7
    cells = row_cells(layout, "Talk")
    assert cells.count(DAY) == 1
    assert labels[cells.index(DAY) : cells.index(DAY) + 2] == "23"  # the mark under its day


def test_a_crowded_axis_ticks_only_its_labels() -> None:
    old = record("1850-old", title="Old", date="1850", end_date="1901-03")
    layout = chart_layout([old, CREATION], 60)
    labels, ticks = axis_lines(layout.ticks, 60)
    assert len(layout.ticks) > 60  # more years than cells
    assert ticks.count("┬") == len(labels.split()) >= 3
    assert all(labels[index] != " " for index, char in enumerate(ticks) if char == "┬")


def test_each_lane_says_its_date_beside_its_mark() -> None:
    layout = chart_layout([JUNE, FILM, TALK], 80)
    assert "9 Jun – 9 Jul 2022" in row_cells(layout, "Film")
    assert "Jun 2022" in row_cells(layout, "Report")
    talk = row_cells(layout, "Talk")
    assert talk.index("23 Jun 2022") == talk.index(DAY) + 2
    decade = chart_layout([CREATION, TALK], 40)
    late = row_cells(decade, "Talk")
    assert late.index(DAY) == late.index("23 Jun 2022") + len("23 Jun 2022") + 1  # on the left


def test_lanes_by_country_hold_every_record_of_the_country() -> None:
    korea = record("2022-06-23-korea", title="Korea", countries=["Chile", "South Korea"])
    canada = record("2022-05-13-canada", title="Canada", countries=["Canada", "Chile"])
    groups = lane_groups([korea, canada], "country")
    assert [name for name, _ in groups] == ["Chile", "Canada", "South Korea"]
    layout = chart_layout([canada, korea], 40, "country")
    assert [row.label for row in layout.rows] == ["Chile", "Canada", "South Korea"]
    assert row_cells(layout, "Chile").count(DAY) == 2
    assert row_cells(layout, "Canada").count(DAY) == 1


def test_a_lane_by_tag_keeps_untagged_records_last() -> None:
    groups = lane_groups([record("2022-01-01-a", tags=["trade"]), TALK], "tag")
    assert [name for name, _ in groups] == ["trade", "(no tag)"]


@pytest.mark.parametrize(
    ("date_text", "end_text"),
    [("0001-01-01", None), ("0001-01-01", "0001-01"), ("9999", None), ("9999-12-31", None),
     ("0001", "9999-11")],
)  # fmt: skip
def test_the_first_and_last_dates_there_are(date_text: str, end_text: str | None) -> None:
    edge = record("0001-01-01-edge", title="Edge", date=date_text, end_date=end_text)
    layout = chart_layout([edge, TALK], 40)
    assert MARKS_DRAWN & set(row_cells(layout, "Edge"))
    assert svg_timeline([edge, TALK]).count('class="mark ') == 2


def test_control_characters_in_names_are_shown_not_sent() -> None:
    hostile = record("2022-01-01-x", title="\x1b[31mRed\x07 \u202eevil")
    layout = chart_layout([hostile], 40)
    assert layout.rows[0].label == "\\x1b[31mRed\\x07 \\u202eevil"
    by_tag = chart_layout([record("2022-01-01-y", tags=["a\x1b[2Jb"])], 40, "tag")
    assert by_tag.rows[0].label == "a\\x1b[2Jb"
    two_lines = chart_layout([record("2022-01-01-z", title="two\nlines\tand a tab")], 40)
    assert two_lines.rows[0].label == "two\\x0alines\\x09and a tab"  # a lane is one line
