"""Rich tables for a terminal. Record text always goes in as `Text`, never parsed as markup."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pacli.model.countries import Country
from pacli.model.dates import format_period
from pacli.model.records import Person, Record
from pacli.render.long_lines import (
    countries_label,
    dates_of,
    header_line,
    line_layout,
    record_lines,
)
from pacli.render.safe_text import visible
from pacli.render.views import LONG_TABLE_ROWS, View, count_text
from pacli.search.index import MATCH_END, MATCH_START
from pacli.search.ranking import Hit
from pacli.selection.summaries import timeline_years

TOP_VALUES = 10

TYPE_STYLES = {"event": "cyan", "agreement": "green", "program": "magenta"}


def make_console(out: TextIO) -> Console:
    # Rich drops colour by itself when the output is not a terminal or NO_COLOR is set.
    return Console(file=out, highlight=False, soft_wrap=False)


def _type_text(record_type: str) -> Text:
    return Text(record_type, style=TYPE_STYLES.get(record_type, ""))


def records_table(records: Sequence[Record]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Title", ratio=3, overflow="fold")
    table.add_column("Countries", ratio=2, overflow="fold")
    for record in records:
        table.add_row(
            Text(format_period(record.period)),
            _type_text(record.type),
            Text(record.title, style="bold"),
            Text(countries_label(record.countries)),
        )
    return table


def _print_records(console: Console, view: View) -> None:
    records: Sequence[Record] = view.payload
    if not records:
        console.print(Text("No records match.", style="dim"))
        return
    if len(records) > LONG_TABLE_ROWS:
        _print_lines(console, records)
    else:
        console.print(records_table(records))
    console.print(Text(count_text(len(records), view.total), style="dim"))


def _print_lines(console: Console, records: Sequence[Record]) -> None:
    """One line a record: date, type, title and countries, each cut to fit the terminal."""
    dates = dates_of(records)
    layout = line_layout(dates, console.width)
    console.file.write(header_line(layout) + record_lines(records, dates, layout))


def _print_timeline(console: Console, view: View) -> None:
    records: Sequence[Record] = view.payload
    years = timeline_years(records)
    if not years:
        console.print(Text("No records match.", style="dim"))
        return
    if len(records) > LONG_TABLE_ROWS:
        _print_year_lines(console, years)
        console.print(Text(count_text(len(records), view.total), style="dim"))
        return
    # One table for every year keeps the columns aligned from one year to the next.
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("date", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("title", overflow="fold")
    for position, (year, year_records) in enumerate(years):
        if position:
            table.add_row()
        table.add_row(Text(str(year), style="bold underline"))
        for record in year_records:
            date_text = Text("  " + format_period(record.period))
            table.add_row(date_text, _type_text(record.type), Text(record.title))
    console.print(table)
    console.print()
    console.print(Text(count_text(len(records), view.total), style="dim"))


def _print_year_lines(console: Console, years: Sequence[tuple[int, Sequence[Record]]]) -> None:
    """Each year's records a line each, as `_print_lines` writes them, under the year."""
    dates = [dates_of(year_records) for _, year_records in years]
    every_date = [date for year_dates in dates for date in year_dates]
    layout = line_layout(every_date, console.width, indent=2, with_countries=False)
    for position, ((year, year_records), year_dates) in enumerate(zip(years, dates, strict=True)):
        if position:
            console.print()
        console.print(Text(str(year), style="bold underline"))
        console.file.write(record_lines(year_records, year_dates, layout))
    console.print()


def _print_records_in_full(console: Console, view: View) -> None:
    for number, shown in enumerate(view.payload):
        if number:
            console.rule(style="dim")
        _print_record(console, *shown)


def _print_record(
    console: Console, record: Record, related: Sequence[Record], similar: Sequence[Record]
) -> None:
    console.print(Text(record.title, style="bold"))
    console.print(_fields_grid(record))
    console.print()
    console.print(Text(record.summary))
    sections = [
        ("Details", [Text(detail) for detail in record.details]),
        ("People", [_person_text(person) for person in record.people]),
        ("Related", [_related_text(other) for other in related]),
        ("See also", [_related_text(other) for other in similar]),
        ("Source", _source_lines(record)),
    ]
    for heading, lines in sections:
        if lines:
            console.print()
            console.print(Text(heading, style="bold"))
            console.print(_bullets(lines, bullet=heading != "Source"))


