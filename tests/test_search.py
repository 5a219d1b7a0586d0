"""Ranked search, its fallbacks, the on-disk index cache, facets and related records."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmarks.search_quality import judged_queries, ranked_searcher, score, substring_searcher
from pacli.index_cache import LARGE_STORE_BYTES, cache_file_for
from pacli.library import open_library
from pacli.query import DateOptions, Filters, build_filters
from pacli.records import Record
from pacli.search import MATCH_END, MATCH_START, MemoryCorpus, search, with_snippets
from pacli.store import load_store
from tests.conftest import StoreFactory
from tests.helpers import make_record

Invoke = Callable[..., Any]


@pytest.fixture(scope="module")
def records(bundled_path: Path) -> list[Record]:
    return load_store(bundled_path, strict=True).records


@pytest.fixture(scope="module")
def corpus(records: list[Record]) -> MemoryCorpus:
    return MemoryCorpus(records)


def top_ids(records: list[Record], query: str, filters: Filters | None = None) -> list[str]:
    return [hit.record.id for hit in search(MemoryCorpus(records), query, filters).hits]


# --- ranking over the bundled store ---------------------------------------------------------


def test_title_words_rank_first(records: list[Record]) -> None:
    assert (
        top_ids(records, "korea free trade")[0] == "2022-06-23-south-korea-fta-negotiations-begin"
    )


def test_stemming_finds_other_forms(records: list[Record]) -> None:
    assert top_ids(records, "teacher")[0] == "2022-04-22-digital-teaching-network"
    assert (
        top_ids(records, "negotiation korea")[0] == "2022-06-23-south-korea-fta-negotiations-begin"
    )


def test_accents_are_folded(records: list[Record]) -> None:
    assert top_ids(records, "bahia malaga")[0] == "2022-declaration-of-bahia-malaga"
    assert "2022-04-22-digital-teaching-network" in top_ids(records, "fundacion")


def test_spanish_country_names_are_indexed(records: list[Record]) -> None:
    assert top_ids(records, "Singapur")[0] == "2022-05-16-singapore-work-plan"


def test_phrase_and_exclusion(records: list[Record]) -> None:
    found = top_ids(records, '"teaching network" -kelly')
    assert found == ["2022-04-22-digital-teaching-network"]


def test_prefix(records: list[Record]) -> None:
    assert "2022-05-16-singapore-work-plan" in top_ids(records, "singa*")


def test_column_qualifiers(records: list[Record]) -> None:
    assert top_ids(records, "person:ebrard") == ["2022-05-16-singapore-work-plan"]
    assert top_ids(records, "org:cican") == ["2022-07-06-gender-equality-report-launch"]
    assert set(top_ids(records, "place:brussels")) == {
        "2022-06-29-labor-certification-project-brussels",
        "2022-06-16-flavors-of-the-pacific-alliance-brussels",
    }


def test_filter_qualifiers_read_like_options(records: list[Record]) -> None:
    assert top_ids(records, "film year:2017") == ["2017-film-cycle-pacific-alliance-nobels"]
    by_option = top_ids(records, "film", build_filters(dates=DateOptions(year="2017")))
    assert by_option == top_ids(records, "film year:2017")
    assert "2022-05-16-singapore-work-plan" not in top_ids(records, "singapore type:event")
    assert top_ids(records, "trade country:KR to:2022-06-30")[0].startswith("2022")


def test_qualifiers_and_options_both_apply(records: list[Record]) -> None:
    filters = build_filters(countries=["Canada"])
    assert top_ids(records, "gender country:peru", filters) == [
        "2022-07-06-gender-equality-report-launch"
    ]
    assert top_ids(records, "singapore country:KR", build_filters(countries=["Singapore"])) == []


def test_qualifier_values_are_checked_like_options(records: list[Record]) -> None:
    from pacli.errors import UsageError

    with pytest.raises(UsageError, match="unknown country 'Perw'"):
        search(MemoryCorpus(records), "trade country:Perw")
    with pytest.raises(UsageError, match="'2022-13'"):
        search(MemoryCorpus(records), "trade from:2022-13")


def test_relevance_then_date(records: list[Record]) -> None:
    hits = search(MemoryCorpus(records), "singapore").hits
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    by_date = search(MemoryCorpus(records), "singapore", sort="date").hits
    starts = [hit.record.period.start for hit in by_date]
    assert starts == sorted(starts, reverse=True)


def test_snippets_mark_matched_words(records: list[Record]) -> None:
    corpus = MemoryCorpus(records)
    result = search(corpus, "scotiabank")
    hit = with_snippets(corpus.index, result, result.hits)[0]
    assert f"{MATCH_START}Scotiabank{MATCH_END}" in hit.snippet


def test_snippets_never_show_the_countries_column(records: list[Record]) -> None:
    corpus = MemoryCorpus(records)
    result = search(corpus, "korea")
    hits = with_snippets(corpus.index, result, result.hits)
    assert hits and all("Corea del Sur" not in hit.snippet for hit in hits)
    assert any(hit.snippet for hit in hits)


def test_any_word_fallback_is_announced(records: list[Record]) -> None:
    result = search(MemoryCorpus(records), "korea singapore")
    assert result.hits
    assert (
        result.notice == "no record has all of korea, singapore; showing records with any of them"
    )


def test_misspelling_is_corrected_and_announced(records: list[Record]) -> None:
    result = search(MemoryCorpus(records), "singapre")
    assert result.hits[0].record.id == "2022-05-16-singapore-work-plan"
    assert result.notice is not None and "'Singapore'" in result.notice


def test_nothing_found_says_so(records: list[Record]) -> None:
    result = search(MemoryCorpus(records), "zzzqqq")
    assert result.hits == []
    assert result.notice == "no record matches 'zzzqqq'"


def test_filtered_away_says_so(records: list[Record]) -> None:
    result = search(MemoryCorpus(records), "scotiabank", build_filters(types=["program"]))
    assert result.hits == []
    assert result.notice is not None and "none of them passes the filters" in result.notice


# --- judged queries -------------------------------------------------------------------------


def test_judged_set_has_every_kind_and_valid_ids(records: list[Record]) -> None:
    queries = judged_queries()
    ids = {record.id for record in records}
    assert len(queries) >= 25
    assert {q.kind for q in queries} >= {
        "name",
        "other words",
        "singular/plural",
        "accents",
        "misspelling",
        "qualifier",
    }
    assert all(q.want in ids for q in queries)


def test_ranked_search_beats_the_substring_baseline(records: list[Record]) -> None:
    queries = judged_queries()
    ranked = score(ranked_searcher(records), queries)
    baseline = score(substring_searcher(records), queries)
    assert ranked.top3 >= 0.9
    assert ranked.mrr >= 0.85
    assert ranked.mrr > baseline.mrr + 0.3


# --- the command line -----------------------------------------------------------------------


def test_cli_json_is_ranked_records_with_scores(invoke: Invoke) -> None:
    result = invoke("search", "singapore", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "2022-05-16-singapore-work-plan"
    assert all(isinstance(hit["score"], float) for hit in hits)
    assert "source" in hits[0] and "related" in hits[0]


def test_cli_notices_go_to_stderr(invoke: Invoke) -> None:
    result = invoke("search", "singapre", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["id"] == "2022-05-16-singapore-work-plan"
    assert result.stderr.startswith("pacli: no record matches 'singapre'")


def test_cli_no_match_is_an_empty_success(invoke: Invoke) -> None:
    result = invoke("search", "zzzqqq", "--json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert "no record matches" in result.stderr


def test_cli_table_shows_snippets_without_codes_when_piped(invoke: Invoke) -> None:
    result = invoke("search", "scotiabank", "-f", "table", env={"COLUMNS": "200"})
    assert "Carleton University; Scotiabank" in result.stdout
    assert "\x1b[" not in result.stdout and MATCH_START not in result.stdout


def test_cli_highlights_in_a_terminal(invoke: Invoke) -> None:
    result = invoke(
        "search", "scotiabank", "-f", "table", env={"FORCE_COLOR": "1", "COLUMNS": "200"}
    )
    assert "\x1b[1m" in result.stdout and "Scotiabank" in result.stdout


def test_cli_sort_option(invoke: Invoke) -> None:
    result = invoke("search", "singapore", "--sort", "date", "--json")
    dates = [hit["date"] for hit in json.loads(result.stdout)]
    assert dates[0] == "2022-07-01"
    bad = invoke("search", "singapore", "--sort", "oldest")
    assert bad.exit_code == 2 and "'oldest'" in bad.stderr


@pytest.mark.parametrize("query", ['"', "OR", "*", "(", ":", "-", "country:", 'a"b', "NEAR(a b)"])
def test_cli_odd_queries_never_trace(invoke: Invoke, query: str) -> None:
    result = invoke("search", query)
    assert result.exit_code in (0, 2)
    assert "Traceback" not in result.stderr and "sqlite" not in result.stderr.lower()
    assert len(result.stderr.strip().splitlines()) <= 1


# --- the index cache ------------------------------------------------------------------------


@pytest.fixture
def large_store(make_store: StoreFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PACLI_CACHE_DIR", str(tmp_path / "cache"))
    summary = "A record about regional integration and the Pacific Alliance. " * 8
    count = LARGE_STORE_BYTES // len(summary) + 10
    data = [
        make_record(f"2022-01-01-r{number:05d}", summary=summary.strip()) for number in range(count)
    ]
    data.append(make_record("2022-02-02-needle", title="The needle record"))
    return make_store(data)


def notices(path: Path, query: str = "needle", want: str = "2022-02-02-needle") -> list[str]:
    """What pacli says while it opens the large store at `path` and searches it."""
    messages: list[str] = []
    library = open_library(path, cache_notify=messages.append)
    assert search(library.corpus(), query).hits[0].record.id == want
    return messages


def test_large_store_index_is_built_once_then_reused(large_store: Path) -> None:
    first = notices(large_store)
    assert len(first) == 1 and "not built yet" in first[0]
    assert cache_file_for([large_store]).is_file()
    assert notices(large_store) == []


def test_changed_store_rebuilds(large_store: Path) -> None:
    notices(large_store)
    text = large_store.read_text(encoding="utf-8").replace(
        "The needle record", "The needle record!"
    )
    large_store.write_text(text, encoding="utf-8")
    assert "out of date" in notices(large_store)[0]


def test_same_size_and_mtime_but_new_content_rebuilds(large_store: Path) -> None:
    notices(large_store)
    stat = large_store.stat()
    text = large_store.read_text(encoding="utf-8").replace("The needle record", "The needle recorX")
    large_store.write_text(text, encoding="utf-8")
    os.utime(large_store, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert "out of date" in notices(large_store, query="recorx")[0]


def test_corrupt_cache_is_rebuilt_not_an_error(large_store: Path) -> None:
    notices(large_store)
    cache_file_for([large_store]).write_bytes(b"not a database")
    assert "out of date" in notices(large_store)[0]


def test_unwritable_cache_falls_back_to_memory(
    large_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = large_store.parent / "blocker"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv("PACLI_CACHE_DIR", str(blocker / "cache"))
    messages = notices(large_store)
    assert any("reading the store" in message for message in messages)


def test_cache_never_writes_next_to_the_store(large_store: Path) -> None:
    before = sorted(path.name for path in large_store.parent.iterdir())
    notices(large_store)
    after = sorted(path.name for path in large_store.parent.iterdir() if path.name != "cache")
    assert after == before


def test_small_stores_are_indexed_in_memory(
    make_store: StoreFactory, private_user_dirs: Path
) -> None:
    path = make_store([make_record("2022-01-01-a")])
    library = open_library(path, cache_notify=lambda message: None)
    assert library.cached is None
    assert not (private_user_dirs / "cache").exists()


# --- show's related records and stats -------------------------------------------------------


def test_show_lists_explicit_related_then_similar(invoke: Invoke) -> None:
    result = invoke(
        "show", "2022-04-22-digital-teaching-network", "-f", "table", env={"COLUMNS": "200"}
    )
    related_at = result.stdout.index("Related")
    see_also_at = result.stdout.index("See also")
    assert related_at < see_also_at
    assert "2022-05-03-digital-teaching-network-colloquium" in result.stdout[related_at:see_also_at]
    assert "2022-07-06-gender-equality-report-launch" in result.stdout[see_also_at:]


def test_similar_records_share_people_organizations_or_tags(records: list[Record]) -> None:
    from pacli.query import similar_records

    record = next(r for r in records if r.id == "2021-labor-certification-operating-model")
    similar = similar_records(record, records)
    assert similar and record.id not in {other.id for other in similar}
    assert not {other.id for other in similar} & set(record.related)
    assert all(
        set(other.tags) & set(record.tags) or set(other.organizations) & set(record.organizations)
        for other in similar
    )


def test_stats_json_counts_facets(invoke: Invoke, records: list[Record]) -> None:
    result = invoke("stats", "--json")
    stats = json.loads(result.stdout)
    assert stats["records"] == len(records)
    types = {item["value"]: item["count"] for item in stats["facets"]["type"]}
    assert types == {
        kind: sum(r.type == kind for r in records) for kind in ("event", "agreement", "program")
    }
    assert set(stats["facets"]) == {"type", "country", "tag", "year", "organization", "person"}


def test_stats_follow_query_and_filters(invoke: Invoke) -> None:
    korea = json.loads(invoke("stats", "country:KR", "--json").stdout)
    assert korea["records"] == 5
    countries = {item["value"]: item["count"] for item in korea["facets"]["country"]}
    assert countries["South Korea"] == 5
    film = json.loads(invoke("stats", "--tag", "film", "--json").stdout)
    assert {item["value"] for item in film["facets"]["tag"]} >= {"film", "culture"}


def test_stats_table(invoke: Invoke) -> None:
    result = invoke("stats", "--country", "Canada", "-f", "table")
    assert result.exit_code == 0
    assert "2 records" in result.stdout and "Canada" in result.stdout
