"""The tables of a large store's cache: each record's JSON (with a checksum) and the columns and
side tables that filters, ordering, facets and "See also" need, beside the search index.

A record's rowid is its place in the stores: `store << 40 | document id`, so that rowid order is
store order, and a record added to the last store (its document id the largest yet) goes last.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pacli.model.records import Record, json_line
from pacli.model.text import fold
from pacli.search.index import FTS_INSERT, SearchIndex, fts_rows, named_text, vocabulary

if TYPE_CHECKING:
    import sqlite3

SCHEMA = """
CREATE TABLE records (rowid INTEGER PRIMARY KEY, id TEXT, type TEXT, date_basis TEXT,
                      first TEXT, last TEXT, precision TEXT, json TEXT, crc INTEGER);
CREATE TABLE record_countries (rowid INTEGER, country TEXT);
CREATE TABLE record_tags (rowid INTEGER, tag TEXT);
CREATE TABLE record_years (rowid INTEGER, year INTEGER);
CREATE TABLE record_people (rowid INTEGER, name TEXT, folded TEXT);
CREATE TABLE record_orgs (rowid INTEGER, name TEXT, folded TEXT);
CREATE TABLE record_related (rowid INTEGER, other TEXT);
CREATE TABLE words (folded TEXT PRIMARY KEY, shown TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
INDEXES = """
CREATE UNIQUE INDEX records_by_id ON records (id);
CREATE INDEX records_by_date ON records (first, last, id);
CREATE INDEX records_by_type ON records (type, date_basis);
CREATE INDEX countries_by_name ON record_countries (country, rowid);
CREATE INDEX countries_by_row ON record_countries (rowid);
CREATE INDEX tags_by_name ON record_tags (tag, rowid);
CREATE INDEX tags_by_row ON record_tags (rowid);
CREATE INDEX years_by_row ON record_years (rowid);
CREATE INDEX people_by_name ON record_people (folded, rowid);
CREATE INDEX people_by_row ON record_people (rowid);
CREATE INDEX orgs_by_name ON record_orgs (folded, rowid);
CREATE INDEX orgs_by_row ON record_orgs (rowid);
CREATE INDEX related_by_other ON record_related (other);
CREATE INDEX related_by_row ON record_related (rowid);
"""
SIDE_TABLES = (
    "record_countries",
    "record_tags",
    "record_years",
    "record_people",
    "record_orgs",
    "record_related",
)
DOC_BITS = 40


def row_id(store: int, doc_id: int) -> int:
    return store << DOC_BITS | doc_id


def doc_of(rowid: int) -> tuple[int, int]:
    """(store, document id) of a rowid."""
    return rowid >> DOC_BITS, rowid & ((1 << DOC_BITS) - 1)


def record_json(record: Record) -> str:
    return json_line(record.to_dict())


def checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


# How each table's rows are inserted; a word already known keeps how it was first written.
INSERTS = {
    "records": "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "record_countries": "INSERT INTO record_countries VALUES (?, ?)",
    "record_tags": "INSERT INTO record_tags VALUES (?, ?)",
    "record_years": "INSERT INTO record_years VALUES (?, ?)",
    "record_people": "INSERT INTO record_people VALUES (?, ?, ?)",
    "record_orgs": "INSERT INTO record_orgs VALUES (?, ?, ?)",
    "record_related": "INSERT INTO record_related VALUES (?, ?)",
    "fts": FTS_INSERT,
    "words": "INSERT OR IGNORE INTO words VALUES (?, ?)",
}
# A batch of records as rows of each table: plain values, so that another process can make them.
CatalogRows = dict[str, list[tuple[object, ...]]]


def catalog_rows(numbered: Sequence[tuple[int, Record]]) -> CatalogRows:
    """The rows that records (with their rowids) add to every table of the catalog."""
    rows: CatalogRows = {"records": []}
    for rowid, record in numbered:
        text = record_json(record)
        period = record.period
        rows["records"].append(
            (rowid, record.id, record.type, record.date_basis, period.start.isoformat(),
             period.end.isoformat(), period.precision, text, checksum(text))
        )  # fmt: skip
    rows.update(_side_rows(numbered))
    rows["fts"] = fts_rows(numbered)
    return rows


def insert_rows(connection: sqlite3.Connection, rows: CatalogRows) -> None:
    """Insert a batch's rows, and the words of its names and titles (read from its index rows,
    so that a build makes them in the process that inserts, beside the one that reads)."""
    for table, values in rows.items():
        connection.executemany(INSERTS[table], values)
    words = vocabulary(map(named_text, rows.get("fts", ())))
    connection.executemany(INSERTS["words"], words.items())


def insert_records(
    connection: sqlite3.Connection, index: SearchIndex, numbered: Sequence[tuple[int, Record]]
) -> None:
    """Add records (with their rowids) to every table of the catalog and to the index."""
    index.counts.clear()
    insert_rows(connection, catalog_rows(numbered))


def _side_rows(numbered: Sequence[tuple[int, Record]]) -> dict[str, list[tuple[object, ...]]]:
    rows: dict[str, list[tuple[object, ...]]] = {table: [] for table in SIDE_TABLES}
    for rowid, record in numbered:
        rows["record_countries"] += [(rowid, country) for country in record.countries]
        rows["record_tags"] += [(rowid, tag) for tag in record.tags]
        years = range(record.period.start.year, record.period.end.year + 1)
        rows["record_years"] += [(rowid, year) for year in years]
        people = dict.fromkeys(person.name for person in record.people)
        rows["record_people"] += [(rowid, name, fold(name)) for name in people]
        orgs = dict.fromkeys(record.organizations)
        rows["record_orgs"] += [(rowid, name, fold(name)) for name in orgs]
        rows["record_related"] += [(rowid, other) for other in record.related]
    return {table: values for table, values in rows.items() if values}


def delete_rows(connection: sqlite3.Connection, rowids: Sequence[int]) -> None:
    """Take records out of every table and of the index (their words stay: a correction to a
    word no record has any more finds nothing, and says so)."""
    for start in range(0, len(rowids), 900):
        chunk = list(rowids[start : start + 900])
        marks = ", ".join("?" * len(chunk))
        for table in ("records", "fts", *SIDE_TABLES):
            connection.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", chunk)


def in_memory_catalog(records: Sequence[Record]) -> SearchIndex:
    """The catalog of `records` (rowids their positions) in memory, for a search of a small
    store: the same tables a large store's cache has, so a search reads both alike."""
    import sqlite3

    connection = sqlite3.connect(":memory:")
    connection.executescript(SCHEMA)
    index = SearchIndex.create(connection)
    insert_records(connection, index, list(enumerate(records)))
    return index
