"""The SQLite cache of large stores, in the user cache directory: the search index, and each
record's JSON with the columns that filters and ordering need, so that `list`, `timeline` and
`search` answer without reading a 100 MB store.

A cache is keyed by the stores' resolved paths and content (size, mtime and a SHA-256 hash of
their bytes). A stale or corrupt cache is never used and never an error: it is rebuilt, and the
rebuild is said on stderr. Nothing is ever written next to a store.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pacli.callbacks import Notify, Progress
from pacli.model.records import Record
from pacli.search.index import SearchIndex, known_words
from pacli.storage.record_source import CachedSource

# Below this size an in-memory index takes a few milliseconds: not worth a file.
LARGE_STORE_BYTES = 1_000_000
CACHE_ENV_VAR = "PACLI_CACHE_DIR"
CACHE_FORMAT = "3"  # bump when the tables, columns or tokenizer change
BATCH = 2000  # records written to the cache at a time, between progress reports


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV_VAR)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("pacli", appauthor=False))


def is_large(paths: Sequence[Path]) -> bool:
    return sum(path.stat().st_size for path in paths) >= LARGE_STORE_BYTES


def store_fingerprint(paths: Sequence[Path]) -> dict[str, str]:
    """What identifies the stores' content: their paths, sizes, mtimes and a hash of their bytes."""
    from pacli import __version__

    # pacli's version too: another version may store records or index them differently.
    fingerprint = {"format": CACHE_FORMAT, "pacli": __version__}
    for number, path in enumerate(paths):
        stat = path.stat()
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 22):
                digest.update(chunk)
        fingerprint[f"path {number}"] = str(path.resolve())
        fingerprint[f"size {number}"] = str(stat.st_size)
        fingerprint[f"mtime_ns {number}"] = str(stat.st_mtime_ns)
        fingerprint[f"sha256 {number}"] = digest.hexdigest()
    return fingerprint


def cache_file_for(paths: Sequence[Path]) -> Path:
    key = "\n".join(str(path.resolve()) for path in paths)
    name = hashlib.blake2b(key.encode(), digest_size=10).hexdigest()
    return cache_dir() / f"records-{name}.sqlite3"


def open_cache(
    paths: Sequence[Path],
    load_records: Callable[[], Sequence[Record]],
    notify: Notify,
    progress: Progress | None = None,
) -> CachedSource | None:
    """The cache of the stores at `paths`: opened when current, rebuilt when not (the records
    come from `load_records`, which validates them), None when nothing can be cached."""
    fingerprint = store_fingerprint(paths)
    cache_file = cache_file_for(paths)
    cached = _open_current(cache_file, fingerprint)
    if cached is not None:
        return cached
    records = load_records()
    reason = "is out of date" if cache_file.exists() else "is not built yet"
    names = " and ".join(str(path) for path in paths)
    notify(f"the index of {names} {reason}; building it ({len(records)} records)")
    try:
        _remove_orphaned_caches(cache_file.parent)
        return _build(cache_file, fingerprint, records, progress)
    except (OSError, sqlite3.Error) as error:
        notify(
            f"cannot write the index to {cache_file.parent} ({error}); reading the store instead"
        )
        return None


def _remove_orphaned_caches(directory: Path) -> None:
    """Caches of stores that no longer exist: checked only when a cache is being built."""
    for other in directory.glob("records-*.sqlite3"):
        try:
            with sqlite3.connect(f"{other.as_uri()}?mode=ro", uri=True) as connection:
                paths = [
                    value
                    for key, value in connection.execute("SELECT key, value FROM meta")
                    if key.startswith("path ")
                ]
            connection.close()
        except sqlite3.Error:
            paths = []  # unreadable: of no use to anyone
        if not all(Path(path).exists() for path in paths) or not paths:
            other.unlink(missing_ok=True)


def _open_current(cache_file: Path, fingerprint: dict[str, str]) -> CachedSource | None:
    if not cache_file.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{cache_file.as_uri()}?mode=ro", uri=True)
        stored = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        if stored != fingerprint:
            connection.close()
            return None
        connection.execute("SELECT count(*) FROM fts").fetchone()
        return CachedSource(connection)
    except sqlite3.Error:  # corrupt, or from another version: rebuild it
        return None


SCHEMA = """
CREATE TABLE records (rowid INTEGER PRIMARY KEY, id TEXT, type TEXT, date_basis TEXT,
                      first TEXT, last TEXT, json TEXT);
CREATE TABLE record_countries (rowid INTEGER, country TEXT);
CREATE TABLE record_tags (rowid INTEGER, tag TEXT);
CREATE TABLE words (folded TEXT PRIMARY KEY, shown TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
INDEXES = """
CREATE INDEX records_by_date ON records (first, last, id);
CREATE INDEX countries_by_name ON record_countries (country, rowid);
CREATE INDEX tags_by_name ON record_tags (tag, rowid);
"""


def _build(
    cache_file: Path,
    fingerprint: dict[str, str],
    records: Sequence[Record],
    progress: Progress | None,
) -> CachedSource:
    """Write the cache to a temporary file and rename it into place when it is complete."""
    import tempfile

    cache_file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.executescript(SCHEMA)
        index = SearchIndex.create(connection)
        for start, batch in _batches(records):
            _write_batch(connection, index, start, batch)
            if progress is not None:
                progress(start + len(batch), len(records))
        connection.executemany("INSERT INTO words VALUES (?, ?)", known_words(records).items())
        connection.executescript(INDEXES)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", fingerprint.items())
        connection.commit()
        connection.close()
        os.replace(temporary, cache_file)  # readers see the old cache or the new, never half
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    connection = sqlite3.connect(f"{cache_file.as_uri()}?mode=ro", uri=True)
    return CachedSource(connection)


def _batches(records: Sequence[Record]) -> Iterator[tuple[int, Sequence[Record]]]:
    for start in range(0, len(records), BATCH):
        yield start, records[start : start + BATCH]


def _write_batch(
    connection: sqlite3.Connection, index: SearchIndex, start: int, batch: Sequence[Record]
) -> None:
    numbered = list(enumerate(batch, start=start))
    connection.executemany(
        "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (
                rowid,
                record.id,
                record.type,
                record.date_basis,
                record.period.start.isoformat(),
                record.period.end.isoformat(),
                json.dumps(record.to_dict(), ensure_ascii=False),
            )
            for rowid, record in numbered
        ),
    )
    connection.executemany(
        "INSERT INTO record_countries VALUES (?, ?)",
        ((rowid, country) for rowid, record in numbered for country in record.countries),
    )
    connection.executemany(
        "INSERT INTO record_tags VALUES (?, ?)",
        ((rowid, tag) for rowid, record in numbered for tag in record.tags),
    )
    index.add(numbered)
