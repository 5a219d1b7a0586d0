"""The reading commands: list, search, show, timeline, countries, stats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NamedTuple

import typer

from pacli.cli.application import command
from pacli.cli.options import (
    OUTPUT_PANEL,
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
from pacli.library import Library, open_library
from pacli.query import (
    DateOptions,
    Filters,
    build_filters,
    country_counts,
    facet_counts,
    limited,
    parse_limit,
    select,
    similar_records,
)
from pacli.records import FIELDS
from pacli.render import choose_format, write
from pacli.render.views import (
    View,
    countries_view,
    parse_fields,
    raw_records_view,
    record_view,
    records_view,
    stats_view,
)


def library_and_filters(
    db: Path | None,
    country: list[str] | None,
    type_: list[str] | None,
    tag: list[str] | None,
    dates: DateOptions,
    *,
    cached: bool = False,
) -> tuple[Library, Filters]:
    """The stores a command reads and the filters its options ask for; with `cached`, a large
    library answers from its cache (see pacli.index_cache)."""
    if cached:
        from pacli.cli.application import notify
        from pacli.cli.progress import ProgressReport

        report = ProgressReport("indexing")
        library = open_library(db, cache_notify=notify, progress=report)
    else:
        library = open_library(db)
    known_tags = library.known_tags()
    return library, build_filters(country or (), type_ or (), tag or (), dates, known_tags)


class Output(NamedTuple):
    """The output options as typed: --format, --json, --jsonl, --fields."""

    form: str | None
    as_json: bool
    jsonl: bool
    fields: str | None = None


def show_listing(
    kind: str,
    library: Library,
    filters: Filters,
    output: Output,
    *,
    newest: bool,
    limit: str | None,
) -> None:
    """Write the records a listing shows; JSON straight from a large store's cache if it can."""
    output_format = choose_format(output.form, as_json=output.as_json, jsonl=output.jsonl)
    count = parse_limit(limit)
    chosen = parse_fields(output.fields)
    if output_format in ("json", "jsonl") and chosen is None:
        view = raw_records_view(kind, library.select_json(filters, newest=newest, limit=count))
    else:
        view = records_view(kind, library.select(filters, newest=newest, limit=count), chosen)
    write(view, output_format)


def show_view(view: View, form: str | None, as_json: bool, jsonl: bool) -> None:
    write(view, choose_format(form, as_json=as_json, jsonl=jsonl))


@command("list")
def list_records(
    country: CountryOption = None,
    type_: TypeOption = None,
    tag: TagOption = None,
    since: FromOption = None,
    until: ToOption = None,
    on: OnOption = None,
    year: YearOption = None,
    limit: LimitOption = None,
    form: FormatOption = None,
    as_json: JsonOption = False,
    jsonl: JsonlOption = False,
    fields: FieldsOption = None,
    db: DbOption = None,
) -> None:
    """List records, newest first.

    [bold]Examples[/bold]

      pacli list --country Peru --type agreement
      pacli list --from 2022-06 --to 2022-07
      pacli list --tag culture --json | jq -r '.[].title'
    """
    dates = DateOptions(since, until, on, year)
    library, filters = library_and_filters(db, country, type_, tag, dates, cached=True)
    output = Output(form, as_json, jsonl, fields)
    show_listing("records", library, filters, output, newest=True, limit=limit)


SortOption = Annotated[
    str,
    typer.Option(
        "--sort",
        help="Order by relevance (ties newest first) or by date, newest first.",
        metavar="relevance|date",
        rich_help_panel=OUTPUT_PANEL,
    ),
]


@command(query=True)
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY", help="What to find; see the syntax above.", show_default=False
        ),
    ],
    sort: SortOption = "relevance",
    country: CountryOption = None,
    type_: TypeOption = None,
    tag: TagOption = None,
    since: FromOption = None,
    until: ToOption = None,
    on: OnOption = None,
    year: YearOption = None,
    limit: LimitOption = None,
    form: FormatOption = None,
    as_json: JsonOption = False,
    jsonl: JsonlOption = False,
    fields: FieldsOption = None,
    db: DbOption = None,
) -> None:
    """Find records by what they are about, best matches first.

    Titles count most, then people, organizations, places and tags, then summaries, then details
    and source quotes. Words are matched by their stem (teacher finds teachers) with case and
    accents ignored (bahia finds Bahía). When no record has every word, records with any of them
    are shown; when nothing matches, a misspelt word is corrected to the closest known one. Both
    are said on stderr.

    [bold]Query syntax[/bold]

      words              every word must match, in any order
      "a phrase"         the words next to each other
      peru OR chile      either word
      -word, NOT word    leave out records that match
      singa*             any word that starts with singa
      country:peru  type:agreement  tag:trade
      from:2022-06  to:2022-07  year:2022  on:2022-06-23
                         filters, read as --country, --type, ... would read them
      person:ebrard  org:cican  place:brussels
                         words in people, organizations or places only

    [bold]Examples[/bold]

      pacli search Singapore
      pacli search korea free trade
      pacli search '"teaching network" -kelly'
      pacli search 'film OR cinema year:2020' --sort date
      pacli search person:ebrard --json | jq '.[0].score'
    """
    from pacli.cli.application import notify
    from pacli.search import resolve_sort, with_snippets
    from pacli.search import search as run_search

    order = resolve_sort(sort)
    chosen = parse_fields(fields, (*FIELDS, "score"))
    count = parse_limit(limit)
    dates = DateOptions(since, until, on, year)
    library, filters = library_and_filters(db, country, type_, tag, dates, cached=True)
    result = run_search(library.corpus(), " ".join(query), filters, sort=order)
    if result.notice:
        notify(result.notice)
    hits = result.hits if count is None else result.hits[:count]
    output_format = choose_format(form, as_json=as_json, jsonl=jsonl)
    if output_format == "table":
        hits = with_snippets(library.corpus().index, result, hits)
    records = [hit.record for hit in hits]
    scores = [hit.score for hit in hits]
    write(records_view("search", records, chosen, hits, scores), output_format)


