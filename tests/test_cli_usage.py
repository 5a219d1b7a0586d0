"""What `--help` and wrong usage say: placeholders that name what an option takes, a plain usage
line, three examples at the end of `pacli --help`, and suggestions only when close in spelling."""

from __future__ import annotations

import re

import pytest
import typer

from pacli.cli import app
from pacli.cli.usage import close_option_names
from tests.helpers import Invoke

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_what_each_option_takes(invoke: Invoke, command: str) -> None:
    text = invoke(command, "--help", env={"COLUMNS": "200"}).stdout
    assert not re.search(r"<(bool|str|int|path|list\[str\])>", text), text
    assert "{" not in text.split("\n", 3)[1] and "[[" not in text


def test_help_shows_metavars_and_plain_usage(invoke: Invoke) -> None:
    show = invoke("show", "--help", env={"COLUMNS": "120"}).stdout
    assert "Usage: pacli show [OPTIONS] ID" in show
    stats = invoke("stats", "--help", env={"COLUMNS": "120"}).stdout
    assert "Usage: pacli stats [OPTIONS] [QUERY]..." in stats
    listing = invoke("list", "--help", env={"COLUMNS": "120"}).stdout
    for placeholder in ("COUNTRY", "TYPE", "DATE", "YYYY", "BASIS", "FORM", "PATH"):
        assert placeholder in listing
    assert re.search(r"--json\s+Print one JSON document", listing)


def test_top_level_help_ends_with_three_examples(invoke: Invoke) -> None:
    text = invoke("--help").stdout.rstrip()
    tail = text.rsplit("Examples", 1)[1].strip().splitlines()
    assert [line.split()[:2] for line in tail] == [["pacli", "timeline"], ["pacli", "search"],
                                                   ["pacli", "list"]]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "suggested", "not_suggested"),
    [
        (["list", "--contry", "PE"], "--country", None),
        (["list", "--plac", "x"], None, "--type"),
        (["list", "--place", "x"], None, "--type"),
        (["search", "x", "--jsn"], "--json", None),
        (["list", "--lmit", "2"], "--limit", "--to"),
    ],
)
def test_unknown_options_get_only_close_suggestions(
    invoke: Invoke, args: list[str], suggested: str | None, not_suggested: str | None
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    typed = next(arg for arg in args if arg.startswith("--"))
    assert f"no such option: {typed}" in result.stderr
    if suggested:
        assert f"did you mean {suggested}" in result.stderr
    else:
        assert "did you mean" not in result.stderr
    if not_suggested:
        assert not_suggested not in result.stderr.split("did you mean", 1)[-1]


def test_close_option_names() -> None:
    known = ["--country", "--type", "--tag", "--format", "--from", "-c"]
    assert close_option_names("--contry", known) == ["--country"]
    assert close_option_names("--place", known) == []
    assert close_option_names("--form", known)[:2] == ["--format", "--from"]


@pytest.mark.parametrize(
    ("args", "named"),
    [(["search", "   "], "'   '"), (["lis  t"], "'lis  t'"), (["list", "x  y"], "(x  y)")],
)  # fmt: skip
def test_a_wrong_value_is_named_with_its_spaces(
    invoke: Invoke, args: list[str], named: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert named in line


@pytest.mark.parametrize("ids", [[""], ["  "], ["2022-singapore-negotiations-concluded", ""]])
def test_a_blank_id_is_wrong_usage(invoke: Invoke, ids: list[str]) -> None:
    result = invoke("show", *ids)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "names no record; give an id as `pacli list` shows it" in line
    assert result.stdout == ""
