"""`pacli timeline --chart`: records on a time axis, drawn with Rich from the layout of
render/chart_layout.py. Record text goes in as `Text`, never as markup, and its control
characters are shown, not sent. Without a terminal, or with NO_COLOR, it is the same chart
without colour; it fits the console's width (COLUMNS, 80 when piped)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from pacli.model.records import Record
from pacli.model.vocabulary import RECORD_TYPES
from pacli.render.chart_layout import (
    DATE_STYLE,
    GLYPHS,
    GRID_STYLE,
    LaneRow,
    axis_lines,
    chart_layout,
    lane_groups,
)
from pacli.render.safe_text import one_line
from pacli.render.timescale import axis_title

TYPE_STYLES = {"event": "cyan", "agreement": "green", "program": "magenta"}  # as in the tables
CELL_STYLES = {**TYPE_STYLES, DATE_STYLE: "dim", GRID_STYLE: "dim"}
MIN_LABEL_CELLS = 12
MIN_AXIS_CELLS = 20


def _label_width(records: Sequence[Record], by: str, width: int) -> int:
    """Lane names take what the longest needs, at most a third of the width."""
    if by == "record":
        names = [record.title for record in records]
    else:
        names = [name for name, _ in lane_groups(records, by)]
    longest = max(cell_len(one_line(name)) for name in names)
    return min(longest, max(MIN_LABEL_CELLS, width // 3))


def _cells_text(row: LaneRow) -> Text:
    """A lane's cells, each run of one style as one span."""
    text = Text()
    start = 0
    for index in range(1, len(row.cells) + 1):
        if index == len(row.cells) or row.styles[index] != row.styles[start]:
            text.append(row.cells[start:index], style=CELL_STYLES.get(row.styles[start], ""))
            start = index
    text.rstrip()
    return text


def legend(width: int) -> list[Text]:
    """What the marks mean, then what the colours mean, in lines of at most `width` cells."""
    marks = [
        Text.assemble((GLYPHS["day"], "bold"), " a day"),
        Text.assemble((GLYPHS["span"] * 3, "bold"), " a period"),
        Text.assemble((GLYPHS["approx"] * 3, "bold"), " known only to the month or year"),
    ]
    colours = [Text.assemble(("■", TYPE_STYLES[name]), f" {name}") for name in RECORD_TYPES]
    lines: list[Text] = []
    for items in (marks, colours):
        lines.append(Text())
        for item in items:
            if lines[-1].cell_len and lines[-1].cell_len + 3 + item.cell_len > width:
                lines.append(Text())
            if lines[-1].cell_len:
                lines[-1].append("   ")
            lines[-1].append_text(item)
    return lines


def print_chart(console: Console, records: Sequence[Record], by: str) -> None:
    if not records:
        console.print(Text("No records match.", style="dim"))
        return
    label_width = _label_width(records, by, console.width)
    axis_width = max(MIN_AXIS_CELLS, console.width - label_width - 1)
    layout = chart_layout(records, axis_width, by)
    count = f"{len(records)} record{'s' if len(records) != 1 else ''}"
    lanes = f", one lane per {by}" if by != "record" else ""
    console.print(Text(f"{count}, {axis_title(layout.axis)}{lanes}", style="bold"))
    labels, ticks = axis_lines(layout.ticks, axis_width)
    margin = " " * (label_width + 1)
    lines = [Text(margin + labels), Text(margin + ticks, style="dim")]
    for row in layout.rows:
        line = Text(row.label, style="" if by == "record" else "bold")
        line.truncate(label_width, overflow="ellipsis", pad=True)
        line.append(" ")
        line.append_text(_cells_text(row))
        lines.append(line)
    for line in lines:
        console.print(line, no_wrap=True, crop=True, overflow="crop")
    console.print()
    for line in legend(console.width):
        console.print(line)  # wrapped, not cut, in a very narrow terminal


def write_chart(records: Sequence[Record], by: str, out: TextIO) -> None:
    """Draw `records` (oldest first), one lane per record, or per type, country or tag."""
    # Rich drops colour by itself when the output is not a terminal or NO_COLOR is set.
    print_chart(Console(file=out, highlight=False, soft_wrap=False), records, by)