@command()
def show(
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The record's id, as `pacli list --json` gives it.",
            autocompletion=complete_record_id,
        ),
    ],
    form: FormatOption = None,
    as_json: JsonOption = False,
    jsonl: JsonlOption = False,
    fields: FieldsOption = None,
    db: DbOption = None,
) -> None:
    """Show one record in full: every field, its source and quote, and its related records.

    Related records are those the record names, then those that share the most people,
    organizations and tags with it.

    [bold]Examples[/bold]

      pacli show 2022-05-16-singapore-work-plan
      pacli show 2022-05-16-singapore-work-plan --json | jq .source.quote
    """
    library = open_library(db)
    record = library.get(record_id.strip())
    related = [library.by_id[other] for other in record.related if other in library.by_id]
    similar = similar_records(record, library.records)
    view = record_view(record, related, similar, parse_fields(fields))
    show_view(view, form, as_json, jsonl)


@command()
def timeline(
    country: CountryOption = None,
    type_: TypeOption = None,
    tag: TagOption = None,
    since: FromOption = None,
    until: ToOption = None,
    on: OnOption = None,
    year: YearOption = None,
    limit: LimitOption = None,
    form: FormatOption = None,
    as_json: JsonOption = False,
    jsonl: JsonlOption = False,
    fields: FieldsOption = None,
    db: DbOption = None,
) -> None:
    """Records in the order they happened, grouped by year, each date at its own precision.

    [bold]Examples[/bold]

      pacli timeline --country Peru
      pacli timeline --from 2022-06 --type event
      pacli timeline --json | jq -r '.[] | "\\(.date) \\(.title)"'
    """
    dates = DateOptions(since, until, on, year)
    library, filters = library_and_filters(db, country, type_, tag, dates, cached=True)
    output = Output(form, as_json, jsonl, fields)
    show_listing("timeline", library, filters, output, newest=False, limit=limit)


@command()
def countries(
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Every country pacli knows, including those with no records."),
    ] = False,
    country: CountryOption = None,
    type_: TypeOption = None,
    tag: TagOption = None,
    since: FromOption = None,
    until: ToOption = None,
    on: OnOption = None,
    year: YearOption = None,
    limit: LimitOption = None,
    form: FormatOption = None,
    as_json: JsonOption = False,
    jsonl: JsonlOption = False,
    db: DbOption = None,
) -> None:
    """Each country with its number of records and the spellings pacli accepts for it.

    [bold]Examples[/bold]

      pacli countries
      pacli countries --from 2022-06
      pacli countries --all --json | jq -r '.[] | select(.alpha2 == "KR") | .spellings[]'
    """
    dates = DateOptions(since, until, on, year)
    library, filters = library_and_filters(db, country, type_, tag, dates)
    rows = country_counts(select(library.records, filters), filters.countries, include_all=show_all)
    show_view(countries_view(limited(rows, limit)), form, as_json, jsonl)


@command(query=True)
def stats(
    query: Annotated[
        list[str] | None,
        typer.Argument(metavar="[QUERY]", help="Count only records matching this search."),
    ] = None,
    country: CountryOption = None,
    type_: TypeOption = None,
    tag: TagOption = None,
    since: FromOption = None,
    until: ToOption = None,
    on: OnOption = None,
    year: YearOption = None,
    form: FormatOption = None,
    as_json: JsonOption = False,
    jsonl: JsonlOption = False,
    db: DbOption = None,
) -> None:
    """Count records by type, country, tag, year, organization and person.

    [bold]Examples[/bold]

      pacli stats
      pacli stats --country Peru --from 2022
      pacli stats 'korea OR singapore' --json | jq '.facets.tag'
    """
    from pacli.cli.application import notify
    from pacli.search import search as run_search

    dates = DateOptions(since, until, on, year)
    library, filters = library_and_filters(db, country, type_, tag, dates)
    if query:
        result = run_search(library.corpus(), " ".join(query), filters)
        if result.notice:
            notify(result.notice)
        records = [hit.record for hit in result.hits]
    else:
        records = select(library.records, filters)
    show_view(stats_view(len(records), facet_counts(records)), form, as_json, jsonl)
