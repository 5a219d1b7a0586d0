"""A large store's phrase lists (pacli.search.phrase_scores), kept beside its cache: a phrase with
more than LIVE_MATCHES matches is ranked once, by the first search that needs it, and kept in a
file of the cache's key (`phrases-<cache>-<key>.sqlite3`): the cache's meta (its stores' state),
the BM25 weights and SQLite's version. A search reads the key before it reads any list and again
after its ranking, and a list is kept only if the key did not change while it was ranked, so
lists and rows are of one state without holding the cache's read lock (a write waits for none).
A write changes the key, and the next search starts a new file and removes the others. A file
only ever gains lists, each whole in one row under a checksum of its phrase, key and arrays, so
no list is ever read half-written, changed or for another phrase. The file only saves time: one
that cannot be read or written is left aside, and the lists are ranked in memory."""

from __future__ import annotations

import os
import sqlite3
import zlib
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pacli.search.index import BM25, SearchIndex
from pacli.search.phrase_scores import LivePhraseScores, PhraseList, every_match

# Fewer matches than this are ranked in a few milliseconds: not worth keeping.
LIVE_MATCHES = 5000
# No list is added to a file this large (a million records' common word takes 16 MB a list).
PHRASE_FILE_BYTES = 512 << 20
PHRASES_BUSY_SECONDS = 0.5  # another pacli writing a list: this one ranks in memory meanwhile
SCHEMA = """
CREATE TABLE IF NOT EXISTS phrases (phrase TEXT PRIMARY KEY, ranked_rowids BLOB,
                                    ranked_scores BLOB, rowids BLOB, scores BLOB, crc INTEGER);
"""
# A list's arrays in PhraseList's order, each the bytes of a machine array, and their checksum.
COLUMNS = ("ranked_rowids", "ranked_scores", "rowids", "scores", "crc")


def phrase_files(cache_file: Path) -> str:
    """The pattern of every file of `cache_file`'s phrase lists, whatever their key (and the
    journal of one being written)."""
    return cache_file.name.replace("records-", "phrases-", 1).replace(".sqlite3", "-*")


def cache_file_of(lists: Path) -> Path:
    """The cache a phrase file belongs to (`phrases-<cache>-<key>` of `records-<cache>`)."""
    return lists.with_name(f"records-{lists.name.split('-')[1]}.sqlite3")


def phrase_file(cache_file: Path, key: str) -> Path:
    """The file of `cache_file`'s phrase lists for `key`."""
    name = phrase_files(cache_file).replace("*", f"{zlib.crc32(key.encode()):08x}.sqlite3")
    return cache_file.with_name(name)


def lists_key(index: SearchIndex) -> str:
    """What a cache's phrase lists belong to: the cache's key (its stores' state, as its meta
    table holds it), the BM25 weights and SQLite's version (its BM25 might change)."""
    stored = index.execute("SELECT key, value FROM meta ORDER BY key")
    return "\n".join([*(f"{name}={value}" for name, value in stored), BM25, sqlite3.sqlite_version])


class StoredPhraseScores(LivePhraseScores):
    """Phrase lists read from the file of the cache's key when kept there, else ranked in
    memory, and kept there when they are long."""

    def __init__(self, index: SearchIndex, cache_file: Path) -> None:
        super().__init__(index)
        self.cache_file = cache_file
        self.key: str | None = None  # read by `refresh`, before a search reads any list
        self.path: Path | None = None
        self.reader: sqlite3.Connection | None = None

    def refresh(self) -> None:
        key = lists_key(self.index)
        if key != self.key:  # the first search, or one after a write by this process
            self.lists.clear()
            if self.reader is not None:
                self.reader.close()
            self.key, self.path, self.reader = key, phrase_file(self.cache_file, key), None

    def unchanged(self) -> bool:
        return lists_key(self.index) == self.key

    def phrase_list(self, phrase: str) -> PhraseList:
        if phrase not in self.lists:
            kept = self._kept(phrase)
            if kept is None:
                kept = every_match(self.index, phrase)
                # Kept only if no write came while it was ranked: the key says what it is of.
                if len(kept.rowids) > LIVE_MATCHES and self.unchanged():
                    self._keep(phrase, kept)
            self.lists[phrase] = kept
        return self.lists[phrase]

    def _kept(self, phrase: str) -> PhraseList | None:
        """The phrase's list from the file, if it is kept there and whole; a file that cannot be
        read is left aside."""
        if self.path is None or (self.reader is None and not self.path.is_file()):
            return None
        try:
            if self.reader is None:
                uri = f"{self.path.as_uri()}?mode=ro"
                self.reader = sqlite3.connect(uri, uri=True, timeout=PHRASES_BUSY_SECONDS)
            sql = f"SELECT {', '.join(COLUMNS)} FROM phrases WHERE phrase = ?"
            rows = self.reader.execute(sql, (phrase,)).fetchall()
            if not rows:
                return None
            *arrays, crc = rows[0]
            if _checksum(phrase, str(self.key), arrays) != crc:
                raise sqlite3.DatabaseError("a list that does not match its checksum")
            return PhraseList(
                *(_array(kind, data) for kind, data in zip("qdqd", arrays, strict=True))
            )
        except (sqlite3.Error, TypeError, ValueError):  # damaged
            self.path = None
            return None

    def _keep(self, phrase: str, ranked: PhraseList) -> None:
        """Add the phrase's list to the file (made if need be, the other keys' removed)."""
        path = self.path
        if path is None:
            return
        try:
            if not path.exists():
                for other in self.cache_file.parent.glob(phrase_files(self.cache_file)):
                    if other.name not in (path.name, f"{path.name}-journal"):
                        other.unlink(missing_ok=True)
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # the cache's mode
            if path.stat().st_size > PHRASE_FILE_BYTES:
                return
            writer = sqlite3.connect(path, timeout=PHRASES_BUSY_SECONDS)
            try:
                with writer:
                    writer.executescript(SCHEMA)
                    marks = ", ".join("?" * (1 + len(COLUMNS)))
                    arrays = [data.tobytes() for data in ranked]
                    values = (phrase, *arrays, _checksum(phrase, str(self.key), arrays))
                    writer.execute(f"INSERT OR IGNORE INTO phrases VALUES ({marks})", values)
            finally:
                writer.close()
        except (sqlite3.Error, OSError):
            self.path = None  # busy, full or read-only: lists stay in memory this time


def _checksum(phrase: str, key: str, arrays: Sequence[bytes]) -> int:
    """CRC-32 of a list's phrase, key and arrays, each with its length."""
    crc = 0
    for data in (phrase.encode(), key.encode(), *arrays):
        crc = zlib.crc32(data, zlib.crc32(len(data).to_bytes(8, "little"), crc))
    return crc


def _array(kind: str, data: bytes) -> array[Any]:
    found = array(kind)
    found.frombytes(data)
    return found
