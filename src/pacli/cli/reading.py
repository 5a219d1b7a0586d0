"""The reading commands: list, search, show, timeline, countries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pacli.cli.app import app
from pacli.cli.options import (
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
    limited,
    newest_first,
    oldest_first,
    select,
)
from pacli.render import get_renderer
from pacli.store import Store, bundled_store_path, load_store


def _open_store(db: Path | None) -> Store:
    path = store_path(db)
    # The bundled store keeps the stricter rules (tag vocabulary, full sources).
    return load_store(path, strict=path == bundled_store_path())


def _filters(
    store: Store,
    country: list[str] | None,
    type_: list[str] | None,
    tag: list[str] | None,
    dates: DateOptions,
) -> Filters:
    known_tags = {tag for record in store.records for tag in record.tags}
    return build_filters(country or (), type_ or (), tag or (), dates, known_tags)


def _format(as_json: bool) -> str:
    return "json" if as_json else "table"


@app.command("list")
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
    store = _open_store(db)
    filters = _filters(store, country, type_, tag, DateOptions(since, until, on, year))
    records = limited(newest_first(select(store.records, filters)), limit)
    get_renderer(_format(as_json)).records(records)


@app.command()
def search(
    query: Annotated[
        list[str],
        typer.Argument(metavar="QUERY", help="Words to find, in any order.", show_default=False),
    ],
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
    """Find records by words in their title, summary, details, people, organizations, places
    and tags; case and accents do not matter, and every word must match.

    [bold]Examples[/bold]

      pacli search Singapore
      pacli search bahia malaga
      pacli search fundacion chile --json
    """
    from pacli.search import substring_search

    store = _open_store(db)
    filters = _filters(store, country, type_, tag, DateOptions(since, until, on, year))
    found = substring_search(select(store.records, filters), " ".join(query))
    get_renderer(_format(as_json)).records(limited(newest_first(found), limit))


@app.command()
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

    [bold]Examples[/bold]

      pacli show 2022-05-16-singapore-work-plan
      pacli show 2022-05-16-singapore-work-plan --json | jq .source.quote
    """
    store = _open_store(db)
    record = store.get(record_id.strip())
    related = [store.by_id[other] for other in record.related if other in store.by_id]
    get_renderer(_format(as_json)).record(record, related)


@app.command()
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
    store = _open_store(db)
    filters = _filters(store, country, type_, tag, DateOptions(since, until, on, year))
    records = limited(oldest_first(select(store.records, filters)), limit)
    get_renderer(_format(as_json)).timeline(records)


@app.command()
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
    store = _open_store(db)
    filters = _filters(store, country, type_, tag, DateOptions(since, until, on, year))
    rows = country_counts(select(store.records, filters), filters.countries, include_all=show_all)
    get_renderer(_format(as_json)).countries(limited(rows, limit))
