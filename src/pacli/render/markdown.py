"""Records as a Markdown document: a heading per record, its fields, summary, details, source.

Record text is untrusted: it is shown as written and can never make structure of its own. Inline
syntax is escaped everywhere; at the start of a line, whatever would open a block (a heading, a
list, a quote, a code block, a setext underline) is escaped too; a quote is quoted line by line;
a field shown on one line has its line breaks turned into spaces."""

from __future__ import annotations

import re
from typing import TextIO

from pacli.model.dates import format_period
from pacli.model.records import Record
from pacli.render.views import View, count_text

INLINE = re.compile(r"([\\`*_\[\]<>#|&~!])")
# What opens a block at the start of a line (inline marks are escaped already).
BLOCK_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def escape_line(line: str) -> str:
    """One line of text that Markdown shows as written, wherever it stands."""
    escaped = INLINE.sub(r"\\\1", line.strip())
    match = BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1)[0].isdigit():  # `1. ` or `1) ` starts a list: escape its mark
        end = match.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return "\\" + escaped


def escape_inline(text: str) -> str:
    """Text on one line (a heading, a field): its line breaks become spaces."""
    return escape_line(" ".join(text.split()))


def escape_block(text: str) -> list[str]:
    """Text of several lines (a summary), each escaped; blank lines kept as paragraph breaks."""
    return [escape_line(line) for line in text.split("\n")]


def _link(text: str, url: str) -> str:
    destination = url.translate({ord(c): f"%{ord(c):02X}" for c in " ()<>"})
    return f"[{text}]({destination})"


def record_markdown(record: Record) -> str:
    lines = [f"## {escape_inline(format_period(record.period))}: {escape_inline(record.title)}"]
    facts = [
        ("id", f"`{record.id}`"),
        ("type", record.type),
        ("date basis", record.date_basis),
        ("date note", escape_inline(record.date_note or "")),
        ("countries", escape_inline(", ".join(record.countries))),
        ("places", escape_inline(", ".join(record.places))),
        ("organizations", escape_inline("; ".join(record.organizations))),
        ("tags", escape_inline(", ".join(record.tags))),
        ("related", ", ".join(f"`{other}`" for other in record.related)),
    ]
    people = [
        ", ".join(part for part in (p.name, p.role, p.country) if part) for p in record.people
    ]
    lines += ["", *(f"- **{label}**: {value}" for label, value in facts if value)]
    lines += [f"- **person**: {escape_inline(person)}" for person in people]
    lines += ["", *escape_block(record.summary), ""]
    if record.details:
        lines += [*(f"- {escape_inline(detail)}" for detail in record.details), ""]
    lines += _source_lines(record)
    return "\n".join(lines)


def _source_lines(record: Record) -> list[str]:
    source = record.source
    if source is None:
        return []
    cited = escape_inline(source.title or "source")
    if source.url:
        cited = _link(cited, source.url)
    published = f", {source.published}" if source.published else ""
    if not source.quote:
        return [f"Source: {cited}{published}", ""]
    quoted = [f"> {line}" if line else ">" for line in escape_block(source.quote)]
    return [*quoted, ">", f"> {cited}{published}", ""]


def write(view: View, output_format: str, out: TextIO) -> None:
    records: list[Record] = list(view.payload)
    out.write(f"# Pacific Alliance records\n\n{count_text(len(records))}, exported by pacli.\n\n")
    for record in records:
        out.write(record_markdown(record) + "\n")
