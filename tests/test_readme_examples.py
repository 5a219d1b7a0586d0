"""The README's examples over the bundled store print what the README shows.

Each ```console block whose first line runs a reading command (`$ pacli list ...`) is run through
the CLI as a terminal of 80 columns would see it, and its output (stderr, then stdout) compared
with the block line by line. A pipe into `cut -f`, or into `jq -c` with plain paths, is applied
here; commands that write, or that name a user's own paths, are left to their own tests.
"""

from __future__ import annotations

import json
import re
import shlex

import pytest

from tests.helpers import REPO_ROOT, Invoke

READING_COMMANDS = ("list", "search", "show", "timeline", "countries", "stats")
FORM_OPTIONS = ("--format", "-f", "--json", "--jsonl")


def console_examples() -> list[tuple[str, list[str]]]:
    """(command line, expected lines) of each console block that runs a reading command."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```console\n(.*?)```", readme, re.DOTALL):
        first, *expected = block.rstrip("\n").split("\n")
        words = first.removeprefix("$ ").split()
        if first.startswith("$ pacli ") and words[1] in READING_COMMANDS and "\\" not in first:
            examples.append((first.removeprefix("$ "), expected))
    return examples


def run_example(invoke: Invoke, command: str) -> list[str]:
    pipeline = [part.strip() for part in command.split("|")]
    arguments = shlex.split(pipeline[0])[1:]
    if len(pipeline) == 1 and not set(arguments) & set(FORM_OPTIONS):
        arguments += ["--format", "table"]
    result = invoke(*arguments, env={"COLUMNS": "80", "NO_COLOR": "1"})
    lines = (result.stderr + result.stdout).rstrip("\n").split("\n")
    for step in pipeline[1:]:
        lines = apply_pipe(step, lines)
    return [line.rstrip() for line in lines]


def apply_pipe(step: str, lines: list[str]) -> list[str]:
    """`cut -f 1,2`, or `jq -c '.a, .b.c'` (paths only), as the shell would run them."""
    if fields := re.fullmatch(r"cut -f ([\d,]+)", step):
        wanted = [int(field) - 1 for field in fields.group(1).split(",")]
        return ["\t".join(line.split("\t")[index] for index in wanted) for line in lines]
    if paths := re.fullmatch(r"jq -c '([.\w, ]+)'", step):
        document = json.loads("\n".join(lines))
        values = []
        for path in paths.group(1).split(","):
            value = document
            for key in path.strip().strip(".").split("."):
                value = value[key]
            values.append(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        return values
    raise AssertionError(f"the README pipes into {step!r}, which this test cannot run")


@pytest.mark.parametrize(("command", "expected"), console_examples())
def test_readme_example_prints_what_the_readme_shows(
    invoke: Invoke, command: str, expected: list[str]
) -> None:
    assert run_example(invoke, command) == expected


def test_the_examples_are_found() -> None:
    commands = [command for command, _ in console_examples()]
    assert "pacli list --date-basis stated --type agreement" in commands
    assert len(commands) >= 8
