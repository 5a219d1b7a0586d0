"""A large store read as a stream: the documents of its `records` table one at a time (ijson),
so that building its cache never holds the whole store in memory. What the stream cannot judge
(a file that is not a store, a lone surrogate) is left to the full reader, which names it."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from pacli.callbacks import Progress
from pacli.errors import StoreError
from pacli.model.limits import MAX_STORE_BYTES
from pacli.model.records import Record
from pacli.storage.catalog import row_id
from pacli.storage.store_file import TABLE, StoreChecker, problems_summary, read_store_file

CHUNK = 1 << 22
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def stream_documents(path: Path, progress: Progress | None = None) -> Iterator[tuple[str, Any]]:
    """(document id, data) of each document of the store at `path`, in file order; StoreError
    naming the path for anything that is not a readable store. `progress` hears of the bytes
    read."""
    if _needs_full_read(path):
        yield from read_store_file(path).get(TABLE, {}).items()
        return
    import ijson

    seen: set[str] = set()
    try:
        with path.open("rb") as raw:
            stream = _Counted(raw, path.stat().st_size, progress)
            for doc_id, data in ijson.kvitems(stream, TABLE, use_float=True):
                if doc_id in seen:
                    raise StoreError(
                        f"store {path} has the key {doc_id!r} twice in one object (a bad "
                        "merge?); keep one of them, and pacli will read and write it again"
                    )
                seen.add(doc_id)
                yield doc_id, data
    except ijson.JSONError:
        read_store_file(path)  # names the problem exactly
        raise StoreError(f"store {path} is not valid JSON") from None
    except OSError as error:
        raise StoreError(f"cannot read store {path}: {error.strerror or error}") from None
    if not seen:
        read_store_file(path)  # an empty table, or no store at all: the full reader says which


class _Counted:
    """A binary file that tells `progress` how far it has been read."""

    def __init__(self, raw: BinaryIO, size: int, progress: Progress | None) -> None:
        self.raw, self.size, self.progress, self.done = raw, size, progress, 0

    def read(self, count: int = -1) -> bytes:
        chunk = self.raw.read(count)
        self.done += len(chunk)
        if self.progress is not None:
            self.progress(self.done, self.size)
        return chunk


def streamed_records(
    paths: Sequence[Path], progress: Progress | None = None
) -> Iterator[tuple[int, Record]]:
    """(rowid, record) of every store at `paths`, checked as they stream by: the first store
    under the bundled store's strict rules when there are two (bundled, then the user's), whose
    records may name the first's in `related` but not reuse its ids. StoreError, naming the first
    problem, once a store has been read."""
    first_ids: Collection[str] = ()
    for number, path in enumerate(paths):
        checker = StoreChecker(strict=len(paths) > 1 and number == 0, other_ids=first_ids)
        for doc_id, data in stream_documents(path, progress):
            found = len(checker.found)
            checker.add(doc_id, data)
            if len(checker.found) == found and data["id"] not in first_ids:  # reused: said below
                yield row_id(number, int(doc_id)), Record.from_dict(data)
        problems = checker.problems()
        reused = sorted(set(checker.seen_ids) & set(first_ids))
        if reused:
            problems.append(f"record {reused[0]!r}: id is also a bundled record's; rename it")
        if problems:
            raise StoreError(problems_summary(path, problems))
        first_ids = set(checker.seen_ids)


def _needs_full_read(path: Path) -> bool:
    """Whether the store is not one the stream can read alone: too large (the full reader
    refuses it), not a regular JSON object, or holding a surrogate escape."""
    try:
        if path.stat().st_size > MAX_STORE_BYTES or not path.is_file():
            return True
        with path.open("rb") as stream:
            first = stream.read(CHUNK)
            if not first.lstrip().startswith(b"{"):
                return True
            tail = b""
            while first:
                if SURROGATE_ESCAPE.search(tail + first):
                    return True
                tail, first = first[-5:], stream.read(CHUNK)
    except OSError:
        return True
    return False
