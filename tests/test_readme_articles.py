"""The README's examples of ingest, source and verify are true: each command is run here and its
output compared with what the README shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT, Invoke

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## From an article to records", 1)[1].split("\n## ", 1)[0]
EXAMPLE = str(REPO_ROOT / "docs" / "examples" / "article.txt")
README_STORE = "/home/ana/.local/share/pacli/records.json"


def shown(command: str) -> list[str]:
    """The lines the README shows under `$ command`, up to the next command or block end."""
    block = SECTION.split(f"$ {command}\n", 1)[1].split("\n```", 1)[0]
    return block.split("\n$ ", 1)[0].splitlines()


@pytest.fixture(autouse=True)
def in_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO_ROOT)


def test_ingest_json_example(invoke: Invoke) -> None:
    command = (
        "pacli ingest docs/examples/article.txt --json | jq -r "
        "'.[] | \"\\(.date)  \\(.type)  \\(.title)\"'"
    )
    result = invoke("ingest", EXAMPLE, "--json")
    drafts = json.loads(result.stdout)
    lines = [f"{draft['date']}  {draft['type']}  {draft['title']}" for draft in drafts]
    assert shown(command) == result.stderr.splitlines() + lines


def test_ingest_add_and_show_examples(invoke: Invoke, user_store: Path) -> None:
    result = invoke("ingest", "docs/examples/article.txt", "--add")
    assert result.exit_code == 0, result.stderr
    stderr = result.stderr.replace(str(user_store), README_STORE).splitlines()
    assert shown("pacli ingest docs/examples/article.txt --add") == stderr + result.stdout.split()
    record_id = result.stdout.split()[0]
    record = json.loads(invoke("show", record_id, "--json").stdout)
    picked = {
        "date": record["date"],
        "date_basis": record["date_basis"],
        "countries": record["countries"],
        "places": record["places"],
        "people": [person["name"] for person in record["people"]],
        "related": record["related"],
    }
    command = next(
        line for line in SECTION.splitlines() if line.startswith(f"$ pacli show {record_id}")
    )
    assert shown(command[2:]) == [json.dumps(picked, ensure_ascii=False, separators=(",", ":"))]


def test_source_example(invoke: Invoke) -> None:
    result = invoke("source", "2022-05-16-singapore-work-plan")
    lines = [line.rstrip() for line in result.stdout.splitlines()[:3]]
    assert shown("pacli source 2022-05-16-singapore-work-plan | head -3") == lines


def test_verify_example(invoke: Invoke) -> None:
    result = invoke("verify")
    assert shown("pacli verify") == result.stderr.splitlines()


def test_the_figure_in_the_readme_is_the_measured_one() -> None:
    from benchmarks.ingest_accuracy import compare_all

    comparisons = compare_all()
    matched = sum(item.matches for item in comparisons)
    figure = re.search(r"\*\*(\d+) of (\d+)\*\*", SECTION)
    assert figure is not None
    assert (int(figure.group(1)), int(figure.group(2))) == (matched, len(comparisons))
