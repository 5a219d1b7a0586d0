"""A large store answers list, timeline and search from its cache exactly as from memory."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import write_synthetic_store
from pacli.index_cache import LARGE_STORE_BYTES
from pacli.query import DateOptions, build_filters, newest_first, oldest_first, select
from pacli.records import Record
from pacli.search import MemoryCorpus, search
from pacli.store import load_store

Invoke = Callable[..., Any]


@pytest.fixture(scope="module")
def large_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_synthetic_store(1200, tmp_path_factory.mktemp("large") / "store.json")
    assert path.stat().st_size >= LARGE_STORE_BYTES
    return path


@pytest.fixture(scope="module")
def records(large_store: Path) -> list[Record]:
    return load_store(large_store).records


FILTERS = [
    {},
    {"countries": ["Peru"]},
    {"countries": ["KR", "Japan"], "types": ["agreement"]},
    {"tags": ["trade", "finance"]},
    {"dates": DateOptions(since="2020-06", until="2021")},
    {"dates": DateOptions(on="2018")},
    {"countries": ["Chile"], "tags": ["culture"], "dates": DateOptions(since="2015")},
]
ARGS = [
    [],
    ["--country", "Peru"],
    ["-c", "KR", "-c", "Japan", "--type", "agreement"],
    ["--tag", "trade", "--tag", "finance"],
    ["--from", "2020-06", "--to", "2021"],
    ["--on", "2018"],
    ["-c", "Chile", "--tag", "culture", "--from", "2015"],
]


@pytest.mark.parametrize(("options", "args"), list(zip(FILTERS, ARGS, strict=True)))
def test_list_and_timeline_from_the_cache_match_memory(
    invoke: Invoke,
    large_store: Path,
    records: list[Record],
    options: dict[str, Any],
    args: list[str],
) -> None:
    filters = build_filters(**options)
    expected_newest = [record.to_dict() for record in newest_first(select(records, filters))]
    expected_oldest = [record.to_dict() for record in oldest_first(select(records, filters))]
    listed = invoke("list", "--db", str(large_store), "--json", *args)
    assert listed.exit_code == 0, listed.stderr
    assert json.loads(listed.stdout) == expected_newest
    timeline = invoke("timeline", "--db", str(large_store), "--jsonl", *args)
    assert [json.loads(line) for line in timeline.stdout.splitlines()] == expected_oldest


def test_the_cache_is_built_once(invoke: Invoke, large_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.json"
    copy.write_bytes(large_store.read_bytes())
    first = invoke("list", "--db", str(copy), "-n", "1", "--json")
    second = invoke("list", "--db", str(copy), "-n", "1", "--json")
    assert "is not built yet; building it (1200 records)" in first.stderr
    assert second.stderr == ""
    assert first.stdout == second.stdout


@pytest.mark.parametrize(
    "query",
    ["korea fisheries", "tourism", '"renewable energy" -seminar', "country:peru finance", "kore*",
     "fisherie", "lima OR bogota type:program"],
)  # fmt: skip
def test_search_from_the_cache_matches_memory(
    invoke: Invoke, large_store: Path, records: list[Record], query: str
) -> None:
    expected = search(MemoryCorpus(records), query)
    result = invoke("search", query, "--db", str(large_store), "--json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert [hit["id"] for hit in found] == [hit.record.id for hit in expected.hits]
    assert [hit["score"] for hit in found] == [hit.score for hit in expected.hits]


def test_other_output_forms_from_the_cache(
    invoke: Invoke, large_store: Path, records: list[Record]
) -> None:
    lines = invoke("list", "--db", str(large_store), "--format", "tsv", "-c", "Peru").stdout
    expected = newest_first(select(records, build_filters(countries=["Peru"])))
    assert [line.split("\t")[0] for line in lines.splitlines()] == [r.id for r in expected]
    chosen = invoke("list", "--db", str(large_store), "--fields", "id,date", "--json", "-n", "2")
    newest = newest_first(records)[:2]
    assert json.loads(chosen.stdout) == [{"id": r.id, "date": r.date} for r in newest]
