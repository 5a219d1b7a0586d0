"""`pacli validate`: every problem of a store, or of a file of records to import, as rows of
(store, problem)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pacli.errors import PacliError, StoreError
from pacli.storage.library import user_store_path
from pacli.storage.sources_table import unkept_articles
from pacli.storage.store_file import TABLE, bundled_store_path, read_store_file, store_problems

Row = dict[str, str]


def check_file(
    path: Path,
    *,
    strict: bool = False,
    other_ids: set[str] | None = None,
    notes: list[str] | None = None,
) -> list[Row]:
    """Problems of the store at `path`, or of the records in a JSON array, JSON Lines or CSV
    file as `pacli import` would read them; a file that cannot be read at all is one problem.
    What is worth knowing but no problem is added to `notes`."""
    if not path.is_file():
        return [{"store": str(path), "problem": "file not found (or not a file)"}]
    if path.suffix.lower() in (".jsonl", ".ndjson", ".csv") or _is_json_array(path):
        return _import_file_problems(path)
    return check_store(path, strict=strict, other_ids=other_ids, notes=notes)


def check_store(
    path: Path,
    *,
    strict: bool = False,
    other_ids: set[str] | None = None,
    notes: list[str] | None = None,
) -> list[Row]:
    """Problems of the store at `path`, read as every command reads a store."""
    try:
        document = read_store_file(path)
    except StoreError as error:
        return [{"store": str(path), "problem": error.message}]
    problems = store_problems(document, strict=strict, other_ids=other_ids or set())
    if notes is not None:
        notes += _unknown_date_basis(path, document)
        notes += [f"{path}: {note}" for note in unkept_articles(document)]
    return [{"store": str(path), "problem": problem} for problem in problems]


def _unknown_date_basis(path: Path, document: dict[str, Any]) -> list[str]:
    """A store written before records said how their date is known reads them as unknown."""
    table = document.get(TABLE)
    records = table.values() if isinstance(table, dict) else []
    count = sum(1 for data in records if isinstance(data, dict) and "date_basis" not in data)
    if not count:
        return []
    return [f"{path}: {count} record(s) have no date_basis; they are read as 'unknown'"]


def _is_json_array(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4096).lstrip().startswith(b"[")


def _import_file_problems(path: Path) -> list[Row]:
    from pacli.transfer.import_files import import_format, read_import_file
    from pacli.transfer.importing import import_format_problems

    try:
        items, unreadable = read_import_file(path, import_format(path, None))
    except PacliError as error:
        return [{"store": str(path), "problem": error.message}]
    problems = [*unreadable, *import_format_problems(items)]
    return [{"store": str(path), "problem": problem} for problem in problems]


def _ids(path: Path) -> set[str]:
    try:
        table = read_store_file(path).get(TABLE, {})
    except StoreError:
        return set()
    return {data["id"] for data in table.values() if isinstance(data, dict) and "id" in data}


def check_library(named: Path | None, notes: list[str] | None = None) -> list[Row]:
    """Problems of the stores pacli uses: the `named` one alone, or the bundled one (strictly)
    and the user's own, which may name bundled records in `related` but not reuse their ids."""
    if named is not None:
        return check_store(named, notes=notes)
    bundled = bundled_store_path()
    rows = check_store(bundled, strict=True)
    user = user_store_path()
    if user.exists():
        bundled_ids = _ids(bundled)
        rows += check_store(user, other_ids=bundled_ids, notes=notes)
        reused = sorted(_ids(user) & bundled_ids)
        rows += [
            {"store": str(user), "problem": f"record {record_id!r}: id is also a bundled record's"}
            for record_id in reused
        ]
    return rows
