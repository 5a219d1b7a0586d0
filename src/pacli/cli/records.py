"""The commands that change one record: add, edit and remove."""

from __future__ import annotations

import inspect
from typing import Annotated, Any, NamedTuple

import typer

from pacli.cli.application import command
from pacli.cli.options import (
    DbOption,
    JsonOption,
    keyword_option,
    option_group,
)
from pacli.cli.shared import in_a_terminal, library_for, notify
from pacli.errors import PacliError, UsageError
from pacli.model.records import REQUIRED_FIELDS, Record
from pacli.render import write
from pacli.render.views import record_view

RECORD_PANEL = "Record"
SOURCE_PANEL = "Source"
REQUIRED_FOR_ADD = tuple(name for name in REQUIRED_FIELDS if name != "id")


class FieldOption(NamedTuple):
    """One option that sets a record field, defined once for add and edit."""

    parameter: str  # the command function's parameter
    flags: tuple[str, ...]
    metavar: str  # what the option takes, in its help
    help: str
    many: bool = False  # repeatable: a list
    edit_help: str | None = None  # where edit's help differs (a list is replaced)
    panel: str = RECORD_PANEL


FIELD_OPTIONS = (
    FieldOption("type_", ("--type", "-t"), "TYPE", "event, agreement or program."),
    FieldOption("title", ("--title",), "TEXT", "Short English title."),
    FieldOption("date", ("--date",), "DATE", "When: 2022, 2022-06, 2022-06-23 or '23 June 2022'."),
    FieldOption(
        "end_date", ("--end-date",), "DATE", "Last day, month or year of a range ('' clears it)."
    ),
    FieldOption(
        "date_basis",
        ("--date-basis",),
        "BASIS",
        "How the date is known: stated, dateline, inferred (say how in --date-note) or unknown.",
    ),
    FieldOption("date_note", ("--date-note",), "TEXT", "Why the date is approximate or inferred."),
    FieldOption(
        "country",
        ("--country", "-c"),
        "COUNTRY",
        "A country involved: name, ISO or Spanish (repeatable).",
        many=True,
        edit_help="Countries involved; replaces the list (repeatable).",
    ),
    FieldOption("place", ("--place",), "PLACE", "A city or venue (repeatable).", many=True),
    FieldOption(
        "person",
        ("--person",),
        "'NAME|ROLE|COUNTRY'",
        "Someone involved, as 'Name|Role|Country' (repeatable).",
        True,
    ),
    FieldOption("org", ("--org",), "ORG", "An organization (repeatable).", many=True),
    FieldOption(
        "tag",
        ("--tag",),
        "TAG",
        "A lowercase topic (repeatable).",
        many=True,
        edit_help="Tags; replaces the list (repeatable).",
    ),
    FieldOption("summary", ("--summary",), "TEXT", "One to three sentences with the key facts."),
    FieldOption("detail", ("--detail",), "TEXT", "A further fact (repeatable).", many=True),
    FieldOption("related", ("--related",), "ID", "The id of a related record (repeatable).", True),
    FieldOption(
        "source_title", ("--source-title",), "TEXT", "The source's headline.", panel=SOURCE_PANEL
    ),
    FieldOption("source_url", ("--source-url",), "URL", "Where the source is.", panel=SOURCE_PANEL),
    FieldOption(
        "source_published",
        ("--source-published",),
        "DATE",
        "When it was published.",
        panel=SOURCE_PANEL,
    ),
    FieldOption(
        "quote", ("--quote",), "TEXT", "A verbatim excerpt that supports it.", panel=SOURCE_PANEL
    ),
)


class TypedFields(NamedTuple):
    """The record fields as typed on the command line; None where an option was not given."""

    type_: str | None = None
    title: str | None = None
    date: str | None = None
    end_date: str | None = None
    date_basis: str | None = None
    date_note: str | None = None
    country: list[str] | None = None
    place: list[str] | None = None
    person: list[str] | None = None
    org: list[str] | None = None
    tag: list[str] | None = None
    summary: str | None = None
    detail: list[str] | None = None
    related: list[str] | None = None
    source_title: str | None = None
    source_url: str | None = None
    source_published: str | None = None
    quote: str | None = None

    def given(self) -> dict[str, Any]:
        """The fields given, named as in a record, the source's four gathered into one object."""
        fields = {
            "type": self.type_,
            "title": self.title,
            "date": self.date,
            "end_date": self.end_date,
            "date_basis": self.date_basis,
            "date_note": self.date_note,
            "countries": self.country,
            "places": self.place,
            "people": self.person,
            "organizations": self.org,
            "tags": self.tag,
            "summary": self.summary,
            "details": self.detail,
            "related": self.related,
        }
        source = {
            "title": self.source_title,
            "published": self.source_published,
            "url": self.source_url,
            "quote": self.quote,
        }
        given: dict[str, Any] = {name: value for name, value in fields.items() if value is not None}
        given_source = {name: value for name, value in source.items() if value is not None}
        if given_source:
            given["source"] = given_source
        return given


