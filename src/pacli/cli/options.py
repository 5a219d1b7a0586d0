"""Options shared by the commands, with their help text and shell completion."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import typer

from pacli.model.vocabulary import RECORD_TYPES

FILTERS_PANEL = "Filters"
OUTPUT_PANEL = "Output"
STORE_PANEL = "Store"


CountryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        "-c",
        help="Only records involving this country: name, ISO code or Spanish name (repeatable).",
        metavar="COUNTRY",
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
        rich_help_panel=FILTERS_PANEL,
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        help="Only records with this tag, such as trade or culture (repeatable).",
        metavar="TAG",
        rich_help_panel=FILTERS_PANEL,
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Records that reach this date or later: 2022, 2022-06, 2022-06-23, 'June 2022', "
        "2022-Q2.",
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
        help="Records that touch this day, month, year, quarter (2022-Q2) or range "
        "(2022-06..2022-07).",
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
WithinOption = Annotated[
    str | None,
    typer.Option(
        "--within",
        help="Records whose whole period lies inside this date, quarter or range: 'June 2022', "
        "2022-Q2, 2022-06..2022-07 (a record dated only 2022 is not within June 2022).",
        metavar="DATE",
        rich_help_panel=FILTERS_PANEL,
    ),
]
DateBasisOption = Annotated[
    list[str] | None,
    typer.Option(
        "--date-basis",
        help="Only records whose date is known this way: stated, dateline, inferred, unknown "
        "(repeatable).",
        metavar="BASIS",
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
    str | None,
    typer.Option(
        "--db",
        help="Use this store alone (TinyDB JSON, table 'records'), for reading and writing, "
        "instead of the bundled store and your own. PACLI_DB=PATH does the same.",
        metavar="PATH",
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

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., None])


def keyword_option(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    """A command parameter, as `option_group` takes them."""
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def option_group(
    argument: str, make: Callable[..., Any], options: Sequence[inspect.Parameter]
) -> Callable[[CommandFunction], CommandFunction]:
    """Options defined once for several commands: the command's parameter `argument` is
    replaced by `options`, and the command receives `make(**their values)` as `argument`.
    (Typer reads a command's options from its signature; every value is passed by name.)"""
    names = [option.name for option in options]

    def decorate(function: CommandFunction) -> CommandFunction:
        @functools.wraps(function)
        def run(**given: Any) -> None:
            group = make(**{name: given.pop(name) for name in names})
            function(**given, **{argument: group})

        parameters: list[inspect.Parameter] = []
        for parameter in inspect.signature(function, eval_str=True).parameters.values():
            keyword = parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY)
            parameters += options if parameter.name == argument else [keyword]
        run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {}
        return run  # type: ignore[return-value]

    return decorate


# The filters every listing command takes, in the order --help shows them.
FILTER_OPTIONS = (
    keyword_option("country", CountryOption),
    keyword_option("type_", TypeOption),
    keyword_option("tag", TagOption),
    keyword_option("since", FromOption),
    keyword_option("until", ToOption),
    keyword_option("on", OnOption),
    keyword_option("year", YearOption),
    keyword_option("within", WithinOption),
    keyword_option("date_basis", DateBasisOption),
)

# How output is asked for: --format, --json, --jsonl, and (for records) --fields.
OUTPUT_OPTIONS = (
    keyword_option("form", FormatOption),
    keyword_option("as_json", JsonOption, default=False),
    keyword_option("jsonl", JsonlOption, default=False),
)
RECORD_OUTPUT_OPTIONS = (*OUTPUT_OPTIONS, keyword_option("fields", FieldsOption))
