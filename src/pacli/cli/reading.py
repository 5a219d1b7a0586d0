"""The reading commands: list, search, show, timeline, countries, stats."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pacli.cli.application import command
from pacli.cli.options import (
    FILTER_OPTIONS,
    OUTPUT_OPTIONS,
    OUTPUT_PANEL,
    RECORD_OUTPUT_OPTIONS,
    DbOption,
    LimitOption,
    option_group,
)
from pacli.cli.parsing import parse_limit
from pacli.cli.shared import (
    NOTHING_TYPED,
    OUTPUT_TYPED,
    FilterInput,
    Output,
    library_for,
    notify,
    show_listing,
    write_listing,
)
from pacli.errors import UsageError
from pacli.model.records import FIELDS
from pacli.render.views import (
    LONG_TABLE_ROWS,
    countries_view,
    record_view,
    records_view,
    stats_view,
)


@command("list")
@option_group("output", Output, RECORD_OUTPUT_OPTIONS)
@option_group("filter_input", FilterInput, FILTER_OPTIONS)
def list_records(
    filter_input: FilterInput = NOTHING_TYPED,
    limit: LimitOption = None,
    output: Output = OUTPUT_TYPED,
    db: DbOption = None,
) -> None:
    """List records, newest first.

    [bold]Examples[/bold]

      pacli list --country Peru --type agreement
      pacli list --from 2022-06 --to 2022-07
      pacli list --date-basis stated --type agreement
      pacli list --within 2022-Q2
      pacli list --tag culture --json | jq -r '.[].title'
    """
    count = parse_limit(limit)
    library = library_for(db, cached=True)
    filters = filter_input.filters(library)
    show_listing("records", library, filters, output, newest=True, limit=count)


SortOption = Annotated[
    str,
    typer.Option(
        "--sort",
        help="Order by relevance (ties newest first) or by date, newest first.",
        metavar="relevance|date",
        rich_help_panel=OUTPUT_PANEL,
    ),
]


SEARCH_HELP = """Find records by what they are about, best matches first.

Titles count most (a title that holds the words ranks high), then people, organizations,
places and tags, then summaries, then details and source quotes. Words are matched by their
stem (teacher finds teachers) with case and accents ignored (bahia finds Bahía). When no record
has every word, records with any of them are shown; when nothing matches, a misspelt word is
corrected to the closest known one. Both are said on stderr.

Spanish or English: igualdad de género finds gender equality, OCDE finds OECD, an expansion its
acronym. Common words (the, de) never match alone; question words (who is ..., ¿cuándo ...?)
are left out. A date among the words (June 2022, junio de 2022, Q2 2022, 2022-06..2022-07,
since 2020) becomes a date filter. stderr says how the query was read.

[bold]Query syntax[/bold]

  words              every word must match, in any order
  "a phrase"         the words next to each other
  peru OR chile      either word
  -word, NOT word    leave out records that match
  singa*             any word that starts with singa
  country:peru  type:agreement  tag:trade
  from:2022-06  to:2022-07  year:2022  on:2022-06-23  within:2022-Q2
                     filters, read as --country, --type, ... would read them
  person:ebrard  org:cican  place:brussels
                     words in people, organizations or places only

[bold]Examples[/bold]

  pacli search Singapore
  pacli search korea free trade
  pacli search '"teaching network" -kelly'
  pacli search 'film OR cinema year:2020' --sort date
  pacli search person:ebrard --json | jq '.[0].score'
  pacli search igualdad de género
  pacli search '¿qué pasó en junio de 2022?'
