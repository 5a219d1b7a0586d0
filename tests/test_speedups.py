"""The Typer speed-ups of pacli.cli.speedups still hold: a command that runs imports neither
pydantic nor the modules of other commands."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = (
    "import sys\n"
    "from pacli.cli import app\n"
    "try:\n"
    "    app(sys.argv[1:], prog_name='pacli')\n"
    "except SystemExit:\n"
    "    pass\n"
    "loaded = sorted(name for name in sys.modules if name.startswith(('pydantic', 'pacli.cli.')))\n"
    "print(' '.join(loaded), file=sys.stderr)\n"
)


def modules_loaded_by(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    return set(result.stderr.strip().splitlines()[-1].split())


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json"],
        ["search", "Singapore", "--json"],
        ["timeline", "-c", "KR"],
        ["timeline", "--chart", "-c", "KR"],
    ],
)
def test_reading_commands_never_import_pydantic(args: list[str]) -> None:
    loaded = modules_loaded_by(*args)
    assert not any(name.startswith("pydantic") for name in loaded), loaded


@pytest.mark.slow
def test_a_command_builds_only_its_own_module() -> None:
    loaded = modules_loaded_by("list", "--json")
    assert "pacli.cli.reading" in loaded
    assert not {"pacli.cli.records", "pacli.cli.files"} & loaded
