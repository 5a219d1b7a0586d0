"""Changing a large store without reading or rewriting all of it: its cache (which holds every
record, already checked) answers what a write asks, and the file is spliced, each record it
holds copied as bytes but those that change, which are written anew. The cache is updated in the
same locked step, so the next command does not rebuild it.

Splicing needs a store in pacli's own layout (sorted keys, two-space indent: each document of the
`records` table starts on a line `    "N": {`) whose file is the one the cache was built from; for
any other, the caller falls back to a whole rewrite (pacli.storage.writes)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from pacli.model.records import Record
from pacli.search.index import SearchIndex
from pacli.storage.catalog import delete_rows, doc_of, insert_records, row_id
from pacli.storage.writes import store_bytes, write_atomically

# How long a write waits for readers of the cache to finish before it leaves the cache stale:
# well under a reader's wait (cache.READ_BUSY_SECONDS), or a reader arriving meanwhile gives up.
CACHE_BUSY_SECONDS = 2.0
TABLE_START = re.compile(rb'\n  "records": \{\n')
DOCUMENT_START = re.compile(rb'\n    "(\d+)": \{\n')
TABLE_END = b"\n  }"


class Layout:
    """Where the documents of the `records` table lie in a store's bytes."""

    def __init__(self, content: bytes, start: int, end: int, keys: list[tuple[str, int]]) -> None:
        self.content = content
        self.start, self.end = start, end  # the table's documents: content[start:end]
        self.keys = keys  # (document id, where its line starts), in file order

    @classmethod
    def of(cls, content: bytes) -> Layout | None:
        """The layout of `content`, or None if it is not in pacli's layout."""
        table = TABLE_START.search(content)
        if table is None:
            return None
        end = content.find(TABLE_END, table.end())
        if end < 0:
            return None
        found = [
            (m.group(1).decode(), m.start() + 1)
            for m in DOCUMENT_START.finditer(content, table.end() - 1, end)
        ]
        return cls(content, table.end(), end, found)

    def documents(self) -> Iterator[tuple[str, memoryview]]:
        """Each document id and the bytes of its document, without the `,` that follows it."""
        view = memoryview(self.content)
        bounds = [start for _, start in self.keys] + [self.end + 1]
        for (key, start), following in zip(self.keys, bounds[1:], strict=True):
            stop = following - 1
            if self.content[stop - 1] == ord(","):
                stop -= 1
            yield key, view[start:stop]


def document_bytes(doc_id: int, record: dict[str, Any]) -> bytes:
    """One document as pacli lays it out inside the `records` table."""
    body = store_bytes(record).rstrip(b"\n").replace(b"\n", b"\n    ")
    return f'    "{doc_id}": '.encode() + body


def spliced(
    layout: Layout, changed: dict[str, bytes | None], added: list[tuple[str, bytes]]
) -> Iterator[bytes | memoryview]:
    """The pieces of the new file: the documents in place, `changed` ones replaced (None: left
    out), `added` ones (document id, bytes) where their ids sort."""
    pending = sorted(added)
    yield memoryview(layout.content)[: layout.start]
    first = True
    for key, text in layout.documents():
        while pending and pending[0][0] < key:
            yield from _separated(pending.pop(0)[1], first)
            first = False
        if key in changed:
            replacement = changed[key]
            if replacement is None:
                continue
            yield from _separated(memoryview(replacement), first)
        else:
            yield from _separated(text, first)
        first = False
    for _, added_text in pending:
        yield from _separated(added_text, first)
        first = False
    yield memoryview(layout.content)[layout.end :]


def _separated(text: bytes | memoryview, first: bool) -> Iterator[bytes | memoryview]:
    if not first:
        yield b",\n"
    yield text


