"""Writes to a large store: spliced from its cache, they give the very bytes a whole rewrite
gives, keep the cache current (the next read does not rebuild it), and fall back to a rewrite
when the store is not the one the cache was built from or not in pacli's layout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pacli.storage.library import LARGE_STORE_BYTES
from pacli.storage.writes import store_bytes
from tests.helpers import Invoke, make_record

ADD = ["-t", "event", "--date", "2023-05-02", "-c", "PE", "--summary", "Added."]


def write_canonical(path: Path, count: int) -> Path:
    summary = "A record about regional integration and the Pacific Alliance. " * 80
    records = [
        make_record(f"2022-01-01-r{number:05d}", summary=summary.strip()) for number in range(count)
    ]
    records[5]["related"] = ["2022-01-01-r00007"]
    table = {str(number + 1): record for number, record in enumerate(records)}
    path.write_bytes(store_bytes({"records": table}))
    return path


@pytest.fixture
def large(tmp_path: Path) -> Path:
    path = write_canonical(tmp_path / "large.json", LARGE_STORE_BYTES // 5000 + 10)
    assert path.stat().st_size >= LARGE_STORE_BYTES
    return path


def run_writes(invoke: Invoke, store: Path, env: dict[str, str] | None = None) -> list[str]:
    """The same writes on `store`; what pacli said on stderr for each."""
    said = []
    for args in (
        ["add", *ADD, "--title", "First"],
        ["add", *ADD, "--title", "Second", "--related", "2023-05-02-first"],
        ["edit", "2022-01-01-r00003", "--summary", "Changed."],
        ["remove", "2022-01-01-r00007", "--yes"],
        ["edit", "2023-05-02-first", "--tag", "trade"],
    ):
        result = invoke(*args, "--db", str(store), env=env)
        assert result.exit_code == 0, result.stderr
        said.append(result.stderr)
    return said


def test_spliced_writes_give_the_bytes_of_a_whole_rewrite(
    invoke: Invoke, large: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.json"
    shutil.copy(large, copy)
    assert invoke("list", "--db", str(large), "-n", "1").exit_code == 0  # builds the cache
    said = run_writes(invoke, large)
    assert not any("building it" in line for line in said)
    no_cache = {"PACLI_CACHE_DIR": str(tmp_path / "cache-file-in-the-way" / "x")}
    (tmp_path / "cache-file-in-the-way").write_text("not a directory")
    run_writes(invoke, copy, env=no_cache)
    assert large.read_bytes() == copy.read_bytes()
    document = json.loads(large.read_bytes())
    assert large.read_bytes() == store_bytes(document)
    records = {record["id"]: record for record in document["records"].values()}
    assert records["2022-01-01-r00003"]["summary"] == "Changed."
    assert "2022-01-01-r00007" not in records and records["2022-01-01-r00005"]["related"] == []


def test_the_cache_stays_current_after_a_spliced_write(invoke: Invoke, large: Path) -> None:
    assert invoke("list", "--db", str(large), "-n", "1").exit_code == 0
    run_writes(invoke, large)
    shown = invoke("show", "2023-05-02-second", "--db", str(large), "--json")
    assert shown.stderr == "" and json.loads(shown.stdout)["related"] == ["2023-05-02-first"]
    found = invoke("search", "changed", "--db", str(large), "--json")
    assert [hit["id"] for hit in json.loads(found.stdout)] == ["2022-01-01-r00003"]
    listed = json.loads(invoke("list", "--db", str(large), "--json").stdout)
    on_disk = json.loads(large.read_bytes())["records"]
    assert sorted(record["id"] for record in listed) == sorted(r["id"] for r in on_disk.values())
    assert invoke("validate", str(large)).exit_code == 0


def test_a_store_changed_by_another_program_is_rewritten_whole(invoke: Invoke, large: Path) -> None:
    assert invoke("list", "--db", str(large), "-n", "1").exit_code == 0
    document = json.loads(large.read_bytes())
    document["records"]["1"]["title"] = "Edited elsewhere"
    large.write_text(json.dumps(document), encoding="utf-8")  # not pacli's layout, and new
    result = invoke("add", *ADD, "--title", "After", "--db", str(large))
    assert result.exit_code == 0, result.stderr
    after = json.loads(large.read_bytes())
    titles = {record["title"] for record in after["records"].values()}
    assert {"Edited elsewhere", "After"} <= titles
    assert large.read_bytes() == store_bytes(after)


def test_a_failed_spliced_write_changes_nothing(invoke: Invoke, large: Path) -> None:
    assert invoke("list", "--db", str(large), "-n", "1").exit_code == 0
    before = large.read_bytes()
    result = invoke(
        "add", *ADD, "--title", "Bad", "--related", "no-such-record", "--db", str(large)
    )
    assert result.exit_code == 2
    assert large.read_bytes() == before
    again = invoke("list", "--db", str(large), "-n", "1")
    assert "building it" not in again.stderr


def test_a_write_while_another_pacli_reads_the_cache_leaves_it_to_be_rebuilt(
    invoke: Invoke, large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import pacli.storage.spliced
    from pacli.storage.cache import cache_file_for

    monkeypatch.setattr(pacli.storage.spliced, "CACHE_BUSY_SECONDS", 0.05)
    assert invoke("list", "--db", str(large), "-n", "1").exit_code == 0
    reader = sqlite3.connect(cache_file_for([large]))
    rows = reader.execute("SELECT json FROM records")  # a `list --json | less` paused mid-way
    assert rows.fetchone() is not None
    added = invoke("add", *ADD, "--title", "Lima summit", "--db", str(large))
    rows.close()
    reader.close()
    assert added.exit_code == 0, added.stderr
    assert large.read_bytes() == store_bytes(json.loads(large.read_bytes()))
    assert "Lima summit" in large.read_text()
    found = invoke("search", "Lima summit", "--db", str(large), "--json")
    assert found.exit_code == 0 and "building it" in found.stderr  # the stale cache, rebuilt
    assert [hit["title"] for hit in json.loads(found.stdout)][:1] == ["Lima summit"]
