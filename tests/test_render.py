"""Output for scripts: --format, --fields, --jsonl, tab-separated lines in a pipe, and export."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len

from pacli.model.dates import format_period, record_period
from pacli.model.records import FIELDS
from pacli.render import safe_text
from pacli.render.long_lines import line_layout
from pacli.render.safe_text import displayable
from pacli.render.views import LONG_TABLE_ROWS
from pacli.search.index import SearchIndex
from tests.conftest import StoreFactory
from tests.helpers import Invoke, make_record, read_tsv

SINGAPORE = "2022-05-16-singapore-work-plan"


def test_a_piped_table_is_tab_separated_lines(invoke: Invoke) -> None:
    result = invoke("list", "--country", "Singapore")
    lines = result.stdout.splitlines()
    assert lines, result.stderr
    first = lines[0].split("\t")
    assert first[:5] == ["2022-07-01-xxvii-finance-ministers-meeting", "2022-07-01", "", "event",
                         "XXVII Meeting of Pacific Alliance Finance Ministers"]  # fmt: skip
    assert "\x1b[" not in result.stdout and "…" not in result.stdout


def test_tsv_keeps_long_text_whole(invoke: Invoke) -> None:
    result = invoke("show", SINGAPORE, "--fields", "id,summary", "--format", "tsv")
    full = json.loads(invoke("show", SINGAPORE, "--json").stdout)["summary"]
    assert read_tsv(result.stdout) == [{"id": SINGAPORE, "summary": full}]


@pytest.mark.parametrize(
    "command", [["list"], ["timeline"], ["search", "singapore"], ["show", SINGAPORE]]
)
def test_fields_choose_json_fields_in_order(invoke: Invoke, command: list[str]) -> None:
    result = invoke(*command, "--fields", "title,id,date", "--json")
    document = json.loads(result.stdout)
    first = document if isinstance(document, dict) else document[0]
    assert list(first) == ["title", "id", "date"]


def test_search_can_ask_for_the_score(invoke: Invoke) -> None:
    rows = json.loads(invoke("search", "ebrard", "--fields", "id,score", "--json").stdout)
    assert rows[0]["id"] == SINGAPORE and rows[0]["score"] > 0


def test_unknown_field_lists_the_valid_ones(invoke: Invoke) -> None:
    result = invoke("list", "--fields", "id,colour", "--json")
    assert result.exit_code == 2
    assert "unknown field 'colour'" in result.stderr
    assert ", ".join(FIELDS) in result.stderr


def test_jsonl_is_one_record_per_line(invoke: Invoke) -> None:
    whole = json.loads(invoke("list", "--json").stdout)
    lines = invoke("list", "--jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == whole


def test_format_json_is_the_same_as_the_shortcut(invoke: Invoke) -> None:
    assert invoke("timeline", "--format", "json").stdout == invoke("timeline", "--json").stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--format", "yaml"], "unknown format 'yaml'"),
        (["--json", "--jsonl"], "choose one output form"),
        (["--json", "--format", "csv"], "choose one output form"),
    ],
)
def test_bad_output_options(invoke: Invoke, args: list[str], fragment: str) -> None:
    result = invoke("list", *args)
    assert result.exit_code == 2 and fragment in result.stderr


def test_csv_has_a_header_and_every_field(invoke: Invoke) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("list", "--format", "csv").stdout)))
    singapore = next(row for row in rows if row["id"] == SINGAPORE)
    assert singapore["countries"] == "Chile;Colombia;Mexico;Peru;Singapore"
    assert singapore["source_published"] == "2022-05-16"


def test_other_views_as_lines(invoke: Invoke, bundled_records: list[dict[str, Any]]) -> None:
    countries = read_tsv(invoke("countries", "--format", "tsv").stdout)
    mexico = sum("Mexico" in record["countries"] for record in bundled_records)
    assert (countries[0]["name"], countries[0]["records"]) == ("Mexico", str(mexico))
    stats = invoke("stats", "--jsonl").stdout.splitlines()
    events = sum(record["type"] == "event" for record in bundled_records)
    assert {"facet": "type", "value": "event", "count": events} in [
        json.loads(line) for line in stats
    ]


# --- export ---------------------------------------------------------------------------------


# --- flat rows ------------------------------------------------------------------------------


# --- every form read back by an independent reader ----------------------------------------

HOSTILE = make_record(
    "2023-03-03-hostile",
    title='"Quoted" title\twith a tab \\ and a backslash',
    summary="Agenda\n---\n1. first\n- second\n\n> not a quote\x1b[2J",
    details=["line one\nline two", "=1+2"],
    places=["\x1b]0;owned\x07Lima"],
    people=[{"name": "Ana|Pérez", "role": "Minister; of Trade", "country": "Peru"}],
    organizations=["@org", "-org", "'quoted"],
    source={"title": "News", "published": "2023-03-03", "url": None, "quote": "One.\n\nTwo."},
)


# The same without control characters, which pacli will not import: every round trip must keep it.
TRICKY = {
    **HOSTILE,
    "summary": HOSTILE["summary"].replace("\x1b", ""),
    "places": ["]0;Lima"],
}


@pytest.fixture
def hostile_store(make_store: StoreFactory) -> Path:
    return make_store([HOSTILE, make_record("2023-01-01-plain")])


@pytest.fixture
def tricky_store(make_store: StoreFactory) -> Path:
    return make_store([TRICKY, make_record("2023-01-01-plain")])


def test_tsv_has_a_header_and_reads_back_every_value(invoke: Invoke, hostile_store: Path) -> None:
    fields = "id,title,summary,places"
    text = invoke("list", "--db", str(hostile_store), "--format", "tsv", "--fields", fields).stdout
    rows = read_tsv(text)
    hostile = next(row for row in rows if row["id"] == HOSTILE["id"])
    # A list is one cell, its items joined with `;` and a `;` in an item escaped as `\;`.
    place = HOSTILE["places"][0].replace(";", "\\;")
    assert hostile == {"id": HOSTILE["id"], "title": HOSTILE["title"],
                       "summary": HOSTILE["summary"], "places": place}  # fmt: skip
    assert len(text.splitlines()) == 3  # the header and one line per record


def test_piped_table_lines_have_no_header(invoke: Invoke, hostile_store: Path) -> None:
    lines = read_tsv(invoke("list", "--db", str(hostile_store)).stdout, header=False)
    assert [row[0] for row in lines] == [HOSTILE["id"], "2023-01-01-plain"]
    assert lines[0][4] == HOSTILE["title"]


def test_piped_show_is_plain_text_for_grep(invoke: Invoke) -> None:
    text = invoke("show", SINGAPORE).stdout
    lines = text.splitlines()
    assert lines[0] == f"id:\t{SINGAPORE}"
    assert "Ebrard" in text and [line for line in lines if "Ebrard" in line]
    assert "--" in lines and "quote:" in lines
    assert any(line.startswith("related:\t") for line in lines)
    assert "\x1b[" not in text and "─" not in text


def test_piped_show_keeps_control_characters_visible(invoke: Invoke, hostile_store: Path) -> None:
    text = invoke("show", HOSTILE["id"], "--db", str(hostile_store)).stdout
    assert "\x1b" not in text and "\\x1b]0;owned\\x07Lima" in text
    assert 'title:\t"Quoted" title\\x09with a tab' in text


@pytest.mark.parametrize("command", ["list", "timeline"])
def test_a_limited_table_says_how_many_match(
    invoke: Invoke, command: str, bundled_records: list[dict[str, Any]]
) -> None:
    table = invoke(command, "-n", "2", "--format", "table").stdout
    assert f"2 of {len(bundled_records)} records" in table
    piped = invoke(command, "-n", "2")
    assert f"showing 2 of {len(bundled_records)} records" in piped.stderr
    assert len(piped.stdout.splitlines()) == 2


def test_a_limited_search_says_how_many_match(invoke: Invoke) -> None:
    every = json.loads(invoke("search", "korea", "--json").stdout)
    table = invoke("search", "korea", "-n", "1", "--format", "table").stdout
    assert f"1 of {len(every)} records" in table


def test_csv_is_read_back_by_the_csv_module(invoke: Invoke, hostile_store: Path) -> None:
    text = invoke("export", "--db", str(hostile_store), "-f", "csv", "--no-excel-safe").stdout
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    hostile = next(row for row in rows if row["id"] == HOSTILE["id"])
    assert hostile["title"] == HOSTILE["title"] and hostile["summary"] == HOSTILE["summary"]
    assert hostile["organizations"] == "@org;-org;'quoted"


def test_csv_is_safe_for_spreadsheets_and_reads_back(
    invoke: Invoke, tricky_store: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "out.csv"
    written = invoke("export", "--db", str(tricky_store), "-f", "csv", "-o", str(exported))
    assert written.exit_code == 0, written.stderr
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"), newline="")))
    hostile = next(row for row in rows if row["id"] == HOSTILE["id"])
    assert hostile["organizations"] == "'@org;-org;'quoted"
    assert hostile["details"].startswith("line one")
    for cell in (cell for row in rows for cell in row.values()):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    copy = tmp_path / "copy.json"
    imported = invoke("import", str(exported), "--db", str(copy))
    assert imported.exit_code == 0, imported.stderr
    again = json.loads(invoke("export", "--db", str(copy)).stdout)
    assert again == json.loads(invoke("export", "--db", str(tricky_store)).stdout)


def test_markdown_is_read_by_a_commonmark_parser(invoke: Invoke, hostile_store: Path) -> None:
    from markdown_it import MarkdownIt

    text = invoke("export", "--db", str(hostile_store), "-f", "markdown").stdout
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [t for t in tokens if t.type == "heading_open"]
    assert [t.tag for t in headings] == ["h1", "h2", "h2"]
    assert sum(t.type == "blockquote_open" for t in tokens) == 1
    assert not [t for t in tokens if t.type in ("ordered_list_open", "hr", "fence", "code_block")]
    inline = " ".join(t.content for t in tokens if t.type == "inline")
    assert "Agenda" in inline and "1. first" not in text.replace("1\\. first", "")
    html = MarkdownIt("commonmark").render(text)
    assert "<script" not in html and "\x1b" not in html


def test_ics_is_read_by_two_parsers_and_is_the_same_each_time(
    invoke: Invoke, bundled_records: list[dict[str, Any]]
) -> None:
    import vobject
    from icalendar import Calendar

    first = invoke("export", "-f", "ics").stdout
    assert invoke("export", "-f", "ics").stdout == first
    events = Calendar.from_ical(first).walk("VEVENT")
    assert len(events) == len(bundled_records) and all(event.get("DTSTAMP") for event in events)
    parsed = vobject.readOne(first)
    assert len(parsed.vevent_list) == len(bundled_records)
    assert all(hasattr(event, "dtstamp") for event in parsed.vevent_list)


def test_ics_with_no_records_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "none.ics"
    result = invoke("export", "-f", "ics", "--country", "Japan", "-o", str(target))
    assert result.exit_code == 1 and "at least one event" in result.stderr
    assert not target.exists()


def test_ics_reaches_the_last_day_of_year_9999(invoke: Invoke, make_store: StoreFactory) -> None:
    from icalendar import Calendar

    store = make_store([make_record("9999-12-31-last", date="9999")])
    result = invoke("export", "-f", "ics", "--db", str(store))
    assert result.exit_code == 0, result.stderr
    event = Calendar.from_ical(result.stdout).walk("VEVENT")[0]
    assert event.get("DURATION").dt.days == 365
    assert json.loads(invoke("list", "--from", "9999-12", "--db", str(store), "--json").stdout)


def test_import_reads_stdin_and_export_writes_stdout(invoke: Invoke, tmp_path: Path) -> None:
    lines = invoke("export", "-f", "jsonl", "-c", "KR", "-o", "-").stdout
    target = tmp_path / "kr.json"
    result = invoke("import", "-", "--format", "jsonl", "--db", str(target), input=lines)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(invoke("list", "--db", str(target), "--json").stdout)) == 5
    needs_format = invoke("import", "-", "--db", str(target), input=lines)
    assert needs_format.exit_code == 2 and "needs --format" in needs_format.stderr


def test_a_huge_title_is_cut_for_a_terminal(invoke: Invoke, make_store: StoreFactory) -> None:
    store = make_store([make_record("2023-01-01-huge", title=("word " * 200_000).strip())])
    table = invoke("timeline", "--db", str(store), "--format", "table", env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.stderr
    assert "more characters)" in table.stdout and len(table.stdout) < 20_000
    whole = json.loads(invoke("show", "2023-01-01-huge", "--db", str(store), "--json").stdout)
    assert len(whole["title"]) == len(("word " * 200_000).strip())


# --- a long table: a line a record, every text still made visible -----------------------------


@pytest.fixture
def long_store(make_store: StoreFactory) -> Path:
    """More records than LONG_TABLE_ROWS, all about trade, one of them hostile."""
    hostile = {**HOSTILE, "title": "\x1b]0;owned\x07Trade deal"}
    spans = make_record("2021-03-05-trade-span", title="Trade span", end_date="2023-02-10")
    wide = make_record("2021-04-04-trade-wide", title="Trade 貿易協定" * 8)
    plain = [
        make_record(f"2020-01-{number % 28 + 1:02d}-trade-{number:04d}", title=f"Trade {number}")
        for number in range(LONG_TABLE_ROWS + 1)
    ]
    return make_store([hostile, spans, wide, *plain])


@pytest.mark.parametrize("command", [["list"], ["timeline"], ["search", "trade"]])
def test_a_long_table_is_a_line_a_record_with_control_characters_shown(
    invoke: Invoke, long_store: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_snippets(*args: object) -> None:
        raise AssertionError("snippets of a table that shows none")

    monkeypatch.setattr(SearchIndex, "snippets", no_snippets)
    result = invoke(*command, "--db", str(long_store), "--format", "table", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert sum("Trade " in line for line in lines) == LONG_TABLE_ROWS + 4  # and the three
    assert "\x1b]" not in result.stdout and "\x07" not in result.stdout
    assert any("\\x1b]0;owned\\x07Trade deal" in line for line in lines)
    assert f"{LONG_TABLE_ROWS + 4} records" in result.stdout
    span = format_period(record_period("2021-03-05", "2023-02-10"))
    assert any(span in line and "Trade span" in line for line in lines)  # the date whole
    assert max(cell_len(line) for line in lines) <= 100  # a wide title cut to the cells it takes
    if command[0] != "timeline":  # the countries line up, after a wide title too
        starts = {cell_len(line[: line.index("all members")]) for line in lines if "all m" in line}
        assert len(starts) == 1


# Every character the walk changes, and others around them.
CONTROL_CHARACTERS = [chr(code) for code in [*range(0x20), *range(0x7F, 0xA0)]] + list(
    "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Printable text, and the same with one control character in it: a text of many controls is
# caught by any of the quick test's checks, one control by the check made for it alone.
SAFE_TEXTS = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), max_size=60)
TEXTS = SAFE_TEXTS | st.builds(
    lambda before, control, after: before + control + after,
    SAFE_TEXTS,
    st.sampled_from(CONTROL_CHARACTERS),
    SAFE_TEXTS,
)


class Shown(NamedTuple):  # a hit's shape: a snippet the walk leaves to the drawer
    value: Any
    snippet: str
    day: date


LEAVES = TEXTS | st.none() | st.integers() | st.floats() | st.dates()
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(TEXTS, inner, max_size=3)
        | st.builds(Shown, inner, TEXTS, st.dates())
    ),
    max_leaves=10,
)


@given(
    item=st.tuples(VALUES)
    | st.dictionaries(TEXTS, VALUES, min_size=1, max_size=2)
    | st.builds(Shown, VALUES, TEXTS, st.dates()),
    limit=st.sampled_from([None, 0, 1, 5, 20, 40, 60]),
)
# Each of the quick test's checks, alone: \b, \f, \r and \u00XX in JSON, a C1 control, a text
# over the limit whose JSON is not.
@example(item=("a\x08b",), limit=None)
@example(item=("a\x0cb",), limit=None)
@example(item=("a\rb",), limit=None)
@example(item=("a\x1bb",), limit=None)
@example(item=({"k": "a\x9bb"},), limit=None)
@example(item=("x" * 25,), limit=20)
def test_a_listing_item_passed_as_clean_needs_no_change(item: Any, limit: int | None) -> None:
    # The quick test of a whole row, record or hit (its JSON) never lets through what the walk
    # of each value would change: a control character, or a text over the limit.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(safe_text, "_clean", lambda item, limit: False)
        walked = displayable([item], limit)
    assert displayable([item], limit) == walked


@pytest.mark.parametrize("width", [60, 80, 100, 200])
def test_a_long_tables_dates_leave_the_titles_room(width: int) -> None:
    # Dates whole when there is room (`5 Mar 2021 – 10 Feb 2023`: 24 cells), never more than a
    # quarter of a narrow terminal; the title then gets more than the date, and the line fits.
    dates = ["5 Mar 2021", "5 Mar 2021 – 10 Feb 2023"]
    for with_countries in (True, False):
        layout = line_layout(dates, width, indent=2, with_countries=with_countries)
        assert layout.date == min(24, max(13, width // 4))
        assert layout.title > layout.date
        used = 2 + layout.date + 1 + 11 + layout.title + (2 + layout.countries) * with_countries
        assert used <= width
