"""The stores pacli reads together, and the one it writes to.

Without a named store: the bundled store (read-only) and the user's own store in the user data
directory, read together; writes go to the user store. With one (--db or PACLI_DB, resolved by
the command line): that store alone, for reading and for writing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pacli.errors import ReadOnlyRecordError, StoreError
from pacli.model.records import Record
from pacli.storage.store_file import Store, bundled_store_path, load_store

if TYPE_CHECKING:
    from pacli.callbacks import Notify, Progress
    from pacli.storage.record_source import RecordSource

DATA_DIR_ENV_VAR = "PACLI_DATA_DIR"
# Below this size an in-memory index takes a few milliseconds: not worth a cache file.
LARGE_STORE_BYTES = 1_000_000
USER_STORE_NAME = "records.json"


def user_store_path() -> Path:
    """The user's own store: `PACLI_DATA_DIR`, else the platform's user data directory."""
    override = os.environ.get(DATA_DIR_ENV_VAR)
    if override:
        return Path(override) / USER_STORE_NAME
    from platformdirs import user_data_dir

    return Path(user_data_dir("pacli", appauthor=False)) / USER_STORE_NAME


class Library:
    """Stores read together, with no id in two of them; `writable` is where writes go, and
    `bundled` the read-only store when it is one of them. Reading commands ask `source`: a large
    library's cache when `open_cache` gives one, else the records in memory. The stores, and
    the cache, are read (or built) when first needed: after a command has checked its options."""

    def __init__(
        self,
        paths: list[Path],
        load: Callable[[], list[Store]],
        writable: Path,
        bundled: Path | None = None,
    ) -> None:
        self.paths = paths
        self._load = load
        self.writable = writable
        self.bundled = bundled
        self.open_cache: Callable[[], RecordSource | None] = lambda: None

    @cached_property
    def source(self) -> RecordSource:
        from pacli.storage.record_source import MemorySource

        return self.open_cache() or MemorySource(lambda: self.records)

    def check_readable(self) -> None:
        """StoreError now if a store cannot be read: its cache opened (or built), or the stores
        read into memory."""
        from pacli.storage.record_source import MemorySource

        if isinstance(self.source, MemorySource):
            self.stores  # noqa: B018

    @cached_property
    def stores(self) -> list[Store]:
        return self._load()

    @cached_property
    def records(self) -> list[Record]:
        return [record for store in self.stores for record in store.records]

    def ids_of(self, number: int) -> set[str]:
        """The ids of the records of store number `number` (of `paths`)."""
        from pacli.storage.cached_source import CachedSource

        if isinstance(self.source, CachedSource):
            return self.source.ids(number)
        return set(self.stores[number].by_id)

    def all_ids(self) -> set[str]:
        return {rid for number in range(len(self.paths)) for rid in self.ids_of(number)}

    @property
    def is_user_store(self) -> bool:
        """Whether pacli writes to the user's own store, whose directory it may create."""
        return self.bundled is not None

    def ids_outside(self, path: Path) -> set[str]:
        """Ids of the records in every store but the one at `path`."""
        numbers = [number for number, other in enumerate(self.paths) if other != path]
        return {rid for number in numbers for rid in self.ids_of(number)}

    def check_writable(self, record_id: str) -> None:
        """ReadOnlyRecordError unless the record lives in the store pacli writes to (NotFoundError
        if it is nowhere)."""
        self.source.get(record_id)
        writable = self.paths.index(self.writable) if self.writable in self.paths else None
        if writable is None or record_id not in self.ids_of(writable):
            raise ReadOnlyRecordError(
                f"record {record_id!r} is part of the bundled store, which is read-only; "
                "add a record of your own with `pacli add` instead"
            )


def open_library(
    named: Path | None,
    *,
    for_writing: bool = False,
    cache_notify: Notify | None = None,
    progress: Progress | None = None,
) -> Library:
    """The stores to use: the `named` one alone, or the bundled store and the user's. A named
    store that does not exist is an error when reading, and an empty store (created by the first
    write) when writing. With `cache_notify`, a large library answers from its cache (built if
    need be, which `cache_notify` and `progress` report), opened when its source is first
    asked for; without, the stores are read now."""
    if named is not None:
        if not named.exists() and for_writing:
            return Library([named], lambda: [Store(named, [])], writable=named)
        library = Library([named], lambda: [load_store(named)], writable=named)
    else:
        user_path = user_store_path()
        paths = [bundled_store_path(), *([user_path] if user_path.exists() else [])]
        library = Library(paths, lambda: _bundled_and_user(paths), user_path, paths[0])
    if cache_notify is None:
        library.check_readable()
    else:
        library.open_cache = lambda: _cached_source(library, cache_notify, progress)
    return library


def _cached_source(
    library: Library, notify: Notify, progress: Progress | None
) -> RecordSource | None:
    """The cache of a large library (see pacli.storage.cache), or None for a small one."""
    paths = library.paths
    if not all(path.is_file() for path in paths):
        return None
    if sum(path.stat().st_size for path in paths) < LARGE_STORE_BYTES:
        return None
    from pacli.storage.cache import open_cache
    from pacli.storage.streaming import streamed_records

    return open_cache(paths, lambda report: streamed_records(paths, report), notify, progress)


def _bundled_and_user(paths: list[Path]) -> list[Store]:
    bundled = load_store(paths[0], strict=True)
    if len(paths) == 1:
        return [bundled]
    user = load_store(paths[1], other_ids=bundled.by_id)
    twice = sorted(set(user.by_id) & set(bundled.by_id))
    if twice:
        raise StoreError(
            f"store {paths[1]} reuses the id {twice[0]!r} of a bundled record; "
            "rename it there (ids must be unique)"
        )
    return [bundled, user]
