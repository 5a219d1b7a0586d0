"""The reading commands: list, search, show, timeline, countries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pacli.cli.app import command
from pacli.cli.options import (
    OUTPUT_PANEL,
    CountryOption,
    DbOption,
    FromOption,
    JsonOption,
    LimitOption,
    OnOption,
    TagOption,
    ToOption,
    TypeOption,
    YearOption,
    complete_record_id,
    store_path,
)
from pacli.query import (
    DateOptions,
    Filters,
    build_filters,
    country_counts,
    facet_counts,
    limited,
    newest_first,
    oldest_first,
    select,
    similar_records,
)
from pacli.render import get_renderer
from pacli.store import Store, bundled_store_path, load_store


def _open_store(db: Path | None) -> Store:
    path = store_path(db)
    # The bundled store keeps the stricter rules (tag vocabulary, full sources).
    return load_store(path, strict=path == bundled_store_path())


def _store_and_filters(
    db: Path | None,
    country: list[str] | None,
    type_: list[str] | None,
    tag: list[str] | None,
    dates: DateOptions,
) -> tuple[Store, Filters]:
    """The store a command reads and the filters its options ask for."""
    store = _open_store(db)
    known_tags = {tag for record in store.records for tag in record.tags}
    return store, build_filters(country or (), type_ or (), tag or (), dates, known_tags)


def _format(as_json: bool) -> str:
    return "json" if as_json else "table"


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
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List records, newest first.

    [bold]Examples[/bold]

      pacli list --country Peru --type agreement
      pacli list --from 2022-06 --to 2022-07
      pacli list --tag culture --json | jq -r '.[].title'
    """
    dates = DateOptions(since, until, on, year)
    store, filters = _store_and_filters(db, country, type_, tag, dates)
    records = limited(newest_first(select(store.records, filters)), limit)
    get_renderer(_format(as_json)).records(records)


SortOption = Annotated[
    str,
    typer.Option(
        "--sort",
        help="Order by relevance (ties newest first) or by date, newest first.",
        metavar="relevance|date",
        rich_help_panel=OUTPUT_PANEL,
    ),
]


@command()
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
    as_json: JsonOption = False,
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
      -word              leave out records that match
      singa*             any word that starts with singa
      country:peru  type:agreement  tag:trade
      from:2022-06  to:2022-07  year:2022  on:2022-06-23
                         filters, read as --country, --type, ... would read them
      person:ebrard  org:cican  place:brussels
                         words in people, organizations or places only

    [bold]Examples[/bold]

      pacli search Singapore
      pacli search korea free trade
      pacli search '"digital teaching" -colloquium'
      pacli search 'film OR cinema year:2020' --sort date
      pacli search person:ebrard --json | jq '.[0].score'
    """
    from pacli.cli.app import notify
    from pacli.index_cache import search_index_for
    from pacli.search import resolve_sort
    from pacli.search import search as run_search

    order = resolve_sort(sort)
    dates = DateOptions(since, until, on, year)
    store, filters = _store_and_filters(db, country, type_, tag, dates)
    index = search_index_for(store.path, store.records, notify)
    result = run_search(store.records, " ".join(query), filters, sort=order, index=index)
    if result.notice:
        notify(result.notice)
    get_renderer(_format(as_json)).search(limited(result.hits, limit))


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
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show one record in full: every field, its source and quote, and its related records.

    Related records are those the record names, then those that share the most people,
    organizations and tags with it.

    [bold]Examples[/bold]

      pacli show 2022-05-16-singapore-work-plan
      pacli show 2022-05-16-singapore-work-plan --json | jq .source.quote
    """
    store = _open_store(db)
    record = store.get(record_id.strip())
    related = [store.by_id[other] for other in record.related if other in store.by_id]
    similar = similar_records(record, store.records)
    get_renderer(_format(as_json)).record(record, related, similar)


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
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Records in the order they happened, grouped by year, each date at its own precision.

    [bold]Examples[/bold]

      pacli timeline --country Peru
      pacli timeline --from 2022-06 --type event
      pacli timeline --json | jq -r '.[] | "\\(.date) \\(.title)"'
    """
    dates = DateOptions(since, until, on, year)
    store, filters = _store_and_filters(db, country, type_, tag, dates)
    records = limited(oldest_first(select(store.records, filters)), limit)
    get_renderer(_format(as_json)).timeline(records)


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
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Each country with its number of records and the spellings pacli accepts for it.

    [bold]Examples[/bold]

      pacli countries
      pacli countries --from 2022-06
      pacli countries --all --json | jq -r '.[] | select(.alpha2 == "KR") | .spellings[]'
    """
    dates = DateOptions(since, until, on, year)
    store, filters = _store_and_filters(db, country, type_, tag, dates)
    rows = country_counts(select(store.records, filters), filters.countries, include_all=show_all)
    get_renderer(_format(as_json)).countries(limited(rows, limit))


@command()
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
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Count records by type, country, tag, year, organization and person.

    [bold]Examples[/bold]

      pacli stats
      pacli stats --country Peru --from 2022
      pacli stats 'korea OR singapore' --json | jq '.facets.tag'
    """
    from pacli.search import search as run_search

    dates = DateOptions(since, until, on, year)
    store, filters = _store_and_filters(db, country, type_, tag, dates)
    if query:
        records = [hit.record for hit in run_search(store.records, " ".join(query), filters).hits]
    else:
        records = select(store.records, filters)
    get_renderer(_format(as_json)).stats(len(records), facet_counts(records))
