"""Behaviour a review and a first-time user found wanting, each pinned by a test."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pacli.query_language import Term, parse_query
from pacli.store import load_store
from tests.conftest import StoreFactory
from tests.helpers import make_record

Invoke = Callable[..., Any]
LIMA = ["-t", "event", "--title", "Lima summit", "--date", "2023-05-02", "-c", "PE",
        "--summary", "Leaders met."]  # fmt: skip


def test_edit_changes_only_the_source_fields_given(invoke: Invoke, private_user_dirs: Path) -> None:
    assert invoke("add", *LIMA, "--source-title", "News", "--quote", "They met.").exit_code == 0
    result = invoke("edit", "2023-05-02-lima-summit", "--source-url", "https://example.org/n")
    assert result.exit_code == 0, result.stderr
    source = load_store(private_user_dirs / "data" / "records.json").records[0].source
    assert source is not None
    assert (source.title, source.quote, source.url) == (
        "News",
        "They met.",
        "https://example.org/n",
    )


def test_source_url_must_be_a_web_address(invoke: Invoke) -> None:
    result = invoke("add", *LIMA, "--source-url", "notaurl")
    assert result.exit_code == 2 and "is not a web address" in result.stderr


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ({"name": "my-app", "version": "1.0"}, 'is not a pacli store: it has no "records" table'),
        ({"_default": {"1": {}}}, 'is not a pacli store'),
        ({"records": {"01": make_record("2023-01-01-a")}}, "TinyDB document ids are whole numbers"),
    ],
)  # fmt: skip
def test_files_that_are_not_stores_are_never_read_or_written(
    invoke: Invoke, tmp_path: Path, document: dict[str, Any], fragment: str
) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    for command in (["list"], ["add", *LIMA]):
        result = invoke(*command, "--db", str(path))
        assert result.exit_code == 1
        assert fragment in result.stderr
    assert path.read_bytes() == before


def test_import_of_wrong_kinds_names_them(invoke: Invoke, tmp_path: Path) -> None:
    item = make_record("2023-01-01-a", places=[None, 5], tags=[7], source={"title": 123})
    path = tmp_path / "in.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    result = invoke("import", str(path), "--db", str(tmp_path / "store.json"))
    assert result.exit_code == 1
    for fragment in ("places: every item must be non-empty text", "tags: every item",
                     "source.title: must be text or null"):  # fmt: skip
        assert fragment in result.stderr
    assert "internal error" not in result.stderr


def test_import_reports_every_problem_of_a_record(invoke: Invoke, tmp_path: Path) -> None:
    item = make_record("2023-01-01-a", date="2023-02-30", tags=["Two Words"], colour="red")
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(item) + "\n", encoding="utf-8")
    result = invoke("import", str(path), "--db", str(tmp_path / "store.json"))
    for fragment in ("line 1: date:", "line 1: tags:", "line 1: colour: unknown field"):
        assert fragment in result.stderr


def test_a_failed_write_creates_nothing(
    invoke: Invoke, tmp_path: Path, private_user_dirs: Path
) -> None:
    assert invoke("add", *LIMA, "--date", "2023-02-30").exit_code == 2
    assert not (private_user_dirs / "data").exists()
    result = invoke("add", *LIMA, "-t", "bogus", "--db", str(tmp_path / "fresh.json"))
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_db_in_a_missing_directory_is_not_created(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("add", *LIMA, "--db", str(tmp_path / "no" / "where" / "s.json"))
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write read-only files")
def test_a_read_only_store_is_refused(invoke: Invoke, make_store: StoreFactory) -> None:
    path = make_store([make_record("2023-01-01-a")])
    path.chmod(stat.S_IRUSR)
    result = invoke("add", *LIMA, "--db", str(path))
    assert result.exit_code == 1 and "read-only" in result.stderr


def test_a_read_only_store_file_is_refused_even_for_root(
    invoke: Invoke, make_store: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_store([make_record("2023-01-01-a")])
    before = path.read_bytes()
    monkeypatch.setattr(os, "access", lambda target, mode: Path(target) != path)
    result = invoke("add", *LIMA, "--db", str(path))
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert path.read_bytes() == before


def test_related_to_a_missing_record_is_wrong_usage(invoke: Invoke) -> None:
    result = invoke("add", *LIMA, "--related", "nope")
    assert result.exit_code == 2 and "related: no record has id 'nope'" in result.stderr


def test_declining_remove_keeps_the_record(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, private_user_dirs: Path
) -> None:
    invoke("add", *LIMA)
    monkeypatch.setattr("pacli.cli.writing._in_a_terminal", lambda: True)
    result = invoke("remove", "2023-05-02-lima-summit", input="n\n")
    assert result.exit_code == 1 and "nothing removed" in result.stderr
    assert len(load_store(private_user_dirs / "data" / "records.json").records) == 1


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
    ],
)
def test_date_messages_name_the_option_or_qualifier(
    invoke: Invoke, args: list[str], fragment: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and fragment in result.stderr


def test_validate_reads_files_to_import(invoke: Invoke, tmp_path: Path) -> None:
    exported = tmp_path / "kr.csv"
    exported.write_text(invoke("export", "-f", "csv", "-c", "KR").stdout, encoding="utf-8")
    assert invoke("validate", str(exported)).exit_code == 0
    broken = tmp_path / "broken.json"
    broken.write_text('[{"title": "x", "date": "2023"}]', encoding="utf-8")
    result = invoke("validate", str(broken), "--json")
    assert result.exit_code == 1
    problems = [row["problem"] for row in json.loads(result.stdout)]
    assert "broken.json item 1: type: missing" in problems
    assert invoke("validate", str(tmp_path / "none.json")).exit_code == 1


def test_group_db_option_and_export_json(invoke: Invoke, make_store: StoreFactory) -> None:
    path = make_store([make_record("2023-01-01-a")])
    listed = json.loads(invoke("--db", str(path), "list", "--json").stdout)
    assert [record["id"] for record in listed] == ["2023-01-01-a"]
    assert invoke("export", "--json").stdout == invoke("export").stdout
    assert invoke("export", "--json", "-f", "csv").exit_code == 2


def test_lines_show_booleans_as_words(invoke: Invoke) -> None:
    bundled = invoke("where", "--format", "tsv").stdout.splitlines()[0].split("\t")
    assert bundled[3:] == ["false", "true"]


def test_bare_pacli_shows_help_and_succeeds(invoke: Invoke) -> None:
    result = invoke()
    assert result.exit_code == 0 and "Commands" in result.stdout and result.stderr == ""


def test_output_closed_early_exits_141(tmp_path: Path) -> None:
    records = [
        make_record(f"2022-01-01-r{n:05d}", summary=("Words " * 40).strip()) for n in range(400)
    ]
    store = tmp_path / "s.json"
    store.write_text(json.dumps({"records": {str(n + 1): r for n, r in enumerate(records)}}))
    code = "import sys; from pacli.cli import main; main()"
    writer = subprocess.Popen(
        [sys.executable, "-c", code, "list", "--json", "--db", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert writer.stdout is not None and writer.stderr is not None
    writer.stdout.read(100)
    writer.stdout.close()
    writer.wait(timeout=60)
    assert writer.returncode == 141
    assert writer.stderr.read() == b""
