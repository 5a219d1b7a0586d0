"""Where reading commands get records: a `RecordSource`, either the records in memory or a large
store's cache (pacli.storage.cached_source). The library picks one when it opens; both answer
the same questions, and both serve as the corpus a search reads (pacli.search.index.Corpus)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import Protocol

from pacli.errors import NotFoundError
from pacli.model.records import Record, json_line
from pacli.search.index import Corpus, SearchIndex, known_words
from pacli.selection.filters import Filters
from pacli.selection.summaries import (
    facet_counts,
    newest_first,
    oldest_first,
    select,
    similar_records,
)
from pacli.storage.store_file import closest_ids_hint


class RecordSource(Corpus, Protocol):
    """The records of a library, as reading commands ask for them (and as a search reads them)."""

    def select(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[Record]:
        """The records that pass `filters`, newest or oldest first, at most `limit` of them."""
        ...

    def json_batches(
        self, filters: Filters, *, newest: bool, limit: int | None = None
    ) -> Iterator[list[bytes]]:
        """As `select`, each record as the JSON of `Record.to_dict` in UTF-8, in batches (of
        any size, some perhaps empty)."""
        ...

    def get(self, record_id: str) -> Record:
        """The record with this id; NotFoundError suggesting the closest ids otherwise."""
        ...

    def count(self, filters: Filters) -> int:
        """How many records pass `filters`."""
        ...

    def facets(self, filters: Filters) -> dict[str, list[tuple[str, int]]]:
        """For each facet (type, country, tag, year, organization, person), its values and how
        many of the records that pass `filters` have each, most first (years in order)."""
        ...

    def country_counts(self, filters: Filters) -> dict[str, int]:
        """Each country's number of records among those that pass `filters`."""
        ...

    def similar(self, record: Record, limit: int = 5) -> list[Record]:
        """The records most like `record` (see selection.summaries.similar_records)."""
        ...


class MemorySource:
    """Records read from the stores into a list, rowids their positions; the search index is
    built in memory the first time a search needs it."""

    def __init__(self, load: Callable[[], Sequence[Record]]) -> None:
        self._load = load

    @classmethod
    def of(cls, records: Sequence[Record]) -> MemorySource:
        return cls(lambda: records)

    @cached_property
    def records(self) -> Sequence[Record]:
        return self._load()

    @cached_property
    def index(self) -> SearchIndex:
        from pacli.storage.catalog import in_memory_catalog

        return in_memory_catalog(self.records)

    @cached_property
    def by_id(self) -> dict[str, Record]:
        return {record.id: record for record in self.records}

    def get(self, record_id: str) -> Record:
        record = self.by_id.get(record_id)
        if record is None:
            raise not_found(record_id, self.by_id)
        return record

    def select(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[Record]:
        ordered = (newest_first if newest else oldest_first)(select(self.records, filters))
        return ordered if limit is None else ordered[:limit]

    def count(self, filters: Filters) -> int:
        return len(select(self.records, filters))

    def json_batches(
        self, filters: Filters, *, newest: bool, limit: int | None = None
    ) -> Iterator[list[bytes]]:
        chosen = self.select(filters, newest=newest, limit=limit)
        return iter([[json_line(record.to_dict()).encode() for record in chosen]])

    def facets(self, filters: Filters) -> dict[str, list[tuple[str, int]]]:
        return facet_counts(select(self.records, filters))

    def country_counts(self, filters: Filters) -> dict[str, int]:
        counts: dict[str, int] = {}
        for record in select(self.records, filters):
            for country in record.countries:
                counts[country] = counts.get(country, 0) + 1
        return counts

    def similar(self, record: Record, limit: int = 5) -> list[Record]:
        return similar_records(record, self.records, limit)

    def records_at(self, rowids: Iterable[int]) -> dict[int, Record]:
        return {rowid: self.records[rowid] for rowid in rowids}

    def known_tags(self) -> set[str]:
        return {tag for record in self.records for tag in record.tags}

    def known_words(self) -> dict[str, str]:
        return known_words(self.records)


def not_found(record_id: str, known_ids: Iterable[str]) -> NotFoundError:
    return NotFoundError(f"no record with id {record_id!r}{closest_ids_hint(record_id, known_ids)}")
