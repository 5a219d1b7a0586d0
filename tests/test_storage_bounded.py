"""Stores and files read within bounds, and every odd one is a one-line message naming it: not a
regular file, duplicate keys, lone surrogates, huge numbers, deep nesting, symlinks that loop or
lead nowhere, directories without search permission."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pacli.storage.bounded import ReadProblem, parse_json
from tests.conftest import StoreFactory
from tests.helpers import LIMA_SUMMIT, Invoke, make_record, write_store

COMMANDS = [["list"], ["validate"], ["add", *LIMA_SUMMIT], ["stats"]]


def one_line_failure(result: object, code: int = 1) -> str:
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == code, stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr and "internal error" not in stderr
    return stderr


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"records": {"1": %s, "1": %s}}', "has the key '1' twice"),
        ('{"records": {"1": {"id": "a", "id": "b"}}}', "has the key 'id' twice"),
        ('{"records": {"1": {"title": "x\\ud800"}}}', "lone surrogate"),
        ('{"records": {"1": {"n": ' + "9" * 5000 + "}}}", "is not valid JSON"),
        ('{"records": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ],
)
def test_hostile_stores_are_named_in_one_line(
    invoke: Invoke, tmp_path: Path, text: str, fragment: str
) -> None:
    record = json.dumps(make_record("2023-01-01-a"))
    path = tmp_path / "hostile.json"
    path.write_text(text.replace("%s", record), encoding="utf-8")
    before = path.read_bytes()
    for command in COMMANDS:
        args = [*command, str(path)] if command == ["validate"] else [*command, "--db", str(path)]
        result = invoke(*args)
        stderr = one_line_failure(result)
        said = result.stdout if command == ["validate"] else stderr  # validate lists on stdout
        assert fragment in said, (command, said)
    assert path.read_bytes() == before


def test_parse_json_keeps_valid_pairs() -> None:
    assert parse_json('{"a": "\\ud83d\\ude00"}') == {"a": "😀"}
    with pytest.raises(ReadProblem):
        parse_json('{"a": 1, "a": 2}')


def test_a_store_that_is_a_device_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    for command in (["list"], ["add", *LIMA_SUMMIT]):
        stderr = one_line_failure(invoke(*command, "--db", str(link)))
        assert "not a regular file" in stderr
    assert one_line_failure(invoke("validate", str(link)))


def test_a_symlinked_store_is_written_through_to_its_target(
    invoke: Invoke, make_store: StoreFactory, tmp_path: Path
) -> None:
    target = make_store([make_record("2023-01-01-a")])
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert invoke("add", *LIMA_SUMMIT, "--db", str(link)).exit_code == 0
    assert link.is_symlink()
    ids = [
        record["id"]
        for record in json.loads(target.read_text(encoding="utf-8"))["records"].values()
    ]
    assert ids == ["2023-01-01-a", "2023-05-02-lima-summit"]
    assert (target.parent / f"{target.name}.lock").exists()
    assert not (tmp_path / "link.json.lock").exists()


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_broken_symlink_store_is_never_written_over(
    invoke: Invoke, tmp_path: Path, kind: str
) -> None:
    link = tmp_path / "store.json"
    if kind == "dangling":
        link.symlink_to(tmp_path / "nowhere.json")
    else:
        (tmp_path / "other.json").symlink_to(link)
        link.symlink_to(tmp_path / "other.json")
    stderr = one_line_failure(invoke("add", *LIMA_SUMMIT, "--db", str(link)))
    assert ("does not exist" if kind == "dangling" else "loops") in stderr
    assert link.is_symlink() and not (tmp_path / "nowhere.json").exists()
    assert one_line_failure(invoke("list", "--db", str(link)))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may search any directory")
def test_a_store_in_a_directory_without_search_permission(invoke: Invoke, tmp_path: Path) -> None:
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    store = write_store(hidden / "s.json", [make_record("2023-01-01-a")])
    hidden.chmod(0o600)
    try:
        assert "Permission denied" in one_line_failure(invoke("list", "--db", str(store)))
        assert one_line_failure(invoke("validate", str(store)))
    finally:
        hidden.chmod(0o700)


def test_an_import_file_larger_than_the_bound_is_refused(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pacli.transfer.import_files.MAX_IMPORT_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text(json.dumps([make_record("2023-01-01-a")]), encoding="utf-8")
    stderr = one_line_failure(invoke("import", str(path), "--db", str(tmp_path / "s.json")))
    assert "is larger than 100 bytes" in stderr
