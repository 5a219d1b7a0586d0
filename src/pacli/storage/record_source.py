"""Where reading commands get records: a `RecordSource`, either the records in memory or a large
store's cache (pacli.storage.cache). The library picks one when it opens; both answer the same
questions, and both serve as the corpus a search reads (pacli.search.ranking.Corpus)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from pacli.errors import NotFoundError
from pacli.model.records import Record
from pacli.search.index import SearchIndex, known_words
from pacli.search.ranking import Corpus
from pacli.selection.filters import Filters
from pacli.selection.summaries import newest_first, oldest_first, select
from pacli.storage.store_file import closest_ids_hint

if TYPE_CHECKING:
    import sqlite3


class RecordSource(Corpus, Protocol):
    """The records of a library, as reading commands ask for them (and as a search reads them)."""

    def select(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[Record]:
        """The records that pass `filters`, newest or oldest first, at most `limit` of them."""
        ...

    def select_json(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[str]:
        """As `select`, each record as the JSON text of `Record.to_dict`."""
        ...

    def get(self, record_id: str) -> Record:
        """The record with this id; NotFoundError suggesting the closest ids otherwise."""
        ...

    def count(self, filters: Filters) -> int:
        """How many records pass `filters`."""
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
        return SearchIndex.in_memory(self.records)

    @cached_property
    def by_id(self) -> dict[str, Record]:
        return {record.id: record for record in self.records}

    def get(self, record_id: str) -> Record:
        record = self.by_id.get(record_id)
        if record is None:
            raise _not_found(record_id, self.by_id)
        return record

    def select(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[Record]:
        ordered = (newest_first if newest else oldest_first)(select(self.records, filters))
        return ordered if limit is None else ordered[:limit]

    def count(self, filters: Filters) -> int:
        return len(select(self.records, filters))

    def select_json(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[str]:
        chosen = self.select(filters, newest=newest, limit=limit)
        return [json.dumps(record.to_dict(), ensure_ascii=False) for record in chosen]

    def allowed(self, filters: Sequence[Filters]) -> set[int] | None:
        active = [one for one in filters if one != Filters()]
        if not active:
            return None
        return {
            rowid
            for rowid, record in enumerate(self.records)
            if all(one.matches(record) for one in active)
        }

    def all_rowids(self) -> set[int]:
        return set(range(len(self.records)))

    def records_at(self, rowids: Iterable[int]) -> dict[int, Record]:
        return {rowid: self.records[rowid] for rowid in rowids}

    def known_tags(self) -> set[str]:
        return {tag for record in self.records for tag in record.tags}

    def known_words(self) -> dict[str, str]:
        return known_words(self.records)


class CachedSource:
    """Records read through a cache: rowids are the records' positions in the stores."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.index = SearchIndex(connection)

    def select_json(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[str]:
        """The JSON text of matching records, in date order, as `Record.to_dict` gives it."""
        where, values = filters.sql()
        direction = "DESC" if newest else "ASC"
        order = f" ORDER BY first {direction}, last {direction}, id {direction}"
        bound = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self.connection.execute(f"SELECT json FROM records{where}{order}{bound}", values)
        return [text for (text,) in rows]

    def count(self, filters: Filters) -> int:
        where, values = filters.sql()
        (found,) = self.connection.execute(
            f"SELECT count(*) FROM records{where}", values
        ).fetchone()
        return int(found)

    def select(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[Record]:
        return [_record(text) for text in self.select_json(filters, newest=newest, limit=limit)]

    def get(self, record_id: str) -> Record:
        row = self.connection.execute(
            "SELECT json FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None:
            ids = (found for (found,) in self.connection.execute("SELECT id FROM records"))
            raise _not_found(record_id, ids)
        return _record(row[0])

    def allowed(self, filters: Sequence[Filters]) -> set[int] | None:
        """Rowids that pass every one of `filters`; None when there is nothing to filter."""
        active = [one for one in filters if one != Filters()]
        if not active:
            return None
        allowed: set[int] | None = None
        for one in active:
            where, values = one.sql()
            found = {
                rowid
                for (rowid,) in self.connection.execute(f"SELECT rowid FROM records{where}", values)
            }
            allowed = found if allowed is None else allowed & found
        return allowed

    def all_rowids(self) -> set[int]:
        return {rowid for (rowid,) in self.connection.execute("SELECT rowid FROM records")}

    def records_at(self, rowids: Iterable[int]) -> dict[int, Record]:
        wanted = list(rowids)
        found: dict[int, Record] = {}
        for start in range(0, len(wanted), 900):  # SQLite's limit on bound values
            chunk = wanted[start : start + 900]
            marks = ", ".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT rowid, json FROM records WHERE rowid IN ({marks})", chunk
            )
            found.update((rowid, _record(text)) for rowid, text in rows)
        return found

    def known_tags(self) -> set[str]:
        return {tag for (tag,) in self.connection.execute("SELECT DISTINCT tag FROM record_tags")}

    def known_words(self) -> dict[str, str]:
        return dict(self.connection.execute("SELECT folded, shown FROM words"))


def _record(text: str) -> Record:
    return Record.from_dict(json.loads(text))


def _not_found(record_id: str, known_ids: Iterable[str]) -> NotFoundError:
    return NotFoundError(f"no record with id {record_id!r}{closest_ids_hint(record_id, known_ids)}")
