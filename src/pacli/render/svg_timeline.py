"""The HTML page's timeline as inline SVG: a lane per record, each with one mark (a dot for a
day, a bar for a period, a pale dashed bar for a date known only to its month or year) that
links to the record's card. Every piece of record text is escaped."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from urllib.parse import quote

from pacli.model.dates import format_period
from pacli.model.records import Record
from pacli.render.chart_layout import Segment, record_segments
from pacli.render.safe_text import one_line
from pacli.render.timescale import TimeAxis, axis_title, choose_axis, labelled_ticks

WIDTH = 960  # the viewBox; the drawing scales with the page
LABEL_RIGHT = 262  # lane names end here, right-aligned
AXIS_LEFT, AXIS_WIDTH = 272, 672
TOP, ROW = 40, 22
CHAR_WIDTH = 7.0  # of an axis label at 12px, to space the labels
LABEL_CHARS = 38
MIN_BAR = 3.0


def card_anchor(record_id: str) -> str:
    """The id of a record's card in the page, safe in an attribute and a URL fragment."""
    return "r-" + quote(record_id, safe="")


def shortened(text: str, room: int) -> str:
    """`text` cut to `room` Latin letters' width with `…`; a wide (CJK) character counts two."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > room:
            return text[: max(index - 1, 0)].rstrip() + "…"
    return text


def _x(axis: TimeAxis, fraction: float) -> float:
    return AXIS_LEFT + fraction * AXIS_WIDTH


def _shape(axis: TimeAxis, segment: Segment, middle: float) -> str:
    start = _x(axis, axis.fraction(segment.first))
    if segment.mark == "day":
        end = _x(axis, axis.fraction_after(segment.first))
        return f'<circle cx="{(start + end) / 2:.1f}" cy="{middle:.1f}" r="5"/>'
    end = _x(axis, axis.fraction_after(segment.last))
    kind = ' class="approx"' if segment.mark == "approx" else ""
    return (
        f'<rect{kind} x="{start:.1f}" y="{middle - 5:.1f}" '
        f'width="{max(end - start, MIN_BAR):.1f}" height="10" rx="2"/>'
    )


def _lane(axis: TimeAxis, record: Record, row: int) -> str:
    middle = TOP + row * ROW + ROW / 2
    title = one_line(record.title)
    short = shortened(title, LABEL_CHARS)
    shapes = "".join(_shape(axis, segment, middle) for segment in record_segments(record.period))
    tooltip = f"{title}: {format_period(record.period)}"
    anchor = card_anchor(record.id)
    return (
        f'<g class="lane" data-card="{anchor}">'
        f'<text class="name" x="{LABEL_RIGHT}" y="{middle + 4:.1f}">{html.escape(short)}</text>'
        f'<a href="#{anchor}"><g class="mark {html.escape(record.type)}">'
        f"<title>{html.escape(tooltip)}</title>{shapes}</g></a></g>"
    )


def _axis(axis: TimeAxis, height: int) -> list[str]:
    """The tick labels along the top, and a faint line down the drawing at each."""
    parts = []
    for tick in labelled_ticks(axis, AXIS_WIDTH, CHAR_WIDTH):
        x = AXIS_LEFT + tick.position
        kind = "grid" if tick.label else "grid minor"
        line = f'x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height}"'
        parts.append(f'<line class="{kind}" {line}/>')
        if tick.label:
            parts.append(f'<text class="tick" x="{x + 2:.1f}" y="{TOP - 14}">{tick.label}</text>')
    return parts


def svg_timeline(records: Sequence[Record]) -> str:
    """The timeline of `records` (oldest first), one lane and one mark per record."""
    if not records:
        return ""
    axis = choose_axis([record.period for record in records], AXIS_WIDTH / 4)
    height = TOP + len(records) * ROW + 8
    heading = f"Timeline of {len(records)} records, {axis_title(axis)}"
    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="timeline-heading">',
        f'<title id="timeline-heading">{html.escape(heading)}</title>',
        *_axis(axis, height),
        *(_lane(axis, record, row) for row, record in enumerate(records)),
        "</svg>",
    ]
    return "\n".join(parts)
