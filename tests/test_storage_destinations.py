"""export --output: a regular file is replaced atomically and only when it may be written;
devices, pipes and /dev/stdout are written into, never replaced; a symlink is followed; a
directory is refused."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from tests.helpers import Invoke, make_record, write_store


def test_dev_null_stays_a_device(invoke: Invoke) -> None:
    result = invoke("export", "-o", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_into(invoke: Invoke, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke("export", "-c", "KR", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0]) == json.loads(invoke("export", "-c", "KR").stdout)


def test_a_read_only_file_is_refused_even_for_root(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "kept.json"
    target.write_text("precious", encoding="utf-8")
    target.chmod(0o444)
    result = invoke("export", "-o", str(target))
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert target.read_text(encoding="utf-8") == "precious"


def test_a_directory_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("export", "-o", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_symlink_is_followed_to_its_target(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "target.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert invoke("export", "-c", "SG", "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    expected = json.loads(invoke("export", "-c", "SG").stdout)
    assert json.loads(target.read_text(encoding="utf-8")) == expected


def test_a_symlink_loop_is_an_error(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = invoke("export", "-o", str(tmp_path / "a"))
    assert result.exit_code == 1 and "loops" in result.stderr


@pytest.mark.parametrize("output", ["-", "/dev/stdout", "/dev/../dev/stdout", "/dev/fd/1"])
def test_stdout_is_written_into(invoke: Invoke, output: str) -> None:
    result = invoke("export", "-c", "SG", "-o", output)
    assert result.exit_code == 0, result.stderr
    if output == "-":
        assert result.stdout == invoke("export", "-c", "SG").stdout


@pytest.mark.parametrize("named", ["itself", "a symlink", "a hard link"])
def test_the_store_being_read_is_never_the_output(
    invoke: Invoke, tmp_path: Path, named: str
) -> None:
    mine = write_store(tmp_path / "mine.json", [make_record("2022-01-01-one")])
    before = mine.read_bytes()
    output = {"itself": mine, "a symlink": tmp_path / "link.json", "a hard link": tmp_path / "hard"}
    if named == "a symlink":
        output[named].symlink_to(mine)
    elif named == "a hard link":
        os.link(mine, output[named])
    result = invoke("export", "--db", str(mine), "-n", "1", "-o", str(output[named]))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"pacli: error: --output {output[named]} is a store pacli uses ({mine}); write the "
        "export to another file"
    ]
    assert mine.read_bytes() == before


def test_the_user_store_not_made_yet_and_the_bundled_store_are_never_the_output(
    invoke: Invoke, tmp_path: Path, bundled_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACLI_DATA_DIR", str(tmp_path / "data"))
    user_store = tmp_path / "data" / "records.json"
    refused = invoke("export", "-o", str(user_store))
    assert refused.exit_code == 2 and "is a store pacli uses" in refused.stderr
    assert not user_store.exists()
    before = bundled_path.read_bytes()
    mine = write_store(tmp_path / "mine.json", [make_record("2022-01-01-one")])
    refused = invoke("export", "--db", str(mine), "-o", str(bundled_path))
    assert refused.exit_code == 2 and str(bundled_path) in refused.stderr
    assert bundled_path.read_bytes() == before
    user_store.parent.mkdir()
    write_store(user_store, [make_record("2023-01-01-own")])  # the user's, not read with --db
    kept = user_store.read_bytes()
    refused = invoke("export", "--db", str(mine), "-o", str(user_store))
    assert refused.exit_code == 2 and str(user_store) in refused.stderr
    assert user_store.read_bytes() == kept


@pytest.mark.parametrize("typed", ["", "  "])
def test_an_output_that_names_no_file_is_wrong_usage(invoke: Invoke, typed: str) -> None:
    result = invoke("export", "-o", typed)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"pacli: error: --output {typed!r} names no file; give a path, or - for stdout"
    ]


@pytest.mark.skipif(not os.access("/dev/shm", os.W_OK), reason="no /dev/shm to write in")
def test_a_regular_file_under_dev_is_replaced_like_any_other(invoke: Invoke) -> None:
    target = Path("/dev/shm") / f"pacli-test-{os.getpid()}.json"
    try:
        assert invoke("export", "-c", "SG", "-o", str(target)).exit_code == 0  # created
        target.write_text('{"old": 1}', encoding="utf-8")
        assert invoke("export", "-c", "SG", "-o", str(target)).exit_code == 0  # replaced
        expected = json.loads(invoke("export", "-c", "SG").stdout)
        assert json.loads(target.read_text(encoding="utf-8")) == expected
        assert stat.S_ISREG(target.stat().st_mode)
    finally:
        target.unlink(missing_ok=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in a read-only directory")
def test_a_file_in_a_read_only_directory_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    shut = tmp_path / "shut"
    shut.mkdir()
    shut.chmod(0o555)
    try:
        result = invoke("export", "-o", str(shut / "new.json"))
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"pacli: error: cannot write {shut / 'new.json'}: its directory {shut} is read-only"
        ]
    finally:
        shut.chmod(0o755)
