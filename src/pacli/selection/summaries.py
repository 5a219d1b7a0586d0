"""Records in order and in summary: newest or oldest first, by year for a timeline, counted by
country and facet, and the records most like one another."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby

from pacli.model.countries import Country, all_countries, country_named
from pacli.model.records import Record
from pacli.model.text import fold
from pacli.selection.filters import Filters


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


def country_counts(
    counts: Mapping[str, int], only: Sequence[str] = (), *, include_all: bool = False
) -> list[tuple[Country, int]]:
    """Countries with their number of records (`counts`: by name), most first; every known one
    with `include_all`; only those named in `only` if any are."""
    named = (country_named(name) for name in counts)
    chosen = all_countries() if include_all else [country for country in named if country]
    rows = [
        (country, counts.get(country.name, 0))
        for country in chosen
        if not only or country.name in only
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
