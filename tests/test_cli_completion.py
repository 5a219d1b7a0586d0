"""Shell completion as a shell asks for it (`_PACLI_COMPLETE=complete_bash`): values of options
whatever their case and accents, and ids from the store the command line names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import StoreFactory
from tests.helpers import Invoke, make_record


def complete(invoke: Invoke, words: str, env: dict[str, str] | None = None) -> list[str]:
    parts = words.split(" ")
    result = invoke(
        env={
            "_PACLI_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **(env or {}),
        }
    )
    return [line for line in result.stdout.splitlines() if line]  # bash: one per line


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("pacli list -c per", ["Peru"]),
        ("pacli list --country PER", ["Peru"]),
        ("pacli list -c méx", ["Mexico"]),
        ("pacli list -c corea", ["North Korea", "South Korea"]),
        ("pacli list --type EV", ["event"]),
        ("pacli list --tag Cul", ["culture"]),
        ("pacli list --date-basis in", ["inferred"]),
        ("pacli search x --sort d", ["date"]),
        ("pacli list --format j", ["json", "jsonl"]),
        ("pacli export --format m", ["markdown"]),
        ("pacli import x.csv --format c", ["csv"]),
        ("pacli list --fields id,ti", ["id,title"]),
        ("pacli search x --fields id,sc", ["id,score"]),
    ],
)
def test_option_values_complete_regardless_of_case_and_accents(
    invoke: Invoke, words: str, expected: list[str]
) -> None:
    assert complete(invoke, words) == expected


def test_ids_complete_from_the_db_on_the_same_line(
    invoke: Invoke, make_store: StoreFactory
) -> None:
    store = make_store([make_record("2023-01-01-team-record")])
    assert complete(invoke, f"pacli show --db {store} 2023") == ["2023-01-01-team-record"]
    assert complete(invoke, f"pacli --db {store} show 2023") == ["2023-01-01-team-record"]
    bundled = complete(invoke, "pacli show 2022-05-16")
    assert bundled == ["2022-05-16-singapore-work-plan"]


def test_edit_and_remove_offer_only_ids_they_may_change(
    invoke: Invoke, user_store: Path, make_store: StoreFactory
) -> None:
    assert complete(invoke, "pacli edit 2022-05") == []
    assert complete(invoke, "pacli show 2022-05") != []
    assert invoke("add", "-t", "event", "--title", "Mine", "--date", "2022-05-20", "-c", "PE",
                  "--summary", "Mine.").exit_code == 0  # fmt: skip
    assert complete(invoke, "pacli remove 2022-05") == ["2022-05-20-mine"]
    team = make_store([make_record("2022-05-30-team")])
    assert complete(invoke, f"pacli edit --db {team} 2022") == ["2022-05-30-team"]
