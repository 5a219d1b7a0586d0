"""The installed `pacli` program as a real process: pipes, signals, `python -m pacli`, imports."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT, make_record, write_store

pytestmark = pytest.mark.slow  # every test here starts pacli as a process of its own

BIN_DIR = Path(sys.executable).parent
PACLI = shutil.which("pacli", path=str(BIN_DIR)) or shutil.which("pacli")
SRC = REPO_ROOT / "src" / "pacli"
CORE_PACKAGES = ("model", "storage", "selection", "search", "transfer", "articles")
# Every module of the core, found on disk so that a new one is checked too.
CORE_MODULES = sorted(
    [f"pacli.{package}.{path.stem}" for package in CORE_PACKAGES
     for path in (SRC / package).glob("*.py") if path.stem != "__init__"]
    + ["pacli.errors", "pacli.callbacks"]
)  # fmt: skip

needs_entry_point = pytest.mark.skipif(
    PACLI is None, reason="pacli is not installed in this environment"
)


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    assert PACLI is not None
    full_env = {name: value for name, value in os.environ.items() if name != "PACLI_DB"}
    full_env.update(env or {})
    return subprocess.run(
        [PACLI, *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough records that the output overflows a pipe's buffer."""
    records = [
        make_record(f"2022-01-01-record-{number:05d}", summary=("Words " * 40).strip())
        for number in range(3000)
    ]
    return write_store(tmp_path_factory.mktemp("big") / "big.json", records)


