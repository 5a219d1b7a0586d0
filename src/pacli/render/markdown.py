"""Records as a Markdown document: a heading per record, its fields, summary, details, source."""

from __future__ import annotations

from typing import TextIO

from pacli.model.dates import format_period
from pacli.model.records import Record
from pacli.render.views import View


def _escape(text: str) -> str:
    """Text that Markdown shows as written."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def record_markdown(record: Record) -> str:
    lines = [f"## {_escape(format_period(record.period))}: {_escape(record.title)}", ""]
    facts = [
        ("id", f"`{record.id}`"),
        ("type", record.type),
        ("date basis", record.date_basis),
        ("date note", _escape(record.date_note or "")),
        ("countries", _escape(", ".join(record.countries))),
        ("places", _escape(", ".join(record.places))),
        ("organizations", _escape("; ".join(record.organizations))),
        ("tags", ", ".join(record.tags)),
        ("related", ", ".join(f"`{other}`" for other in record.related)),
    ]
    lines += [f"- **{label}**: {value}" for label, value in facts if value]
    people = [
        ", ".join(part for part in (p.name, p.role, p.country) if part) for p in record.people
    ]
    lines += [f"- **person**: {_escape(person)}" for person in people]
    lines += ["", _escape(record.summary), ""]
    lines += [f"- {_escape(detail)}" for detail in record.details]
    if record.details:
        lines.append("")
    source = record.source
    if source is not None:
        cited = _escape(source.title or "source")
        if source.url:
            cited = f"[{cited}]({source.url})"
        published = f", {source.published}" if source.published else ""
        if source.quote:
            lines += [f"> {_escape(source.quote)}", ">", f"> {cited}{published}", ""]
        else:
            lines += [f"Source: {cited}{published}", ""]
    return "\n".join(lines)


def write(view: View, output_format: str, out: TextIO) -> None:
    records: list[Record] = list(view.payload)
    count = f"{len(records)} record{'s' if len(records) != 1 else ''}"
    out.write(f"# Pacific Alliance records\n\n{count}, exported by pacli.\n\n")
    for record in records:
        out.write(record_markdown(record) + "\n")
