"""Records read through a large store's cache (pacli.storage.catalog): every question a reading
command asks is one SQL query, and only the records shown are decoded. A record's JSON is
checked against its checksum before it is used; any damage is CacheDamaged, never a wrong
answer."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from pacli.errors import CacheDamaged
from pacli.model.records import Record
from pacli.model.text import fold
from pacli.search.index import SearchIndex
from pacli.selection.filters import Filters
from pacli.selection.summaries import SHARED_WEIGHTS
from pacli.storage.catalog import row_id
from pacli.storage.phrase_store import StoredPhraseScores

# A record's JSON as its UTF-8 bytes: checked and written out without being decoded.
JSON_BYTES = "CAST(records.json AS BLOB)"
# Each tag once, by one seek of the tag index per tag (SELECT DISTINCT reads every record's tags:
# 250 ms in a store of a million records, and every filtered command asks).
DISTINCT_TAGS = """
WITH RECURSIVE tags(tag) AS (
    SELECT min(tag) FROM record_tags
    UNION ALL
    SELECT (SELECT min(tag) FROM record_tags WHERE tag > tags.tag) FROM tags WHERE tag IS NOT NULL
)
SELECT tag FROM tags WHERE tag IS NOT NULL
"""
# A whole listing maps this much of the cache (SQLite's most, unless built otherwise): the pages
# it reads count in its resident set, as pages of the file, not as memory of its own.
LISTING_MAP_BYTES = 0x7FFF0000
# Records read, checked and written together (a row at a time cost a listing a tenth more); few
# enough that records of 1-2 KiB join to less than malloc's mmap threshold (128 KiB): 1,000 of
# them faulted in new pages every batch (66,000 page faults against 15,000 for a timeline).
JSON_BATCH = 64
# A listing of at most WALK_LIMIT records walks at most WALK_ROWS of the date index first.
WALK_LIMIT, WALK_ROWS = 1000, 20000
# Records looked at per shared person, organization or tag, the last added first: `show` costs
# the same in a store of a million records as in one of a thousand.
SIMILAR_CANDIDATES = 2000
# Keys of each kind looked up (a SELECT of SQLite holds at most 500 parts; a record, 10,000 tags).
SIMILAR_KEYS = 100


@contextmanager
def _reading(cache_file: Path) -> Iterator[None]:
    """A query that fails on a damaged cache file is CacheDamaged."""
    try:
        yield
    except sqlite3.Error as error:
        raise CacheDamaged(f"the index could not be read ({error})", cache_file) from None


class _GuardedIndex(SearchIndex):
    """The cache's search index: a query that fails on a damaged file is CacheDamaged."""

    def __init__(self, connection: sqlite3.Connection, cache_file: Path) -> None:
        super().__init__(connection)
        self.cache_file = cache_file

    def execute(self, sql: str, values: Sequence[object] = ()) -> list[Any]:
        with _reading(self.cache_file):
            return super().execute(sql, values)


