"""The first version's search, kept as the baseline the search-quality evaluation compares
against."""

from __future__ import annotations

from collections.abc import Iterable

from pacli.model.records import Record
from pacli.model.text import fold


def substring_search(records: Iterable[Record], query: str) -> list[Record]:
    """The first version's search, kept as the baseline the evaluation compares against:
    records whose text holds every word of `query`, case and accents aside."""
    words = fold(query).split()
    found = []
    for record in records:
        people = [f"{person.name} {person.role or ''}" for person in record.people]
        parts = [record.title, record.summary, *record.details, *people]
        parts += [*record.organizations, *record.places, *record.tags]
        text = fold(" ".join(parts))
        if all(word in text for word in words):
            found.append(record)
    return found
