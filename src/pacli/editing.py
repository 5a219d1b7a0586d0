"""Adding, editing, removing and importing a user's own records. Every change is checked as a
whole first and written once, atomically, under the store's lock."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pacli.countries import resolve_country
from pacli.dates import parse_user_period, period_text
from pacli.errors import ExitCode, PacliError, UsageError
from pacli.flat import parse_person
from pacli.library import Library
from pacli.query import resolve_type
from pacli.records import FIELDS, SOURCE_FIELDS, Record, record_problems
from pacli.store import store_transaction
from pacli.text import fold

SLUG_WORDS = re.compile(r"[a-z0-9]+")
MAX_SLUG_LENGTH = 50

Progress = Callable[[int, int], None]  # records done, records in all


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


def _all_text(items: list[Any]) -> bool:
    return all(isinstance(item, str) for item in items)


def _items(items: list[Any]) -> list[Any]:
    if not _all_text(items):
        return items  # left as it is, for the schema to name
    return _unique(item.strip() for item in items if item.strip())


def _countries(names: list[Any]) -> list[Any]:
    if not _all_text(names):
        return names
    return _unique(resolve_country(name) for name in names)


def _tags(tags: list[Any]) -> list[Any]:
    if not _all_text(tags):
        return tags
    return _unique(fold(tag).strip() for tag in tags if tag.strip())


def _people(people: list[Any]) -> list[Any]:
    return [_person(item) for item in people]


def _person(item: Any) -> Any:
    person = parse_person(item) if isinstance(item, str) else item
    if isinstance(person, dict) and isinstance(person.get("country"), str):
        country = person["country"].strip()
        person = {**person, "country": resolve_country(country) if country else None}
    return person


def _source(source: dict[str, Any]) -> dict[str, Any] | None:
    cleaned = {
        name: _text(value) if isinstance(value, str) else value for name, value in source.items()
    }
    published = cleaned.get("published")
    if isinstance(published, str):
        cleaned["published"] = _iso_date(published)
    if not any(cleaned.values()):
        return None
    return {**{name: None for name in SOURCE_FIELDS}, **cleaned}


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


def _check(
    data: dict[str, Any], problems: list[str], known_ids: Collection[str] | None = None
) -> dict[str, Any]:
    """`data` completed, or RecordProblems with every problem found: those of reading the
    values (`problems`), of the schema for the other fields, and `related` ids not in
    `known_ids` (when given)."""
    named = {problem.split(":", 1)[0] for problem in problems}
    problems = list(problems)
    for problem in record_problems({**{name: None for name in FIELDS}, **data}):
        if problem.split(":", 1)[0].split("[")[0].split(".")[0] not in named:
            problems.append(problem)
    related = data.get("related")
    if known_ids is not None and isinstance(related, list) and "related" not in named:
        problems += [
            f"related: no record has id {other!r}"
            for other in related
            if isinstance(other, str) and other not in known_ids
        ]
    if any(problem.startswith(("date:", "title:")) for problem in problems):
        # The id is made from the date and title: with either wrong, its absence says nothing new.
        problems = [problem for problem in problems if problem != "id: missing"]
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
    """Add a record to the writable store; its id comes from its date and title unless given.
    Everything is checked before the store is touched, and again under its lock."""
    normalized, problems = normalize(data)
    path = library.writable
    known = set(library.by_id)
    _check({**normalized, "id": normalized.get("id") or "new-record"}, problems, known)
    created = not path.exists()
    with store_transaction(
        path, other_ids=library.ids_outside(path), make_directory=_is_own(library)
    ) as table:
        taken = library.ids_outside(path) | {document["id"] for document in table.all()}
        if normalized.get("id") in taken:
            problems.append(f"id: {normalized['id']!r} is already used")
        normalized["id"] = normalized.get("id") or make_id(
            normalized["date"], normalized["title"], taken
        )
        record = _check(normalized, problems, taken | {normalized["id"]})
        table.insert(record)
    return Change(Record.from_dict(record), created_store=created)


def _is_own(library: Library) -> bool:
    """Whether pacli writes to the user's own store, whose directory it may create."""
    return library.bundled is not None


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
    current = library.get(record_id).to_dict()
    normalized, problems = normalize(_merged(current, changes))
    _check({**normalized, "id": record_id}, problems, set(library.by_id))
    path = library.writable
    with store_transaction(path, other_ids=library.ids_outside(path)) as table:
        document = _document(table, record_id)
        normalized, problems = normalize(_merged(dict(document), changes))
        known = library.ids_outside(path) | {other["id"] for other in table.all()}
        record = _check({**normalized, "id": record_id}, problems, known)
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
    collected first, with its place and field, and on any problem nothing is written. The plan
    is made from the store as it is before anything is touched, and again under its lock."""
    path = library.writable
    outside = library.ids_outside(path)
    in_store = {record.id: 0 for record in library.records if record.id not in outside}
    records, report = _planned(items, outside, in_store, update, progress, unreadable)
    if dry_run or not records:
        return report
    created = not path.exists()
    with store_transaction(path, other_ids=outside, make_directory=_is_own(library)) as table:
        existing = {document["id"]: document.doc_id for document in table.all()}
        records, report = _planned(items, outside, existing, update, None, unreadable)
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
    existing: dict[str, int],
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
            records.append(_check(normalized, found, known))
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
