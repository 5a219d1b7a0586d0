"""The shape of the code a newcomer reads: small modules, short functions, a core free of the
command line, and a map (docs/architecture.md) that names every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

SRC = REPO_ROOT / "src" / "pacli"
MODULES = sorted(SRC.rglob("*.py"))
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def relative(path: Path) -> str:
    return str(path.relative_to(SRC.parent))


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_no_module_is_long(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{relative(path)} has {lines} lines"


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_no_function_is_long(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == [], f"{relative(path)}: {', '.join(long)}"


def test_the_architecture_map_names_every_module() -> None:
    text = (REPO_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [
        relative(path).removeprefix("pacli/")
        for path in MODULES
        if path.name != "__init__.py" and relative(path).removeprefix("pacli/") not in text
    ]
    assert missing == [], f"docs/architecture.md does not mention {', '.join(missing)}"
