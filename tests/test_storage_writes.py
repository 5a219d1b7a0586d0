"""Nothing lost: parallel writers all land, and a writer killed mid-write never breaks a store."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pacli.storage.store_file import load_store
from tests.conftest import StoreFactory
from tests.helpers import LIMA_SUMMIT, Invoke, make_record, write_store

# Each worker process runs the pacli command line in-process, `count` times in a row.
ADD_WORKER = """
import sys
from pacli.cli import app
worker, count, store = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for number in range(count):
    try:
        app(["add", "--db", store, "--type", "event", "--title", f"Worker {worker} record {number}",
             "--date", "2023-01-01", "--country", "Peru", "--summary", "Added in parallel."],
            prog_name="pacli")
    except SystemExit as done:
        if done.code:
            raise
"""

# Adds records until killed, printing each id once its write is acknowledged.
ENDLESS_WRITER = """
import sys
from pathlib import Path
from pacli.storage.changes import add_record
from pacli.storage.library import open_library
store = Path(sys.argv[1])
number = 0
while True:
    data = {"type": "event", "title": f"Kill test {sys.argv[2]} {number}", "date": "2023-02-02",
            "countries": ["Chile"], "summary": "Written while a killer waits."}
    change = add_record(open_library(store, for_writing=True), data)
    print(change.record.id, flush=True)
    number += 1
"""


@pytest.mark.slow
def test_eight_parallel_writers_lose_nothing(tmp_path: Path) -> None:
    store = tmp_path / "shared.json"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", ADD_WORKER, str(worker), "12", str(store)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(8)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * 8, [err for _, err in outputs]
    printed = [line for out, _ in outputs for line in out.split()]
    records = load_store(store).records
    assert len(records) == 96
    assert sorted(record.id for record in records) == sorted(printed)
    assert len({record.title for record in records}) == 96


def _kill_when_writing(writer: subprocess.Popen[str], directory: Path, timeout: float) -> bool:
    """SIGKILL `writer` as soon as its temporary file exists, that is, in the middle of a write;
    True if it was caught there, False if time ran out and it was killed anyway."""
    deadline = time.monotonic() + timeout
    earlier = {name for name in os.listdir(directory) if name.endswith(".tmp")}  # orphans
    caught = False
    while time.monotonic() < deadline and not caught:
        caught = any(
            name.endswith(".tmp") and name not in earlier for name in os.listdir(directory)
        )
    writer.send_signal(signal.SIGKILL)
    return caught


@pytest.mark.slow
def test_a_writer_killed_mid_write_leaves_a_valid_store(tmp_path: Path) -> None:
    store = write_store(
        tmp_path / "victim.json",
        [
            make_record(f"2022-01-01-padding-{n:05d}", summary=("Padding " * 30).strip())
            for n in range(3000)
        ],
    )
    acknowledged: set[str] = set()
    caught_mid_write = 0
    rng = random.Random(20221128)
    for round_number in range(12):
        writer = subprocess.Popen(
            [sys.executable, "-c", ENDLESS_WRITER, str(store), str(round_number)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        time.sleep(rng.random() * 0.5)  # let some writes finish first, a different number each time
        caught_mid_write += _kill_when_writing(writer, tmp_path, timeout=10)
        out, _ = writer.communicate(timeout=60)
        acknowledged |= set(out.split())
        ids = {record.id for record in load_store(store).records}  # raises if the store broke
        assert acknowledged <= ids
    assert caught_mid_write >= 6, "too few kills landed inside a write to prove anything"
    leftovers = [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]
    assert len(leftovers) <= 1  # at most the last killed writer's; the next write removes it


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
    for command in (["list"], ["add", *LIMA_SUMMIT]):
        result = invoke(*command, "--db", str(path))
        assert result.exit_code == 1
        assert fragment in result.stderr
    assert path.read_bytes() == before


def test_db_in_a_missing_directory_is_not_created(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("add", *LIMA_SUMMIT, "--db", str(tmp_path / "no" / "where" / "s.json"))
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write read-only files")
def test_a_read_only_store_is_refused(invoke: Invoke, make_store: StoreFactory) -> None:
    path = make_store([make_record("2023-01-01-a")])
    path.chmod(stat.S_IRUSR)
    result = invoke("add", *LIMA_SUMMIT, "--db", str(path))
    assert result.exit_code == 1 and "read-only" in result.stderr


def test_a_read_only_store_file_is_refused_even_for_root(
    invoke: Invoke, make_store: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_store([make_record("2023-01-01-a")])
    before = path.read_bytes()
    monkeypatch.setattr(os, "access", lambda target, mode: Path(target) != path)
    result = invoke("add", *LIMA_SUMMIT, "--db", str(path))
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert path.read_bytes() == before
