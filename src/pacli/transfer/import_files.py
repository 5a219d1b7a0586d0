"""Reading records to import: JSON (an array of records, or a TinyDB file), JSON Lines, CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pacli.errors import ImportFileError, UsageError
from pacli.model.limits import MAX_IMPORT_BYTES
from pacli.storage.bounded import ReadProblem, decode, parse_json, read_input
from pacli.storage.store_file import TABLE
from pacli.transfer.rows import CSV_COLUMNS, unflatten_row

IMPORT_FORMATS = ("json", "jsonl", "csv")
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}

STDIN = "-"
Items = list[tuple[str, Any]]


def import_format(path: Path, given: str | None) -> str:
    """The format named, or the one the file's suffix says (`-`, stdin, has none)."""
    if given is not None:
        if given.lower() not in IMPORT_FORMATS:
            raise UsageError(f"unknown import format {given!r}; use {', '.join(IMPORT_FORMATS)}")
        return given.lower()
    if str(path) == STDIN:
        raise UsageError(
            f"reading records from stdin (-) needs --format {'|'.join(IMPORT_FORMATS)}"
        )
    found = SUFFIX_FORMATS.get(path.suffix.lower())
    if found is None:
        raise UsageError(
            f"cannot tell the format of {str(path)!r} from its name; "
            f"give --format {'|'.join(IMPORT_FORMATS)}"
        )
    return found


def read_import_file(path: Path, file_format: str) -> tuple[Items, list[str]]:
    """Each record with where it is in the file, and the problems of lines that are no record.
    `-` is stdin. Read within bounds (pacli.storage.bounded): at most MAX_IMPORT_BYTES."""
    label, name = ("stdin", "stdin") if str(path) == STDIN else (str(path), path.name)
    raw = read_input(str(path), MAX_IMPORT_BYTES, ImportFileError, "give a file of records")
    try:
        text = decode(raw)
    except ReadProblem as problem:
        raise ImportFileError(f"{label} {problem}") from None
    readers = {"json": _json_items, "jsonl": _jsonl_items, "csv": _csv_items}
    return readers[file_format](label, name, text)


def _json_items(label: str, name: str, text: str) -> tuple[Items, list[str]]:
    try:
        document = parse_json(text)
    except ReadProblem as problem:
        raise ImportFileError(f"{label} {problem}") from None
    if isinstance(document, list):
        items = enumerate(document, start=1)
        return [(f"{name} item {index}", item) for index, item in items], []
    if isinstance(document, dict) and isinstance(document.get(TABLE), dict):
        table = document[TABLE]
        return [(f"{name} document {doc_id}", item) for doc_id, item in table.items()], []
    raise ImportFileError(
        f'{label} must hold a JSON array of records or a TinyDB file with a "{TABLE}" table'
    )


def _jsonl_items(label: str, name: str, text: str) -> tuple[Items, list[str]]:
    items: Items = []
    problems = []
    # Lines end at \n only: U+2028 and friends are text inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            items.append((f"{name} line {number}", parse_json(line)))
        except ReadProblem as problem:
            problems.append(f"{name} line {number}: {str(problem).removeprefix('is ')}")
    return items, problems


def _csv_items(label: str, name: str, text: str) -> tuple[Items, list[str]]:
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # a cell may fill the file
    reader = csv.DictReader(io.StringIO(text, newline=""))
    unknown = [column for column in reader.fieldnames or [] if column not in CSV_COLUMNS]
    if unknown:
        raise ImportFileError(
            f"{label} has unknown column {unknown[0]!r}; the columns are {', '.join(CSV_COLUMNS)}"
        )
    items: Items = []
    problems = []
    for row in reader:
        where = f"{name} line {reader.line_num}"
        if None in row:
            problems.append(f"{where}: more cells than the header has columns")
            continue
        items.append((where, unflatten_row({column: value or "" for column, value in row.items()})))
    return items, problems
