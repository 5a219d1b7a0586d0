"""The SQLite cache of large stores, in the user cache directory (pacli.storage.catalog holds its
tables), so that reading commands answer without reading a 100 MB store.

A cache is keyed by each store's resolved path and file status: device, inode, size, and the
modification and status-change times in nanoseconds. A program that changes a store changes its
ctime, which no program can set back, so no edit goes unseen without hashing the store on every
command. A write through pacli updates the cache in the same locked step and records the new key.
A stale, damaged or half-built cache is never used and never an error: it is rebuilt, and the
rebuild is said on stderr. Nothing is ever written next to a store.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from pacli.callbacks import Notify, Progress
from pacli.search.index import SearchIndex
from pacli.storage.build_worker import StreamRecords, catalog_batches
from pacli.storage.cached_source import CachedSource
from pacli.storage.catalog import INDEXES, SCHEMA, CatalogRows, insert_rows
from pacli.storage.phrase_store import cache_file_of, phrase_files

CACHE_ENV_VAR = "PACLI_CACHE_DIR"
CACHE_FORMAT = "8"  # bump when the tables, columns or tokenizer change
LOCK_TIMEOUT_SECONDS = 600.0  # another pacli building the same cache
READ_BUSY_SECONDS = 30.0  # a reader's wait for a write to the cache to end
# Caches found damaged mid-command, whose rebuild the command has announced: said once.
announced_rebuilds: set[Path] = set()


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV_VAR)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("pacli", appauthor=False))


def file_key(path: Path) -> str:
    """What identifies a store file's content without reading it (see the module's docstring)."""
    status = path.stat()
    return (
        f"{status.st_dev}:{status.st_ino}:{status.st_size}:"
        f"{status.st_mtime_ns}:{status.st_ctime_ns}"
    )


def store_fingerprint(paths: Sequence[Path]) -> dict[str, str]:
    from pacli import __version__

    # pacli's version too: another version may store records or index them differently.
    fingerprint = {"format": CACHE_FORMAT, "pacli": __version__}
    for number, path in enumerate(paths):
        fingerprint[f"path {number}"] = _path_text(path.resolve())
        fingerprint[f"file {number}"] = file_key(path)
    return fingerprint


def _path_text(path: Path) -> str:
    """A path as text SQLite can hold: itself, or `bytes:` and its bytes in hex when its name
    is not UTF-8 (a Latin-1 name, say), so that `_path_of` gives it back."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "bytes:" + raw.hex()


def _names_a_file(text: str) -> bool:
    try:
        return _path_of(text).exists()
    except ValueError:  # `bytes:` and no hex: a damaged meta table
        return False


def _path_of(text: str) -> Path:
    if text.startswith("bytes:"):  # a path kept is absolute, so no name starts this way
        return Path(os.fsdecode(bytes.fromhex(text.removeprefix("bytes:"))))
    return Path(text)


def _read_only(cache_file: Path) -> sqlite3.Connection:
    """The cache opened to read; it waits for a pacli writing to it (a lock is not damage)."""
    uri = f"{cache_file.as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=READ_BUSY_SECONDS)


def cache_file_for(paths: Sequence[Path]) -> Path:
    key = "\n".join(str(path.resolve()) for path in paths)
    name = hashlib.blake2b(os.fsencode(key), digest_size=10).hexdigest()
    return cache_dir() / f"records-{name}.sqlite3"


def open_cache(
    paths: Sequence[Path],
    stream_records: StreamRecords,
    notify: Notify,
    progress: Progress | None = None,
) -> CachedSource | None:
    """The cache of the stores at `paths`: opened when current, rebuilt when not (the records
    come from `stream_records`, which validates them), None when nothing can be cached."""
    cache_file = cache_file_for(paths)
    fingerprint = store_fingerprint(paths)
    cached, damaged = _open_current(cache_file, fingerprint)
    if cached is not None:
        return cached
    names = " and ".join(str(path) for path in paths)
    reason = (
        "is damaged" if damaged else "is out of date" if cache_file.exists() else "is not built yet"
    )
    if cache_file in announced_rebuilds:
        announced_rebuilds.discard(cache_file)
    else:
        notify(f"the index of {names} {reason}; building it")
    try:
        return _build_locked(cache_file, paths, stream_records, progress)
    except (OSError, sqlite3.Error) as error:
        notify(
            f"cannot write the index to {cache_file.parent} ({error}); reading the store instead"
        )
        return None


def _open_current(
    cache_file: Path, fingerprint: dict[str, str]
) -> tuple[CachedSource | None, bool]:
    """The cache if it is current, and whether it was found damaged."""
    if not cache_file.is_file():
        return None, False
    try:
        connection = _read_only(cache_file)
        stored = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:  # damaged, or not a cache at all
        cache_file.unlink(missing_ok=True)
        return None, True
    if stored != fingerprint:
        connection.close()
        return None, False
    return CachedSource(connection, cache_file), False


def _build_locked(
    cache_file: Path,
    paths: Sequence[Path],
    stream_records: StreamRecords,
    progress: Progress | None,
) -> CachedSource:
    """Build the cache holding a lock, so that two pacli building it at once do not both work;
    the second finds it built. Temporary files of a build that was killed are removed."""
    from filelock import FileLock

    cache_file.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{cache_file}.lock", timeout=LOCK_TIMEOUT_SECONDS):
        fingerprint = store_fingerprint(paths)
        cached, _ = _open_current(cache_file, fingerprint)
        if cached is not None:
            return cached
        for orphan in cache_file.parent.glob(f"{cache_file.name}.*.tmp"):
            orphan.unlink(missing_ok=True)
        _remove_orphaned_caches(cache_file.parent)
        store_bytes = sum(path.stat().st_size for path in paths)
        _build(
            cache_file,
            fingerprint,
            catalog_batches(stream_records, progress, store_bytes=store_bytes),
        )
        if store_fingerprint(paths) != fingerprint:  # changed while it was read: next time
            cache_file.unlink(missing_ok=True)
        for stale in cache_file.parent.glob(phrase_files(cache_file)):
            stale.unlink(missing_ok=True)
    return CachedSource(_read_only(cache_file), cache_file)


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
        if not paths or not all(_names_a_file(path) for path in paths):
            other.unlink(missing_ok=True)
    for lists in directory.glob("phrases-*"):  # of a cache removed, or never built
        if not cache_file_of(lists).exists():
            lists.unlink(missing_ok=True)


def _build(cache_file: Path, fingerprint: dict[str, str], batches: Iterator[CatalogRows]) -> None:
    """Write the cache to a temporary file and rename it into place when it is complete."""
    import tempfile

    handle, temporary = tempfile.mkstemp(
        dir=cache_file.parent, prefix=f"{cache_file.name}.", suffix=".tmp"
    )
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA cache_size = -262144")  # 256 MiB while building, not after
        connection.executescript(SCHEMA)
        # Indexed as rows go in: the worker is making the next rows meanwhile; after, nobody is.
        connection.executescript(INDEXES)
        SearchIndex.create(connection)
        # Fewer, larger merges of the index's segments while it is built in one go.
        connection.execute("INSERT INTO fts(fts, rank) VALUES('automerge', 16)")
        for rows in batches:
            insert_rows(connection, rows)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", fingerprint.items())
        connection.commit()
        connection.close()
        os.replace(temporary, cache_file)  # readers see the old cache or the new, never half
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
