"""The search index of a large store, cached in the user cache directory.

A cached index is keyed by the store's resolved path and its content (size, mtime and a BLAKE2
hash). A stale or corrupt cache is never used and never an error: it is rebuilt. Nothing is ever
written next to the store itself.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from pacli.records import Record
from pacli.search import SearchIndex

# Below this size an in-memory index takes a few milliseconds: not worth a file.
LARGE_STORE_BYTES = 1_000_000
CACHE_ENV_VAR = "PACLI_CACHE_DIR"
INDEX_FORMAT = "1"  # bump when the index's columns or tokenizer change

Notify = Callable[[str], None]


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV_VAR)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("pacli", appauthor=False))


def store_fingerprint(paths: Sequence[Path]) -> dict[str, str]:
    """What identifies the stores' content: their paths, sizes, mtimes and a hash of their bytes."""
    fingerprint = {"format": INDEX_FORMAT}
    for number, path in enumerate(paths):
        stat = path.stat()
        digest = hashlib.blake2b(digest_size=20)
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        fingerprint[f"path {number}"] = str(path.resolve())
        fingerprint[f"size {number}"] = str(stat.st_size)
        fingerprint[f"mtime_ns {number}"] = str(stat.st_mtime_ns)
        fingerprint[f"blake2b {number}"] = digest.hexdigest()
    return fingerprint


def cache_file_for(paths: Sequence[Path]) -> Path:
    key = "\n".join(str(path.resolve()) for path in paths)
    name = hashlib.blake2b(key.encode(), digest_size=10).hexdigest()
    return cache_dir() / f"search-{name}.sqlite3"


def search_index_for(
    paths: Sequence[Path], records: Sequence[Record], notify: Notify
) -> SearchIndex:
    """An index of `records`, the content of the stores at `paths` read together: from the
    cache when it is current, rebuilt into it when not, and in memory when the stores are small
    or nothing can be cached."""
    if sum(path.stat().st_size for path in paths) < LARGE_STORE_BYTES:
        return SearchIndex.in_memory(records)
    fingerprint = store_fingerprint(paths)
    cache_file = cache_file_for(paths)
    cached = _open_cached(cache_file, fingerprint)
    if cached is not None:
        return cached
    reason = "is out of date" if cache_file.exists() else "is not built yet"
    names = " and ".join(str(path) for path in paths)
    notify(f"the search index for {names} {reason}; building it ({len(records)} records)")
    try:
        return _build_cached(cache_file, fingerprint, records)
    except (OSError, sqlite3.Error) as error:
        notify(f"cannot cache the search index ({error}); searching without a cache")
        return SearchIndex.in_memory(records)


def _open_cached(cache_file: Path, fingerprint: dict[str, str]) -> SearchIndex | None:
    if not cache_file.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{cache_file.as_uri()}?mode=ro", uri=True)
        stored = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        if stored != fingerprint:
            connection.close()
            return None
        connection.execute("SELECT count(*) FROM fts").fetchone()
        return SearchIndex(connection)
    except sqlite3.Error:  # corrupt or from another version: rebuild it
        return None


def _build_cached(
    cache_file: Path, fingerprint: dict[str, str], records: Sequence[Record]
) -> SearchIndex:
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        index = SearchIndex.create(connection)
        index.add(enumerate(records))
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        connection.executemany("INSERT INTO meta VALUES (?, ?)", fingerprint.items())
        connection.commit()
        connection.close()
        os.replace(temporary, cache_file)  # readers see the old index or the new, never half
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return SearchIndex(sqlite3.connect(f"{cache_file.as_uri()}?mode=ro", uri=True))
