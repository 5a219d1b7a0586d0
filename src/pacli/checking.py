"""`pacli validate`: every problem of a store, as rows of (store, problem)."""

from __future__ import annotations

from pathlib import Path

from pacli.errors import StoreError
from pacli.library import chosen_store, user_store_path
from pacli.store import bundled_store_path, read_store_file, store_problems

Row = dict[str, str]


def check_file(path: Path, *, strict: bool = False, other_ids: set[str] | None = None) -> list[Row]:
    """Problems of the store at `path`; one that cannot be read at all is one problem."""
    try:
        document = read_store_file(path)
    except StoreError as error:
        return [{"store": str(path), "problem": error.message}]
    problems = store_problems(document, strict=strict, other_ids=other_ids or set())
    return [{"store": str(path), "problem": problem} for problem in problems]


def _ids(path: Path) -> set[str]:
    try:
        table = read_store_file(path).get("records", {})
    except StoreError:
        return set()
    return {data["id"] for data in table.values() if isinstance(data, dict) and "id" in data}


def check_library(db: Path | None) -> list[Row]:
    """Problems of the stores pacli uses: --db's alone, or the bundled one (strictly) and the
    user's own, which may name bundled records in `related` but not reuse their ids."""
    named = chosen_store(db)
    if named is not None:
        return check_file(named)
    bundled = bundled_store_path()
    rows = check_file(bundled, strict=True)
    user = user_store_path()
    if user.exists():
        bundled_ids = _ids(bundled)
        rows += check_file(user, other_ids=bundled_ids)
        reused = sorted(_ids(user) & bundled_ids)
        rows += [
            {"store": str(user), "problem": f"record {record_id!r}: id is also a bundled record's"}
            for record_id in reused
        ]
    return rows
