"""The commands that move records in and out and check them: import, export, validate, and
where, which shows the stores in use."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Annotated

import typer

from pacli.cli.application import command
from pacli.cli.options import (
    FILTER_OPTIONS,
    OUTPUT_OPTIONS,
    DbOption,
    FieldsOption,
    JsonOption,
    LimitOption,
    option_group,
)
from pacli.cli.parsing import parse_fields, parse_limit, parse_output
from pacli.cli.shared import (
    NOTHING_TYPED,
    OUTPUT_TYPED,
    FilterInput,
    Output,
    chosen_store,
    library_for,
    notify,
    store_paths,
)
from pacli.errors import ExitCode, UsageError
from pacli.render import EXPORT_FORMATS, choose_format, write
from pacli.render.views import View, listing_view, raw_records_view, records_view
from pacli.storage.library import Library


@command("import")
def import_file(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="JSON, JSON Lines or CSV; - reads stdin.")
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
    from pacli.cli.progress import ProgressReport
    from pacli.transfer.import_files import import_format, read_import_file
    from pacli.transfer.importing import import_records

    items, unreadable = read_import_file(path, import_format(path, form))
    library = library_for(db, for_writing=True)
    if not items and not unreadable:
        notify(f"{'stdin' if str(path) == '-' else path} holds no records; nothing to import")
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


ExportFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORM",
        help="json (the default), jsonl, csv, markdown, ics or html.",
    ),
]
OutputFileOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write here (a file is replaced atomically; - is stdout).",
    ),
]
ExcelSafeOption = Annotated[
    bool,
    typer.Option(
        "--excel-safe/--no-excel-safe",
        help="csv: put an apostrophe before a cell that starts with = + - @ (a spreadsheet "
        "would run it as a formula); pacli import removes it (default: on).",
    ),
]


@command()
@option_group("filter_input", FilterInput, FILTER_OPTIONS)
def export(
    form: ExportFormatOption = None,
    output: OutputFileOption = None,
    excel_safe: ExcelSafeOption = True,
    filter_input: FilterInput = NOTHING_TYPED,
    limit: LimitOption = None,
    fields: FieldsOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Write records out, oldest first, as JSON, JSON Lines, CSV, Markdown, iCalendar or HTML.

    Takes the same filters as `pacli list`. JSON, JSON Lines and CSV carry every field and read
    back with `pacli import`; --fields picks some. The iCalendar file has one all-day event per
    record, over its whole period, for calendar programs to import. The HTML page stands alone
    (no network, fine as an e-mail attachment): a timeline, a card per record with its date,
    how the date is known and its source, and a search box. --output replaces a file
    atomically and writes into anything else (a pipe, /dev/stdout); - is stdout.

    [bold]Examples[/bold]

      pacli export --format csv --output records.csv
      pacli export --format ics --country Peru --from 2022 -o peru-2022.ics
      pacli export --format markdown --tag culture > culture.md
      pacli export --format html --country KR -o korea.html
    """
    given = form if form is not None or as_json else "json"
    output_format = choose_format(given, as_json=as_json, allowed=EXPORT_FORMATS)
    chosen = parse_fields(fields)
    if chosen and output_format in ("markdown", "ics", "html"):
        raise UsageError(f"--fields applies to json, jsonl and csv, not {output_format}")
    count = parse_limit(limit)
    destination = parse_output(output)
    if destination is not None:  # refused before any store is read
        from pacli.storage.destinations import check_destination

        check_destination(destination, store_paths(db))
    library = library_for(db, cached=True)
    filters = filter_input.filters(library)
    if output_format in ("json", "jsonl") and chosen is None:  # straight from the store or cache
        batches = library.source.json_batches(filters, newest=False, limit=count)
        view = raw_records_view("records", batches)
    else:
        records = library.source.select(filters, newest=False, limit=count)
        view = records_view("records", records, chosen)._replace(excel_safe=excel_safe)
    if destination is None:
        write(view, output_format)
        return
    from pacli.storage.destinations import write_destination

    buffer = io.StringIO()
    write(view, output_format, buffer)
    write_destination(destination, buffer.getvalue())
    notify(f"wrote {output_format} to {destination}")


@command()
@option_group("output", Output, OUTPUT_OPTIONS)
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="FILE", help="The store to check (default: those in use)."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Also apply the bundled store's rules: tags, sources."),
    ] = False,
    output: Output = OUTPUT_TYPED,
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
    from pacli.transfer.validation import check_file, check_library

    notes: list[str] = []
    if path is not None:
        rows = check_file(path, strict=strict, notes=notes)
    else:
        rows = check_library(chosen_store(db), notes)
    output.show(listing_view("problems", rows, ("store", "problem")))
    for note in notes:
        notify(note)
    if rows:
        notify(f"{len(rows)} problem(s) found")
        raise typer.Exit(ExitCode.FAILURE)
    notify("no problems found")


@command()
@option_group("output", Output, OUTPUT_OPTIONS)
def where(
    output: Output = OUTPUT_TYPED,
    db: DbOption = None,
) -> None:
    """Show which stores pacli reads, how many records each holds, and which one it writes to.

    [bold]Examples[/bold]

      pacli where
      PACLI_DB=team.json pacli where --json
    """
    library = library_for(db, for_writing=True)
    rows = [
        {
            "store": _role(library, path),
            "path": _shown_path(path),
            "records": len(library.ids_of(number)),  # from a large store's cache
            "writes": path == library.writable,
            "exists": path.exists(),
        }
        for number, path in enumerate(library.paths)
    ]
    if library.writable not in library.paths:
        rows.append(
            {
                "store": "yours",
                "path": _shown_path(library.writable),
                "records": 0,
                "writes": True,
                "exists": False,
            }
        )
    columns = ("store", "path", "records", "writes", "exists")
    output.show(listing_view("where", rows, columns))


def _shown_path(path: Path) -> str:
    """A path as text any output form can hold: a byte of a name that is not UTF-8 as `\\xff`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _role(library: Library, path: Path) -> str:
    if path == library.bundled:
        return "bundled"
    return "yours" if library.bundled is not None else "--db"
