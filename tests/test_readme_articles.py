"""The README's examples of ingest, source and verify are true: run here in the README's order,
for one user whose store already holds the record of the README's `pacli add` example, each
prints what the README shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT, Invoke, add_lima

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## From an article to records", 1)[1].split("\n## ", 1)[0]
README_STORE = "/home/ana/.local/share/pacli/records.json"


def shown(command: str) -> list[str]:
    """The lines the README shows under `$ command`, up to the next command or block end."""
    block = SECTION.split(f"$ {command}\n", 1)[1].split("\n```", 1)[0]
    return block.split("\n$ ", 1)[0].splitlines()


def test_the_examples_in_order(
    invoke: Invoke, user_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO_ROOT)
    assert add_lima(invoke).exit_code == 0  # the README's `pacli add` example, earlier on

    drafted = invoke("ingest", "docs/examples/article.txt", "--json")
    lines = [f"{d['date']}  {d['type']}  {d['title']}" for d in json.loads(drafted.stdout)]
    command = "pacli ingest docs/examples/article.txt --json | jq -r "
    command += "'.[] | \"\\(.date)  \\(.type)  \\(.title)\"'"
    assert shown(command) == drafted.stderr.splitlines() + lines

    added = invoke("ingest", "docs/examples/article.txt", "--add")
    stderr = added.stderr.replace(str(user_store), README_STORE).splitlines()
    assert shown("pacli ingest docs/examples/article.txt --add") == stderr + added.stdout.split()

    record_id = added.stdout.split()[0]
    record = json.loads(invoke("show", record_id, "--json").stdout)
    picked = {name: record[name] for name in ("date", "date_basis", "countries", "places")}
    picked |= {"people": [person["name"] for person in record["people"]]}
    picked |= {"related": record["related"]}
    command = next(line for line in SECTION.splitlines() if line.startswith("$ pacli show"))
    assert shown(command[2:]) == [json.dumps(picked, ensure_ascii=False, separators=(",", ":"))]

    source = invoke("source", "2022-05-16-singapore-work-plan")
    first = [line.rstrip() for line in source.stdout.splitlines()[:3]]
    assert shown("pacli source 2022-05-16-singapore-work-plan | head -3") == first

    verified = invoke("verify")
    assert shown("pacli verify") == verified.stdout.splitlines() + verified.stderr.splitlines()


def test_the_figure_in_the_readme_is_the_measured_one() -> None:
    from benchmarks.ingest_accuracy import compare_all

    comparisons = compare_all()
    matched = sum(item.matches for item in comparisons)
    figure = re.search(r"\*\*(\d+) of (\d+)\*\*", SECTION)
    assert figure is not None
    assert (int(figure.group(1)), int(figure.group(2))) == (matched, len(comparisons))
