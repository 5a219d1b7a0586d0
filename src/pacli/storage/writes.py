"""Writing a store: the only module that imports TinyDB. Every change is made in memory, checked
as a whole, and written once, atomically, while a lock keeps other writers out."""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tinydb import TinyDB
    from tinydb.table import Table

from pacli.errors import StoreError
from pacli.storage.store_file import TABLE, problems_summary, read_store_file, store_problems

LOCK_TIMEOUT_SECONDS = 60.0


def store_text(document: dict[str, Any]) -> str:
    """A store as saved: sorted keys, two-space indent, UTF-8 not escaped, so diffs read well."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a reader or a crash sees the old file or the new one,
    never a part: write a temporary file beside it, flush and fsync it, then rename it over."""
    import tempfile

    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself must survive a crash too
    finally:
        os.close(directory)


def _remove_orphaned_temporaries(path: Path) -> None:
    """Temporary files of writers that were killed; safe to delete while holding the lock."""
    for orphan in path.parent.glob(f".{path.name}.*.tmp"):
        orphan.unlink(missing_ok=True)


@cache
def _staged_storage() -> type[Any]:
    """The storage class, made on first use: TinyDB is imported only by commands that write."""
    from tinydb.storages import Storage

    class StagedStorage(Storage):
        """A TinyDB storage that reads a store once, keeps every change in memory, and writes
        nothing until `commit`, so that a command that fails leaves the store as it was."""

        def __init__(self, path: str) -> None:
            self.path = Path(path)
            self.document: dict[str, Any] | None = None
            self.changed = False

        def read(self) -> dict[str, Any] | None:
            if self.document is None and self.path.exists():
                self.document = read_store_file(self.path)
            return self.document

        def write(self, data: dict[str, Any]) -> None:
            self.document = data
            self.changed = True

        def commit(self) -> None:
            if self.changed and self.document is not None:
                write_atomically(self.path, store_text(self.document))

    return StagedStorage


def check_writable(path: Path, *, make_directory: bool = False) -> None:
    """StoreError unless pacli may write the store at `path` (and its lock file beside it)."""
    directory = path.parent
    if make_directory:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create {directory}: {error.strerror or error}") from None
    if not directory.is_dir():
        raise StoreError(f"cannot write store {path}: the directory {directory} does not exist")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write store {path}: {directory} is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(f"store {path} is read-only; it was not changed")


@contextmanager
def store_transaction(
    path: Path,
    *,
    other_ids: Collection[str] = (),
    strict: bool = False,
    make_directory: bool = False,
) -> Iterator[Table]:
    """The `records` table of the store at `path`, locked against other writers; every change
    is validated as a whole and written at once when the block ends without an error.
    `make_directory` creates the store's directory (for the user store) if it is missing."""
    with database_transaction(
        path, other_ids=other_ids, strict=strict, make_directory=make_directory
    ) as database:
        yield database.table(TABLE)


@contextmanager
def database_transaction(
    path: Path,
    *,
    other_ids: Collection[str] = (),
    strict: bool = False,
    make_directory: bool = False,
) -> Iterator[TinyDB]:
    """As `store_transaction`, but the whole TinyDB database, so that one locked, atomic write
    can change several tables (records and the sources they were drafted from)."""
    from filelock import FileLock, Timeout
    from tinydb import TinyDB

    check_writable(path, make_directory=make_directory)
    lock = FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT_SECONDS)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"store {path} has been locked by another pacli for {LOCK_TIMEOUT_SECONDS:.0f}s"
        ) from None
    except OSError as error:
        raise StoreError(f"cannot lock store {path}: {error.strerror or error}") from None
    try:
        _remove_orphaned_temporaries(path)
        database = TinyDB(str(path), storage=_staged_storage())
        storage: Any = database.storage  # a StagedStorage
        before = storage.read()
        if before is not None:
            problems = store_problems(before, strict=strict, other_ids=other_ids)
            if problems:
                raise StoreError(problems_summary(path, problems) + "; it was not changed")
        yield database
        if storage.document is not None:
            problems = store_problems(storage.document, strict=strict, other_ids=other_ids)
            if problems:
                raise StoreError(f"the change would make store {path} invalid: {problems[0]}")
        try:
            storage.commit()
        except OSError as error:
            raise StoreError(f"cannot write store {path}: {error.strerror or error}") from None
    finally:
        lock.release()