"""


@command(query=True, help_text=SEARCH_HELP)
@option_group("output", Output, RECORD_OUTPUT_OPTIONS)
@option_group("filter_input", FilterInput, FILTER_OPTIONS)
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY", help="What to find; see the syntax above.", show_default=False
        ),
    ],
    sort: SortOption = "relevance",
    filter_input: FilterInput = NOTHING_TYPED,
    limit: LimitOption = None,
    output: Output = OUTPUT_TYPED,
    db: DbOption = None,
) -> None:
    """Find records by what they are about, best matches first (see SEARCH_HELP)."""
    from pacli.cli.parsing import resolve_sort
    from pacli.search.ranking import check_query, with_snippets
    from pacli.search.ranking import search as run_search

    order = resolve_sort(sort)
    chosen = output.chosen_fields((*FIELDS, "score"))
    output_format = output.format()
    count = parse_limit(limit)
    check_query(" ".join(query))
    library = library_for(db, cached=True)
    filters = filter_input.filters(library)
    result = run_search(library.source, " ".join(query), filters, sort=order, limit=count)
    if result.notice:
        notify(result.notice)
    hits = result.hits
    if output_format == "table" and len(hits) <= LONG_TABLE_ROWS:  # a longer one shows none
        hits = with_snippets(library.source.index, result, hits)
    records = [hit.record for hit in hits]
    scores = [hit.score for hit in hits]
    view = records_view("search", records, chosen, hits, scores, output_format)
    write_listing(view._replace(total=result.total), output_format)


@command()
@option_group("output", Output, RECORD_OUTPUT_OPTIONS)
def show(
    record_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID",
            help="The record's id, as `pacli list --json` gives it; several, or - to read them "
            "from stdin, one a line.",
        ),
    ],
    output: Output = OUTPUT_TYPED,
    db: DbOption = None,
) -> None:
    """Show records in full: every field, the source and quote, and the related records.

    Related records are those the record names, then those that share the most people,
    organizations and tags with it. With several ids, or - (ids from stdin), --json gives an
    array.

    [bold]Examples[/bold]

      pacli show 2022-05-16-singapore-work-plan
      pacli show 2022-05-16-singapore-work-plan --json | jq .source.quote
      pacli search korea --json | jq -r '.[].id' | pacli show - --json
    """
    from pacli.cli.parsing import record_ids_given

    wanted = record_ids_given(record_ids)
    output.check(piped="text")
    source = library_for(db, cached=True).source
    records = [source.get(record_id) for record_id in wanted]
    shown = [(record, [source.get(other) for other in record.related], source.similar(record))
             for record in records]  # fmt: skip
    many = len(record_ids) > 1 or record_ids == ["-"]
    output.show(record_view(shown, output.chosen_fields(), many=many), piped="text")


ChartOption = Annotated[
    bool,
    typer.Option(
        "--chart",
        help="Draw the records on a time axis: a day is a mark, a period a bar.",
        rich_help_panel=OUTPUT_PANEL,
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="One chart lane per record (the default), type, country or tag; implies --chart.",
        metavar="LANE",
        rich_help_panel=OUTPUT_PANEL,
    ),
]


@command()
@option_group("output", Output, RECORD_OUTPUT_OPTIONS)
@option_group("filter_input", FilterInput, FILTER_OPTIONS)
def timeline(
    chart: ChartOption = False,
    by: ByOption = None,
    filter_input: FilterInput = NOTHING_TYPED,
    limit: LimitOption = None,
    output: Output = OUTPUT_TYPED,
    db: DbOption = None,
) -> None:
    """Records in the order they happened, grouped by year, each date at its own precision.

    With --chart, a Gantt-like chart: one lane per record (or per type, country or tag with
    --by), on an axis of days, weeks, months, quarters or years chosen from the span shown. A
    day is a mark, a period a bar, and a date known only to its month or year is shaded.

    [bold]Examples[/bold]

      pacli timeline --country Peru
      pacli timeline --from 2022-06 --type event
      pacli timeline --json | jq -r '.[] | "\\(.date) \\(.title)"'
      pacli timeline --chart --country KR
      pacli timeline --chart --by tag --from 2020
    """
    count = parse_limit(limit)
    lanes = _chart_lanes(by, output) if chart or by is not None else None
    library = library_for(db, cached=True)
    filters = filter_input.filters(library)
    if lanes is None:
        show_listing("timeline", library, filters, output, newest=False, limit=count)
        return
    from pacli.render.chart import write_chart

    write_chart(library.source.select(filters, newest=False, limit=count), lanes, sys.stdout)


def _chart_lanes(by: str | None, output: Output) -> str:
    """What each lane of the chart holds; the chart is an output form of its own."""
    from pacli.render.chart_layout import parse_lanes

    if any(output):
        raise UsageError("--chart draws a chart; leave out --format, --json, --jsonl and --fields")
    return parse_lanes(by)


@command()
@option_group("output", Output, OUTPUT_OPTIONS)
@option_group("filter_input", FilterInput, FILTER_OPTIONS)
def countries(
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Every country pacli knows, including those with no records."),
    ] = False,
    filter_input: FilterInput = NOTHING_TYPED,
    limit: LimitOption = None,
    output: Output = OUTPUT_TYPED,
    db: DbOption = None,
) -> None:
    """Each country with its number of records and the spellings pacli accepts for it.

    [bold]Examples[/bold]

      pacli countries
      pacli countries --from 2022-06
      pacli countries --all --json | jq -r '.[] | select(.alpha2 == "KR") | .spellings[]'
    """
    from pacli.selection.summaries import country_counts

    output.check()
    count = parse_limit(limit)
    library = library_for(db, cached=True)
    filters = filter_input.filters(library)
    counts = library.source.country_counts(filters)
    rows = country_counts(counts, filters.countries, include_all=show_all)
    output.show(countries_view(rows if count is None else rows[:count]))


@command(query=True)
@option_group("output", Output, OUTPUT_OPTIONS)
@option_group("filter_input", FilterInput, FILTER_OPTIONS)
def stats(
    query: Annotated[
        list[str] | None,
        typer.Argument(metavar="QUERY", help="Count only records matching this search."),
    ] = None,
    filter_input: FilterInput = NOTHING_TYPED,
    output: Output = OUTPUT_TYPED,
    db: DbOption = None,
) -> None:
    """Count records by type, country, tag, year, organization and person.

    [bold]Examples[/bold]

      pacli stats
      pacli stats --country Peru --from 2022
      pacli stats 'korea OR singapore' --json | jq '.facets.tag'
    """
    from pacli.search.ranking import check_query
    from pacli.search.ranking import search as run_search
    from pacli.selection.summaries import facet_counts

    output.check()
    if query:
        check_query(" ".join(query))
    library = library_for(db, cached=True)
    filters = filter_input.filters(library)
    if not query:
        total, facets = library.source.count(filters), library.source.facets(filters)
        output.show(stats_view(total, facets))
        return
    result = run_search(library.source, " ".join(query), filters)
    if result.notice:
        notify(result.notice)
    records = [hit.record for hit in result.hits]
    output.show(stats_view(len(records), facet_counts(records)))
