"""Options shared by the commands, with their help text and shell completion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from pacli.records import RECORD_TYPES, TAG_VOCABULARY
from pacli.text import fold

FILTERS_PANEL = "Filters"
OUTPUT_PANEL = "Output"
STORE_PANEL = "Store"


def _complete_country(incomplete: str) -> Iterator[str]:
    from pacli.countries import all_countries

    prefix = fold(incomplete)
    for country in all_countries():
        if fold(country.name).startswith(prefix):
            yield country.name


def _complete_type(incomplete: str) -> Iterator[str]:
    return (name for name in RECORD_TYPES if name.startswith(incomplete.lower()))


def _complete_tag(incomplete: str) -> Iterator[str]:
    return (name for name in TAG_VOCABULARY if name.startswith(incomplete.lower()))


def complete_record_id(incomplete: str) -> Iterator[str]:
    from pacli.library import open_library

    try:
        library = open_library(None)
    except Exception:  # completion must never fail loudly
        return iter(())
    return (record.id for record in library.records if record.id.startswith(incomplete))


CountryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        "-c",
        help="Only records involving this country: name, ISO code or Spanish name (repeatable).",
        metavar="COUNTRY",
        autocompletion=_complete_country,
        rich_help_panel=FILTERS_PANEL,
    ),
]
TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        help=f"Only records of this type: {', '.join(RECORD_TYPES)} (repeatable).",
        metavar="TYPE",
        autocompletion=_complete_type,
        rich_help_panel=FILTERS_PANEL,
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        help="Only records with this tag, such as trade or culture (repeatable).",
        metavar="TAG",
        autocompletion=_complete_tag,
        rich_help_panel=FILTERS_PANEL,
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Records that reach this date or later: 2022, 2022-06, 2022-06-23, 'June 2022'.",
        metavar="DATE",
        rich_help_panel=FILTERS_PANEL,
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        help="Records that begin by the end of this date: --to 2022-06 means through 30 June.",
        metavar="DATE",
        rich_help_panel=FILTERS_PANEL,
    ),
]
OnOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        help="Records that touch this one day, month or year.",
        metavar="DATE",
        rich_help_panel=FILTERS_PANEL,
    ),
]
YearOption = Annotated[
    str | None,
    typer.Option(
        "--year",
        help="Records that touch this year.",
        metavar="YYYY",
        rich_help_panel=FILTERS_PANEL,
    ),
]
LimitOption = Annotated[
    str | None,
    typer.Option(
        "--limit",
        "-n",
        help="Show at most this many records (default: every match).",
        metavar="N",
        rich_help_panel=OUTPUT_PANEL,
    ),
]
JsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print one JSON document on stdout and nothing else.",
        rich_help_panel=OUTPUT_PANEL,
    ),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="PACLI_DB",
        help="Use this store alone (TinyDB JSON, table 'records'), for reading and writing, "
        "instead of the bundled store and your own.",
        metavar="PATH",
        show_envvar=True,
        dir_okay=False,
        rich_help_panel=STORE_PANEL,
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table, tsv, csv, json or jsonl (default: a table in a terminal, tsv in a pipe).",
        metavar="FORM",
        rich_help_panel=OUTPUT_PANEL,
    ),
]
JsonlOption = Annotated[
    bool,
    typer.Option("--jsonl", help="One JSON record per line.", rich_help_panel=OUTPUT_PANEL),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Only these fields, in this order: --fields id,title,date.",
        metavar="LIST",
        rich_help_panel=OUTPUT_PANEL,
    ),
]
