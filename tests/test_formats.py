"""Output for scripts: --format, --fields, --jsonl, tab-separated lines in a pipe, and export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacli.flat import flatten_record, join_items, split_items, unflatten_row
from pacli.records import FIELDS
from pacli.store import load_store

Invoke = Callable[..., Any]
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
    record_id, summary = result.stdout.rstrip("\n").split("\t")
    full = json.loads(invoke("show", SINGAPORE, "--json").stdout)["summary"]
    assert (record_id, summary) == (SINGAPORE, full)


@pytest.mark.parametrize(
    "command", [["list"], ["timeline"], ["search", "singapore"], ["show", SINGAPORE]]
)
def test_fields_choose_json_fields_in_order(invoke: Invoke, command: list[str]) -> None:
    result = invoke(*command, "--fields", "title,id,date", "--json")
    document = json.loads(result.stdout)
    first = document if isinstance(document, dict) else document[0]
    assert list(first) == ["title", "id", "date"]


def test_search_can_ask_for_the_score(invoke: Invoke) -> None:
    rows = json.loads(invoke("search", "singapore", "--fields", "id,score", "--json").stdout)
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


def test_other_views_as_lines(invoke: Invoke) -> None:
    countries = invoke("countries", "--format", "tsv").stdout.splitlines()
    assert countries[0].split("\t")[:2] == ["Mexico", "29"]
    stats = invoke("stats", "--jsonl").stdout.splitlines()
    assert {"facet": "type", "value": "event", "count": 13} in [json.loads(line) for line in stats]


# --- export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["json", "jsonl", "csv"])
def test_export_then_import_round_trips_every_field(
    invoke: Invoke, tmp_path: Path, form: str
) -> None:
    exported = tmp_path / f"all.{form}"
    assert invoke("export", "--format", form, "--output", str(exported)).exit_code == 0
    copy = tmp_path / "copy.json"
    result = invoke("import", str(exported), "--db", str(copy))
    assert result.exit_code == 0, result.stderr
    original = json.loads(invoke("export", "--format", "json").stdout)
    again = json.loads(invoke("export", "--format", "json", "--db", str(copy)).stdout)
    assert again == original
    assert len(load_store(copy).records) == len(original)


def test_export_is_oldest_first_with_filters(invoke: Invoke) -> None:
    records = json.loads(invoke("export", "--country", "KR").stdout)
    dates = [record["date"] for record in records]
    assert dates == ["2014", "2018", "2018", "2022", "2022-06-23"]


def test_export_ics(invoke: Invoke) -> None:
    from icalendar import Calendar

    text = invoke("export", "--format", "ics", "--country", "KR").stdout
    calendar = Calendar.from_ical(text)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 5
    observer = events["2014-south-korea-observer-state@pacli"]
    assert observer.decoded("dtstart").isoformat() == "2014-01-01"
    assert observer.decoded("dtend").isoformat() == "2015-01-01"
    talks = events["2022-06-23-south-korea-fta-negotiations-begin@pacli"]
    assert talks.decoded("dtend").isoformat() == "2022-06-24"
    assert str(talks["location"]) == "Santiago de Chile"


def test_export_ics_range(invoke: Invoke) -> None:
    from icalendar import Calendar

    text = invoke("export", "--format", "ics", "--tag", "environment", "--year", "2022").stdout
    cycle = next(
        event
        for event in Calendar.from_ical(text).walk("VEVENT")
        if str(event["uid"]).startswith("2022-06-09")
    )
    assert (cycle.decoded("dtstart").isoformat(), cycle.decoded("dtend").isoformat()) == (
        "2022-06-09",
        "2022-07-10",
    )


def test_export_markdown(invoke: Invoke) -> None:
    text = invoke("export", "--format", "markdown", "--country", "Singapore").stdout
    assert text.startswith("# Pacific Alliance records\n\n2 records")
    assert "## 16 May 2022: Pacific Alliance - Singapore Work Plan adopted" in text
    assert "> May 16th, 2022.- A Work Plan" in text


def test_export_refuses_fields_for_documents(invoke: Invoke) -> None:
    result = invoke("export", "--format", "ics", "--fields", "id")
    assert result.exit_code == 2


def test_export_output_to_a_missing_directory(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("export", "--output", str(tmp_path / "no" / "such" / "dir.json"))
    assert result.exit_code == 1
    assert "cannot write" in result.stderr


# --- flat rows ------------------------------------------------------------------------------

ITEM = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12).map(str.strip)


@given(st.lists(ITEM.filter(bool), max_size=6))
def test_joined_items_split_back(items: list[str]) -> None:
    assert split_items(join_items(items)) == items


@given(
    st.lists(
        st.fixed_dictionaries(
            {"name": ITEM.filter(bool), "role": st.none() | ITEM.filter(bool), "country": st.none()}
        ),
        max_size=4,
    ),
    st.lists(ITEM.filter(bool), max_size=4),
)
def test_flattened_records_read_back(people: list[dict[str, Any]], details: list[str]) -> None:
    record = {
        "id": "2023-x",
        "people": people,
        "details": details,
        "source": None,
        "end_date": None,
    }
    assert unflatten_row(flatten_record(record)) == {**record, "id": "2023-x"}
