"""Output for scripts: --format, --fields, --jsonl, tab-separated lines in a pipe, and export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from pacli.model.records import FIELDS
from tests.helpers import Invoke

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
    countries = invoke("countries", "--format", "tsv").stdout.splitlines()
    mexico = sum("Mexico" in record["countries"] for record in bundled_records)
    assert countries[0].split("\t")[:2] == ["Mexico", str(mexico)]
    stats = invoke("stats", "--jsonl").stdout.splitlines()
    events = sum(record["type"] == "event" for record in bundled_records)
    assert {"facet": "type", "value": "event", "count": events} in [
        json.loads(line) for line in stats
    ]


# --- export ---------------------------------------------------------------------------------


# --- flat rows ------------------------------------------------------------------------------
