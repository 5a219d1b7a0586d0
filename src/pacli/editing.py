"""Adding, editing, removing and importing a user's own records. Every change is checked as a
whole first and written once, atomically, under the store's lock."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pacli.countries import resolve_country
from pacli.dates import parse_user_period, period_text
from pacli.errors import ExitCode, PacliError, UsageError
from pacli.flat import parse_person
from pacli.library import Library
from pacli.query import resolve_type
from pacli.records import FIELDS, REQUIRED_FIELDS, Record, record_problems
from pacli.store import store_transaction
from pacli.text import fold

SLUG_WORDS = re.compile(r"[a-z0-9]+")
MAX_SLUG_LENGTH = 50

Progress = Callable[[int], None]


class RecordProblems(PacliError):
    """Input that cannot become valid records; `problems` has one line per problem."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, problems: Sequence[str]) -> None:
        super().__init__(message)
        self.problems = list(problems)


class ImportProblems(RecordProblems):
    """A file whose records cannot all be imported: the operation failed, nothing was written."""

    exit_code = ExitCode.FAILURE


def normalize(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """What a person typed, in the stored form: country names and aliases resolved, dates at the
    precision typed, tags lowercase, people parsed. Only the fields present are touched; a value
    of the wrong kind is left for the schema to name."""
    normalized: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in data.items():
        converter = CONVERTERS.get(name)
        if converter is None or not isinstance(value, converter[0]):
            normalized[name] = value
            continue
        try:
            normalized[name] = converter[1](value)
        except UsageError as error:
            problems.append(f"{name}: {error.message}")
    return normalized, problems


def _iso_date(text: str) -> str | None:
    return period_text(parse_user_period(text)) if text.strip() else None


def _text(text: str) -> str | None:
    return text.strip() or None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _items(items: list[Any]) -> list[str]:
    return _unique(str(item).strip() for item in items if str(item).strip())


def _countries(names: list[Any]) -> list[str]:
    return _unique(resolve_country(str(name)) for name in names)


def _tags(tags: list[Any]) -> list[str]:
    return _unique(fold(str(tag)).strip() for tag in tags if str(tag).strip())


def _people(people: list[Any]) -> list[Any]:
    return [_person(item) for item in people]


def _person(item: Any) -> Any:
    person = parse_person(item) if isinstance(item, str) else item
    if isinstance(person, dict) and isinstance(person.get("country"), str):
        country = person["country"].strip()
        person = {**person, "country": resolve_country(country) if country else None}
    return person


def _source(source: dict[str, Any]) -> dict[str, Any] | None:
    names = ("title", "published", "url", "quote")
    cleaned = {name: _text(source.get(name) or "") for name in names}
    if cleaned["published"]:
        cleaned["published"] = _iso_date(cleaned["published"])
    return cleaned if any(cleaned.values()) else None


# field -> (the kind of value it converts, the conversion)
CONVERTERS: dict[str, tuple[type, Callable[[Any], Any]]] = {
    "type": (str, resolve_type),
    "date": (str, _iso_date),
    "end_date": (str, _iso_date),
    "title": (str, _text),
    "summary": (str, _text),
    "date_note": (str, _text),
    "countries": (list, _countries),
    "places": (list, _items),
    "organizations": (list, _items),
    "details": (list, _items),
    "related": (list, _items),
    "tags": (list, _tags),
    "people": (list, _people),
    "source": (dict, _source),
}


def make_id(date: str, title: str, taken: set[str]) -> str:
    """`2022-06-23-korea-trade-talks`: the date and the title's words; -2, -3, ... when taken."""
    words = SLUG_WORDS.findall(fold(title))
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > MAX_SLUG_LENGTH:
            break
        slug = f"{slug}-{word}" if slug else word
    base = f"{date}-{slug or 'record'}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def complete(data: dict[str, Any]) -> dict[str, Any]:
    """Every field of the contract, optional ones empty."""
    return Record.from_dict({**{name: None for name in FIELDS}, **data}).to_dict()


def _check(data: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    """`data` completed, or RecordProblems with every problem found."""
    named = {problem.split(":", 1)[0] for problem in problems}
    required = [name for name in REQUIRED_FIELDS if name != "id" and name not in named]
    problems = problems + [f"{name}: missing" for name in required if not data.get(name)]
    if not problems:
        problems = record_problems({**{name: None for name in FIELDS}, **data})
    if problems:
        summary = problems[0] if len(problems) == 1 else f"{len(problems)} problems above"
        raise RecordProblems(f"the record is not valid: {summary}", problems)
    return complete(data)


@dataclass
class Change:
    """What a write did, for the command to report."""

    record: Record
    created_store: bool = False
    also_changed: list[str] = field(default_factory=list)


def add_record(library: Library, data: dict[str, Any]) -> Change:
    """Add a record to the writable store; its id comes from its date and title unless given."""
    normalized, problems = normalize(data)
    path = library.writable
    created = not path.exists()
    with store_transaction(path, other_ids=library.ids_outside(path)) as table:
        taken = library.ids_outside(path) | {document["id"] for document in table.all()}
        if not problems and normalized.get("date") and normalized.get("title"):
            if normalized.get("id") in taken:
                problems.append(f"id: {normalized['id']!r} is already used")
            normalized["id"] = normalized.get("id") or make_id(
                normalized["date"], normalized["title"], taken
            )
        record = _check(normalized, problems)
        table.insert(record)
    return Change(Record.from_dict(record), created_store=created)


def edit_record(library: Library, record_id: str, changes: dict[str, Any]) -> Change:
    """Change the given fields of a user's record; its id stays."""
    library.check_writable(record_id)
    normalized, problems = normalize(changes)
    path = library.writable
    with store_transaction(path, other_ids=library.ids_outside(path)) as table:
        document = _document(table, record_id)
        merged = {**document, **normalized, "id": record_id}
        record = _check(merged, problems)
        table.update(record, doc_ids=[document.doc_id])
    return Change(Record.from_dict(record))


def remove_record(library: Library, record_id: str) -> Change:
    """Remove a user's record, and its id from the `related` of the records that name it."""
    library.check_writable(record_id)
    path = library.writable
    with store_transaction(path, other_ids=library.ids_outside(path)) as table:
        document = _document(table, record_id)
        also_changed = []
        for other in table.all():
            if record_id in (other.get("related") or []):
                related = [name for name in other["related"] if name != record_id]
                table.update({"related": related}, doc_ids=[other.doc_id])
                also_changed.append(other["id"])
        table.remove(doc_ids=[document.doc_id])
    return Change(Record.from_dict(dict(document)), also_changed=also_changed)


def _document(table: Any, record_id: str) -> Any:
    for document in table.all():
        if document.get("id") == record_id:
            return document
    raise PacliError(f"record {record_id!r} is no longer in {table.name}; another pacli removed it")


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
    collected first, with its place and field, and on any problem nothing is written. A dry run
    reads the store as it is and writes nothing at all."""
    path = library.writable
    outside = library.ids_outside(path)
    if dry_run:
        in_store = {record.id: 0 for record in library.records if record.id not in outside}
        return _planned(items, outside, in_store, update, progress, unreadable)[1]
    created = not path.exists()
    with store_transaction(path, other_ids=outside) as table:
        existing = {document["id"]: document.doc_id for document in table.all()}
        records, report = _planned(items, outside, existing, update, progress, unreadable)
        table.insert_multiple(record for record in records if record["id"] not in existing)
        for record in records:
            if record["id"] in existing:
                table.update(record, doc_ids=[existing[record["id"]]])
    report.created_store = created
    return report


def _planned(
    items: Sequence[tuple[str, Any]],
    outside: set[str],
    existing: dict[str, int],
    update: bool,
    progress: Progress | None,
    unreadable: Sequence[str],
) -> tuple[list[dict[str, Any]], ImportReport]:
    """The records to write and what writing them does; ImportProblems if any is wrong."""
    prepared, problems = _prepared(items, outside, existing, update=update, progress=progress)
    problems = [*unreadable, *problems]
    known = outside | set(existing) | {record["id"] for _, record in prepared}
    for where, record in prepared:
        dangling = [other for other in record["related"] if other not in known]
        problems += [f"{where}: related: no record has id {other!r}" for other in dangling]
    if problems:
        found = problems[0] if len(problems) == 1 else f"{len(problems)} problems found"
        raise ImportProblems(f"{found}; nothing was imported", problems)
    report = ImportReport()
    for _, record in prepared:
        (report.updated if record["id"] in existing else report.added).append(record["id"])
    return [record for _, record in prepared], report


def _prepared(
    items: Sequence[tuple[str, Any]],
    outside: set[str],
    existing: dict[str, int],
    *,
    update: bool,
    progress: Progress | None,
) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    prepared: list[tuple[str, dict[str, Any]]] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    taken = outside | set(existing)
    for number, (where, data) in enumerate(items, start=1):
        if progress and number % 1000 == 0:
            progress(number)
        if not isinstance(data, dict):
            problems.append(f"{where}: a record must be an object")
            continue
        normalized, found = normalize(data)
        record_id = normalized.get("id")
        if not found and not record_id and normalized.get("date") and normalized.get("title"):
            record_id = make_id(normalized["date"], normalized["title"], taken | set(seen))
            normalized["id"] = record_id
        if isinstance(record_id, str):
            found += _id_conflicts(record_id, seen, outside, existing, update=update)
            seen.setdefault(record_id, where)
        try:
            prepared.append((where, _check(normalized, found)))
        except RecordProblems as error:
            problems += [f"{where}: {problem}" for problem in error.problems]
    if progress:
        progress(len(items))
    return prepared, problems


def _id_conflicts(
    record_id: str,
    seen: dict[str, str],
    outside: set[str],
    existing: dict[str, int],
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
