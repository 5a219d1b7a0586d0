"""The command line through CliRunner: every command, filter, output form and error path."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from pacli.search.index import MATCH_START
from pacli.search.syntax import Term, parse_query
from tests.conftest import StoreFactory
from tests.helpers import FIXTURE_RECORDS, MEMBERS, Invoke, ids, make_record, run_json

# --- list -----------------------------------------------------------------------------------


def test_list_is_newest_first(invoke: Invoke, store: Path) -> None:
    assert ids(run_json(invoke, "list", "--db", str(store))) == [
        "2022-06-23-korea-negotiations",
        "2022-06-09-film-cycle",
        "2022-05-13-ottawa-panel",
        "2018-strategic-vision",
    ]


def test_list_table_shows_date_type_title_countries(invoke: Invoke, store: Path) -> None:
    result = invoke("list", "--db", str(store), "--format", "table", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "9 Jun – 9 Jul 2022" in result.stdout
    assert "agreement" in result.stdout
    assert "Strategic Vision 2030 adopted" in result.stdout
    assert "South Korea" in result.stdout
    assert "4 records" in result.stdout


def test_json_records_carry_every_contract_field(invoke: Invoke, store: Path) -> None:
    records = run_json(invoke, "list", "--db", str(store))
    film = next(record for record in records if record["id"] == "2022-06-09-film-cycle")
    assert film["end_date"] == "2022-07-09"
    assert film["organizations"] == ["Fundación Chile"]
    assert set(film) == {
        "id",
        "type",
        "title",
        "date",
        "end_date",
        "date_basis",
        "date_note",
        "countries",
        "places",
        "people",
        "organizations",
        "tags",
        "summary",
        "details",
        "source",
        "related",
    }
    # A store written before date_basis existed: its records read as unknown.
    assert film["date_basis"] == "unknown"


def test_json_is_utf8_not_ascii_escaped(invoke: Invoke, store: Path) -> None:
    result = invoke("list", "--db", str(store), "--json")
    assert "Fundación" in result.stdout
    assert "\\u00f3" not in result.stdout


def test_empty_result_is_an_empty_array_and_success(invoke: Invoke, store: Path) -> None:
    assert run_json(invoke, "list", "--db", str(store), "--country", "Japan") == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--country", "KR"], ["2022-06-23-korea-negotiations"]),
        (
            ["-c", "canadá", "-c", "Corea"],
            ["2022-06-23-korea-negotiations", "2022-05-13-ottawa-panel"],
        ),
        (["--type", "agreement"], ["2018-strategic-vision"]),
        (["-t", "program", "-t", "agreement"], ["2022-06-09-film-cycle", "2018-strategic-vision"]),
        (["--tag", "culture"], ["2022-06-09-film-cycle"]),
        (["--from", "2022-07"], ["2022-06-09-film-cycle"]),
        (["--to", "2022-05"], ["2022-05-13-ottawa-panel", "2018-strategic-vision"]),
        (["--on", "2022-06-30"], ["2022-06-09-film-cycle"]),
        (["--on", "June 2022"], ["2022-06-23-korea-negotiations", "2022-06-09-film-cycle"]),
        (["--year", "2018"], ["2018-strategic-vision"]),
        (["--from", "2018-06", "--to", "2018-06"], ["2018-strategic-vision"]),
        (["--limit", "2"], ["2022-06-23-korea-negotiations", "2022-06-09-film-cycle"]),
        (["-n", "1", "--type", "event"], ["2022-06-23-korea-negotiations"]),
    ],
)
def test_list_filters(invoke: Invoke, store: Path, args: list[str], expected: list[str]) -> None:
    assert ids(run_json(invoke, "list", "--db", str(store), *args)) == expected


def test_pacli_db_environment_variable(invoke: Invoke, store: Path) -> None:
    result = invoke("list", "--json", env={"PACLI_DB": str(store)})
    assert len(json.loads(result.stdout)) == len(FIXTURE_RECORDS)


def test_markup_in_record_text_is_printed_literally(invoke: Invoke, store: Path) -> None:
    result = invoke("list", "--db", str(store), "--country", "Canada", "--format", "table")
    assert "[bold]Ottawa[/bold]" in result.stdout


def test_tables_fit_80_columns_without_colour_when_piped(
    invoke: Invoke, make_store: StoreFactory
) -> None:
    long_title = "A very long title about the Pacific Alliance " * 4
    path = make_store(
        [make_record("2022-01-01-long", title=long_title.strip(), countries=[*MEMBERS, "Canada"])]
    )
    for command in ("list", "timeline", "countries"):
        result = invoke(command, "--db", str(path), "--format", "table")
        assert result.exit_code == 0
        assert "\x1b[" not in result.stdout
        assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_no_color_is_honoured(invoke: Invoke, store: Path) -> None:
    coloured = invoke(
        "list",
        "--db",
        str(store),
        "-f",
        "table",
        env={"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    )
    plain = invoke(
        "list",
        "--db",
        str(store),
        "-f",
        "table",
        env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"},
    )
    colour_code = re.compile(r"\x1b\[[0-9;]*3[0-7]m")
    assert colour_code.search(coloured.stdout)
    assert not colour_code.search(plain.stdout)


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (["bahia", "malaga"], "2022-06-23-korea-negotiations"),
        (["BAHÍA MÁLAGA"], "2022-06-23-korea-negotiations"),
        (["fundacion"], "2022-06-09-film-cycle"),
        (["lilly"], "2022-05-13-ottawa-panel"),
        (["santiago"], "2022-06-23-korea-negotiations"),
        (["culture"], "2022-06-09-film-cycle"),
    ],
)
def test_search_finds_words_anywhere(
    invoke: Invoke, store: Path, query: list[str], expected: str
) -> None:
    found = run_json(invoke, "search", *query, "--db", str(store))
    assert ids(found)[0] == expected


def test_search_words_in_any_order(invoke: Invoke, store: Path) -> None:
    first = run_json(invoke, "search", "malaga bahia", "--db", str(store))
    assert ids(first)[0] == "2022-06-23-korea-negotiations"


def test_search_combines_with_filters(invoke: Invoke, store: Path) -> None:
    result = invoke("search", "bahia", "--type", "program", "--db", str(store), "--json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])
    assert "none of them passes the filters" in result.stderr


# --- show -----------------------------------------------------------------------------------


def test_show_prints_every_field_source_and_related(invoke: Invoke, store: Path) -> None:
    result = invoke(
        "show", "2018-strategic-vision", "--db", str(store), "-f", "table", env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0
    for expected in (
        "Strategic Vision 2030 adopted",
        "2018-strategic-vision",
        "agreement",
        "Chile, Colombia, Mexico, Peru",
        "diplomacy",
        "XXVII Meeting",
        "published 2022-07-03",
        "the Strategic Vision 2030, adopted in 2018",
        "2022-06-09-film-cycle",
        "Film cycle on the environment",
    ):
        assert expected in result.stdout


def test_show_json_is_one_object(invoke: Invoke, store: Path) -> None:
    record = run_json(invoke, "show", "2022-05-13-ottawa-panel", "--db", str(store))
    assert record["people"] == [
        {"name": "Meredith Lilly", "role": "Associate Director", "country": None}
    ]


def test_show_unknown_id_exits_3_and_suggests(invoke: Invoke, store: Path) -> None:
    result = invoke("show", "2018-strategic", "--db", str(store))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "2018-strategic-vision" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- timeline -------------------------------------------------------------------------------


def test_timeline_groups_by_year_at_each_dates_precision(invoke: Invoke, store: Path) -> None:
    result = invoke("timeline", "--db", str(store), "--format", "table")
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert lines[0] == "2018"
    assert lines.index("2022") > lines.index("2018")
    assert any(line.startswith("9 Jun – 9 Jul 2022") for line in lines)
    assert any(line.startswith("13 May 2022") for line in lines)


def test_timeline_json_is_chronological(invoke: Invoke, store: Path) -> None:
    assert ids(run_json(invoke, "timeline", "--db", str(store), "--from", "2022")) == [
        "2022-05-13-ottawa-panel",
        "2022-06-09-film-cycle",
        "2022-06-23-korea-negotiations",
    ]


# --- countries ------------------------------------------------------------------------------


def test_countries_counts_and_spellings(invoke: Invoke, store: Path) -> None:
    rows = run_json(invoke, "countries", "--db", str(store))
    by_name = {row["name"]: row for row in rows}
    assert by_name["Mexico"]["records"] == 4
    assert by_name["Peru"]["records"] == 3
    assert by_name["South Korea"]["records"] == 1
    assert {"KR", "KOR", "Corea del Sur"} <= set(by_name["South Korea"]["spellings"])
    assert "Japan" not in by_name


def test_countries_all_and_filters(invoke: Invoke, store: Path) -> None:
    every = run_json(invoke, "countries", "--all", "--db", str(store))
    assert len(every) > 200
    korea_only = run_json(invoke, "countries", "--country", "KR", "--db", str(store))
    assert [row["name"] for row in korea_only] == ["South Korea"]


def test_countries_table(invoke: Invoke, store: Path) -> None:
    result = invoke("countries", "--db", str(store), "--format", "table")
    assert "Perú" in result.stdout and "PER" in result.stdout


# --- errors ---------------------------------------------------------------------------------


def test_reading_leaves_a_read_only_store_unchanged(invoke: Invoke, store: Path) -> None:
    before = store.read_bytes()
    store.chmod(0o444)
    try:
        for command in (["list"], ["timeline"], ["search", "film"], ["countries"]):
            assert invoke(*command, "--db", str(store)).exit_code == 0
    finally:
        store.chmod(0o644)
    assert store.read_bytes() == before
    assert [path.name for path in store.parent.iterdir()] == [store.name]


# --- help and version -----------------------------------------------------------------------


def test_cli_json_is_ranked_records_with_scores(invoke: Invoke) -> None:
    result = invoke("search", "singapore", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert "Singapore" in hits[0]["countries"]
    assert all(isinstance(hit["score"], float) for hit in hits)
    assert [hit["score"] for hit in hits] == sorted((hit["score"] for hit in hits), reverse=True)
    assert "source" in hits[0] and "related" in hits[0]


def test_cli_notices_go_to_stderr(invoke: Invoke) -> None:
    result = invoke("search", "singapre", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == run_json(invoke, "search", "singapore")
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


def test_show_lists_explicit_related_then_similar(invoke: Invoke) -> None:
    result = invoke(
        "show", "2022-04-22-digital-teaching-network", "-f", "table", env={"COLUMNS": "200"}
    )
    related_at = result.stdout.index("Related")
    see_also_at = result.stdout.index("See also")
    assert related_at < see_also_at
    assert "2022-05-03-digital-teaching-network-colloquium" in result.stdout[related_at:see_also_at]
    assert "2022-07-06-gender-equality-report-launch" in result.stdout[see_also_at:]


def test_stats_json_counts_facets(invoke: Invoke, bundled_records: list[dict[str, Any]]) -> None:
    result = invoke("stats", "--json")
    stats = json.loads(result.stdout)
    assert stats["records"] == len(bundled_records)
    types = {item["value"]: item["count"] for item in stats["facets"]["type"]}
    kinds = ("event", "agreement", "program")
    assert types == {kind: sum(r["type"] == kind for r in bundled_records) for kind in kinds}
    assert set(stats["facets"]) == {"type", "country", "tag", "year", "organization", "person"}


def test_stats_follow_query_and_filters(invoke: Invoke) -> None:
    korea = json.loads(invoke("stats", "country:KR", "--json").stdout)
    assert korea["records"] == 5
    countries = {item["value"]: item["count"] for item in korea["facets"]["country"]}
    assert countries["South Korea"] == 5
    film = json.loads(invoke("stats", "--tag", "film", "--json").stdout)
    assert {item["value"] for item in film["facets"]["tag"]} >= {"film", "culture"}


def test_stats_table(invoke: Invoke, bundled_records: list[dict[str, Any]]) -> None:
    result = invoke("stats", "--country", "Canada", "-f", "table")
    assert result.exit_code == 0
    count = sum("Canada" in record["countries"] for record in bundled_records)
    assert f"{count} records" in result.stdout and "Canada" in result.stdout


def test_unquoted_exclusions_and_not(invoke: Invoke) -> None:
    unquoted = json.loads(invoke("search", "teaching", "-kelly", "--json").stdout)
    assert [hit["id"] for hit in unquoted] == ["2022-04-22-digital-teaching-network"]
    assert json.loads(invoke("search", "teaching NOT kelly", "--json").stdout) == unquoted
    assert parse_query("korea NOT trade").excluded == (Term(("trade",)),)
    options_after = invoke("search", "teaching", "-kelly", "-n", "1", "--fields", "id", "--json")
    assert json.loads(options_after.stdout) == [{"id": "2022-04-22-digital-teaching-network"}]
    assert invoke("search", "trade", "--contry", "x").exit_code == 2


def test_stats_says_when_search_fell_back(invoke: Invoke) -> None:
    result = invoke("stats", "singapre", "--json")
    assert "showing results for 'Singapore'" in result.stderr
    assert json.loads(result.stdout)["records"] > 0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["list", "--from", "2022-13-45"], "--from '2022-13-45' is not a real date"),
        (["list", "--on", "31 June 2022"], "--on '31 June 2022' is not a real date"),
        (["list", "--on", "June 99"], "--on 'June 99' is not a date"),
        (["search", "trade from:2023 to:2022"], "from:2023 is after to:2022"),
        (["search", "trade on:someday"], "on: 'someday' is not a date"),
        (["list", "--within", "2022-Q5"], "--within '2022-Q5' is not a date; use"),
        (["list", "--on", "2022-07..2022-06"], "--on '2022-07..2022-06' ends before it begins"),
        (["search", "trade within:someday"], "2022-Q2, Q2 2022 or 2022-06..2022-07"),
        (["search", "korea 31 June 2022"], "'31 June 2022' is not a real date; use 2022,"),
    ],
)
def test_date_messages_name_the_option_or_qualifier(
    invoke: Invoke, args: list[str], fragment: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and fragment in result.stderr


def test_within_leaves_out_what_is_dated_only_to_a_wider_period(invoke: Invoke) -> None:
    within = run_json(invoke, "list", "--within", "June 2022")
    overlapping = run_json(invoke, "list", "--on", "June 2022")
    assert within and {record["id"] for record in within} < {r["id"] for r in overlapping}
    assert all(record["date"].startswith("2022-06") for record in within)
    assert all(record["end_date"] in (None, record["date"]) for record in within)
    assert any(record["date"] == "2022" for record in overlapping)
    quarter = run_json(invoke, "timeline", "--within", "Q2 2022", "--type", "agreement")
    assert [record["id"] for record in quarter] == ["2022-05-16-singapore-work-plan"]
    assert run_json(invoke, "search", "film within:2022-06..2022-07") == run_json(
        invoke, "search", "film", "--within", "2022-06..2022-07"
    )


def test_within_is_in_the_help_of_every_listing_command(invoke: Invoke) -> None:
    for command in ("list", "search", "timeline", "stats", "countries", "export"):
        assert "--within" in invoke(command, "--help").stdout