@needs_entry_point
def test_installed_entry_point_reads_the_bundled_store_from_anywhere(tmp_path: Path) -> None:
    result = run("timeline", "--country", "Peru", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert records and all("Peru" in record["countries"] for record in records)
    dates = [record["date"] for record in records]
    assert dates == sorted(dates)


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pacli", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("pacli ")


@needs_entry_point
@pytest.mark.parametrize(
    ("args", "reader"),
    [(["list", "--json"], ["head", "-c", "100"]), (["timeline"], ["head", "-n", "2"])],
)
def test_closed_pipe_ends_quietly(big_store: Path, args: list[str], reader: list[str]) -> None:
    assert PACLI is not None
    env = {**os.environ, "PACLI_DB": str(big_store)}
    subprocess.run([PACLI, "list", "-n", "1"], env=env, capture_output=True, check=True)  # index
    writer = subprocess.Popen(
        [PACLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert writer.stdout is not None and writer.stderr is not None
    head = subprocess.run(reader, stdin=writer.stdout, capture_output=True, check=False)
    writer.stdout.close()
    stderr = writer.stderr.read().decode()
    writer.wait(timeout=60)
    assert head.stdout
    assert stderr == ""


@needs_entry_point
def test_ctrl_c_exits_130_without_traceback(tmp_path: Path) -> None:
    assert PACLI is not None
    records = [make_record(f"2022-01-01-record-{number:06d}") for number in range(60000)]
    store = write_store(tmp_path / "huge.json", records)
    env = {**os.environ, "PACLI_DB": str(store)}
    process = subprocess.Popen(
        [PACLI, "timeline", "--json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    time.sleep(0.8)  # past start-up, inside the command
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_imports_neither_typer_nor_rich(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@needs_entry_point
@pytest.mark.parametrize(
    ("words", "index", "expected"),
    [
        ("pacli sh", "1", "show"),
        ("pacli list --country Pe", "3", "Peru"),
        ("pacli show 2022-05-16", "2", "2022-05-16-singapore-work-plan"),
    ],
)
def test_shell_completion(words: str, index: str, expected: str) -> None:
    result = run(env={"_PACLI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": index})
    assert expected in result.stdout.split()


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


# --- what stdout and argv can do to pacli --------------------------------------------------


@needs_entry_point
@pytest.mark.parametrize(
    ("shell", "message"),
    [("list >&-", "stdout is closed; nothing was done"),
     ("export > /dev/full", "cannot write to stdout: No space left on device")],
)  # fmt: skip
def test_a_stdout_that_cannot_be_written_is_one_line_and_exit_1(shell: str, message: str) -> None:
    assert PACLI is not None
    result = subprocess.run(
        ["bash", "-c", f"'{PACLI}' {shell}"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"pacli: error: {message}"


@needs_entry_point
def test_an_export_cut_short_by_head_exits_141(big_store: Path) -> None:
    assert PACLI is not None
    command = f"'{PACLI}' export --db '{big_store}' | head -c 10; echo \"${{PIPESTATUS[0]}}\""
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert result.stdout.endswith("141\n"), result.stdout[-200:]
    assert "Traceback" not in result.stderr


@needs_entry_point
def test_an_export_into_dev_stdout_cut_short_by_head_exits_141(big_store: Path) -> None:
    assert PACLI is not None
    assert run("export", "--db", str(big_store), "-n", "1").returncode == 0  # the cache built
    command = (
        f"'{PACLI}' export --db '{big_store}' -o /dev/stdout | head -c 10; "
        'echo "${PIPESTATUS[0]}"'
    )
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert result.stdout.endswith("141\n"), result.stdout[-200:]
    assert result.stderr == ""


@needs_entry_point
def test_an_export_into_dev_stdout_appended_to_a_file_keeps_what_it_held(tmp_path: Path) -> None:
    assert PACLI is not None
    log = tmp_path / "log.txt"
    log.write_text("kept\n", encoding="utf-8")
    command = f"'{PACLI}' export -c SG -o /dev/stdout >> '{log}'"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    kept, exported = log.read_text(encoding="utf-8").split("\n", 1)
    assert kept == "kept"
    assert json.loads(exported) == json.loads(run("export", "-c", "SG").stdout)


@needs_entry_point
def test_an_export_into_dev_stdout_is_written_where_the_shell_left_it(tmp_path: Path) -> None:
    assert PACLI is not None
    out = tmp_path / "out.txt"
    command = f"{{ '{PACLI}' export -c SG -o /dev/stdout; echo end; }} > '{out}'"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    exported, end = out.read_text(encoding="utf-8").rsplit("\n", 2)[:2]
    assert end == "end"
    assert json.loads(exported) == json.loads(run("export", "-c", "SG").stdout)


@needs_entry_point
@pytest.mark.parametrize(
    "command", ["list --json --from 1066-13", "search singapre --json", "timeline --json --db"]
)  # an error, a correction's notice, a cache's build notice
def test_with_stderr_closed_stdout_holds_only_data(
    command: str, tmp_path: Path, big_store: Path
) -> None:
    assert PACLI is not None
    command += f" '{big_store}'" if command.endswith("--db") else ""
    result = subprocess.run(
        ["bash", "-c", f"'{PACLI}' {command} 2>&-"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "HOME": str(tmp_path), "PACLI_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    assert "pacli:" not in result.stdout
    if result.returncode == 0:
        assert isinstance(json.loads(result.stdout), list)
    else:
        assert result.returncode == 2 and result.stdout == ""


@needs_entry_point
@pytest.mark.parametrize(
    "command", [["show", "2022-singapore-negotiations-concluded"], ["export", "-f", "csv"]]
)
def test_a_stdout_encoding_without_a_character_is_said_in_one_line(command: list[str]) -> None:
    result = run(*command, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("pacli: error: stdout's encoding (ascii) cannot write '\\u")
    assert line.endswith("'; set PYTHONIOENCODING=utf-8")


@needs_entry_point
def test_an_argument_that_is_not_utf8_is_wrong_usage() -> None:
    assert PACLI is not None
    result = subprocess.run(
        [PACLI.encode(), b"search", b"caf\xe9"], capture_output=True, timeout=60
    )
    assert result.returncode == 2
    assert b"is not UTF-8 text" in result.stderr and len(result.stderr.splitlines()) == 1


@needs_entry_point
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_cache_build_worker_ends_with_pacli(tmp_path: Path, how: signal.Signals) -> None:
    from benchmarks.synthetic import write_synthetic_store
    from pacli.storage.build_worker import WORKER_MIN_BYTES

    assert PACLI is not None
    store = write_synthetic_store(12500, tmp_path / "big.json")
    assert store.stat().st_size >= WORKER_MIN_BYTES  # its cache is built with a worker
    env = {**os.environ, "PACLI_DB": str(store), "PACLI_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [PACLI, "list", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    workers = _children_within(process.pid, seconds=30)
    assert workers, "no worker started"
    process.send_signal(how)
    process.communicate(timeout=20)  # its stdout ends: the worker does not hold it open
    deadline = time.monotonic() + 20
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_running, workers))


def _running(pid: int) -> bool:
    """Whether the process is alive (an ended one whose parent has not collected it is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _children_within(parent: int, seconds: float) -> list[int]:
    from benchmarks.processes import parents

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [pid for pid, its_parent in parents().items() if its_parent == parent]
        if found:
            return found
        time.sleep(0.05)
    return []
