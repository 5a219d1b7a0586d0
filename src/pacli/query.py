"""Filters, ordering and timeline grouping: pure functions over records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import groupby
from typing import NamedTuple, TypeVar

from pacli.countries import Country, all_countries, country_named, resolve_country
from pacli.dates import Period, make_period, parse_user_period
from pacli.errors import UsageError
from pacli.records import RECORD_TYPES, TAG_VOCABULARY, Record
from pacli.text import fold

T = TypeVar("T")


class Window(NamedTuple):
    """Days from `start` to `end`, both included; None leaves that side open."""

    start: date | None = None
    end: date | None = None

    def overlaps(self, period: Period) -> bool:
        after_start = self.start is None or period.end >= self.start
        before_end = self.end is None or period.start <= self.end
        return after_start and before_end


class Filters(NamedTuple):
    """What a record must match; an empty tuple means any. Several values of one kind are ORed."""

    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    window: Window = Window()

    def matches(self, record: Record) -> bool:
        if self.types and record.type not in self.types:
            return False
        if self.countries and not any(country in record.countries for country in self.countries):
            return False
        if self.tags and not any(tag in record.tags for tag in self.tags):
            return False
        return self.window.overlaps(record.period)


class DateOptions(NamedTuple):
    """The date options as typed: --from, --to, --on, --year."""

    since: str | None = None
    until: str | None = None
    on: str | None = None
    year: str | None = None


NO_DATES = DateOptions()


def build_filters(
    countries: Iterable[str] = (),
    types: Iterable[str] = (),
    tags: Iterable[str] = (),
    dates: DateOptions = NO_DATES,
    known_tags: Iterable[str] = (),
    date_names: DateOptions | None = None,
) -> Filters:
    """Resolve what a person typed into Filters; UsageError naming any value that is wrong.
    `date_names` are how the date options are called in messages (default: as options)."""
    return Filters(
        countries=tuple(dict.fromkeys(resolve_country(name) for name in countries)),
        types=tuple(dict.fromkeys(resolve_type(name) for name in types)),
        tags=tuple(dict.fromkeys(resolve_tag(name, known_tags) for name in tags)),
        window=build_window(dates, date_names or OPTION_NAMES),
    )


def resolve_type(text: str) -> str:
    folded = fold(text.strip())
    for record_type in RECORD_TYPES:
        # `events`, `agreements` and `programs` read as naturally as the singular.
        if folded in (record_type, record_type + "s"):
            return record_type
    raise UsageError(f"unknown type {text!r}; use one of {', '.join(RECORD_TYPES)}")


def resolve_tag(text: str, known_tags: Iterable[str]) -> str:
    known = sorted(set(known_tags) | set(TAG_VOCABULARY))
    folded = fold(text.strip())
    if folded in known:
        return folded
    import difflib

    close = difflib.get_close_matches(folded, known, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else f"known tags: {', '.join(known)}"
    raise UsageError(f"unknown tag {text!r}; {hint}")


# How each date option is named in messages: as an option, or as a query's qualifier.
OPTION_NAMES = DateOptions("--from", "--to", "--on", "--year")
QUALIFIER_NAMES = DateOptions("from:", "to:", "on:", "year:")


def _typed(name: str, value: str) -> str:
    """`--from 2023` or `from:2023`, as the person typed it."""
    return f"{name}{value}" if name.endswith(":") else f"{name} {value}"


def _period(name: str, value: str) -> Period:
    try:
        return parse_user_period(value)
    except UsageError as error:
        raise UsageError(f"{name} {error.message}") from None


def build_window(dates: DateOptions, names: DateOptions = OPTION_NAMES) -> Window:
    """The days every date option allows; UsageError if they leave none. `names` are how the
    options are called in messages."""
    bounds: list[str] = []
    start: date | None = None
    end: date | None = None
    if dates.since is not None:
        start = _period(str(names.since), dates.since).start
        bounds.append(_typed(str(names.since), dates.since))
    if dates.until is not None:
        end = _period(str(names.until), dates.until).end
        bounds.append(_typed(str(names.until), dates.until))
    for label, period in _fixed_periods(dates, names):
        bounds.append(label)
        start = max(start, period.start) if start else period.start
        end = min(end, period.end) if end else period.end
    if start and end and start > end:
        raise UsageError(_conflict(bounds, dates, names))
    return Window(start, end)


def _fixed_periods(dates: DateOptions, names: DateOptions) -> list[tuple[str, Period]]:
    periods = []
    if dates.on is not None:
        periods.append((_typed(str(names.on), dates.on), _period(str(names.on), dates.on)))
    if dates.year is not None:
        year = dates.year.strip()
        if not (year.isascii() and year.isdigit() and len(year) == 4 and int(year) > 0):
            raise UsageError(f"{names.year} {dates.year!r} is not a year; use four digits: 2022")
        periods.append((_typed(str(names.year), year), make_period(int(year))))
    return periods


def _conflict(bounds: list[str], dates: DateOptions, names: DateOptions) -> str:
    if len(bounds) == 2 and dates.since is not None and dates.until is not None:
        return f"{bounds[0]} is after {bounds[1]}; the {names.since} date must come first"
    return f"{' and '.join(bounds)} have no day in common"


def newest_first(records: Iterable[Record]) -> list[Record]:
    return sorted(
        records,
        key=lambda record: (record.period.start, record.period.end, record.id),
        reverse=True,
    )


def oldest_first(records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda record: (record.period.start, record.period.end, record.id))


def select(records: Iterable[Record], filters: Filters) -> list[Record]:
    return [record for record in records if filters.matches(record)]


def parse_limit(text: str | None) -> int | None:
    """A --limit as typed: a whole number of 1 or more, or None for no limit."""
    if text is None:
        return None
    stripped = text.strip()
    if not (stripped.isascii() and stripped.isdigit() and int(stripped) >= 1):
        raise UsageError(f"--limit {text!r} is not a count; give a whole number of 1 or more")
    return int(stripped)


def limited(items: Sequence[T], limit: str | None) -> list[T]:
    """The first `limit` items (as typed after --limit), or all of them."""
    count = parse_limit(limit)
    return list(items if count is None else items[:count])


def country_counts(
    records: Iterable[Record], only: Sequence[str] = (), *, include_all: bool = False
) -> list[tuple[Country, int]]:
    """Countries with their number of records, most first; every known one with `include_all`."""
    counts = Counter(country for record in records for country in record.countries)
    named = (country_named(name) for name in counts)
    chosen = all_countries() if include_all else [country for country in named if country]
    rows = [
        (country, counts[country.name]) for country in chosen if not only or country.name in only
    ]
    return sorted(rows, key=lambda row: (-row[1], row[0].name))


def timeline_years(records: Iterable[Record]) -> list[tuple[int, list[Record]]]:
    """Records oldest first, grouped by the year they start."""
    ordered = oldest_first(records)
    return [
        (year, list(group)) for year, group in groupby(ordered, key=lambda r: r.period.start.year)
    ]


def similar_records(record: Record, records: Iterable[Record], limit: int = 5) -> list[Record]:
    """Records that share the most people, organizations and tags with `record`, its explicit
    `related` ones left out; ties go to the closest in time. A shared person or organization
    counts twice a shared tag, and one shared tag alone is not enough."""
    own = _shared_keys(record)
    scored = []
    for other in records:
        if other.id == record.id or other.id in record.related:
            continue
        shared = sum(SHARED_WEIGHTS[kind] for kind, _ in own & _shared_keys(other))
        if shared >= 2:
            distance = abs((other.period.start - record.period.start).days)
            scored.append((-shared, distance, other.id, other))
    return [other for *_, other in sorted(scored)[:limit]]


SHARED_WEIGHTS = {"person": 2, "organization": 2, "tag": 1}


def _shared_keys(record: Record) -> set[tuple[str, str]]:
    keys = {("person", fold(person.name)) for person in record.people}
    keys |= {("organization", fold(name)) for name in record.organizations}
    keys |= {("tag", tag) for tag in record.tags}
    return keys


FACETS = ("type", "country", "tag", "year", "organization", "person")


def facet_counts(records: Sequence[Record]) -> dict[str, list[tuple[str, int]]]:
    """For each facet, its values and how many of `records` have each, most first."""
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for record in records:
        counters["type"][record.type] += 1
        counters["country"].update(record.countries)
        counters["tag"].update(record.tags)
        counters["year"].update(
            str(year) for year in range(record.period.start.year, record.period.end.year + 1)
        )
        counters["organization"].update(set(record.organizations))
        counters["person"].update({person.name for person in record.people})
    facets = {
        name: sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        for name, counter in counters.items()
    }
    facets["year"] = sorted(counters["year"].items())  # years read best in order
    return facets