class SplicedStoreTable:
    """A large store's records as a write changes them (see tables.StoreTable): read from the
    cache, every change kept until `commit` splices the file and updates the cache."""

    def __init__(
        self, connection: sqlite3.Connection, store: int, path: Path, layout: Layout
    ) -> None:
        self.connection = connection
        self.store = store
        self.path = path
        self.layout = layout
        self.low, self.high = row_id(store, 0), row_id(store + 1, 0)
        self.changes: dict[str, dict[str, Any] | None] = {}  # id -> the record now (None: gone)
        self.added: list[str] = []

    def _query(self, sql: str, values: Sequence[object] = ()) -> list[Any]:
        return self.connection.execute(sql, (*values, self.low, self.high)).fetchall()

    def ids(self) -> set[str]:
        found = {
            rid for (rid,) in self._query("SELECT id FROM records WHERE rowid >= ? AND rowid < ?")
        }
        return {rid for rid in found | set(self.changes) if self.changes.get(rid, True) is not None}

    def document(self, record_id: str) -> dict[str, Any] | None:
        """The record as the file holds it (not as the cache completed it)."""
        if record_id in self.changes:
            return self.changes[record_id]
        sql = "SELECT rowid FROM records WHERE id = ? AND rowid >= ? AND rowid < ?"
        rows = self._query(sql, (record_id,))
        return self._from_file(rows[0][0]) if rows else None

    def naming(self, record_id: str) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT rowid FROM record_related WHERE other = ? AND rowid >= ? AND rowid < ?",
            (record_id,),
        )
        found = (self._from_file(rowid) for (rowid,) in rows)
        return [self.changes.get(doc["id"]) or doc for doc in found]

    @cached_property
    def _slices(self) -> dict[str, memoryview]:
        return dict(self.layout.documents())

    def _from_file(self, rowid: int) -> dict[str, Any]:
        import json

        text = bytes(self._slices[str(doc_of(rowid)[1])])
        _, _, body = text.partition(b": ")  # `    "N": {...}`
        found: dict[str, Any] = json.loads(body)
        return found

    def insert(self, record: dict[str, Any]) -> None:
        self.changes[record["id"]] = record
        self.added.append(record["id"])

    def insert_all(self, records: Sequence[dict[str, Any]]) -> None:
        for record in records:
            self.insert(record)

    def replace(self, record: dict[str, Any]) -> None:
        self.changes[record["id"]] = record

    def remove(self, record_id: str) -> None:
        self.changes[record_id] = None

    def commit(self, new_key: Any) -> None:
        """Splice the file, then bring the cache up to date and give it the file's new key
        (`new_key`: called once the file is in place)."""
        if not self.changes:
            return
        rowids = dict(self._query("SELECT id, rowid FROM records WHERE rowid >= ? AND rowid < ?"))
        (top,) = self._query("SELECT max(rowid) FROM records WHERE rowid >= ? AND rowid < ?")[0]
        next_doc = doc_of(top)[1] + 1 if top is not None else 1
        placed: dict[str, int] = {}
        for record_id in self.added:
            if self.changes.get(record_id) is not None and record_id not in rowids:
                placed[record_id] = row_id(self.store, next_doc)
                next_doc += 1
        changed = {
            str(doc_of(rowids[rid])[1]): (
                None if record is None else document_bytes(doc_of(rowids[rid])[1], record)
            )
            for rid, record in self.changes.items()
            if rid in rowids
        }
        added = [
            (str(doc_of(rowid)[1]), document_bytes(doc_of(rowid)[1], self.changes[rid] or {}))
            for rid, rowid in placed.items()
        ]
        write_atomically(self.path, spliced(self.layout, changed, added))
        try:
            self._update_cache({**rowids, **placed}, new_key())
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise
            # Another pacli is still reading it (`list --json | less`). The store is written;
            # the cache keeps the old key, so the next read rebuilds it.
            self.connection.rollback()

    def _update_cache(self, rowids: dict[str, int], key: str) -> None:
        touched = [rowids[rid] for rid in self.changes if rid in rowids]
        delete_rows(self.connection, touched)
        index = SearchIndex(self.connection)
        numbered = [
            (rowids[rid], Record.from_dict(record))
            for rid, record in self.changes.items()
            if record is not None
        ]
        insert_records(self.connection, index, numbered)
        self.connection.execute(
            "UPDATE meta SET value = ? WHERE key = ?", (key, f"file {self.store}")
        )
        self.connection.commit()


def open_spliced(
    path: Path, cache_file: Path, store: int, paths: Sequence[Path]
) -> SplicedStoreTable | None:
    """A spliced table for the store at `path` (number `store` of `paths`), or None when the
    store cannot be spliced: its cache is not current, or its file is not in pacli's layout."""
    from pacli.storage.cache import store_fingerprint

    try:
        connection = sqlite3.connect(cache_file, timeout=CACHE_BUSY_SECONDS)
        stored = dict(connection.execute("SELECT key, value FROM meta"))
    except sqlite3.Error:
        return None
    if stored != store_fingerprint(paths):
        connection.close()
        return None
    layout = Layout.of(path.read_bytes())
    low, high = row_id(store, 0), row_id(store + 1, 0)
    (count,) = connection.execute(
        "SELECT count(*) FROM records WHERE rowid >= ? AND rowid < ?", (low, high)
    ).fetchone()
    if layout is None or len(layout.keys) != count:
        connection.close()
        return None
    return SplicedStoreTable(connection, store, path, layout)
