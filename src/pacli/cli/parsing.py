"""Option values that are only text on the command line, read into what the core takes:
--limit, --sort, --fields and --output. Each wrong value is a UsageError naming it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pacli.errors import UsageError
from pacli.model.limits import MOST_RECORDS
from pacli.model.records import FIELDS
from pacli.search import SORT_ORDERS


def parse_limit(text: str | None) -> int | None:
    """A --limit as typed: a whole number of 1 or more, or None for no limit (also for a
    number larger than any store can hold)."""
    if text is None:
        return None
    digits = text.strip().lstrip("0")
    if not (digits.isascii() and digits.isdigit()):
        raise UsageError(f"--limit {text!r} is not a count; give a whole number of 1 or more")
    if len(digits) > len(str(MOST_RECORDS)):  # not read: Python refuses 4,300 digits and more
        return None
    count = int(digits)
    return count if count < MOST_RECORDS else None


def parse_output(text: str | None) -> Path | None:
    """An --output as typed: the file to write, or None for stdout (`-` or no --output)."""
    if text is None or text == "-":
        return None
    if not text.strip():
        raise UsageError(f"--output {text!r} names no file; give a path, or - for stdout")
    return Path(text)


def resolve_sort(text: str) -> str:
    if text.lower() in SORT_ORDERS:
        return text.lower()
    raise UsageError(f"unknown sort {text!r}; use {' or '.join(SORT_ORDERS)}")


def parse_fields(text: str | None, allowed: Sequence[str] = FIELDS) -> tuple[str, ...] | None:
    """The fields of `--fields id,title,date`, in that order; None for every field."""
    if text is None:
        return None
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        shown = f"unknown field {unknown[0]!r}" if unknown else f"no field in {text!r}"
        raise UsageError(f"--fields: {shown}; the fields are {', '.join(allowed)}")
    return names


def record_ids_given(arguments: Sequence[str]) -> list[str]:
    """The ids of `show ID...`: as given, or one a line from stdin for `-`; UsageError for none."""
    import sys

    if list(arguments) == ["-"]:
        ids = [line.strip() for line in sys.stdin.read().split("\n") if line.strip()]
        if not ids:
            raise UsageError(
                "no ids on stdin; give one a line (pacli search X --json | jq -r '.[].id')"
            )
        return ids
    if "-" in arguments:
        raise UsageError("- reads the ids from stdin: give it alone, not with other ids")
    ids = [argument.strip() for argument in arguments]
    if not all(ids):
        blank = next(argument for argument in arguments if not argument.strip())
        raise UsageError(f"the id {blank!r} names no record; give an id as `pacli list` shows it")
    return ids
