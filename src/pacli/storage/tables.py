"""What a write asks of the store it changes, whichever way the store is written: a small one
through TinyDB (pacli.storage.writes), a large one by splicing its file from its cache
(pacli.storage.spliced). `write_transaction` picks the way."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from pacli.storage.library import Library


class StoreTable(Protocol):
    """One store's records while a write changes them; the changes are kept until the
    transaction ends, and written then, all at once, or not at all."""

    def ids(self) -> set[str]: ...

    def document(self, record_id: str) -> dict[str, Any] | None: ...

    def naming(self, record_id: str) -> list[dict[str, Any]]:
        """The records whose `related` names `record_id`."""
        ...

    def insert(self, record: dict[str, Any]) -> None: ...

    def insert_all(self, records: Sequence[dict[str, Any]]) -> None:
        """Insert `records` in order, at once (one at a time, TinyDB rewrites its table each)."""
        ...

    def replace(self, record: dict[str, Any]) -> None: ...

    def remove(self, record_id: str) -> None: ...


@contextmanager
def write_transaction(library: Library) -> Iterator[StoreTable]:
    """The writable store of `library`, locked; its changes are written when the block ends
    without an error. A large store with a current cache in pacli's layout is spliced; any other
    is read, checked and rewritten whole."""
    from pacli.storage.cache import file_key
    from pacli.storage.cached_source import CachedSource
    from pacli.storage.spliced import open_spliced
    from pacli.storage.writes import locked_store, tiny_transaction

    path = library.writable
    source = library.source
    with locked_store(path, make_directory=library.is_user_store) as real:
        spliced = None
        if isinstance(source, CachedSource) and path in library.paths and real.exists():
            spliced = open_spliced(
                real, source.cache_file, library.paths.index(path), library.paths
            )
        if spliced is not None:
            yield spliced
            spliced.commit(lambda: file_key(real))
            return
        with tiny_transaction(real, other_ids=library.ids_outside(path)) as table:
            yield table
