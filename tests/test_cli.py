"""The command line through CliRunner: every command, filter, output form and error path."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import StoreFactory
from tests.helpers import MEMBERS, make_record

Invoke = Callable[..., Any]

FIXTURE_RECORDS = [
    make_record(
        "2022-06-09-film-cycle",
        type="program",
        title="Film cycle on the environment",
        end_date="2022-07-09",
        tags=["film", "culture"],
        organizations=["Fundación Chile"],
        summary="Nine films shown online.",
        related=["2018-strategic-vision"],
    ),
    make_record(
        "2018-strategic-vision",
        type="agreement",
        title="Strategic Vision 2030 adopted",
        date="2018",
        tags=["diplomacy"],
        related=["2022-06-09-film-cycle"],
        source={
            "title": "XXVII Meeting",
            "published": "2022-07-03",
            "url": None,
            "quote": "the Strategic Vision 2030, adopted in 2018",
        },
    ),
    make_record(
        "2022-06-23-korea-negotiations",
        title="Negotiations with South Korea begin",
        countries=[*MEMBERS, "South Korea"],
        places=["Santiago"],
        summary="Talks toward a free trade agreement, as the Declaration of Bahía Málaga said.",
        tags=["trade"],
    ),
    make_record(
        "2022-05-13-ottawa-panel",
        title="Panel in [bold]Ottawa[/bold]",
        countries=["Canada", "Mexico"],
        people=[{"name": "Meredith Lilly", "role": "Associate Director", "country": None}],
        tags=["economy"],
    ),
]


@pytest.fixture
def store(make_store: StoreFactory) -> Path:
    return make_store(FIXTURE_RECORDS)


def run_json(invoke: Invoke, *args: str) -> Any:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


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


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["list", "--country", "Perw"], ["'Perw'", "Peru"]),
        (["list", "--type", "meeting"], ["'meeting'", "event, agreement, program"]),
        (["list", "--tag", "trad"], ["'trad'", "trade"]),
        (["list", "--from", "2022-13-45"], ["'2022-13-45'", "2022-06-23"]),
        (["list", "--to", "someday"], ["'someday'", "June 2022"]),
        (["list", "--from", "03/05/2022"], ["'03/05/2022'", "ambiguous"]),
        (["list", "--from", "2023", "--to", "2022"], ["--from 2023", "--to 2022"]),
        (["list", "--limit", "0"], ["--limit '0'", "1 or more"]),
        (["list", "--year", "twenty"], ["--year 'twenty'"]),
        (["list", "--bogus"], ["--bogus"]),
        (["timeline", "--country", "Atlantis"], ["'Atlantis'"]),
        (["search", "x", "--on", "31 June 2022"], ["'31 June 2022'"]),
        (["show"], ["ID"]),
        (["search"], ["QUERY"]),
        (["nonsense"], ["nonsense"]),
    ],
)
def test_wrong_usage_exits_2_with_one_line(
    invoke: Invoke, store: Path, args: list[str], fragments: list[str]
) -> None:
    result = invoke(*args, "--db", str(store)) if args[0] != "nonsense" else invoke(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pacli: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"records": {"1": {"id": "a"', "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b'["records"]', "JSON object"),
        (b'{"records": {"1": {"id": "x", "type": "event"}}}', "title: missing"),
        (b"", "is empty"),
    ],
)
def test_bad_stores_exit_1_with_one_line(
    invoke: Invoke, tmp_path: Path, content: bytes, fragment: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    for command in (["list"], ["timeline"], ["search", "x"], ["show", "x"], ["countries"]):
        result = invoke(*command, "--db", str(path))
        assert result.exit_code == 1
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
        assert fragment in result.stderr and str(path) in result.stderr


def test_missing_store_exits_1(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("list", "--db", str(tmp_path / "none.json"))
    assert result.exit_code == 1
    assert "store not found" in result.stderr


def test_interrupt_exits_130_without_traceback(
    invoke: Invoke, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("pacli.cli.reading.open_library", interrupted)
    result = invoke("list", "--db", str(store))
    assert result.exit_code == 130
    assert result.stderr == ""


def test_unexpected_errors_are_one_line(
    invoke: Invoke, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("pacli.cli.reading.open_library", broken)
    result = invoke("list", "--db", str(store))
    assert result.exit_code == 1
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr


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

COMMANDS = ["list", "search", "show", "timeline", "countries", "stats", "add", "import", "where"]


def test_main_help_lists_commands_and_exit_codes(invoke: Invoke) -> None:
    result = invoke("--help")
    for command in COMMANDS:
        assert command in result.stdout
    assert "Exit codes" in result.stdout and "130" in result.stdout


def test_version(invoke: Invoke) -> None:
    from pacli import __version__

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"pacli {__version__}"
