"""Adding, editing and removing a user's own records. Every change is checked as a whole first
and written once, atomically, under the store's lock."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from pacli.errors import NotFoundError
from pacli.model.records import Record
from pacli.storage.library import Library
from pacli.storage.tables import StoreTable, write_transaction
from pacli.transfer.normalize import checked_record, make_id, normalize


@dataclass
class Change:
    """What a write did, for the command to report."""

    record: Record
    created_store: bool = False
    also_changed: list[str] = field(default_factory=list)


def check_new_record(data: dict[str, Any], known_ids: Collection[str] | None = None) -> None:
    """RecordProblems for every wrong value of a record to add; without `known_ids` (before any
    store is read) all but a `related` id that names no record, which `add_record` finds."""
    normalized, problems = normalize(data)
    checked_record({**normalized, "id": normalized.get("id") or "new-record"}, problems, known_ids)


def add_record(library: Library, data: dict[str, Any]) -> Change:
    """Add a record to the writable store; its id comes from its date and title unless given.
    Everything is checked before the store is touched, and again under its lock."""
    check_new_record(data, library.all_ids())
    normalized, problems = normalize(data)
    path = library.writable
    created = not path.exists()
    with write_transaction(library) as table:
        taken = library.ids_outside(path) | table.ids()
        if normalized.get("id") in taken:
            problems.append(f"id: {normalized['id']!r} is already used")
        normalized["id"] = normalized.get("id") or make_id(
            normalized["date"], normalized["title"], taken
        )
        record = checked_record(normalized, problems, taken | {normalized["id"]})
        table.insert(record)
    return Change(Record.from_dict(record), created_store=created)


def _merged(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`current` with `changes`; a change to the source changes only the source fields given."""
    merged = {**current, **changes}
    if "source" in changes:
        merged["source"] = {**(current.get("source") or {}), **changes["source"]}
    return merged


def edit_record(library: Library, record_id: str, changes: dict[str, Any]) -> Change:
    """Change the given fields of a user's record; its id stays. Checked before the store is
    touched, and again under its lock."""
    library.check_writable(record_id)
    current = library.source.get(record_id).to_dict()
    normalized, problems = normalize(_merged(current, changes))
    checked_record({**normalized, "id": record_id}, problems, library.all_ids())
    path = library.writable
    with write_transaction(library) as table:
        document = _document(table, record_id)
        normalized, problems = normalize(_merged(document, changes))
        known = library.ids_outside(path) | table.ids()
        record = checked_record({**normalized, "id": record_id}, problems, known)
        table.replace(record)
    return Change(Record.from_dict(record))


def remove_record(library: Library, record_id: str) -> Change:
    """Remove a user's record, and its id from the `related` of the records that name it."""
    library.check_writable(record_id)
    with write_transaction(library) as table:
        document = _document(table, record_id)
        also_changed = []
        for other in table.naming(record_id):
            related = [name for name in other["related"] if name != record_id]
            table.replace({**other, "related": related})
            also_changed.append(other["id"])
        table.remove(record_id)
    return Change(Record.from_dict(document), also_changed=also_changed)


def _document(table: StoreTable, record_id: str) -> dict[str, Any]:
    found = table.document(record_id)
    if found is None:
        raise NotFoundError(f"no record with id {record_id!r}: another pacli removed it just now")
    return found
