"""Records as flat rows of text (CSV and TSV), and back: list items joined by `;`, a person as
`Name|Role|Country`, the source as four columns. A literal `;`, `|` or `\\` in an item is escaped
with a backslash, so that every field survives the round trip."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pacli.model.records import FIELDS, LIST_OF_TEXT_FIELDS, SOURCE_FIELDS

ITEM_SEPARATOR = ";"
PERSON_SEPARATOR = "|"
SOURCE_COLUMNS = tuple(f"source_{name}" for name in SOURCE_FIELDS)
CSV_COLUMNS = tuple(
    column for field in FIELDS for column in (SOURCE_COLUMNS if field == "source" else (field,))
)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: an apostrophe before a formula start, and before
    an apostrophe that one would be read as (so that `from_excel_safe` undoes it exactly)."""
    if cell.startswith(FORMULA_STARTS) or (cell[:1] == "'" and cell[1:2] in (*FORMULA_STARTS, "'")):
        return "'" + cell
    return cell


def from_excel_safe(cell: str) -> str:
    """The text of a cell `excel_safe` wrote."""
    if cell[:1] == "'" and cell[1:2] in (*FORMULA_STARTS, "'") and cell[1:2]:
        return cell[1:]
    return cell


def join_items(items: Iterable[str], separator: str = ITEM_SEPARATOR) -> str:
    escaped = (item.replace("\\", "\\\\").replace(separator, "\\" + separator) for item in items)
    return separator.join(escaped)


def split_items(text: str, separator: str = ITEM_SEPARATOR) -> list[str]:
    """The items of a joined field; empty text is no items."""
    if not text:
        return []
    items, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items]


def person_text(person: dict[str, Any]) -> str:
    parts = [person.get("name") or "", person.get("role") or "", person.get("country") or ""]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    return join_items(parts, PERSON_SEPARATOR)


def parse_person(text: str) -> dict[str, Any]:
    """`Name|Role|Country` (role and country optional) as a person object."""
    parts = [*split_items(text, PERSON_SEPARATOR), "", "", ""]
    return {"name": parts[0], "role": parts[1] or None, "country": parts[2] or None}


def flatten_record(record: dict[str, Any]) -> dict[str, str]:
    """A record (as the JSON contract gives it) as one row of text per CSV_COLUMNS."""
    row: dict[str, str] = {}
    for field, value in record.items():
        if field == "source":
            source = value or {}
            for column in SOURCE_COLUMNS:
                row[column] = source.get(column.removeprefix("source_")) or ""
        elif field == "people":
            row[field] = join_items(person_text(person) for person in value)
        elif isinstance(value, list):
            row[field] = join_items(value)
        else:
            row[field] = "" if value is None else str(value)
    return row


def unflatten_row(row: dict[str, str]) -> dict[str, Any]:
    """A row of text back into a record dict; empty cells become null or []."""
    record: dict[str, Any] = {}
    source: dict[str, Any] = {}
    for column, raw in row.items():
        text = from_excel_safe(raw or "").strip()
        if column in SOURCE_COLUMNS:
            if text:
                source[column.removeprefix("source_")] = text
        elif column == "people":
            record[column] = [parse_person(item) for item in split_items(text)]
        elif column in LIST_OF_TEXT_FIELDS:
            record[column] = split_items(text)
        else:
            record[column] = text or None
    if source:
        record["source"] = {name: source.get(name) for name in SOURCE_FIELDS}
    elif any(column in row for column in SOURCE_COLUMNS):
        record["source"] = None
    return record
