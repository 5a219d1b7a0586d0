"""The stores pacli reads together, and the one it writes to.

Without --db or PACLI_DB: the bundled store (read-only) and the user's own store in the user data
directory, read together; writes go to the user store. With either: that one store alone, for
reading and for writing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pacli.errors import PacliError, StoreError
from pacli.records import Record
from pacli.store import STORE_ENV_VAR, Store, bundled_store_path, closest_ids_hint, load_store

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


@dataclass
class Library:
    """Stores read together, with no id in two of them; `writable` is where writes go."""

    stores: list[Store]
    writable: Path
    bundled: Path | None = None  # the read-only store, when it is one of `stores`
    records: list[Record] = field(init=False, repr=False)
    by_id: dict[str, Record] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.records = [record for store in self.stores for record in store.records]
        self.by_id = {record.id: record for record in self.records}

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


def open_library(db: Path | None, *, for_writing: bool = False) -> Library:
    """The stores to use. A named store that does not exist is an error when reading, and an
    empty store (created by the first write) when writing."""
    named = chosen_store(db)
    if named is not None:
        if not named.exists() and for_writing:
            return Library([Store(named, [])], writable=named)
        return Library([load_store(named)], writable=named)
    bundled = load_store(bundled_store_path(), strict=True)
    user_path = user_store_path()
    stores = [bundled]
    if user_path.exists():
        user = load_store(user_path, other_ids=bundled.by_id)
        twice = sorted(set(user.by_id) & set(bundled.by_id))
        if twice:
            raise StoreError(
                f"store {user_path} reuses the id {twice[0]!r} of a bundled record; "
                "rename it there (ids must be unique)"
            )
        stores.append(user)
    return Library(stores, writable=user_path, bundled=bundled.path)