class CachedSource:
    """A large library's records, from its cache; rowids are their places in the stores."""

    def __init__(self, connection: sqlite3.Connection, cache_file: Path) -> None:
        self.connection = connection
        self.cache_file = cache_file
        self.index: SearchIndex = _GuardedIndex(connection, cache_file)
        self.index.phrase_scores = StoredPhraseScores(self.index, cache_file)

    def _rows(self, sql: str, values: Sequence[object] = ()) -> list[Any]:
        with _reading(self.cache_file):
            return self.connection.execute(sql, values).fetchall()

    def _checked(self, text: bytes, crc: int) -> bytes:
        if not isinstance(text, bytes) or zlib.crc32(text) != crc:
            raise CacheDamaged("a record in the index does not match its checksum", self.cache_file)
        return text

    def _iter_rows(self, sql: str, values: Sequence[object]) -> Iterator[Any]:
        """The rows of a query as they are read (a reader may stop early)."""
        with _reading(self.cache_file):
            yield from self.connection.execute(sql, values)

    def _json_batches(self, sql: str, values: Sequence[object]) -> Iterator[list[bytes]]:
        crc32 = zlib.crc32
        with _reading(self.cache_file):  # `_checked` inlined: a listing may read a million
            rows = self.connection.execute(sql, values)
            while batch := rows.fetchmany(JSON_BATCH):
                texts = [text for text, crc in batch if type(text) is bytes and crc32(text) == crc]
                if len(texts) != len(batch):  # raises CacheDamaged at the record that fails
                    texts = [self._checked(text, crc) for text, crc in batch]
                yield texts

    def json_batches(
        self, filters: Filters, *, newest: bool, limit: int | None = None
    ) -> Iterator[list[bytes]]:
        """The JSON of matching records (UTF-8), in date order, as `Record.to_dict` gives it,
        a batch at a time: a listing or export of the whole store is written as it is read."""
        direction = "DESC" if newest else "ASC"
        order = f" ORDER BY first {direction}, last {direction}, id {direction}"
        if limit is not None and limit <= WALK_LIMIT:
            found = self._walked(filters, order, int(limit))
            if found is not None:
                return iter([found])
        where, values = filters.sql()
        bound = f" LIMIT {int(limit)}" if limit is not None else ""
        sql = f"SELECT {JSON_BYTES}, crc FROM records{where}{order}{bound}"
        if limit is not None:
            return self._json_batches(sql, values)
        return self._mapped(sql, values)

    def _mapped(self, sql: str, values: Sequence[object]) -> Iterator[list[bytes]]:
        """A whole listing's rows, the cache's pages read in place rather than copied by
        read() (a third faster), and only for this listing."""
        self.connection.execute(f"PRAGMA mmap_size = {LISTING_MAP_BYTES}")
        try:
            yield from self._json_batches(sql, values)
        finally:
            with suppress(sqlite3.Error):  # closed already, when the listing was left unread
                self.connection.execute("PRAGMA mmap_size = 0")

    def _walked(self, filters: Filters, order: str, limit: int) -> list[bytes] | None:
        """The first `limit` matches, found by walking the date index in order and testing each
        record until they are found (a common country's first ten are a few dozen rows along);
        None when WALK_ROWS records that pass the date filters did not hold them all."""
        (dates, date_values), (rest, rest_values) = filters.sql_parts()
        walk = (
            f"SELECT rowid, {rest} FROM records INDEXED BY records_by_date WHERE {dates}{order} "
            f"LIMIT {WALK_ROWS}"
        )
        chosen: list[int] = []
        walked = 0
        for rowid, passes in self._iter_rows(walk, [*rest_values, *date_values]):
            walked += 1
            if passes:
                chosen.append(rowid)
                if len(chosen) == limit:
                    break
        if len(chosen) < limit and walked == WALK_ROWS:
            return None
        texts = {rowid: self._checked(text, crc) for rowid, text, crc in self._json_at(chosen)}
        return [texts[rowid] for rowid in chosen]

    def _json_at(self, rowids: list[int]) -> list[Any]:
        """(rowid, JSON, CRC) of each record at `rowids`, in no order."""
        rows = []
        for start in range(0, len(rowids), 900):  # SQLite's limit on bound values
            chunk = rowids[start : start + 900]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT rowid, {JSON_BYTES}, crc FROM records WHERE rowid IN ({marks})"
            rows += self._rows(sql, chunk)
        return rows

    def select(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[Record]:
        batches = self.json_batches(filters, newest=newest, limit=limit)
        return [_record(text) for batch in batches for text in batch]

    def count(self, filters: Filters) -> int:
        where, values = filters.sql()
        return int(self._rows(f"SELECT count(*) FROM records{where}", values)[0][0])

    def get(self, record_id: str) -> Record:
        rows = self._rows(f"SELECT {JSON_BYTES}, crc FROM records WHERE id = ?", (record_id,))
        if not rows:
            from pacli.storage.record_source import not_found

            raise not_found(record_id, self._ids_like(record_id))
        return _record(self._checked(*rows[0]))

    def _ids_like(self, record_id: str) -> list[str]:
        """Ids that share the longest start with `record_id` (its date, its year), at most a
        few thousand: what the closest-id hint compares, without reading every id."""
        for length in (len(record_id), 10, 7, 4, 0):
            prefix = record_id[:length]
            sql = "SELECT id FROM records WHERE id >= ? AND id < ? ORDER BY id LIMIT 2000"
            found = [rid for (rid,) in self._rows(sql, (prefix, prefix + "\uffff"))]
            if found:
                return found
        return []

    def ids(self, store: int) -> set[str]:
        """The ids of the records of store number `store`."""
        low, high = row_id(store, 0), row_id(store + 1, 0)
        sql = "SELECT id FROM records WHERE rowid >= ? AND rowid < ?"
        return {rid for (rid,) in self._rows(sql, (low, high))}

    def records_at(self, rowids: Iterable[int]) -> dict[int, Record]:
        rows = self._json_at(list(rowids))
        return {rowid: _record(self._checked(text, crc)) for rowid, text, crc in rows}

    def known_tags(self) -> set[str]:
        return {tag for (tag,) in self._rows(DISTINCT_TAGS)}

    def known_words(self) -> dict[str, str]:
        return dict(self._rows("SELECT folded, shown FROM words"))

    def facets(self, filters: Filters) -> dict[str, list[tuple[str, int]]]:
        """What `selection.summaries.facet_counts` gives, counted in SQL."""
        where, values = filters.sql()
        chosen = f"SELECT rowid FROM records{where}"
        counted = {
            "type": f"SELECT type, count(*) FROM records{where} GROUP BY type",
            "country": _side_count("record_countries", "country", chosen),
            "tag": _side_count("record_tags", "tag", chosen),
            "year": _side_count("record_years", "year", chosen),
            "organization": _side_count("record_orgs", "name", chosen),
            "person": _side_count("record_people", "name", chosen),
        }
        facets = {}
        for name, sql in counted.items():
            rows = [(str(value), int(count)) for value, count in self._rows(sql, values)]
            ordered = (
                (lambda row: int(row[0])) if name == "year" else (lambda row: (-row[1], row[0]))
            )
            facets[name] = sorted(rows, key=ordered)
        return facets

    def country_counts(self, filters: Filters) -> dict[str, int]:
        where, values = filters.sql()
        sql = _side_count("record_countries", "country", f"SELECT rowid FROM records{where}")
        return dict(self._rows(sql, values))

    def similar(self, record: Record, limit: int = 5) -> list[Record]:
        """`selection.summaries.similar_records`, scored in SQL over the side tables, among
        the last SIMILAR_CANDIDATES records that share each key."""
        people = [fold(person.name) for person in record.people]
        orgs = [fold(name) for name in record.organizations]
        parts, values = [], []
        for table, column, keys, weight in (
            ("record_people", "folded", people, SHARED_WEIGHTS["person"]),
            ("record_orgs", "folded", orgs, SHARED_WEIGHTS["organization"]),
            ("record_tags", "tag", list(record.tags), SHARED_WEIGHTS["tag"]),
        ):
            for key in list(dict.fromkeys(keys))[:SIMILAR_KEYS]:
                keyed = (
                    f"SELECT DISTINCT rowid FROM {table} WHERE {column} = ? "
                    f"ORDER BY rowid DESC LIMIT {SIMILAR_CANDIDATES}"
                )
                parts.append(f"SELECT rowid, {weight} AS w FROM ({keyed})")
                values.append(key)
        if not parts:
            return []
        left_out = [record.id, *record.related]
        marks = ", ".join("?" * len(left_out))
        start = record.period.start.isoformat()
        scored = (  # scored first, then joined: only the records that share enough
            f"SELECT rowid, sum(w) AS score FROM ({' UNION ALL '.join(parts)}) "
            "GROUP BY rowid HAVING score >= 2"
        )
        sql = (
            f"SELECT {JSON_BYTES}, records.crc FROM ({scored}) AS shared "
            f"JOIN records ON records.rowid = shared.rowid WHERE records.id NOT IN ({marks}) "
            "ORDER BY shared.score DESC, abs(julianday(records.first) - julianday(?)), "
            "records.id LIMIT ?"
        )
        rows = self._rows(sql, [*values, *left_out, start, limit])
        return [_record(self._checked(text, crc)) for text, crc in rows]


def _side_count(table: str, column: str, chosen: str) -> str:
    if chosen == "SELECT rowid FROM records":  # no filter: count the side table alone
        return f"SELECT {column}, count(*) FROM {table} GROUP BY {column}"
    return f"SELECT {column}, count(*) FROM {table} WHERE rowid IN ({chosen}) GROUP BY {column}"


def _record(text: bytes) -> Record:
    import orjson

    return Record.from_dict(orjson.loads(text))
