"""The commands that grow and check a knowledge base: where, add, edit, remove, import, export,
validate."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pacli.cli.application import command, notify
from pacli.cli.options import (
    CountryOption,
    DbOption,
    FieldsOption,
    FormatOption,
    FromOption,
    JsonlOption,
    JsonOption,
    LimitOption,
    OnOption,
    TagOption,
    ToOption,
    TypeOption,
    YearOption,
    complete_record_id,
)
from pacli.cli.progress import ProgressReport
from pacli.cli.reading import library_and_filters, show_view
from pacli.errors import ExitCode, PacliError, UsageError
from pacli.library import Library, open_library
from pacli.query import DateOptions, parse_limit
from pacli.records import REQUIRED_FIELDS, Record
from pacli.render import EXPORT_FORMATS, choose_format, write
from pacli.render.views import View, listing_view, parse_fields, record_view, records_view

RECORD_PANEL = "Record"
SOURCE_PANEL = "Source"
REQUIRED_FOR_ADD = tuple(name for name in REQUIRED_FIELDS if name != "id")


def _text_option(*flags: str, help_text: str, panel: str = RECORD_PANEL) -> Any:
    return typer.Option(*flags, help=help_text, rich_help_panel=panel, show_default=False)


TitleOption = Annotated[str | None, _text_option("--title", help_text="Short English title.")]
DateOption = Annotated[
    str | None,
    _text_option("--date", help_text="When: 2022, 2022-06, 2022-06-23 or '23 June 2022'."),
]
EndDateOption = Annotated[
    str | None,
    _text_option("--end-date", help_text="Last day, month or year of a range ('' clears it)."),
]
DateNoteOption = Annotated[
    str | None, _text_option("--date-note", help_text="Why the date is approximate or inferred.")
]
SummaryOption = Annotated[
    str | None, _text_option("--summary", help_text="One to three sentences with the key facts.")
]
PlaceOption = Annotated[
    list[str] | None, _text_option("--place", help_text="A city or venue (repeatable).")
]
PersonOption = Annotated[
    list[str] | None,
    _text_option("--person", help_text="Someone involved, as 'Name|Role|Country' (repeatable)."),
]
OrgOption = Annotated[
    list[str] | None, _text_option("--org", help_text="An organization (repeatable).")
]
DetailOption = Annotated[
    list[str] | None, _text_option("--detail", help_text="A further fact (repeatable).")
]
RelatedOption = Annotated[
    list[str] | None,
    _text_option("--related", help_text="The id of a related record (repeatable)."),
]
SourceTitleOption = Annotated[
    str | None,
    _text_option("--source-title", help_text="The source's headline.", panel=SOURCE_PANEL),
]
SourceUrlOption = Annotated[
    str | None, _text_option("--source-url", help_text="Where the source is.", panel=SOURCE_PANEL)
]
SourcePublishedOption = Annotated[
    str | None,
    _text_option("--source-published", help_text="When it was published.", panel=SOURCE_PANEL),
]
QuoteOption = Annotated[
    str | None,
    _text_option("--quote", help_text="A verbatim excerpt that supports it.", panel=SOURCE_PANEL),
]
RecordIdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="The record's id.", autocompletion=complete_record_id)
]


# command-line parameter -> record field, for add and edit
FIELD_OF_OPTION = {
    "type_": "type",
    "title": "title",
    "date": "date",
    "end_date": "end_date",
    "date_note": "date_note",
    "country": "countries",
    "place": "places",
    "person": "people",
    "org": "organizations",
    "tag": "tags",
    "summary": "summary",
    "detail": "details",
    "related": "related",
    "new_id": "id",
}
SOURCE_OPTIONS = {"source_title": "title", "source_published": "published",
                  "source_url": "url", "quote": "quote"}  # fmt: skip


def _given(options: dict[str, Any]) -> dict[str, Any]:
    """The record fields given on the command line (a command's `locals()`), the source's four
    options gathered into one object."""
    given = {
        field: options[option]
        for option, field in FIELD_OF_OPTION.items()
        if options.get(option) is not None
    }
    source = {
        field: options[option]
        for option, field in SOURCE_OPTIONS.items()
        if options.get(option) is not None
    }
    if source:
        given["source"] = source
    return given


def _in_a_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask_for_missing(given: dict[str, Any]) -> dict[str, Any]:
    """Rich prompts for each required field not given; each answer is checked before the next."""
    from rich.console import Console
    from rich.prompt import Prompt

    from pacli.editing import normalize

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


def _report_change(message: str, created: Path | None) -> None:
    if created is not None:
        notify(f"created store {created}")
    notify(message)


@command()
def add(
    type_: Annotated[
        str | None, _text_option("--type", "-t", help_text="event, agreement or program.")
    ] = None,
    title: TitleOption = None,
    date: DateOption = None,
    end_date: EndDateOption = None,
    date_note: DateNoteOption = None,
    country: Annotated[
        list[str] | None,
        _text_option(
            "--country", "-c", help_text="A country involved: name, ISO or Spanish (repeatable)."
        ),
    ] = None,
    place: PlaceOption = None,
    person: PersonOption = None,
    org: OrgOption = None,
    tag: Annotated[
        list[str] | None, _text_option("--tag", help_text="A lowercase topic (repeatable).")
    ] = None,
    summary: SummaryOption = None,
    detail: DetailOption = None,
    related: RelatedOption = None,
    source_title: SourceTitleOption = None,
    source_url: SourceUrlOption = None,
    source_published: SourcePublishedOption = None,
    quote: QuoteOption = None,
    new_id: Annotated[
        str | None,
        _text_option("--id", help_text="Use this id instead of one made from date and title."),
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
    from pacli.editing import add_record

    given = _given(locals())
    missing = [name for name in REQUIRED_FOR_ADD if not given.get(name)]
    if missing and _in_a_terminal():
        given = _ask_for_missing(given)
    elif missing:
        flags = ", ".join("--" + ("country" if name == "countries" else name) for name in missing)
        them = "them" if len(missing) > 1 else "it"
        raise UsageError(
            f"missing {flags}; give {them}, or run pacli add in a terminal to be asked"
        )
    library = open_library(db, for_writing=True)
    change = add_record(library, given)
    created = library.writable if change.created_store else None
    _report_change(f"added {change.record.id} to {library.writable}", created)
    _print_record_or_id(change.record, as_json)


def _print_record_or_id(record: Record, as_json: bool) -> None:
    if as_json:
        write(record_view(record, [], []), "json")
    else:
        print(record.id)


@command()
def edit(
    record_id: RecordIdArgument,
    type_: Annotated[
        str | None, _text_option("--type", "-t", help_text="event, agreement or program.")
    ] = None,
    title: TitleOption = None,
    date: DateOption = None,
    end_date: EndDateOption = None,
    date_note: DateNoteOption = None,
    country: Annotated[
        list[str] | None,
        _text_option(
            "--country", "-c", help_text="Countries involved; replaces the list (repeatable)."
        ),
    ] = None,
    place: PlaceOption = None,
    person: PersonOption = None,
    org: OrgOption = None,
    tag: Annotated[
        list[str] | None, _text_option("--tag", help_text="Tags; replaces the list (repeatable).")
    ] = None,
    summary: SummaryOption = None,
    detail: DetailOption = None,
    related: RelatedOption = None,
    source_title: SourceTitleOption = None,
    source_url: SourceUrlOption = None,
    source_published: SourcePublishedOption = None,
    quote: QuoteOption = None,
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
    from pacli.editing import edit_record

    changes = _given(locals())
    if not changes:
        raise UsageError("nothing to change; give at least one option, such as --title")
    library = open_library(db, for_writing=True)
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
    from pacli.editing import remove_record

    library = open_library(db, for_writing=True)
    record = library.get(record_id.strip())
    library.check_writable(record.id)
    question = f"Remove {record.id} ({record.title})?"
    if _in_a_terminal() and not yes and not typer.confirm(question):
        raise PacliError(f"nothing removed: {record.id} is kept")
    change = remove_record(library, record.id)
    for other in change.also_changed:
        notify(f"{other} no longer names {record.id} in related")
    notify(f"removed {record.id} from {library.writable}")
    print(record.id)


@command("import")
def import_file(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="JSON, JSON Lines or CSV.", dir_okay=False)
    ],
    form: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", metavar="FORM", help="json, jsonl or csv (default: from the name)."
        ),
    ] = None,
    update: Annotated[
        bool, typer.Option("--update", help="Replace records whose id is already in the store.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check everything, say what would change, write nothing."),
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Import records from a file, all or nothing.

    JSON is an array of records or a TinyDB file; JSON Lines is one record per line; CSV has the
    columns of `pacli export --format csv`, with list items separated by ';' and people written
    as Name|Role|Country. A record without an id gets one from its date and title. Everything is
    checked first: on any problem, each is reported with its line or item and field, and
    nothing is written.

    [bold]Examples[/bold]

      pacli import colleagues.json --dry-run
      pacli import spreadsheet.csv
      pacli import records.jsonl --update --json | jq '.added | length'
    """
    from pacli.editing import import_records
    from pacli.importing import import_format, read_import_file

    items, unreadable = read_import_file(path, import_format(path, form))
    library = open_library(db, for_writing=True)
    if not items and not unreadable:
        notify(f"{path} holds no records; nothing to import")
        return
    progress = ProgressReport("checking records")
    report = import_records(
        library, items, update=update, dry_run=dry_run, progress=progress, unreadable=unreadable
    )
    if report.created_store:
        notify(f"created store {library.writable}")
    added, updated = ("would add", "would update") if dry_run else ("added", "updated")
    notify(
        f"{added} {len(report.added)} and {updated} {len(report.updated)} record(s) "
        f"in {library.writable}"
    )
    if as_json:
        document = {"added": report.added, "updated": report.updated, "dry_run": dry_run}
        write(View("import", document, [document], ("added", "updated")), "json")


@command()
def export(
    form: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", metavar="FORM", help="json (the default), jsonl, csv, markdown, ics."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", dir_okay=False, help="Write here, not to stdout."
        ),
    ] = None,
    country: CountryOption = None,
    type_: TypeOption = None,
    tag: TagOption = None,
    since: FromOption = None,
    until: ToOption = None,
    on: OnOption = None,
    year: YearOption = None,
    limit: LimitOption = None,
    fields: FieldsOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Write records out, oldest first, as JSON, JSON Lines, CSV, Markdown or iCalendar.

    Takes the same filters as `pacli list`. JSON, JSON Lines and CSV carry every field and read
    back with `pacli import`; --fields picks some. The iCalendar file has one all-day event per
    record, over its whole period, for calendar programs to import. --output writes the file
    atomically.

    [bold]Examples[/bold]

      pacli export --format csv --output records.csv
      pacli export --format ics --country Peru --from 2022 -o peru-2022.ics
      pacli export --format markdown --tag culture > culture.md
    """
    given = form if form is not None or as_json else "json"
    output_format = choose_format(given, as_json=as_json, allowed=EXPORT_FORMATS)
    chosen = parse_fields(fields)
    if chosen and output_format in ("markdown", "ics"):
        raise UsageError(f"--fields applies to json, jsonl and csv, not {output_format}")
    dates = DateOptions(since, until, on, year)
    library, filters = library_and_filters(db, country, type_, tag, dates)
    records = library.select(filters, newest=False, limit=parse_limit(limit))
    view = records_view("records", records, chosen)
    if output is None:
        write(view, output_format)
        return
    from pacli.store import write_atomically

    buffer = io.StringIO()
    write(view, output_format, buffer)
    try:
        write_atomically(output, buffer.getvalue())
    except OSError as error:
        raise PacliError(f"cannot write {output}: {error.strerror or error}") from None
    notify(f"wrote {len(records)} record(s) to {output}")


@command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="[FILE]", help="The store to check (default: those in use)."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Also apply the bundled store's rules: tags, sources."),
    ] = False,
    form: FormatOption = None,
    as_json: JsonOption = False,
    jsonl: JsonlOption = False,
    db: DbOption = None,
) -> None:
    """Check a store against the schema and list every problem; exit 1 if there is any.

    Without FILE, checks the stores pacli uses (see `pacli where`), the bundled one under its
    stricter rules.

    [bold]Examples[/bold]

      pacli validate
      pacli validate team.json
      pacli validate team.json --json | jq -r '.[].problem'
    """
    from pacli.checking import check_file, check_library

    rows = check_file(path, strict=strict) if path is not None else check_library(db)
    show_view(listing_view("problems", rows, ("store", "problem")), form, as_json, jsonl)
    if rows:
        notify(f"{len(rows)} problem(s) found")
        raise typer.Exit(ExitCode.FAILURE)
    notify("no problems found")


@command()
def where(
    form: FormatOption = None,
    as_json: JsonOption = False,
    jsonl: JsonlOption = False,
    db: DbOption = None,
) -> None:
    """Show which stores pacli reads, how many records each holds, and which one it writes to.

    [bold]Examples[/bold]

      pacli where
      PACLI_DB=team.json pacli where --json
    """
    library = open_library(db, for_writing=True)
    rows = [
        {
            "store": _role(library, store.path),
            "path": str(store.path),
            "records": len(store.records),
            "writes": store.path == library.writable,
            "exists": store.path.exists(),
        }
        for store in library.stores
    ]
    if all(store.path != library.writable for store in library.stores):
        rows.append(
            {
                "store": "yours",
                "path": str(library.writable),
                "records": 0,
                "writes": True,
                "exists": False,
            }
        )
    columns = ("store", "path", "records", "writes", "exists")
    show_view(listing_view("where", rows, columns), form, as_json, jsonl)


def _role(library: Library, path: Path) -> str:
    if path == library.bundled:
        return "bundled"
    return "yours" if library.bundled is not None else "--db"
