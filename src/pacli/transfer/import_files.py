"""Reading records to import: JSON (an array of records, or a TinyDB file), JSON Lines, CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from pacli.errors import ImportFileError, UsageError
from pacli.storage.store_file import TABLE
from pacli.transfer.rows import CSV_COLUMNS, unflatten_row

IMPORT_FORMATS = ("json", "jsonl", "csv")
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}

Items = list[tuple[str, Any]]


def import_format(path: Path, given: str | None) -> str:
    """The format named, or the one the file's suffix says."""
    if given is not None:
        if given.lower() not in IMPORT_FORMATS:
            raise UsageError(f"unknown import format {given!r}; use {', '.join(IMPORT_FORMATS)}")
        return given.lower()
    found = SUFFIX_FORMATS.get(path.suffix.lower())
    if found is None:
        raise UsageError(
            f"cannot tell the format of {str(path)!r} from its name; "
            f"give --format {'|'.join(IMPORT_FORMATS)}"
        )
    return found


def read_import_file(path: Path, file_format: str) -> tuple[Items, list[str]]:
    """Each record with where it is in the file, and the problems of lines that are no record."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ImportFileError(f"file not found: {path}") from None
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path} is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror or error}") from None
    readers = {"json": _json_items, "jsonl": _jsonl_items, "csv": _csv_items}
    return readers[file_format](path, text)


def _json_items(path: Path, text: str) -> tuple[Items, list[str]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if isinstance(document, list):
        items = enumerate(document, start=1)
        return [(f"{path.name} item {index}", item) for index, item in items], []
    if isinstance(document, dict) and isinstance(document.get(TABLE), dict):
        table = document[TABLE]
        return [(f"{path.name} document {doc_id}", item) for doc_id, item in table.items()], []
    raise ImportFileError(
        f'{path} must hold a JSON array of records or a TinyDB file with a "{TABLE}" table'
    )


def _jsonl_items(path: Path, text: str) -> tuple[Items, list[str]]:
    items: Items = []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append((f"{path.name} line {number}", json.loads(line)))
        except json.JSONDecodeError as error:
            problems.append(f"{path.name} line {number}: not JSON ({error.msg})")
    return items, problems


def _csv_items(path: Path, text: str) -> tuple[Items, list[str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    unknown = [name for name in reader.fieldnames or [] if name not in CSV_COLUMNS]
    if unknown:
        raise ImportFileError(
            f"{path} has unknown column {unknown[0]!r}; the columns are {', '.join(CSV_COLUMNS)}"
        )
    items: Items = []
    problems = []
    for row in reader:
        where = f"{path.name} line {reader.line_num}"
        if None in row:
            problems.append(f"{where}: more cells than the header has columns")
            continue
        items.append((where, unflatten_row({name: value or "" for name, value in row.items()})))
    return items, problems
