"""Typed values into the stored form, and ids made from a date and a title."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pacli.transfer.normalize import make_id
from tests.helpers import LIMA_SUMMIT, Invoke, make_record


def test_make_id() -> None:
    assert (
        make_id("2023-05", "Cumbre de Bogotá: ¡Éxito!", set()) == "2023-05-cumbre-de-bogota-exito"
    )
    taken = {"2023-x", "2023-x-2"}
    assert make_id("2023", "X", taken) == "2023-x-3"
    assert make_id("2023", "!!!", set()) == "2023-record"
    assert len(make_id("2023", "word " * 40, set())) <= 60


# --- what a person or a file may not put into a record ------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--title", "Clear\x1b[2J"], "title: contains the control character \\x1b"),
        (["--summary", "Set title \x1b]0;owned\x07"], "summary: contains the control character"),
        (["--place", "Lima\x9b31m"], "places[0]: contains the control character \\x9b"),
        (["--title", "x" * 100_001], "title: is 100,001 characters long; the most is 100,000"),
        (["--source-url", "https://"], "source.url: 'https://' is not a web address"),
        (["--source-url", "https://a b"], "is not a web address"),
        (["--source-url", "https://a.org/\r\nX: y"], "is not a web address"),
        (["--person", ""], "people[0].name: missing"),
        (["--date", "\uff12\uff10\uff12\uff12"], "date:"),  # full-width digits
    ],
)
def test_add_refuses_what_no_record_may_hold(
    invoke: Invoke, user_store: Path, args: list[str], fragment: str
) -> None:
    result = invoke("add", *LIMA_SUMMIT, *args)
    assert result.exit_code == 2, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not user_store.exists()


def test_newlines_and_tabs_are_text(invoke: Invoke, user_store: Path) -> None:
    result = invoke("add", *LIMA_SUMMIT, "--summary", "Line one.\n\tLine two.")
    assert result.exit_code == 0, result.stderr


def test_import_refuses_control_characters_naming_the_field(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps([make_record("2023-01-01-a", title="A\x1b[31m")]), encoding="utf-8")
    result = invoke("import", str(path), "--db", str(tmp_path / "s.json"))
    assert result.exit_code == 1
    assert "in.json item 1: title: contains the control character \\x1b" in result.stderr
    assert not (tmp_path / "s.json").exists()


def test_a_csv_people_cell_ending_in_a_separator(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("type,title,date,countries,summary,people\nevent,T,2023,PE,S,Ana;\n")
    result = invoke("import", str(path), "--db", str(tmp_path / "s.json"))
    assert result.exit_code == 1 and "people[1].name: missing" in result.stderr
    assert "internal error" not in result.stderr
