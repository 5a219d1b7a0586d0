"""The record schema: what makes a record valid, and the message for each way it is not."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacli.model.records import FIELDS, Record
from pacli.model.schema import is_web_address, record_problems
from tests.helpers import make_record


def problems_of(**overrides: Any) -> list[str]:
    return record_problems(make_record("2022-06-23-meeting", **overrides))


def test_a_minimal_record_is_valid_and_fills_every_field() -> None:
    data = make_record("2022-06-23-meeting")
    assert record_problems(data) == []
    as_dict = Record.from_dict(data).to_dict()
    assert list(as_dict) == list(FIELDS)
    assert as_dict["end_date"] is None and as_dict["related"] == [] and as_dict["source"] is None


def test_round_trip_keeps_every_field() -> None:
    data = make_record(
        "2022-06-09-cycle",
        type="program",
        end_date="2022-07-09",
        date_basis="dateline",
        date_note="From the dateline.",
        places=["Santiago"],
        people=[{"name": "Ana", "role": "Minister", "country": "Chile"}],
        organizations=["Fundación Chile"],
        tags=["film"],
        details=["Nine films"],
        source={
            "title": "T",
            "published": "2022-06-09",
            "url": None,
            "quote": "Q",
            "article": "2022-06-09-t",
        },
        related=["2018-other"],
    )
    assert Record.from_dict(data).to_dict() == data


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"type": "meeting"}, "type: 'meeting' is not one of event, agreement, program"),
        ({"date": "2022-13"}, "date: '2022-13' is not a real date"),
        ({"end_date": "2022-06-01"}, "end_date: '2022-06-01' is before date"),
        ({"countries": ["Peru", "Atlantis"]}, "countries: 'Atlantis' is not a canonical"),
        ({"countries": ["peru"]}, "countries: 'peru' is not a canonical"),
        ({"countries": []}, "countries: missing"),
        ({"title": ""}, "title: missing"),
        ({"title": 5}, "title: must be text, not a number"),
        ({"id": "Bad Id"}, "id: 'Bad Id' must be lowercase"),
        ({"tags": "trade"}, "tags: must be a list, not a string"),
        ({"tags": ["Trade Deals"]}, "tags: 'Trade Deals' must be one lowercase word"),
        ({"places": ["Lima", "Lima"]}, "places: has an item twice"),
        ({"people": [{"role": "x"}]}, "people[0].name: missing"),
        ({"people": [{"name": "A", "country": "Narnia"}]}, "people[0].country: 'Narnia'"),
        ({"source": {"title": "T", "published": "July"}}, "source.published: 'July'"),
        ({"source": {"quote": "q", "page": 3}}, "source.page: unknown field"),
        ({"colour": "red"}, "colour: unknown field"),
        ({"related": ["2022-06-23-meeting"]}, "related: '2022-06-23-meeting' lists itself"),
    ],
)
def test_each_problem_is_named(overrides: dict[str, Any], expected: str) -> None:
    problems = problems_of(**overrides)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_not_an_object() -> None:
    assert record_problems(["a"]) == ["a record must be an object, not an array"]


def test_strict_rules_are_for_the_bundled_store() -> None:
    data = make_record("2022-06-23-meeting", tags=["fisheries"])
    assert record_problems(data) == []
    strict = record_problems(data, strict=True)
    assert any(
        problem.startswith("tags: 'fisheries' is not in the vocabulary") for problem in strict
    )
    assert "source: missing" in strict


@pytest.mark.parametrize(
    ("overrides", "strict", "expected"),
    [
        ({}, False, []),
        ({}, True, ["date_basis: missing"]),
        ({"date_basis": "guessed"}, False, ["date_basis: 'guessed' is not one of"]),
        ({"date_basis": "inferred"}, False, ["date_note: missing; an inferred date"]),
        ({"date_basis": "inferred", "date_note": "From the anniversary."}, False, []),
        ({"date_basis": "dateline"}, True, ["date_basis: 'dateline' but date"]),
    ],
)
def test_date_basis_rules(overrides: dict[str, Any], strict: bool, expected: list[str]) -> None:
    source = {"title": "T", "published": "2022-06-10", "url": None, "quote": "Q"}
    data = make_record("2022-06-09-cycle", tags=["film"], source=source, **overrides)
    found = record_problems(data, strict=strict)
    assert len(found) == len(expected)
    assert all(problem.startswith(prefix) for problem, prefix in zip(found, expected, strict=True))


def _web_address_by_urlsplit(url: str) -> bool:
    """The rule as urlsplit alone reads it: what the quick path must agree with."""
    import re
    from urllib.parse import urlsplit

    if re.search(r"[\s\x00-\x1f\x7f-\x9f]", url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


URL_PIECES = ["http", "https", "HTTP", "ftp", ":", "//", "/", ".", "-", "a", "Z", "9", "é", "@",
              "?", "#", "[", "]", "::1", " ", "\\", ":443", "example", "%20", "\x85"]  # fmt: skip


@given(st.lists(st.sampled_from(URL_PIECES), max_size=12).map("".join))
def test_the_quick_web_address_check_agrees_with_urlsplit(url: str) -> None:
    assert is_web_address(url) == _web_address_by_urlsplit(url), url


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://example.org/news/17", True), ("http://a-b.example", True),
     ("https://example.org:8443/x", True), ("https://", False), ("https:///path", False),
     ("mailto:x@example.org", False), ("https://exa mple.org", False)],
)  # fmt: skip
def test_web_addresses(url: str, expected: bool) -> None:
    assert is_web_address(url) is expected
