"""One record as plain text, for `pacli show ID | grep ...`: one `field:<TAB>value` line per
field, then `--`, then its summary, details, quote and related records. No colour, no box
drawing; record text arrives already made visible (pacli.render.safe_text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from pacli.model.records import Person, Record
from pacli.render.safe_text import one_line
from pacli.render.views import View


def _person(person: Person) -> str:
    extra = ", ".join(part for part in (person.role, person.country) if part)
    return f"{person.name} ({extra})" if extra else person.name


def field_lines(record: Record) -> list[tuple[str, str]]:
    source = record.source
    return [
        ("id", record.id),
        ("type", record.type),
        ("title", record.title),
        ("date", record.date),
        ("end_date", record.end_date or ""),
        ("date_basis", record.date_basis),
        ("date_note", record.date_note or ""),
        ("countries", ", ".join(record.countries)),
        ("places", ", ".join(record.places)),
        ("people", "; ".join(_person(person) for person in record.people)),
        ("organizations", "; ".join(record.organizations)),
        ("tags", ", ".join(record.tags)),
        ("source", (source.title if source else None) or ""),
        ("published", (source.published if source else None) or ""),
        ("url", (source.url if source else None) or ""),
    ]


def record_text(record: Record, related: Sequence[Record], similar: Sequence[Record]) -> str:
    lines = [f"{name}:\t{one_line(value)}" for name, value in field_lines(record)]
    lines += ["--", record.summary]
    if record.details:
        lines += ["", "details:", *(f"- {detail}" for detail in record.details)]
    if record.source is not None and record.source.quote:
        lines += ["", "quote:", record.source.quote]
    links = [("related", other) for other in related] + [("see also", other) for other in similar]
    if links:
        lines.append("")
        lines += [f"{label}:\t{other.id}\t{one_line(other.title)}" for label, other in links]
    return "\n".join(lines) + "\n"


def _chosen_fields(row: dict[str, Any]) -> str:
    from pacli.transfer.rows import flatten_record

    flat = flatten_record(row)
    return "".join(f"{name}:\t{one_line(flat.get(name, ''))}\n" for name in row)


def write(view: View, output_format: str, out: TextIO) -> None:
    if view.fields:  # --fields: just those, one line each
        for number, row in enumerate(view.rows):
            out.write(("\n" if number else "") + _chosen_fields(row))
        return
    for number, (record, related, similar) in enumerate(view.payload):
        out.write(("\n" if number else "") + record_text(record, related, similar))
