"""Options read as Click reads them, by every command: `-n 2`, `-n2`, `--limit 2` and `--limit=2`
give the same output; `--` ends the options; a `-word` in a query is an exclusion only where it
cannot be an option."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st

from pacli.cli import app
from pacli.cli.arguments import split_query_arguments
from tests.helpers import Invoke

# A value for each option that takes one, valid for the bundled store.
VALUES = {
    "--country": "PE",
    "--type": "event",
    "--tag": "trade",
    "--from": "2022-06",
    "--to": "2022-06",
    "--on": "2022",
    "--year": "2022",
    "--date-basis": "stated",
    "--limit": "2",
    "--format": "json",
    "--fields": "id,title",
    "--sort": "date",
}
# Arguments each command needs besides the option under test.
BASE = {
    "search": ["trade", "--json"],
    "show": ["2022-05-16-singapore-work-plan"],
    "stats": ["--json"],
    "list": ["--json"],
    "timeline": ["--json"],
    "countries": ["--json"],
    "export": [],
    "validate": [],
    "where": [],
}


def spellings(option: Any) -> list[list[str]]:
    """Every way to write `option` with its value: short and long, apart and attached."""
    long_name = next(name for name in option.opts if name.startswith("--"))
    value = VALUES[long_name]
    forms = [[long_name, value], [f"{long_name}={value}"]]
    short = [name for name in option.opts if not name.startswith("--")]
    if short:
        forms += [[short[0], value], [short[0] + value]]
    return forms


def cases() -> list[tuple[str, list[list[str]]]]:
    group = typer.main.get_command(app)
    found = []
    for name in BASE:
        command = group.commands[name]  # type: ignore[attr-defined]
        for param in command.params:
            if param.param_type_name != "option" or param.is_flag:
                continue
            if "--format" in param.opts and "--json" in BASE[name]:
                continue  # the command is already asked for JSON
            if any(opt in VALUES for opt in param.opts):
                found.append((name, spellings(param)))
    return found


@pytest.mark.parametrize(
    ("command", "forms"),
    cases(),
    ids=lambda value: value if isinstance(value, str) else value[0][0],
)
def test_every_spelling_of_an_option_gives_the_same_output(
    invoke: Invoke, command: str, forms: list[list[str]]
) -> None:
    results = []
    for form in forms:
        result = invoke(command, *BASE[command], *form)
        results.append((result.exit_code, result.stdout, result.stderr))
    assert results[0][0] == 0, results[0][2]
    assert all(result == results[0] for result in results), forms


@pytest.mark.parametrize(
    "args",
    [
        ["korea", "-n2"],
        ["korea", "-n", "2"],
        ["-n2", "korea"],
        ["korea", "--limit=2"],
        ["--limit", "2", "korea"],
    ],
)
def test_search_reads_attached_values_as_options(invoke: Invoke, args: list[str]) -> None:
    result = invoke("search", *args, "--json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 2


def test_search_and_stats_read_attached_country_and_format(invoke: Invoke) -> None:
    korea_in_singapore = invoke("search", "korea", "-cSG", "--json")
    assert json.loads(korea_in_singapore.stdout) == []
    assert json.loads(invoke("search", "korea", "-fjson").stdout)[0]["id"]
    by_option = json.loads(invoke("stats", "-cKR", "--json").stdout)
    assert by_option == json.loads(invoke("stats", "--country", "KR", "--json").stdout)
    assert by_option["records"] < json.loads(invoke("stats", "--json").stdout)["records"]


def test_double_dash_ends_options_so_a_dash_word_is_an_exclusion(invoke: Invoke) -> None:
    everything = json.loads(invoke("list", "--json").stdout)
    without_korea = json.loads(invoke("search", "--json", "--", "-korea").stdout)
    korea = json.loads(invoke("search", "korea", "--json").stdout)
    assert {r["id"] for r in without_korea} == {r["id"] for r in everything} - {
        r["id"] for r in korea
    }


def test_a_lone_dash_letter_is_an_option_not_a_word(invoke: Invoke) -> None:
    result = invoke("search", "-i")
    assert result.exit_code == 2
    assert "no such option: -i" in result.stderr
    assert result.stdout == ""


def test_a_dash_word_is_an_exclusion_where_it_cannot_be_an_option(invoke: Invoke) -> None:
    unquoted = json.loads(invoke("search", "trade", "-korea", "--json").stdout)
    assert unquoted == json.loads(invoke("search", "trade NOT korea", "--json").stdout)
    assert unquoted and all("korea" not in r["title"].lower() for r in unquoted)


OPTIONS = {"-n": True, "--limit": True, "-c": True, "--country": True, "--json": False, "-h": False}


@given(st.lists(st.sampled_from(["korea", "-korea", "-n2", "-n", "2", "--json", "--", "x", "-x"])))
def test_splitting_loses_no_argument_but_the_double_dash(args: list[str]) -> None:
    options, words = split_query_arguments(args, OPTIONS)
    missing = Counter(args) - Counter(options + words)
    assert missing in (Counter(), Counter({"--": 1}))
    assert not Counter(options + words) - Counter(args)


def test_splitting_by_example() -> None:
    assert split_query_arguments(["trade", "-n2", "-korea"], OPTIONS) == (
        ["-n2"],
        ["trade", "-korea"],
    )
    assert split_query_arguments(["-n", "3", "x"], OPTIONS) == (["-n", "3"], ["x"])
    assert split_query_arguments(["--", "-n2"], OPTIONS) == ([], ["-n2"])
    assert split_query_arguments(["--limit=4", "-2022"], OPTIONS) == (["--limit=4"], ["-2022"])
    assert split_query_arguments(["-x"], OPTIONS) == (["-x"], [])


def test_db_path_argument_is_kept_whole(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("search", "trade", f"--db={tmp_path / 'none.json'}")
    assert result.exit_code == 1 and "store not found" in result.stderr
