"""Helpers for tests: records and stores written in TinyDB's format."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCE_TEXT = REPO_ROOT.parent / "shared" / "sources" / "pacific-alliance-news-2022.txt"
MEMBERS = ["Chile", "Colombia", "Mexico", "Peru"]
Invoke = Callable[..., Any]  # the `invoke` fixture: runs pacli through CliRunner
# A record to add: `pacli add *LIMA_SUMMIT` makes 2023-05-02-lima-summit.
LIMA_SUMMIT = ["-t", "event", "--title", "Lima summit", "--date", "2023-05-02", "-c", "PE",
               "--summary", "Leaders met."]  # fmt: skip


def articles_by_headline(headlines: Iterable[str]) -> dict[str, str] | None:
    """Each article of the source text by its headline, cut where the next headline starts;
    None when the source text is not beside the repository (it is in CI)."""
    if not SOURCE_TEXT.is_file():
        return None
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    starts = sorted(text.index(headline) for headline in set(headlines))
    return {
        text[start:].split("\n", 1)[0]: text[start:end]
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True)
    }


def make_record(record_id: str, **fields: Any) -> dict[str, Any]:
    """A valid user record; `fields` override the defaults."""
    record: dict[str, Any] = {
        "id": record_id,
        "type": "event",
        "title": record_id.replace("-", " ").title(),
        "date": record_id[:10].rstrip("-"),
        "countries": list(MEMBERS),
        "summary": f"Summary of {record_id}.",
    }
    record.update(fields)
    return record


def write_store(path: Path, records: Sequence[dict[str, Any]]) -> Path:
    table = {str(index): record for index, record in enumerate(records, start=1)}
    path.write_text(json.dumps({"records": table}, ensure_ascii=False), encoding="utf-8")
    return path


def run_json(invoke: Invoke, *args: str) -> Any:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


# Four records for the command-line tests: a program over a range, an agreement known to the
# year, an event with a partner, and one whose title holds Rich markup.
FIXTURE_RECORDS = [
    make_record(
        "2022-06-09-film-cycle",
        type="program",
        title="Film cycle on the environment",
        end_date="2022-07-09",
        tags=["film", "culture"],
        organizations=["Fundación Chile"],
        summary="Nine films shown online.",
        related=["2018-strategic-vision"],
    ),
    make_record(
        "2018-strategic-vision",
        type="agreement",
        title="Strategic Vision 2030 adopted",
        date="2018",
        tags=["diplomacy"],
        related=["2022-06-09-film-cycle"],
        source={
            "title": "XXVII Meeting",
            "published": "2022-07-03",
            "url": None,
            "quote": "the Strategic Vision 2030, adopted in 2018",
        },
    ),
    make_record(
        "2022-06-23-korea-negotiations",
        title="Negotiations with South Korea begin",
        countries=[*MEMBERS, "South Korea"],
        places=["Santiago"],
        summary="Talks toward a free trade agreement, as the Declaration of Bahía Málaga said.",
        tags=["trade"],
    ),
    make_record(
        "2022-05-13-ottawa-panel",
        title="Panel in [bold]Ottawa[/bold]",
        countries=["Canada", "Mexico"],
        people=[{"name": "Meredith Lilly", "role": "Associate Director", "country": None}],
        tags=["economy"],
    ),
]


# `pacli add *LIMA_ADD` makes 2023-05-02-summit-in-lima, with names, codes and a written date.
LIMA_ADD = [
    "--type",
    "event",
    "--title",
    "Summit in Lima",
    "--date",
    "2 May 2023",
    "--country",
    "PE",
    "-c",
    "Chile",
    "--summary",
    "Leaders met in Lima.",
]


def add_lima(invoke: Invoke, *extra: str) -> Any:
    return invoke("add", *LIMA_ADD, *extra)


def read_tsv(text: str, *, header: bool = True) -> list[Any]:
    r"""Tab-separated output read as the README documents it: the csv module with tabs and no
    quoting, then `\\`, `\t`, `\n`, `\r` and `\xNN` or `\uNNNN` unescaped in each cell."""
    import csv
    import io
    import re

    codes = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}

    def unescape(cell: str) -> str:
        return re.sub(
            r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[\\tnr])",
            lambda m: codes.get(m.group(1)) or chr(int(m.group(1)[1:], 16)),
            cell,
        )

    rows = [
        [unescape(cell) for cell in row]
        for row in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    ]
    if not header:
        return rows
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
