"""The stores pacli reads together, and the one it writes to.

Without --db or PACLI_DB: the bundled store (read-only) and the user's own store in the user data
directory, read together; writes go to the user store. With either: that one store alone, for
reading and for writing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pacli.errors import PacliError, StoreError
from pacli.query import Filters, newest_first, oldest_first, select
from pacli.records import Record
from pacli.store import STORE_ENV_VAR, Store, bundled_store_path, closest_ids_hint, load_store

if TYPE_CHECKING:
    from pacli.index_cache import CachedRecords, Notify, Progress
    from pacli.search import Corpus

DATA_DIR_ENV_VAR = "PACLI_DATA_DIR"
USER_STORE_NAME = "records.json"


class ReadOnlyRecordError(PacliError):
    """An attempt to change a record of the bundled store."""


def user_store_path() -> Path:
    """The user's own store: `PACLI_DATA_DIR`, else the platform's user data directory."""
    override = os.environ.get(DATA_DIR_ENV_VAR)
    if override:
        return Path(override) / USER_STORE_NAME
    from platformdirs import user_data_dir

    return Path(user_data_dir("pacli", appauthor=False)) / USER_STORE_NAME


class Library:
    """Stores read together, with no id in two of them; `writable` is where writes go, and
    `bundled` the read-only store when it is one of them. The stores are read when first needed;
    a large library may instead answer `select` and searches from its cache (`cached`)."""

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
        self.cached: CachedRecords | None = None

    @cached_property
    def stores(self) -> list[Store]:
        return self._load()

    @cached_property
    def records(self) -> list[Record]:
        return [record for store in self.stores for record in store.records]

    @cached_property
    def by_id(self) -> dict[str, Record]:
        return {record.id: record for record in self.records}

    def use_cache(self, notify: Notify, progress: Progress | None = None) -> None:
        """Answer from the cache from now on, when the stores are large enough to have one."""
        from pacli.index_cache import is_large, open_cache

        if all(path.is_file() for path in self.paths) and is_large(self.paths):
            self.cached = open_cache(self.paths, lambda: self.records, notify, progress)

    def corpus(self) -> Corpus:
        """What `search` reads: the cache, or the records in memory."""
        if self.cached is not None:
            return self.cached
        from pacli.search import MemoryCorpus

        return MemoryCorpus(self.records)

    def select(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[Record]:
        """The records that pass `filters`, newest or oldest first, at most `limit` of them."""
        if self.cached is not None:
            return self.cached.select(filters, newest=newest, limit=limit)
        ordered = (newest_first if newest else oldest_first)(select(self.records, filters))
        return ordered if limit is None else ordered[:limit]

    def select_json(self, filters: Filters, *, newest: bool, limit: int | None = None) -> list[str]:
        """As `select`, each record as its JSON text; from the cache without decoding it."""
        if self.cached is not None:
            return self.cached.select_json(filters, newest=newest, limit=limit)
        chosen = self.select(filters, newest=newest, limit=limit)
        return [json.dumps(record.to_dict(), ensure_ascii=False) for record in chosen]

    def known_tags(self) -> set[str]:
        if self.cached is not None:
            return self.cached.known_tags()
        return {tag for record in self.records for tag in record.tags}

    def get(self, record_id: str) -> Record:
        record = self.by_id.get(record_id)
        if record is None:
            from pacli.errors import NotFoundError

            hint = closest_ids_hint(record_id, self.by_id)
            raise NotFoundError(f"no record with id {record_id!r}{hint}")
        return record

    def store_of(self, record_id: str) -> Store:
        self.get(record_id)
        return next(store for store in self.stores if record_id in store.by_id)

    def ids_outside(self, path: Path) -> set[str]:
        """Ids of the records in every store but the one at `path`."""
        return {
            record.id for store in self.stores if store.path != path for record in store.records
        }

    def check_writable(self, record_id: str) -> None:
        """ReadOnlyRecordError unless the record lives in the store pacli writes to."""
        if self.store_of(record_id).path != self.writable:
            raise ReadOnlyRecordError(
                f"record {record_id!r} is part of the bundled store, which is read-only; "
                "add a record of your own with `pacli add` instead"
            )


def chosen_store(db: Path | None) -> Path | None:
    """The one store named by --db or PACLI_DB, or None to use the bundled and user stores."""
    if db is not None and str(db):
        return db
    from_env = os.environ.get(STORE_ENV_VAR)
    return Path(from_env) if from_env else None


def open_library(
    db: Path | None,
    *,
    for_writing: bool = False,
    cache_notify: Notify | None = None,
    progress: Progress | None = None,
) -> Library:
    """The stores to use. A named store that does not exist is an error when reading, and an
    empty store (created by the first write) when writing. With `cache_notify`, a large library
    answers from its cache (built if need be, which `cache_notify` and `progress` report)."""
    named = chosen_store(db)
    if named is not None:
        if not named.exists() and for_writing:
            return Library([named], lambda: [Store(named, [])], writable=named)
        library = Library([named], lambda: [load_store(named)], writable=named)
    else:
        user_path = user_store_path()
        paths = [bundled_store_path(), *([user_path] if user_path.exists() else [])]
        library = Library(paths, lambda: _bundled_and_user(paths), user_path, paths[0])
    if cache_notify is not None:
        library.use_cache(cache_notify, progress)
    if library.cached is None:
        library.stores  # noqa: B018 - a store that cannot be read is an error now, not later
    return library


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