def field_options(*, editing: bool) -> list[inspect.Parameter]:
    """The parameters of FIELD_OPTIONS, for add or (with its own help) edit."""
    parameters = []
    for option in FIELD_OPTIONS:
        help_text = option.edit_help if editing and option.edit_help else option.help
        kind: Any = list[str] | None if option.many else str | None
        info = typer.Option(
            *option.flags,
            help=help_text,
            metavar=option.metavar,
            rich_help_panel=option.panel,
            show_default=False,
        )
        parameters.append(keyword_option(option.parameter, Annotated[kind, info]))
    return parameters


RecordIdArgument = Annotated[str, typer.Argument(metavar="ID", help="The record's id.")]


def _ask_for_missing(given: dict[str, Any]) -> dict[str, Any]:
    """Rich prompts for each required field not given; each answer is checked before the next."""
    from rich.console import Console
    from rich.prompt import Prompt

    from pacli.transfer.normalize import normalize

    console = Console(stderr=True)
    questions = {
        "type": "Type (event, agreement, program)",
        "title": "Title",
        "date": "Date (2022-06-23, June 2022, 2022)",
        "countries": "Countries, separated by commas",
        "summary": "Summary",
    }
    answers = dict(given)
    for name in REQUIRED_FOR_ADD:
        while not answers.get(name):
            reply = Prompt.ask(questions[name], console=console).strip()
            value: Any = [part.strip() for part in reply.split(",") if part.strip()]
            if name != "countries":
                value = reply
            _, problems = normalize({name: value})
            if problems:
                console.print(problems[0], style="red", markup=False, highlight=False)
            else:
                answers[name] = value
    return answers


def _print_record_or_id(record: Record, as_json: bool) -> None:
    if as_json:
        write(record_view([(record, [], [])]), "json")
    else:
        print(record.id)


@command()
@option_group("fields", TypedFields, field_options(editing=False))
def add(
    fields: TypedFields,
    new_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="Use this id instead of one made from date and title.",
            rich_help_panel=RECORD_PANEL,
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Add a record of your own and print its id.

    It needs a type, title, date, countries and summary; in a terminal, pacli asks for any that
    are missing. The id is made from the date and title (2022-06-23-korea-trade-talks). Without
    --db or PACLI_DB, the record goes to your own store in the user data directory (see
    `pacli where`), created by the first add.

    [bold]Examples[/bold]

      pacli add -t event --title "Lima summit" --date 2023-05-02 -c PE -c Chile \\
        --summary "Leaders met in Lima." --tag diplomacy
      pacli add -t agreement --title "Customs deal" --date "June 2024" -c MX \\
        --summary "A deal." --person "Ana Pérez|Minister of Trade|Mexico"
    """
    from pacli.storage.changes import add_record, check_new_record

    given = fields.given() | ({"id": new_id} if new_id is not None else {})
    missing = [name for name in REQUIRED_FOR_ADD if not given.get(name)]
    if missing and in_a_terminal():
        given = _ask_for_missing(given)
    elif missing:
        flags = ", ".join("--" + ("country" if name == "countries" else name) for name in missing)
        them = "them" if len(missing) > 1 else "it"
        raise UsageError(
            f"missing {flags}; give {them}, or run pacli add in a terminal to be asked"
        )
    check_new_record(given)  # a wrong value said before a large store's cache is built
    library = library_for(db, for_writing=True)
    change = add_record(library, given)
    if change.created_store:
        notify(f"created store {library.writable}")
    notify(f"added {change.record.id} to {library.writable}")
    _print_record_or_id(change.record, as_json)


@command()
@option_group("fields", TypedFields, field_options(editing=True))
def edit(
    record_id: RecordIdArgument,
    fields: TypedFields,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Change fields of one of your own records; what is not given stays as it was.

    A repeatable option replaces the whole list (--tag a --tag b sets the tags to a and b). An
    empty value clears an optional field (--end-date ''). The id never changes. Records of the
    bundled store cannot be edited.

    [bold]Examples[/bold]

      pacli edit 2023-05-02-lima-summit --summary "Leaders met in Lima and signed a deal."
      pacli edit 2023-05-02-lima-summit --tag diplomacy --tag trade --end-date 2023-05-03
    """
    from pacli.storage.changes import edit_record

    changes = fields.given()
    if not changes:
        raise UsageError("nothing to change; give at least one option, such as --title")
    library = library_for(db, for_writing=True)
    change = edit_record(library, record_id.strip(), changes)
    notify(f"changed {change.record.id} in {library.writable}")
    _print_record_or_id(change.record, as_json)


@command()
def remove(
    record_id: RecordIdArgument,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask for confirmation in a terminal.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Remove one of your own records; records that name it in `related` stop naming it.

    In a terminal pacli asks first, unless --yes is given. Records of the bundled store cannot
    be removed.

    [bold]Examples[/bold]

      pacli remove 2023-05-02-lima-summit
      pacli remove 2023-05-02-lima-summit --yes
    """
    from pacli.storage.changes import remove_record

    library = library_for(db, for_writing=True)
    record = library.source.get(record_id.strip())
    library.check_writable(record.id)
    question = f"Remove {record.id} ({record.title})?"
    if in_a_terminal() and not yes and not typer.confirm(question):
        raise PacliError(f"nothing removed: {record.id} is kept")
    change = remove_record(library, record.id)
    for other in change.also_changed:
        notify(f"{other} no longer names {record.id} in related")
    notify(f"removed {record.id} from {library.writable}")
    print(record.id)
