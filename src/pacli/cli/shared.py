"""What the commands share: the store they use, the filters they read, how they write a view, and
how they speak to the person at the terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pacli.errors import UsageError
from pacli.model.records import FIELDS
from pacli.render import choose_format, write
from pacli.render.views import View, count_text, raw_records_view, records_view
from pacli.selection.filters import DateOptions, Filters, build_filters
from pacli.storage.library import Library, open_library

if TYPE_CHECKING:
    from pacli.storage.record_source import RecordSource

STORE_ENV_VAR = "PACLI_DB"


def notify(message: str) -> None:
    """A message for the person at the terminal: always stderr, never mixed with data."""
    print(f"pacli: {message}", file=sys.stderr)


def in_a_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def chosen_store(db: str | None) -> Path | None:
    """The one store named for this command (its --db, or the --db given before it: see
    `PacliCommand.invoke`), else PACLI_DB; None to use the bundled store and the user's own.
    The only place that reads PACLI_DB."""
    if db is not None:
        if not db.strip():
            raise UsageError("--db '' names no store; give the path of a pacli store")
        return Path(db)
    from_env = os.environ.get(STORE_ENV_VAR)
    return Path(from_env) if from_env else None


def store_paths(db: str | None) -> list[Path]:
    """Every store a command could read or write: the one named, the user's own (which may not
    exist yet) and the bundled one."""
    from pacli.storage.library import user_store_path
    from pacli.storage.store_file import bundled_store_path

    named = chosen_store(db)
    return [*([named] if named else []), user_store_path(), bundled_store_path()]


def library_for(db: str | None, *, for_writing: bool = False, cached: bool = False) -> Library:
    """The stores a command uses; with `cached` (and always to write), a large library answers
    from its cache (pacli.storage.cache), whose building is reported on stderr."""
    named = chosen_store(db)
    if not cached and not for_writing:
        return open_library(named)
    from pacli.cli.progress import ProgressReport

    progress = ProgressReport("reading the store to index it", unit="bytes")
    library = open_library(named, for_writing=for_writing, cache_notify=notify, progress=progress)
    opened = library.open_cache

    def open_cache() -> RecordSource | None:
        try:
            return opened()
        finally:  # a build stopped by an error or Ctrl-C: the bar gives back stdout and the cursor
            progress.close()

    library.open_cache = open_cache
    if for_writing:  # a store that cannot be read is an error before anything is written
        library.check_readable()
    return library


class FilterInput(NamedTuple):
    """The filter options as typed: --country, --type, --tag, --from, --to, --on, --year,
    --within, --date-basis."""

    country: list[str] | None = None
    type_: list[str] | None = None
    tag: list[str] | None = None
    since: str | None = None
    until: str | None = None
    on: str | None = None
    year: str | None = None
    within: str | None = None
    date_basis: list[str] | None = None

    def filters(self, library: Library) -> Filters:
        """Filters read as the library's records need them (tags it knows, asked for only when
        a tag is typed); UsageError naming any value that is wrong."""
        dates = DateOptions.typed(self.since, self.until, self.on, self.year, self.within)
        return build_filters(
            self.country or (),
            self.type_ or (),
            self.tag or (),
            dates,
            lambda: library.source.known_tags(),  # opens the source (a cache built) only now
            self.date_basis or (),
        )


NOTHING_TYPED = FilterInput()  # the default of a command's filter options, replaced by their values


class Output(NamedTuple):
    """The output options as typed: --format, --json, --jsonl, --fields."""

    form: str | None = None
    as_json: bool = False
    jsonl: bool = False
    fields: str | None = None

    def format(self, piped: str = "lines") -> str:
        return choose_format(self.form, as_json=self.as_json, jsonl=self.jsonl, piped=piped)

    def chosen_fields(self, allowed: Sequence[str] = FIELDS) -> tuple[str, ...] | None:
        from pacli.cli.parsing import parse_fields

        return parse_fields(self.fields, allowed)

    def show(self, view: View, piped: str = "lines") -> None:
        write(view, self.format(piped))

    def check(self, piped: str = "lines") -> None:
        """Say a wrong --format, --fields or pair of forms now, before a store is read (a large
        one may have its cache built first)."""
        self.format(piped)
        self.chosen_fields()


OUTPUT_TYPED = Output()  # the default of a command's output options, replaced by their values


def show_listing(
    kind: str,
    library: Library,
    filters: Filters,
    output: Output,
    *,
    newest: bool,
    limit: int | None,
) -> None:
    """Write the records a listing shows; JSON straight from a large store's cache if it can."""
    output_format = output.format()
    chosen = output.chosen_fields()
    source = library.source
    if output_format in ("json", "jsonl") and chosen is None:  # streamed as it is read
        batches = source.json_batches(filters, newest=newest, limit=limit)
        view = raw_records_view(kind, batches)
    else:
        records = source.select(filters, newest=newest, limit=limit)
        view = records_view(kind, records, chosen, output_format=output_format)
    # Only a table and its piped lines say `2 of 9 records`: a count is a pass over the matches.
    if limit is not None and output_format in ("table", "lines") and len(view.payload) == limit:
        view = view._replace(total=source.count(filters))
    write_listing(view, output_format)


def write_listing(view: View, output_format: str) -> None:
    """Write a list of records; when --limit cut it short and it goes to another program, say
    `2 of 9 records` on stderr (a table says it under itself)."""
    write(view, output_format)
    if output_format == "lines" and view.total is not None and view.total > len(view.rows):
        notify(f"showing {count_text(len(view.rows), view.total)}")
