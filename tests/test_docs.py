"""Every command is documented: help text with an example, and a place in the README."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import typer

from pacli.cli import app
from tests.helpers import REPO_ROOT

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_all_commands_are_known() -> None:
    assert set(COMMANDS) == {
        "add", "countries", "edit", "export", "import", "list", "remove",
        "search", "show", "stats", "timeline", "validate", "where",
        "ingest", "source", "verify",
    }  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(invoke: Callable[..., Any], command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Examples" in result.stdout
    assert f"pacli {command}" in result.stdout.split("Examples", 1)[1]


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_documents_the_command(command: str) -> None:
    assert f"pacli {command}" in README


def test_readme_starts_with_the_two_setup_commands() -> None:
    blocks = README.split("```sh\n")
    assert "pacli timeline --country Peru" in blocks[1].split("```")[0]
    assert "pytest" in blocks[2].split("```")[0]
    assert "## Set up" in blocks[0]
