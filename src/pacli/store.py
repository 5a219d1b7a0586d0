"""Stores: TinyDB JSON files with one table, `records`. The only module that imports TinyDB:
loading and validation, and atomic, locked writes."""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tinydb.table import Table

from pacli.errors import StoreError
from pacli.records import Record, record_problems

TABLE = "records"
STORE_ENV_VAR = "PACLI_DB"


def bundled_store_path() -> Path:
    """The store shipped inside the package (data/records.json of the repository)."""
    packaged = Path(__file__).parent / "data" / "records.json"
    if packaged.is_file():
        return packaged
    # An editable install runs from the checkout, where the store sits at the top.
    return Path(__file__).resolve().parents[2] / "data" / "records.json"


class Store:
    """The records of one store, in document order, and by id."""

    def __init__(self, path: Path, records: list[Record]) -> None:
        self.path = path
        self.records = records
        self.by_id = {record.id: record for record in records}


def closest_ids_hint(record_id: str, known_ids: Iterable[str]) -> str:
    import difflib

    ids = list(known_ids)
    close = difflib.get_close_matches(record_id, ids, n=3, cutoff=0.5)
    if not close:
        close = [known for known in ids if record_id.lower() in known][:3]
    if not close:
        return "; `pacli list` shows every id"
    return f"; did you mean {', '.join(close)}?"


def read_store_file(path: Path) -> dict[str, Any]:
    """The parsed JSON document of a store, or StoreError naming the path and the problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(
            f"store not found: {path} (give --db or {STORE_ENV_VAR} the path of a pacli store)"
        ) from None
    except IsADirectoryError:
        raise StoreError(f"store {path} is a directory, not a JSON file") from None
    except OSError as error:
        raise StoreError(f"cannot read store {path}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(
            f"store {path} is not UTF-8 text (byte {error.start}); a pacli store is UTF-8 JSON"
        ) from None
    if not text.strip():
        raise StoreError(f"store {path} is empty; a pacli store is a JSON object")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise StoreError(
            f"store {path} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); it may be truncated"
        ) from None
    if not isinstance(document, dict):
        raise StoreError(f'store {path} must be a JSON object with a "{TABLE}" table')
    if document and TABLE not in document:
        # Another program's JSON, or a TinyDB file of other tables: never read or write it.
        raise StoreError(f'{path} is not a pacli store: it has no "{TABLE}" table')
    return document


def store_problems(
    document: dict[str, Any], *, strict: bool = False, other_ids: Collection[str] = ()
) -> list[str]:
    """Every problem of a parsed store, each line naming the record and field.

    `other_ids` are the ids of the other stores read with this one, which `related` may name.
    """
    table = document.get(TABLE, {})
    if not isinstance(table, dict):
        return [f'the "{TABLE}" table must be an object of documents keyed by number']
    problems: list[str] = []
    seen_ids: dict[str, str] = {}
    for doc_id, data in table.items():
        where = _where(doc_id, data)
        if not (doc_id.isascii() and doc_id.isdigit() and str(int(doc_id)) == doc_id):
            problems.append(f"document {doc_id!r}: TinyDB document ids are whole numbers")
        problems += [f"{where}: {problem}" for problem in record_problems(data, strict=strict)]
        record_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(record_id, str):
            if record_id in seen_ids:
                problems.append(f"{where}: id also used by document {seen_ids[record_id]}")
            seen_ids.setdefault(record_id, doc_id)
    problems += _dangling_related(table, set(seen_ids) | set(other_ids))
    return problems


def _where(doc_id: str, data: Any) -> str:
    record_id = data.get("id") if isinstance(data, dict) else None
    return f"record {record_id!r}" if isinstance(record_id, str) else f"document {doc_id}"


def _dangling_related(table: dict[str, Any], known_ids: set[str]) -> list[str]:
    problems = []
    for doc_id, data in table.items():
        related = data.get("related") if isinstance(data, dict) else None
        if not isinstance(related, list):
            continue
        for other in related:
            if isinstance(other, str) and other not in known_ids:
                problems.append(f"{_where(doc_id, data)}: related: no record has id {other!r}")
    return problems


def problems_summary(path: Path, problems: Sequence[str]) -> str:
    more = (
        f" (and {len(problems) - 1} more; run `pacli validate {path}`)" if len(problems) > 1 else ""
    )
    return f"store {path} is not valid: {problems[0]}{more}"


def load_store(path: Path, *, strict: bool = False, other_ids: Collection[str] = ()) -> Store:
    """Read and validate a store; StoreError with the first problem if it is not valid.

    Read with the json module rather than TinyDB: nothing is written, and a parse error keeps
    its line and column.
    """
    document = read_store_file(path)
    problems = store_problems(document, strict=strict, other_ids=other_ids)
    if problems:
        raise StoreError(problems_summary(path, problems))
    table = document.get(TABLE, {})
    ordered = sorted(table.items(), key=lambda item: int(item[0]))
    return Store(path=path, records=[Record.from_dict(data) for _, data in ordered])


# --- writing ---------------------------------------------------------------------------------

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
        yield database.table(TABLE)
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
