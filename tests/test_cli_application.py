"""The application around every command: wrong usage, bad stores, interrupts and bugs as one
line on stderr with their exit codes; help, version, and the global --db."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import StoreFactory
from tests.helpers import Invoke, make_record


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

    monkeypatch.setattr("pacli.cli.shared.open_library", interrupted)
    result = invoke("list", "--db", str(store))
    assert result.exit_code == 130
    assert result.stderr == ""


def test_unexpected_errors_are_one_line(
    invoke: Invoke, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("pacli.cli.shared.open_library", broken)
    result = invoke("list", "--db", str(store))
    assert result.exit_code == 1
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr


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


def test_db_before_the_command_is_read_once_and_not_kept(
    invoke: Invoke, make_store: StoreFactory, bundled_records: list[dict[str, Any]]
) -> None:
    path = make_store([make_record("2023-01-01-a")])
    listed = json.loads(invoke("--db", str(path), "list", "--json").stdout)
    assert [record["id"] for record in listed] == ["2023-01-01-a"]
    # The same process, a command without --db: the bundled store, not the one above.
    assert len(json.loads(invoke("list", "--json").stdout)) == len(bundled_records)
    assert "PACLI_DB" not in os.environ


def test_db_after_the_command_wins_over_before_and_over_the_environment(
    invoke: Invoke, make_store: StoreFactory
) -> None:
    first = make_store([make_record("2023-01-01-a")])
    second = make_store([make_record("2023-02-02-b")])
    result = invoke("--db", str(first), "list", "--db", str(second), "--json")
    assert [record["id"] for record in json.loads(result.stdout)] == ["2023-02-02-b"]
    from_env = invoke("list", "--db", str(second), "--json", env={"PACLI_DB": str(first)})
    assert [record["id"] for record in json.loads(from_env.stdout)] == ["2023-02-02-b"]


@pytest.mark.parametrize("args", [["--db", "", "list"], ["list", "--db", ""], ["list", "--db=  "]])
def test_an_empty_db_is_wrong_usage(invoke: Invoke, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and "--db '' names no store" in result.stderr
    assert result.stdout == ""


def test_export_json_shortcut_is_the_default(invoke: Invoke) -> None:
    assert invoke("export", "--json").stdout == invoke("export").stdout
    assert invoke("export", "--json", "-f", "csv").exit_code == 2


def test_bare_pacli_shows_help_and_succeeds(invoke: Invoke) -> None:
    result = invoke()
    assert result.exit_code == 0 and "Commands" in result.stdout and result.stderr == ""


def test_a_progress_bar_is_drawn_no_more_once_its_work_is_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    import pacli.cli.progress as progress

    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    drawn: list[tuple[int, int]] = []
    monkeypatch.setattr(progress.ProgressReport, "_bar", lambda self, d, t: drawn.append((d, t)))
    report = progress.ProgressReport("reading", unit="bytes")
    for done in (50, 100, 100):  # the end told twice: the last read, then the empty one
        report(done, 100)
    assert drawn == [(50, 100), (100, 100)]


def test_progress_starts_again_for_the_next_store(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pacli.cli.progress as progress

    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0.0)
    report = progress.ProgressReport("reading", unit="records")
    for done, total in ((10, 10), (10, 10), (50, 100), (100, 100)):
        report(done, total)
    assert capsys.readouterr().err.splitlines() == [
        "pacli: reading: 10 records of 10 records",
        "pacli: reading: 50 records of 100 records",
        "pacli: reading: 100 records of 100 records",
    ]
