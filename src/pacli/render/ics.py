"""Records as an iCalendar file (RFC 5545), written with the icalendar library: one all-day
VEVENT per record, spanning its whole period (a year, a month, a day, or a range)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO

from pacli.errors import PacliError
from pacli.model.dates import parse_iso_period
from pacli.model.records import Record
from pacli.render.views import View

PRODUCT_ID = "-//pacli//Pacific Alliance records//EN"


def calendar_bytes(records: list[Record]) -> bytes:
    """The calendar of `records`; PacliError for none (RFC 5545 wants at least one event)."""
    from icalendar import Calendar, Event

    if not records:
        raise PacliError("no records to export: an iCalendar file needs at least one event")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Pacific Alliance")
    for record in records:
        event = Event()
        event.add("uid", f"{record.id}@pacli")
        event.add("summary", record.title)
        event.add("dtstamp", _stamp(record))
        event.add("dtstart", record.period.start)
        if record.period.end < date.max:
            event.add(
                "dtend", record.period.end + timedelta(days=1)
            )  # DTEND of a date is exclusive
        else:  # no day after 31 December 9999: the same span as a duration
            event.add("duration", record.period.end - record.period.start + timedelta(days=1))
        event.add("description", _description(record))
        event.add("categories", [record.type, *record.tags])
        if record.places:
            event.add("location", ", ".join(record.places))
        if record.source is not None and record.source.url:
            event.add("url", record.source.url)
        calendar.add_component(event)
    result: bytes = calendar.to_ical()
    return result


def _stamp(record: Record) -> datetime:
    """DTSTAMP from the record itself, not the clock, so that the same store always exports the
    same bytes: its source's publication date, else the start of its own date, at 00:00 UTC."""
    published = record.source.published if record.source else None
    day = parse_iso_period(published).start if published else record.period.start
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _description(record: Record) -> str:
    parts = [record.summary]
    date_line = f"Date: {record.date_basis}"
    parts.append(f"{date_line}; {record.date_note}" if record.date_note else date_line)
    parts.append(f"Countries: {', '.join(record.countries)}")
    if record.source is not None and record.source.title:
        parts.append(f"Source: {record.source.title}")
    return "\n\n".join(parts)


def write(view: View, output_format: str, out: TextIO) -> None:
    out.write(calendar_bytes(list(view.payload)).decode("utf-8"))
