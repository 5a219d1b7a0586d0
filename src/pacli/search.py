"""Finding records by the words of a query. Every search goes through `substring_search`."""

from __future__ import annotations

from collections.abc import Iterable

from pacli.records import Record
from pacli.text import fold


def searchable_text(record: Record) -> str:
    """Everything a search looks at, folded: title, summary, details, people, places, ..."""
    people = [f"{person.name} {person.role or ''}" for person in record.people]
    parts = [record.title, record.summary, *record.details, *people]
    parts += [*record.organizations, *record.places, *record.tags]
    return fold(" ".join(parts))


def substring_search(records: Iterable[Record], query: str) -> list[Record]:
    """Records whose text holds every word of `query`, in any order, case and accents aside."""
    words = fold(query).split()
    return [record for record in records if all(word in searchable_text(record) for word in words)]
