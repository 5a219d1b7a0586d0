"""The README never lies: every `console` example is run as a person would in a terminal (through
`script`, which gives pacli a terminal of 80 columns) and must print what the README shows, and
every shell recipe must run and print something."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pacli.storage.store_file import bundled_store_path
from tests.helpers import REPO_ROOT

pytestmark = pytest.mark.slow  # each example is a process of its own

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
BIN_DIR = Path(sys.executable).parent
README_HOME = "/home/ana"
README_BUNDLED = "/home/ana/pacli/.venv/lib/python3.11/site-packages/pacli/data/records.json"
needs_script = pytest.mark.skipif(
    shutil.which("script") is None or shutil.which("pacli", path=str(BIN_DIR)) is None,
    reason="needs util-linux `script` and an installed pacli",
)


def console_examples() -> list[tuple[str, str]]:
    """(command, what it prints) for every `$ ...` in the README's console blocks, in order."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        command: str | None = None
        output: list[str] = []
        lines = iter(block.splitlines())
        for line in lines:
            if line.startswith("$ "):
                if command is not None:
                    examples.append((command, "\n".join(output)))
                command, output = line[2:], []
                while command.endswith("\\"):
                    command = command[:-1] + next(lines).strip()
            else:
                output.append(line)
        if command is not None:
            examples.append((command, "\n".join(output)))
    return examples


def shell_recipes() -> list[str]:
    """The commands of the README's `sh` blocks, after the two set-up blocks."""
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)[2:]
    return [
        line
        for block in blocks
        for line in block.splitlines()
        if line.strip() and not line.startswith(("#", "pip ", "apt-get ", "python "))
    ]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh user: HOME and the XDG directories in a temporary folder, shared by the examples
    in order (the README adds a record, then imports a file that clashes with it)."""
    return tmp_path_factory.mktemp("ana")


def run_in_terminal(command: str, home: Path) -> str:
    env = {
        "PATH": f"{BIN_DIR}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "COLUMNS": "80",
        "LINES": "50",
        "TERM": "dumb",
        "LANG": "C.UTF-8",
    }
    result = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=120,
    )
    # What a person sees: jq colours its output in a terminal; pacli, with TERM=dumb, does not.
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout.replace("\r\n", "\n"))
    text = text.replace(str(bundled_store_path()), README_BUNDLED).replace(str(home), README_HOME)
    return "\n".join(line.rstrip() for line in text.splitlines())


@needs_script
@pytest.mark.parametrize(("command", "expected"), console_examples(), ids=lambda value: value[:40])
def test_console_example_prints_what_the_readme_shows(
    command: str, expected: str, home: Path
) -> None:
    assert run_in_terminal(command, home) == "\n".join(
        line.rstrip() for line in expected.splitlines()
    )


@needs_script
@pytest.mark.parametrize("recipe", shell_recipes())
def test_shell_recipe_runs(recipe: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "PATH": f"{BIN_DIR}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("PACLI_DB", None)
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", recipe], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_the_readme_has_examples() -> None:
    assert len(console_examples()) >= 12
    assert len(shell_recipes()) >= 4
