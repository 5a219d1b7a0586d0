"""A large store's phrase lists, kept beside its cache: a limited search ranked from them gives
the full ranking's head, a write starts new lists, and a damaged or foreign file is left aside."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

import pacli.search.phrase_scores
import pacli.storage.phrase_store
from benchmarks.synthetic import write_synthetic_store
from pacli.search.index import SearchIndex
from pacli.search.ranking import search
from pacli.storage.cache import cache_file_for
from pacli.storage.library import open_library
from pacli.storage.phrase_store import lists_key, phrase_file, phrase_files
from pacli.storage.record_source import MemorySource
from pacli.storage.store_file import load_store
from pacli.storage.tables import write_transaction
from tests.helpers import LIMA_ADD, Invoke, make_record

# Queries with translations (korea's and cooperation's of two words), a prefix, an exclusion, a
# filter and a phrase that appears twice.
QUERIES = ["trade", "comercio finanzas", "fisher*", "culture -digital", "country:peru culture",
           "trade trade", "trade comercio", "trade OR culture", "korea fisheries",
           "cooperation"]  # fmt: skip


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic_store(1500, tmp_path_factory.mktemp("synthetic") / "store.json")


@pytest.fixture
def large_store(synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the synthetic store with a cache of its own; every phrase's list is kept."""
    monkeypatch.setenv("PACLI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(pacli.storage.phrase_store, "LIVE_MATCHES", -1)
    copy = tmp_path / "store.json"
    copy.write_bytes(synthetic.read_bytes())
    return copy


def kept_files(store: Path) -> list[Path]:
    cache_file = cache_file_for([store])
    return sorted(cache_file.parent.glob(phrase_files(cache_file)))


def expected_head(store: Path, query: str, limit: int) -> list[tuple[str, float]]:
    """The first `limit` of the full ranking, from the store read into memory."""
    hits = search(MemorySource.of(load_store(store).records), query).hits
    return [(hit.record.id, hit.score) for hit in hits[:limit]]


def searched(invoke: Invoke, store: Path, query: str, limit: int) -> list[tuple[str, float]]:
    result = invoke("search", query, "--db", str(store), "--json", "--limit", str(limit))
    assert result.exit_code == 0, result.stderr
    assert "phrases-" not in result.stderr  # a phrase file is never worth a word
    return [(hit["id"], hit["score"]) for hit in json.loads(result.stdout)]


def test_a_limited_search_ranked_from_kept_lists_is_the_full_rankings_head(
    invoke: Invoke, large_store: Path, answered: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = {(q, n): expected_head(large_store, q, n) for q in QUERIES for n in (1, 10, 40)}
    for (query, limit), head in expected.items():
        assert searched(invoke, large_store, query, limit) == head, (query, limit)
    (kept,) = kept_files(large_store)
    assert kept.stat().st_mode & 0o777 == 0o600  # as private as the cache: it names the words

    def no_ranking(*args: object) -> None:
        raise AssertionError("a kept list was ranked again")

    monkeypatch.setattr(pacli.storage.phrase_store, "every_match", no_ranking)
    answered.clear()
    for (query, limit), head in expected.items():
        assert searched(invoke, large_store, query, limit) == head, (query, limit)
    assert answered == [True] * len(expected)  # each from the lists, none by SQL


def test_a_write_through_pacli_starts_new_lists(invoke: Invoke, large_store: Path) -> None:
    searched(invoke, large_store, "trade", 10)
    before = kept_files(large_store)
    added = invoke("add", *LIMA_ADD, "--title", "Trade trade trade", "--db", str(large_store))
    assert added.exit_code == 0, added.stderr
    head = expected_head(large_store, "trade", 10)
    assert head[0][0] == "2023-05-02-trade-trade-trade"  # the new record leads
    assert searched(invoke, large_store, "trade", 10) == head
    after = kept_files(large_store)
    assert len(after) == 1
    assert after != before


@pytest.mark.parametrize(
    "how",
    ["zeroes", "random bytes", "another key", "a list changed", "a list renamed", "truncated"],
)
def test_a_damaged_or_foreign_phrase_file_is_left_aside(
    invoke: Invoke, large_store: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = expected_head(large_store, "trade", 10)
    if how == "another key":  # lists ranked with other weights, under this key's name
        with monkeypatch.context() as patch:
            patch.setattr(pacli.storage.phrase_store, "BM25", "bm25(fts, 1.0)")
            patch.setattr(pacli.search.phrase_scores, "BM25", "bm25(fts, 1.0)")
            searched(invoke, large_store, "trade", 10)
        (foreign,) = kept_files(large_store)
        index = open_library(large_store, cache_notify=lambda _: None).source.index
        assert isinstance(index, SearchIndex)
        foreign.rename(phrase_file(cache_file_for([large_store]), lists_key(index)))
    else:
        searched(invoke, large_store, "trade", 10)
    (kept,) = kept_files(large_store)
    size = kept.stat().st_size
    if how in ("a list changed", "a list renamed"):  # still a sound SQLite file
        change = {
            "a list changed": "UPDATE phrases SET ranked_rowids = zeroblob(length(rowids))",
            "a list renamed": "UPDATE phrases SET phrase = ? WHERE phrase = ?",
        }[how]
        values = ('"trade"', 'title : "trade"') if how == "a list renamed" else ()
        with sqlite3.connect(kept) as connection:
            connection.execute("DELETE FROM phrases WHERE phrase = '\"trade\"'")
            connection.execute(change, values)
        connection.close()
    elif how == "truncated":
        os.truncate(kept, size // 2)
    elif how != "another key":
        with kept.open("r+b") as stream:
            for offset in range(0, size, max(size // 30, 1)):
                stream.seek(offset)
                stream.write(b"\0" * 64 if how == "zeroes" else os.urandom(64))
    assert searched(invoke, large_store, "trade", 10) == head


def test_phrase_files_of_caches_that_are_gone_are_removed(
    invoke: Invoke, large_store: Path
) -> None:
    searched(invoke, large_store, "trade", 10)
    (kept,) = kept_files(large_store)
    orphan = kept.with_name("phrases-00000000000000000000-00000000.sqlite3")
    orphan.write_bytes(kept.read_bytes())
    cache_file_for([large_store]).unlink()  # the next command builds the cache again
    assert searched(invoke, large_store, "trade", 10) == expected_head(large_store, "trade", 10)
    assert not orphan.exists()
    assert len(kept_files(large_store)) == 1


def test_a_write_by_the_same_process_starts_new_lists(large_store: Path) -> None:
    library = open_library(large_store, for_writing=True, cache_notify=lambda _: None)
    before = [(hit.record.id, hit.score) for hit in search(library.source, "korea", limit=3).hits]
    with write_transaction(library) as table:
        for number in range(40):
            made = make_record(
                f"2030-01-01-korea-{number}", title="Korea Korea Korea", summary="Korea korea."
            )
            table.insert(made)
    again = [(hit.record.id, hit.score) for hit in search(library.source, "korea", limit=3).hits]
    assert again == expected_head(large_store, "korea", 3)
    assert again != before  # forty more records with the word: every score changes


def test_lists_read_across_a_write_are_left_to_sql(
    invoke: Invoke, large_store: Path, answered: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cache's key read after the ranking is not the one read before: a write came between
    # the lists and the rows, so SQL ranks, and no list ranked meanwhile is kept.
    keys = iter(range(1000))
    monkeypatch.setattr(pacli.storage.phrase_store, "lists_key", lambda index: str(next(keys)))
    assert searched(invoke, large_store, "trade", 10) == expected_head(large_store, "trade", 10)
    assert answered == [False]
    assert kept_files(large_store) == []
