"""Importing records into the writable store, all or nothing: every problem is found first, with
its line or item and field, and on any problem nothing is written."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from pacli.callbacks import Progress
from pacli.errors import ImportProblems, RecordProblems
from pacli.storage.library import Library
from pacli.storage.tables import write_transaction
from pacli.transfer.normalize import checked_record, make_id, normalize


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    created_store: bool = False


def import_records(
    library: Library,
    items: Sequence[tuple[str, Any]],
    *,
    update: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    unreadable: Sequence[str] = (),
) -> ImportReport:
    """Import `items` (where each came from, and its data) all or nothing: every problem is
    collected first, with its place and field, and on any problem nothing is written. The plan
    is made from the store as it is before anything is touched, and again under its lock."""
    path = library.writable
    outside = library.ids_outside(path)
    in_store = library.all_ids() - outside
    records, report = _planned(items, outside, in_store, update, progress, unreadable)
    if dry_run or not records:
        return report
    created = not path.exists()
    with write_transaction(library) as table:
        existing = table.ids()
        records, report = _planned(items, outside, existing, update, None, unreadable)
        for record in records:
            if record["id"] in existing:
                table.replace(record)
        table.insert_all([record for record in records if record["id"] not in existing])
    report.created_store = created
    return report


def _planned(
    items: Sequence[tuple[str, Any]],
    outside: set[str],
    existing: Collection[str],
    update: bool,
    progress: Progress | None,
    unreadable: Sequence[str],
) -> tuple[list[dict[str, Any]], ImportReport]:
    """The records to write and what writing them does; ImportProblems if any is wrong."""
    records, problems = _prepared(items, outside, existing, update=update, progress=progress)
    problems = sorted([*unreadable, *problems], key=_position)
    if problems:
        found = problems[0] if len(problems) == 1 else f"{len(problems)} problems found"
        raise ImportProblems(f"{found}; nothing was imported", problems)
    report = ImportReport()
    for record in records:
        (report.updated if record["id"] in existing else report.added).append(record["id"])
    return records, report


def _position(problem: str) -> int:
    """The line or item number a problem names, to list problems in file order."""
    match = re.search(r" (?:line|item|document) (\d+):", problem)
    return int(match.group(1)) if match else 0


def _prepared(
    items: Sequence[tuple[str, Any]],
    outside: set[str],
    existing: Collection[str],
    *,
    update: bool,
    progress: Progress | None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Each item read, given an id if it has none, and checked, with the ids of the whole file
    known so that `related` may name a record imported with it."""
    readings: list[tuple[str, dict[str, Any], list[str]]] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    taken = outside | set(existing)
    for number, (where, data) in enumerate(items, start=1):
        if progress and number % 1000 == 0:
            progress(number, len(items))
        if not isinstance(data, dict):
            problems.append(f"{where}: a record must be an object")
            continue
        normalized, found = normalize(data)
        record_id = normalized.get("id")
        if not record_id and isinstance(normalized.get("date"), str) and normalized.get("title"):
            record_id = make_id(normalized["date"], str(normalized["title"]), taken | set(seen))
            normalized["id"] = record_id
        if isinstance(record_id, str):
            found += _id_conflicts(record_id, seen, outside, existing, update=update)
            seen.setdefault(record_id, where)
        readings.append((where, normalized, found))
    known = taken | set(seen)
    records = []
    for where, normalized, found in readings:
        try:
            records.append(checked_record(normalized, found, known))
        except RecordProblems as error:
            problems += [f"{where}: {problem}" for problem in error.problems]
    if progress:
        progress(len(items), len(items))
    return records, problems


def import_format_problems(items: Sequence[tuple[str, Any]]) -> list[str]:
    """Every problem of records to import, read as `import_records` reads them, on their own
    (ids of existing stores aside)."""
    _, problems = _prepared(items, set(), {}, update=False, progress=None)
    return sorted(problems, key=_position)


def _id_conflicts(
    record_id: str,
    seen: dict[str, str],
    outside: set[str],
    existing: Collection[str],
    *,
    update: bool,
) -> list[str]:
    if record_id in seen:
        return [f"id: {record_id!r} is also at {seen[record_id]}"]
    if record_id in outside:
        return [f"id: {record_id!r} belongs to a record in another store, which cannot be replaced"]
    if record_id in existing and not update:
        return [f"id: {record_id!r} is already in the store; --update replaces it"]
    return []
