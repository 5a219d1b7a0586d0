"""Filters over records: countries, types, tags and the date window by period overlap."""

from __future__ import annotations

import re

import pytest

from pacli.cli.parsing import parse_limit
from pacli.errors import UsageError
from pacli.model.records import Record
from pacli.selection.filters import DateOptions, Filters, build_filters
from pacli.selection.summaries import (
    country_counts,
    newest_first,
    oldest_first,
    select,
    timeline_years,
)
from pacli.storage.record_source import MemorySource
from tests.helpers import make_record

RECORDS = [
    Record.from_dict(data)
    for data in [
        make_record("2018-strategic-vision", type="agreement", date="2018", tags=["diplomacy"]),
        make_record(
            "2022-06-09-film-cycle",
            type="program",
            end_date="2022-07-09",
            tags=["film", "culture"],
        ),
        make_record(
            "2022-06-23-korea", countries=[*["Chile", "Colombia", "Mexico", "Peru"], "South Korea"]
        ),
        make_record("2022-01-mexico-presidency", date="2022-01", countries=["Mexico"]),
        make_record("2022-07-01-finance", countries=["Colombia", "Mexico", "Peru", "Chile"]),
        make_record("2022-05-13-ottawa", countries=["Canada", "Mexico"]),
    ]
]


def ids(records: list[Record]) -> list[str]:
    return [record.id for record in records]


def window_ids(
    since: str | None = None,
    until: str | None = None,
    on: str | None = None,
    year: str | None = None,
    within: str | None = None,
) -> set[str]:
    filters = build_filters(dates=DateOptions.typed(since, until, on, year, within))
    return set(ids(select(RECORDS, filters)))


def test_from_a_month_finds_a_range_that_reaches_into_it() -> None:
    assert window_ids(since="2022-07") == {"2022-06-09-film-cycle", "2022-07-01-finance"}


def test_to_a_month_runs_through_its_last_day() -> None:
    assert "2022-06-23-korea" in window_ids(until="2022-06")
    assert "2022-07-01-finance" not in window_ids(until="2022-06")


def test_a_year_record_is_the_whole_year() -> None:
    assert "2018-strategic-vision" in window_ids(since="2018-12-31")
    assert "2018-strategic-vision" in window_ids(until="2018-01")
    assert "2018-strategic-vision" not in window_ids(since="2019")


def test_a_month_record_overlaps_a_day_inside_it() -> None:
    assert window_ids(on="2022-01-15") == {"2022-01-mexico-presidency"}


def test_from_a_year_starts_on_the_first_of_january() -> None:
    assert window_ids(since="2022") == window_ids(year="2022")
    assert "2022-01-mexico-presidency" in window_ids(since="2022")


def test_written_dates_match_iso_dates() -> None:
    assert window_ids(since="June 2022", until="30 June 2022") == window_ids(on="2022-06")


def test_reversed_range_is_an_error_naming_both_dates() -> None:
    with pytest.raises(UsageError, match="--from 2023 is after --to 2022"):
        build_filters(dates=DateOptions.typed(since="2023", until="2022"))


def test_disjoint_on_and_year_is_an_error() -> None:
    with pytest.raises(UsageError, match="--on 2021 and --year 2022 have no day in common"):
        build_filters(dates=DateOptions.typed(on="2021", year="2022"))


def test_countries_are_ored_and_resolved() -> None:
    filters = build_filters(countries=["KR", "Canadá"])
    assert set(ids(select(RECORDS, filters))) == {"2022-06-23-korea", "2022-05-13-ottawa"}


def test_types_and_tags() -> None:
    assert ids(select(RECORDS, build_filters(types=["agreements"]))) == ["2018-strategic-vision"]
    by_tag = select(RECORDS, build_filters(tags=["Culture"], known_tags=lambda: ["culture"]))
    assert ids(by_tag) == ["2022-06-09-film-cycle"]


@pytest.mark.parametrize(
    ("kind", "value", "fragment"),
    [
        ("types", "meeting", "unknown type 'meeting'"),
        ("tags", "trad", "did you mean trade"),
        ("countries", "Narnia", "unknown country 'Narnia'"),
    ],
)
def test_unknown_filter_values(kind: str, value: str, fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment):
        build_filters(**{kind: [value]})  # type: ignore[arg-type]


def test_orders() -> None:
    assert ids(newest_first(RECORDS))[:2] == ["2022-07-01-finance", "2022-06-23-korea"]
    assert ids(oldest_first(RECORDS))[:2] == ["2018-strategic-vision", "2022-01-mexico-presidency"]


def test_timeline_groups_by_year_in_order() -> None:
    years = timeline_years(RECORDS)
    assert [year for year, _ in years] == [2018, 2022]
    assert len(years[1][1]) == 5


@pytest.mark.parametrize("limit", ["0", "-1", "two", "1.5", "00", "\u0663", "+2", "1_0"])
def test_bad_limits(limit: str) -> None:
    with pytest.raises(UsageError, match=re.escape(f"--limit {limit!r}")):
        parse_limit(limit)


@pytest.mark.parametrize(
    ("typed", "count"),
    [("007", 7), (" 0012 ", 12), ("4294967295", 2**32 - 1), ("4294967296", None),
     ("9223372036854775808", None), ("1" + "0" * 5000, None)],
)  # fmt: skip
def test_a_limit_larger_than_any_store_is_no_limit(typed: str, count: int | None) -> None:
    assert parse_limit(typed) == count


def test_country_counts() -> None:
    rows = country_counts(MemorySource.of(RECORDS).country_counts(Filters()))
    counts = {country.name: count for country, count in rows}
    assert counts["Mexico"] == 6 and counts["Canada"] == 1 and counts["South Korea"] == 1
    assert rows[0][0].name == "Mexico"


def test_within_keeps_only_records_wholly_inside() -> None:
    assert window_ids(within="2022-06") == {"2022-06-23-korea"}
    assert window_ids(on="2022-06") >= {"2022-06-23-korea", "2022-06-09-film-cycle"}
    assert window_ids(within="2022-Q2") == {"2022-06-23-korea", "2022-05-13-ottawa"}
    assert window_ids(within="2022-06..2022-07") == {
        "2022-06-23-korea",
        "2022-06-09-film-cycle",
        "2022-07-01-finance",
    }
    assert "2018-strategic-vision" in window_ids(within="2018")
    assert "2018-strategic-vision" not in window_ids(within="2018-Q1")


def test_quarters_and_ranges_bound_from_and_to() -> None:
    assert window_ids(since="Q3 2022") == {"2022-06-09-film-cycle", "2022-07-01-finance"}
    assert window_ids(until="2018-Q4") == {"2018-strategic-vision"}
    assert window_ids(on="2022-01..2022-02") == {"2022-01-mexico-presidency"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2022-Q5", "2022-Q2, Q2 2022 or 2022-06..2022-07"),
        ("2022-07..2022-06", "ends before it begins"),
        ("2022-06..", "give both ends"),
        ("2022..2023..2024", "give both ends"),
        ("2022-06..junio", "'junio' is not a date"),
    ],
)
def test_unreadable_windows_name_the_forms_that_can_be_read(text: str, fragment: str) -> None:
    with pytest.raises(UsageError, match="--within") as caught:
        window_ids(within=text)
    assert fragment in caught.value.message
