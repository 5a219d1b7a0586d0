"""Reading a store: a TinyDB JSON file with one table, `records`, parsed and checked against the
schema. Read with the json module, never TinyDB: reading never writes."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from pacli.errors import StoreError
from pacli.model.records import Record
from pacli.model.schema import record_problems
from pacli.storage.sources_table import sources_problems

TABLE = "records"
STORE_ENV_VAR = "PACLI_DB"


def bundled_store_path() -> Path:
    """The store shipped inside the package (data/records.json of the repository)."""
    packaged = Path(__file__).parents[1] / "data" / "records.json"
    if packaged.is_file():
        return packaged
    # An editable install runs from the checkout, where the store sits at the top.
    return Path(__file__).resolve().parents[3] / "data" / "records.json"


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
    """The parsed JSON document of a store, or StoreError naming the path and the problem. Read
    within bounds (pacli.storage.bounded): a regular file, at most MAX_STORE_BYTES."""
    from pacli.model.limits import MAX_STORE_BYTES
    from pacli.storage.bounded import ReadProblem, decode, parse_json, read_bounded

    try:
        raw = read_bounded(path, MAX_STORE_BYTES)
        text = decode(raw)
        if not text.strip():
            raise ReadProblem("is empty; a pacli store is a JSON object")
        document = parse_json(text, raw)
    except FileNotFoundError:
        raise StoreError(_not_found(path)) from None
    except IsADirectoryError:
        raise StoreError(f"store {path} is a directory, not a JSON file") from None
    except ReadProblem as problem:
        raise StoreError(f"store {path} {problem}") from None
    except OSError as error:
        raise StoreError(f"cannot read store {path}: {error.strerror or error}") from None
    if not isinstance(document, dict):
        raise StoreError(f'store {path} must be a JSON object with a "{TABLE}" table')
    if document and TABLE not in document:
        # Another program's JSON, or a TinyDB file of other tables: never read or write it.
        raise StoreError(f'{path} is not a pacli store: it has no "{TABLE}" table')
    return document


def _not_found(path: Path) -> str:
    if path.is_symlink():
        return f"store {path} is a symlink to {path.readlink()}, which does not exist"
    return f"store not found: {path} (give --db or {STORE_ENV_VAR} the path of a pacli store)"


class StoreChecker:
    """The schema's rules for a whole store, fed one document at a time (so that a store can be
    checked as it streams by): each record's own problems, document ids that are whole numbers,
    ids used once, and `related` ids that name a record of this store or of `other_ids`."""

    def __init__(self, *, strict: bool = False, other_ids: Collection[str] = ()) -> None:
        self.strict = strict
        self.other_ids = other_ids
        self.found: list[str] = []
        self.seen_ids: dict[str, str] = {}
        self.related: list[tuple[str, str]] = []  # (where, the id it names)

    def add(self, doc_id: str, data: Any) -> None:
        where = _where(doc_id, data)
        if not (doc_id.isascii() and doc_id.isdigit() and str(int(doc_id)) == doc_id):
            self.found.append(f"document {doc_id!r}: TinyDB document ids are whole numbers")
        self.found += [
            f"{where}: {problem}" for problem in record_problems(data, strict=self.strict)
        ]
        if not isinstance(data, dict):
            return
        record_id = data.get("id")
        if isinstance(record_id, str):
            if record_id in self.seen_ids:
                self.found.append(f"{where}: id also used by document {self.seen_ids[record_id]}")
            self.seen_ids.setdefault(record_id, doc_id)
        related = data.get("related")
        if isinstance(related, list):
            self.related += [(where, other) for other in related if isinstance(other, str)]

    def problems(self) -> list[str]:
        return self.found + [
            f"{where}: related: no record has id {other!r}"
            for where, other in self.related
            if other not in self.seen_ids and other not in self.other_ids
        ]


def store_problems(
    document: dict[str, Any], *, strict: bool = False, other_ids: Collection[str] = ()
) -> list[str]:
    """Every problem of a parsed store, each line naming the record and field.

    `other_ids` are the ids of the other stores read with this one, which `related` may name.
    """
    table = document.get(TABLE, {})
    if not isinstance(table, dict):
        return [f'the "{TABLE}" table must be an object of documents keyed by number']
    checker = StoreChecker(strict=strict, other_ids=other_ids)
    for doc_id, data in table.items():
        checker.add(doc_id, data)
    return checker.problems() + sources_problems(document)


def _where(doc_id: str, data: Any) -> str:
    record_id = data.get("id") if isinstance(data, dict) else None
    return f"record {record_id!r}" if isinstance(record_id, str) else f"document {doc_id}"


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
