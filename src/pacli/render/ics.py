"""Records as an iCalendar file (RFC 5545), written with the icalendar library: one all-day
VEVENT per record, spanning its whole period (a year, a month, a day, or a range)."""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from pacli.model.records import Record
from pacli.render.views import View

PRODUCT_ID = "-//pacli//Pacific Alliance records//EN"


def calendar_bytes(records: list[Record]) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Pacific Alliance")
    for record in records:
        event = Event()
        event.add("uid", f"{record.id}@pacli")
        event.add("summary", record.title)
        event.add("dtstart", record.period.start)
        event.add("dtend", record.period.end + timedelta(days=1))  # DTEND of a date is exclusive
        event.add("description", _description(record))
        event.add("categories", [record.type, *record.tags])
        if record.places:
            event.add("location", ", ".join(record.places))
        if record.source is not None and record.source.url:
            event.add("url", record.source.url)
        calendar.add_component(event)
    result: bytes = calendar.to_ical()
    return result


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
