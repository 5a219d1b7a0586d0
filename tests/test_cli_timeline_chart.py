"""`pacli timeline --chart` through the command line: widths, colour, filters, lanes by group,
untrusted text, wrong usage, and the README's picture of it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pacli.render.chart_layout import GLYPHS
from tests.conftest import StoreFactory
from tests.helpers import REPO_ROOT, Invoke, make_record

COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*3[0-7]m")
MARKS = set(GLYPHS.values())


def chart(invoke: Invoke, *args: str, columns: int = 80, **env: str) -> str:
    """`pacli timeline --chart ARGS` at `columns` wide, with more environment variables."""
    result = invoke("timeline", "--chart", *args, env={"COLUMNS": str(columns), **env})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    text: str = result.stdout
    return text


def lanes(text: str) -> list[str]:
    """The lines between the axis and the legend."""
    lines = text.splitlines()
    start = next(index for index, line in enumerate(lines) if "┬" in line) + 1
    return lines[start : lines.index("", start)]


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_the_bundled_chart_fits_the_width_with_a_lane_per_record(
    invoke: Invoke, columns: int
) -> None:
    records = json.loads(invoke("timeline", "--json").stdout)
    text = chart(invoke, columns=columns)
    assert max(len(line) for line in text.splitlines()) <= columns
    assert len(lanes(text)) == len(records)
    assert all(MARKS & set(lane) for lane in lanes(text))
    assert text.splitlines()[0] == f"{len(records)} records, 2011 – 2022, in years"
    assert "\x1b" not in text  # piped: no colour
    assert "known only to the month or year" in text


def test_the_filters_choose_the_lanes(invoke: Invoke) -> None:
    wanted = json.loads(invoke("timeline", "--country", "KR", "--from", "2018", "--json").stdout)
    text = chart(invoke, "--country", "KR", "--from", "2018", columns=200)
    shown = lanes(text)
    assert len(shown) == len(wanted)
    assert all(lane.startswith(r["title"]) for lane, r in zip(shown, wanted, strict=True))
    assert len(lanes(chart(invoke, "--limit", "3"))) == 3


def test_lanes_by_country(invoke: Invoke, store: Path) -> None:
    text = chart(invoke, "--db", str(store), "--by", "country")
    names = [lane.split(" ")[0] for lane in lanes(text)]
    assert names == ["Mexico", "Chile", "Colombia", "Peru", "Canada", "South"]
    assert "one lane per country" in text.splitlines()[0]


def test_by_alone_draws_the_chart(invoke: Invoke, store: Path) -> None:
    result = invoke("timeline", "--db", str(store), "--by", "TYPE", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert [lane.split(" ")[0] for lane in lanes(result.stdout)] == [
        "event", "agreement", "program"]  # fmt: skip


def test_colour_in_a_terminal_and_none_with_no_color(invoke: Invoke, store: Path) -> None:
    coloured = chart(invoke, "--db", str(store), FORCE_COLOR="1", TERM="xterm-256color")
    assert COLOUR_CODE.search(coloured)
    plain = chart(invoke, "--db", str(store), FORCE_COLOR="1", TERM="xterm-256color", NO_COLOR="1")
    assert not COLOUR_CODE.search(plain)
    piped = chart(invoke, "--db", str(store))
    assert re.sub(r"\x1b\[[0-9;]*m", "", plain) == piped  # the same chart, without colour


def test_record_text_is_shown_never_obeyed(invoke: Invoke, make_store: StoreFactory) -> None:
    path = make_store(
        [
            make_record("2022-01-01-markup", title="Panel in [bold]Ottawa[/bold]"),
            make_record("2022-02-01-escape", title="Red \x1b[31malert\x1b]0;owned\x07 \u202eevil"),
        ]
    )
    for colour in ("", "1"):
        text = chart(invoke, "--db", str(path), columns=200, FORCE_COLOR=colour)
        assert "Panel in [bold]Ottawa[/bold]" in text
        assert "Red \\x1b[31malert\\x1b]0;owned\\x07 \\u202eevil" in text
        assert "\x1b[31m" not in text and "\x1b]" not in text and "\x07" not in text
        assert "\u202e" not in text


def test_nothing_to_draw(invoke: Invoke) -> None:
    assert chart(invoke, "--year", "1990") == "No records match.\n"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--chart", "--json"], "--chart draws a chart"),
        (["--chart", "--format", "tsv"], "--chart draws a chart"),
        (["--by", "country", "--fields", "id"], "--chart draws a chart"),
        (["--by", "colour"], "unknown --by 'colour'; use record, type, country, tag"),
        (["--chart", "--country", "Atlantis"], "Atlantis"),
    ],
)
def test_wrong_usage_exits_2(invoke: Invoke, args: list[str], fragment: str) -> None:
    result = invoke("timeline", *args)
    assert result.exit_code == 2
    assert fragment in result.stderr and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1


def test_the_readme_shows_the_chart_as_it_is(invoke: Invoke) -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ (pacli timeline --chart[^\n]*)\n(.*?)```", readme, re.S)
    assert block is not None, "README.md shows no `pacli timeline --chart` block"
    args = block.group(1).split()[3:]
    assert chart(invoke, *args) == block.group(2)
