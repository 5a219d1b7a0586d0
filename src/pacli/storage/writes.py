"""Writing a store: the lock, the atomic replacement, and the way a small store is changed
(through TinyDB; the only module that imports it). Every change is made in memory, checked as a
whole, and written once, atomically, while a lock keeps other writers out. A large store with a
current cache is changed by splicing instead (pacli.storage.spliced)."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Sequence
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
    """A store as saved: sorted keys, two-space indent, UTF-8 not escaped, so diffs read well.
    Written with orjson, which gives the bytes json.dumps would, thirty times faster."""
    return store_bytes(document).decode("utf-8")


def store_bytes(value: Any) -> bytes:
    import orjson

    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def write_atomically(path: Path, content: str | Iterable[bytes | memoryview]) -> None:
    """Replace `path` with `content` (text, or pieces of bytes) so that a reader or a crash sees
    the old file or the new one, never a part: write a temporary file beside it, flush and fsync
    it, then rename it over."""
    import tempfile

    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(content, str):
                stream.write(content.encode("utf-8"))
            else:
                stream.writelines(content)
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


def real_store_path(path: Path) -> Path:
    """The file a store path names, its symlinks followed, so that writers through two names
    share one lock; StoreError for a symlink loop or a link to nothing (never written over)."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            raise StoreError(
                f"store {path} is a symlink to {path.readlink()}, which does not exist; "
                "it was not created"
            ) from None
        except (OSError, RuntimeError):
            raise StoreError(f"store {path} is a symlink that loops; it was not changed") from None
        return target
    return path.parent.resolve() / path.name if path.parent.exists() else path


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
def locked_store(path: Path, *, make_directory: bool = False) -> Iterator[Path]:
    """The real path of the store at `path` (its symlinks followed), checked to be writable and
    locked against other writers for the length of the block."""
    from filelock import FileLock, Timeout

    path = real_store_path(path)  # the lock and the rename act on the file itself, not a link
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
        yield path
    finally:
        lock.release()


@contextmanager
def store_transaction(
    path: Path,
    *,
    other_ids: Collection[str] = (),
    strict: bool = False,
    make_directory: bool = False,
) -> Iterator[TinyStoreTable]:
    """The records of the store at `path`, locked against other writers; every change is
    validated as a whole and written at once when the block ends without an error.
    `make_directory` creates the store's directory (for the user store) if it is missing."""
    with (
        locked_store(path, make_directory=make_directory) as real,
        tiny_transaction(real, other_ids=other_ids, strict=strict) as table,
    ):
        yield table


@contextmanager
def tiny_transaction(
    real: Path, *, other_ids: Collection[str] = (), strict: bool = False
) -> Iterator[TinyStoreTable]:
    """As `store_transaction`, for a store already locked (`real`: its real path)."""
    with staged_database(real, other_ids=other_ids, strict=strict) as database:
        yield TinyStoreTable(database.table(TABLE))


@contextmanager
def database_transaction(
    path: Path,
    *,
    other_ids: Collection[str] = (),
    strict: bool = False,
    make_directory: bool = False,
) -> Iterator[TinyDB]:
    """The whole TinyDB database of the store at `path`, locked, so that one atomic write can
    change several tables (records and the sources they were drafted from)."""
    with (
        locked_store(path, make_directory=make_directory) as real,
        staged_database(real, other_ids=other_ids, strict=strict) as database,
    ):
        yield database


@contextmanager
def staged_database(
    real: Path, *, other_ids: Collection[str] = (), strict: bool = False
) -> Iterator[TinyDB]:
    """The TinyDB database of a locked store, checked before and after the block's changes,
    which are written at once when it ends without an error."""
    from tinydb import TinyDB

    database = TinyDB(str(real), storage=_staged_storage())
    storage: Any = database.storage  # a StagedStorage
    before = storage.read()
    if before is not None:
        problems = store_problems(before, strict=strict, other_ids=other_ids)
        if problems:
            raise StoreError(problems_summary(real, problems) + "; it was not changed")
    yield database
    if storage.document is not None:
        problems = store_problems(storage.document, strict=strict, other_ids=other_ids)
        if problems:
            raise StoreError(f"the change would make store {real} invalid: {problems[0]}")
    try:
        storage.commit()
    except OSError as error:
        raise StoreError(f"cannot write store {real}: {error.strerror or error}") from None


class TinyStoreTable:
    """A store's records through TinyDB, as a write changes them (see tables.StoreTable)."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def ids(self) -> set[str]:
        return {document["id"] for document in self.table.all()}

    def document(self, record_id: str) -> dict[str, Any] | None:
        found = self._find(record_id)
        return dict(found) if found is not None else None

    def naming(self, record_id: str) -> list[dict[str, Any]]:
        return [dict(doc) for doc in self.table.all() if record_id in (doc.get("related") or [])]

    def insert(self, record: dict[str, Any]) -> None:
        self.table.insert(record)

    def insert_all(self, records: Sequence[dict[str, Any]]) -> None:
        self.table.insert_multiple(records)

    def replace(self, record: dict[str, Any]) -> None:
        found = self._find(record["id"])
        assert found is not None
        self.table.update(record, doc_ids=[found.doc_id])

    def remove(self, record_id: str) -> None:
        found = self._find(record_id)
        assert found is not None
        self.table.remove(doc_ids=[found.doc_id])

    def _find(self, record_id: str) -> Any:
        return next((doc for doc in self.table.all() if doc.get("id") == record_id), None)