def _bullets(lines: Sequence[Text], *, bullet: bool) -> Table:
    """Lines under a heading, wrapped with a hanging indent."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for line in lines:
        grid.add_row(Text("  •" if bullet else " "), line)
    return grid


def _fields_grid(record: Record) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    rows = [
        ("id", record.id),
        ("type", record.type),
        ("date", f"{format_period(record.period)} ({record.date_basis})"),
        ("date note", record.date_note),
        ("countries", ", ".join(record.countries)),
        ("places", ", ".join(record.places)),
        ("organizations", "; ".join(record.organizations)),
        ("tags", ", ".join(record.tags)),
    ]
    for label, value in rows:
        if value:
            grid.add_row(
                Text(label), Text(value, style=TYPE_STYLES[value] if label == "type" else "")
            )
    return grid


def _person_text(person: Person) -> Text:
    text = Text(person.name)
    extra = ", ".join(part for part in (person.role, person.country) if part)
    if extra:
        text.append(f" ({extra})", style="dim")
    return text


def _related_text(other: Record) -> Text:
    text = Text(other.id, style="cyan")
    text.append(f"  {other.title}")
    return text


def _source_lines(record: Record) -> list[Text]:
    source = record.source
    if source is None:
        return []
    published = f"published {source.published}" if source.published else "no publication date"
    lines = [
        Text(source.title or "untitled source", style="italic"),
        Text(", ".join(part for part in (published, source.url) if part), style="dim"),
    ]
    if source.quote:
        lines.append(Text(f"“{source.quote}”"))
    return lines


def _print_countries(console: Console, view: View) -> None:
    rows: Sequence[tuple[Country, int]] = view.payload
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Country", no_wrap=True)
    table.add_column("Records", justify="right", no_wrap=True)
    table.add_column("Accepted spellings", overflow="fold")
    for country, count in rows:
        table.add_row(
            Text(country.name, style="bold"),
            Text(str(count)),
            Text("; ".join(country.spellings[1:])),
        )
    console.print(table)


def snippet_text(snippet: str, style: str = "dim") -> Text:
    """A search snippet with its matched words in bold."""
    text = Text(style=style)
    for index, part in enumerate(snippet.replace(MATCH_END, MATCH_START).split(MATCH_START)):
        text.append(re.sub(r"\s+", " ", visible(part)), style="bold" if index % 2 else "")
    return text


def _hit_text(hit: Hit) -> Text:
    """The title, and under it where the record matched; a match in the title is shown in it."""
    plain_snippet = visible(hit.snippet.replace(MATCH_START, "").replace(MATCH_END, ""))
    if hit.snippet and plain_snippet == hit.record.title:
        return snippet_text(hit.snippet, style="")
    title = Text(hit.record.title)
    if hit.snippet:
        title.append("\n")
        title.append_text(snippet_text(hit.snippet))
    return title


def _print_search(console: Console, view: View) -> None:
    hits: Sequence[Hit] = view.payload
    if not hits:
        console.print(Text("No records match.", style="dim"))
        return
    if len(hits) > LONG_TABLE_ROWS:
        _print_lines(console, [hit.record for hit in hits])
        console.print(Text(count_text(len(hits), view.total), style="dim"))
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Title and where it matched", overflow="fold")
    for hit in hits:
        table.add_row(
            Text(format_period(hit.record.period)), _type_text(hit.record.type), _hit_text(hit)
        )
    console.print(table)
    console.print(Text(count_text(len(hits), view.total), style="dim"))


def _print_stats(console: Console, view: View) -> None:
    total, facets = view.payload
    console.print(Text(count_text(total), style="bold"))
    for name, values in facets.items():
        if not values:
            continue
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column(name.capitalize(), overflow="fold")
        table.add_column("Records", justify="right", no_wrap=True)
        for value, count in values[:TOP_VALUES]:
            table.add_row(Text(value), Text(str(count)))
        console.print()
        console.print(table)
        if len(values) > TOP_VALUES:
            console.print(
                Text(f"and {len(values) - TOP_VALUES} more (--json lists all)", style="dim")
            )


def _print_listing(console: Console, view: View) -> None:
    """Rows of plain values under their column names."""
    rows: Sequence[dict[str, Any]] = view.rows
    if not rows:
        console.print(Text("Nothing to show.", style="dim"))
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in rows[0]:
        table.add_column(column.replace("_", " ").capitalize(), overflow="fold")
    for row in rows:
        table.add_row(*(Text(_plain(value)) for value in row.values()))
    console.print(table)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_plain(item)}" for key, item in value.items() if item)
    return str(value)


def _print_where(console: Console, view: View) -> None:
    """Each store on a line, and its path whole on the next: a path never wraps mid-word."""
    for row in view.rows:
        writes = "writes here" if row["writes"] else "read-only"
        exists = "" if row["exists"] else ", not created yet"
        line = Text(f"{row['store']:<8} ", style="bold")
        line.append(f"{count_text(row['records'])}, {writes}{exists}", style="dim")
        console.print(line)
        console.print(Text(f"  {row['path']}"), soft_wrap=True)


DRAWERS: dict[str, Callable[[Console, View], None]] = {
    "records": _print_records,
    "timeline": _print_timeline,
    "record": _print_records_in_full,
    "countries": _print_countries,
    "search": _print_search,
    "stats": _print_stats,
    "where": _print_where,
}


def write(view: View, output_format: str, out: TextIO) -> None:
    console = make_console(out)
    if view.fields:  # columns chosen with --fields: show just those
        _print_listing(console, view)
        return
    DRAWERS.get(view.kind, _print_listing)(console, view)
