"""A large store's phrase lists (pacli.search.phrase_scores), kept beside its cache: a phrase with
more than LIVE_MATCHES matches is ranked once, by the first search that needs it, and kept in a
file of the cache's key (`phrases-<cache>-<key>.sqlite3`). A file only ever gains lists, each
whole in one row, so a reader never sees one half-written or changed; a write to the store
changes the key, and the next search starts a new file and removes the old. The file only saves
time: one that cannot be read or written is left aside, and lists are ranked in memory."""

from __future__ import annotations

import sqlite3
import zlib
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pacli.search.index import SearchIndex
from pacli.search.phrase_scores import LivePhraseScores, PhraseList, every_match

# Fewer matches than this are ranked in a few milliseconds: not worth keeping.
LIVE_MATCHES = 5000
PHRASES_BUSY_SECONDS = 0.5  # another pacli writing a list: this one ranks in memory meanwhile
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS phrases (phrase TEXT PRIMARY KEY, ranked_rowids BLOB,
                                    ranked_scores BLOB, rowids BLOB, scores BLOB, crc INTEGER);
"""
# A list's arrays in PhraseList's order, each the bytes of a machine array, and their CRC-32.
COLUMNS = ("ranked_rowids", "ranked_scores", "rowids", "scores", "crc")


def phrase_files(cache_file: Path) -> str:
    """The pattern of every phrase file of `cache_file`, whatever its key."""
    return cache_file.name.replace("records-", "phrases-", 1).replace(".sqlite3", "-*.sqlite3")


def phrase_file(cache_file: Path, key: str) -> Path:
    name = phrase_files(cache_file).replace("*", f"{zlib.crc32(key.encode()):08x}")
    return cache_file.with_name(name)


class StoredPhraseScores(LivePhraseScores):
    """Phrase lists read from the file of the cache's `key` when kept there, else ranked in
    memory, and kept there when they are long."""

    def __init__(self, index: SearchIndex, cache_file: Path, key: str) -> None:
        super().__init__(index)
        self.cache_file = cache_file
        self.path: Path | None = phrase_file(cache_file, key)
        self.key = key
        self.reader: sqlite3.Connection | None = None

    def phrase_list(self, phrase: str) -> PhraseList:
        if phrase not in self.lists:
            kept = self._kept(phrase)
            if kept is not None:
                self.lists[phrase] = kept
            else:
                ranked = every_match(self.index, phrase)
                if len(ranked.rowids) > LIVE_MATCHES:
                    self._keep(phrase, ranked)
                self.lists[phrase] = ranked
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
                if self.reader.execute("SELECT value FROM meta").fetchall() != [(self.key,)]:
                    raise sqlite3.DatabaseError("a file of another key")  # the same checksum
            sql = f"SELECT {', '.join(COLUMNS)} FROM phrases WHERE phrase = ?"
            rows = self.reader.execute(sql, (phrase,)).fetchall()
            if not rows:
                return None
            *arrays, crc = rows[0]
            if _checksum(arrays) != crc:
                raise sqlite3.DatabaseError("a list that does not match its checksum")
            return PhraseList(
                *(_array(kind, data) for kind, data in zip("qdqd", arrays, strict=True))
            )
        except (sqlite3.Error, TypeError, ValueError):  # damaged
            self.path = None
            return None

    def _keep(self, phrase: str, ranked: PhraseList) -> None:
        """Add the phrase's list to the file (made if need be, the other keys' removed)."""
        if self.path is None:
            return
        try:
            if not self.path.exists():
                for other in self.cache_file.parent.glob(phrase_files(self.cache_file)):
                    other.unlink(missing_ok=True)
            writer = sqlite3.connect(self.path, timeout=PHRASES_BUSY_SECONDS)
            try:
                with writer:
                    writer.executescript(SCHEMA)
                    writer.execute("INSERT OR IGNORE INTO meta VALUES ('key', ?)", (self.key,))
                    if writer.execute("SELECT value FROM meta").fetchall() == [(self.key,)]:
                        marks = ", ".join("?" * (1 + len(COLUMNS)))
                        arrays = [data.tobytes() for data in ranked]
                        values = (phrase, *arrays, _checksum(arrays))
                        writer.execute(f"INSERT OR IGNORE INTO phrases VALUES ({marks})", values)
            finally:
                writer.close()
        except (sqlite3.Error, OSError):
            self.path = None  # busy, full or read-only: lists stay in memory this time


def _checksum(arrays: Sequence[bytes]) -> int:
    crc = 0
    for data in arrays:
        crc = zlib.crc32(data, crc)
    return crc


def _array(kind: str, data: bytes) -> array[Any]:
    found = array(kind)
    found.frombytes(data)
    return found
