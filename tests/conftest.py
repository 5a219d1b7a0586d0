"""Shared fixtures: a CliRunner, small stores written in TinyDB's format, the bundled store."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pacli.cli import app
from pacli.search import matching
from pacli.storage.store_file import bundled_store_path
from tests.helpers import FIXTURE_RECORDS, write_store

StoreFactory = Callable[[Sequence[dict[str, Any]]], Path]


@pytest.fixture(autouse=True)
def private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test gets its own user data and cache directories, never the real ones."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("PACLI_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("PACLI_CACHE_DIR", str(home / "cache"))
    monkeypatch.delenv("PACLI_DB", raising=False)
    return home


@pytest.fixture
def make_store(tmp_path: Path) -> StoreFactory:
    counter = iter(range(1000))

    def factory(records: Sequence[dict[str, Any]]) -> Path:
        return write_store(tmp_path / f"store-{next(counter)}.json", records)

    return factory


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Run pacli with arguments; stdout and stderr are kept apart."""
    monkeypatch.delenv("PACLI_DB", raising=False)

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Any:
        return runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def bundled_path() -> Path:
    return bundled_store_path()


@pytest.fixture(scope="session")
def bundled_document(bundled_path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(bundled_path.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="session")
def bundled_records(bundled_document: dict[str, Any]) -> list[dict[str, Any]]:
    return list(bundled_document["records"].values())


@pytest.fixture
def store(make_store: StoreFactory) -> Path:
    return make_store(FIXTURE_RECORDS)


@pytest.fixture
def user_store(private_user_dirs: Path) -> Path:
    """Where the user's own store is (not created until a write)."""
    return private_user_dirs / "data" / "records.json"


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each limited search was answered from its phrases' lists."""
    found: list[bool] = []
    ranked = matching._top_by_phrases

    def spied(*args: Any) -> Any:
        result = ranked(*args)
        found.append(result is not None)
        return result

    monkeypatch.setattr(matching, "_top_by_phrases", spied)
    return found
