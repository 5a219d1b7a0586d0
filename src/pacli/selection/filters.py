"""Filters: what a record must match, read from what a person typed. Each filter has its Python
form (`Filters.matches`, for records in memory) and beside it its SQL form (`Filters.sql`, for a
large store's cache), so that the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import NamedTuple

from pacli.errors import UsageError
from pacli.model.countries import resolve_country
from pacli.model.dates import Period, make_period, parse_user_window
from pacli.model.records import Record
from pacli.model.vocabulary import resolve_date_basis, resolve_tag, resolve_type


class Window(NamedTuple):
    """Days from `start` to `end`, both included; None leaves that side open."""

    start: date | None = None
    end: date | None = None

    def overlaps(self, period: Period) -> bool:
        after_start = self.start is None or period.end >= self.start
        before_end = self.end is None or period.start <= self.end
        return after_start and before_end

    def contains(self, period: Period) -> bool:
        """`period` lies wholly inside the window: what --within asks."""
        from_start = self.start is None or period.start >= self.start
        to_end = self.end is None or period.end <= self.end
        return from_start and to_end


class Filters(NamedTuple):
    """What a record must match; an empty tuple means any. Several values of one kind are ORed."""

    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    window: Window = Window()  # the record's period overlaps it (--from, --to, --on, --year)
    date_bases: tuple[str, ...] = ()
    within: Window = Window()  # the record's whole period lies inside it (--within)

    def matches(self, record: Record) -> bool:
        if self.types and record.type not in self.types:
            return False
        if self.date_bases and record.date_basis not in self.date_bases:
            return False
        if self.countries and not any(country in record.countries for country in self.countries):
            return False
        if self.tags and not any(tag in record.tags for tag in self.tags):
            return False
        return self.window.overlaps(record.period) and self.within.contains(record.period)

    def sql(self) -> tuple[str, list[str]]:
        """`matches` as a WHERE clause over the cache's `records` table (its `type`, `first` and
        `last` day and `date_basis` columns) and its `record_countries` and `record_tags` tables."""
        clauses = [*self._record_clauses(per_row=False), *self._date_clauses()]
        condition, values = _all_of(clauses)
        return (f" WHERE {condition}" if clauses else "", values)

    def sql_parts(self) -> tuple[tuple[str, list[str]], tuple[str, list[str]]]:
        """`sql` in two conditions: the one on dates, which the date index alone answers, and
        the rest, with a record's countries and tags looked up for it alone (for a walk of a few
        rows) rather than gathered for every record first."""
        return _all_of(self._date_clauses()), _all_of(self._record_clauses(per_row=True))

    def _record_clauses(self, *, per_row: bool) -> list[tuple[str, list[str]]]:
        clauses: list[tuple[str, list[str]]] = []
        for column, wanted in (("type", self.types), ("date_basis", self.date_bases)):
            if wanted:
                clauses.append((f"{column} IN ({', '.join('?' * len(wanted))})", list(wanted)))
        for table, column, wanted in (
            ("record_countries", "country", self.countries),
            ("record_tags", "tag", self.tags),
        ):
            if wanted:
                marks = ", ".join("?" * len(wanted))
                if per_row:
                    clause = (
                        f"EXISTS (SELECT 1 FROM {table} AS side WHERE side.rowid = records.rowid "
                        f"AND side.{column} IN ({marks}))"
                    )
                else:
                    clause = f"rowid IN (SELECT rowid FROM {table} WHERE {column} IN ({marks}))"
                clauses.append((clause, list(wanted)))
        return clauses

    def _date_clauses(self) -> list[tuple[str, list[str]]]:
        bounds = (
            ("last >= ?", self.window.start),
            ("first <= ?", self.window.end),
            ("first >= ?", self.within.start),
            ("last <= ?", self.within.end),
        )
        return [(clause, [day.isoformat()]) for clause, day in bounds if day is not None]


def _all_of(clauses: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """`clauses` joined with AND ("1" for none), and their values in order."""
    condition = " AND ".join(text for text, _ in clauses) or "1"
    return condition, [value for _, values in clauses for value in values]


class DateBound(NamedTuple):
    """A date as typed, with the name it was typed under (`--from`, `from:`) for messages."""

    name: str
    text: str

    @property
    def typed(self) -> str:
        """`--from 2023` or `from:2023`, as the person typed it."""
        return f"{self.name}{self.text}" if self.name.endswith(":") else f"{self.name} {self.text}"

    def period(self) -> Period:
        try:
            return parse_user_window(self.text)
        except UsageError as error:
            raise UsageError(f"{self.name} {error.message}") from None

    def year_period(self) -> Period:
        year = self.text.strip()
        if not (year.isascii() and year.isdigit() and len(year) == 4 and int(year) > 0):
            raise UsageError(f"{self.name} {self.text!r} is not a year; use four digits: 2022")
        return make_period(int(year))


# How the date options are named: as options, or as a query's qualifiers.
OPTION_NAMES = ("--from", "--to", "--on", "--year", "--within")
QUALIFIER_NAMES = ("from:", "to:", "on:", "year:", "within:")


class DateOptions(NamedTuple):
    """The date bounds typed: --from, --to, --on, --year, --within (or their qualifiers)."""

    since: DateBound | None = None
    until: DateBound | None = None
    on: DateBound | None = None
    year: DateBound | None = None
    within: DateBound | None = None

    @classmethod
    def typed(
        cls,
        since: str | None = None,
        until: str | None = None,
        on: str | None = None,
        year: str | None = None,
        within: str | None = None,
        *,
        names: tuple[str, str, str, str, str] = OPTION_NAMES,
    ) -> DateOptions:
        """From the values of --from, --to, --on, --year and --within (None where not given)."""
        values = (since, until, on, year, within)
        bounds = (
            DateBound(name, text) if text is not None else None
            for name, text in zip(names, values, strict=True)
        )
        return cls(*bounds)


NO_DATES = DateOptions()


def build_filters(
    countries: Iterable[str] = (),
    types: Iterable[str] = (),
    tags: Iterable[str] = (),
    dates: DateOptions = NO_DATES,
    known_tags: Callable[[], Iterable[str]] = tuple,
    date_bases: Iterable[str] = (),
) -> Filters:
    """Resolve what a person typed into Filters; UsageError naming any value that is wrong.
    The store's tags are asked for last, and only for tags typed: every other wrong value is
    said before a large store's cache is built."""
    filters = Filters(
        countries=tuple(dict.fromkeys(resolve_country(name) for name in countries)),
        types=tuple(dict.fromkeys(resolve_type(name) for name in types)),
        window=build_window(dates),
        date_bases=tuple(dict.fromkeys(resolve_date_basis(name) for name in date_bases)),
        within=Window(*dates.within.period()[:2]) if dates.within else Window(),
    )
    typed = list(tags)
    if not typed:
        return filters
    known = list(known_tags())
    return filters._replace(tags=tuple(dict.fromkeys(resolve_tag(name, known) for name in typed)))


def build_window(dates: DateOptions) -> Window:
    """The days every date bound allows; UsageError if they leave none."""
    start = dates.since.period().start if dates.since else None
    end = dates.until.period().end if dates.until else None
    fixed = [(dates.on, dates.on.period())] if dates.on else []
    if dates.year:
        fixed.append((dates.year, dates.year.year_period()))
    for _, period in fixed:
        start = max(start, period.start) if start else period.start
        end = min(end, period.end) if end else period.end
    if start and end and start > end:
        raise UsageError(_conflict(dates, [bound for bound, _ in fixed]))
    return Window(start, end)


def _conflict(dates: DateOptions, fixed: list[DateBound]) -> str:
    if dates.since and dates.until and not fixed:
        return (
            f"{dates.since.typed} is after {dates.until.typed}; "
            f"the {dates.since.name} date must come first"
        )
    bounds = [bound for bound in (dates.since, dates.until) if bound] + fixed
    return f"{' and '.join(bound.typed for bound in bounds)} have no day in common"
