"""The schema: one place that says what a valid record is, as `field: problem` lines. No I/O."""

from __future__ import annotations

import re
from typing import Any

from pacli.model.countries import is_canonical_country
from pacli.model.dates import parse_iso_period
from pacli.model.records import (
    DATE_BASES,
    FIELDS,
    LIST_OF_TEXT_FIELDS,
    PERSON_FIELDS,
    REQUIRED_FIELDS,
    SOURCE_FIELDS,
)
from pacli.model.vocabulary import RECORD_TYPES, TAG_VOCABULARY

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
MAX_ID_LENGTH = 80
KNOWN_FIELDS = frozenset(FIELDS)
KNOWN_PERSON_FIELDS = frozenset(PERSON_FIELDS)
KNOWN_SOURCE_FIELDS = frozenset(SOURCE_FIELDS)


def record_problems(data: Any, *, strict: bool = False) -> list[str]:
    """Every way `data` fails the schema, as `field: problem` lines; [] when valid.

    `strict` adds the bundled store's rules: tags from TAG_VOCABULARY and a full source.
    """
    if not isinstance(data, dict):
        return [f"a record must be an object, not {_json_kind(data)}"]
    problems = [f"{name}: unknown field" for name in data if name not in KNOWN_FIELDS]
    for name in REQUIRED_FIELDS:
        if data.get(name) in (None, "", []):
            problems.append(f"{name}: missing")
    problems += _text_problems(data)
    problems += _list_problems(data)
    problems += _date_problems(data)
    if isinstance(data.get("type"), str) and data["type"] not in RECORD_TYPES:
        problems.append(f"type: {data['type']!r} is not one of {', '.join(RECORD_TYPES)}")
    problems += _id_problems(data)
    problems += _country_problems(data)
    problems += _tag_problems(data, strict=strict)
    problems += _people_problems(data.get("people"))
    problems += _source_problems(data.get("source"), strict=strict)
    problems += _date_basis_problems(data, strict=strict)
    return problems


def _json_kind(value: Any) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return kinds.get(type(value), "a number")


def _text_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    for name in ("id", "type", "title", "date", "summary", "end_date", "date_note"):
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            problems.append(f"{name}: must be text, not {_json_kind(value)}")
        elif isinstance(value, str) and value != value.strip():
            problems.append(f"{name}: has spaces at its start or end")
        elif value == "" and name not in REQUIRED_FIELDS:
            problems.append(f"{name}: is empty; use null for no {name.replace('_', ' ')}")
    return problems


def _list_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    for name in LIST_OF_TEXT_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, list):
            problems.append(f"{name}: must be a list, not {_json_kind(value)}")
            continue
        stripped = [item.strip() if isinstance(item, str) else None for item in value]
        if not all(stripped):
            problems.append(f"{name}: every item must be non-empty text")
        elif stripped != value:
            problems.append(f"{name}: an item has spaces at its start or end")
        elif len(set(value)) != len(value):
            problems.append(f"{name}: has an item twice")
    return problems


def _date_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    periods = {}
    for name in ("date", "end_date"):
        value = data.get(name)
        if not isinstance(value, str) or not value:
            continue
        try:
            periods[name] = parse_iso_period(value)
        except ValueError:
            problems.append(f"{name}: {value!r} is not a real date as YYYY, YYYY-MM or YYYY-MM-DD")
    if len(periods) == 2 and periods["end_date"].end < periods["date"].start:
        problems.append(f"end_date: {data['end_date']!r} is before date {data['date']!r}")
    return problems


def _id_problems(data: dict[str, Any]) -> list[str]:
    record_id = data.get("id")
    if not isinstance(record_id, str) or not record_id:
        return []
    if not ID_PATTERN.match(record_id) or len(record_id) > MAX_ID_LENGTH:
        return [
            f"id: {record_id!r} must be lowercase letters, digits and single hyphens "
            f"(at most {MAX_ID_LENGTH} characters)"
        ]
    related = data.get("related")
    if isinstance(related, list) and record_id in related:
        return [f"related: {record_id!r} lists itself"]
    return []


def _country_problems(data: dict[str, Any]) -> list[str]:
    countries = data.get("countries")
    if not isinstance(countries, list):
        return []
    return [
        f"countries: {name!r} is not a canonical country name (see `pacli countries --all`)"
        for name in countries
        if isinstance(name, str) and name.strip() and not is_canonical_country(name)
    ]


def _tag_problems(data: dict[str, Any], *, strict: bool) -> list[str]:
    tags = data.get("tags")
    if not isinstance(tags, list):
        return []
    problems = []
    for tag in tags:
        if not isinstance(tag, str) or not tag.strip():
            continue
        if strict and tag not in TAG_VOCABULARY:
            problems.append(f"tags: {tag!r} is not in the vocabulary ({', '.join(TAG_VOCABULARY)})")
        elif not TAG_PATTERN.match(tag):
            problems.append(f"tags: {tag!r} must be one lowercase word (letters, digits, - or _)")
    if strict and not tags:
        problems.append("tags: missing")
    return problems


def _people_problems(people: Any) -> list[str]:
    if people is None:
        return []
    if not isinstance(people, list):
        return [f"people: must be a list, not {_json_kind(people)}"]
    problems = []
    for index, person in enumerate(people):
        where = f"people[{index}]"
        if not isinstance(person, dict):
            problems.append(f"{where}: must be an object with name, role and country")
            continue
        problems += [
            f"{where}.{name}: unknown field" for name in person if name not in KNOWN_PERSON_FIELDS
        ]
        if not isinstance(person.get("name"), str) or not person["name"].strip():
            problems.append(f"{where}.name: missing")
        for name in PERSON_FIELDS:
            value = person.get(name)
            if value is not None and not isinstance(value, str):
                problems.append(f"{where}.{name}: must be text or null")
            elif isinstance(value, str) and value != value.strip():
                problems.append(f"{where}.{name}: has spaces at its start or end")
            elif value == "" and name != "name":
                problems.append(f"{where}.{name}: is empty; use null")
        country = person.get("country")
        if isinstance(country, str) and not is_canonical_country(country):
            problems.append(f"{where}.country: {country!r} is not a canonical country name")
    return problems


def _source_problems(source: Any, *, strict: bool) -> list[str]:
    if source is None:
        return ["source: missing"] if strict else []
    if not isinstance(source, dict):
        return [f"source: must be an object, not {_json_kind(source)}"]
    problems = [
        f"source.{name}: unknown field" for name in source if name not in KNOWN_SOURCE_FIELDS
    ]
    for name in SOURCE_FIELDS:
        value = source.get(name)
        if value is not None and not isinstance(value, str):
            problems.append(f"source.{name}: must be text or null")
        elif value == "":
            problems.append(f"source.{name}: is empty; use null")
    article = source.get("article")
    if isinstance(article, str) and article and not ID_PATTERN.match(article):
        problems.append(f"source.article: {article!r} is not an article id (lowercase, hyphens)")
    if not any(source.get(name) for name in SOURCE_FIELDS):
        problems.append("source: has no field; use null for no source")
    url = source.get("url")
    if isinstance(url, str) and url and not is_web_address(url):
        problems.append(
            f"source.url: {url!r} is not a web address (http:// or https://, a host, no spaces)"
        )
    published = source.get("published")
    if isinstance(published, str):
        try:
            parse_iso_period(published)
        except ValueError:
            problems.append(f"source.published: {published!r} is not a real date")
    if strict:
        for name in ("title", "quote"):
            if not source.get(name):
                problems.append(f"source.{name}: missing")
    return problems


def _date_basis_problems(data: dict[str, Any], *, strict: bool) -> list[str]:
    """date_basis is one of DATE_BASES (missing: unknown); an inferred date says how in
    date_note; under strict rules it is given, and a dateline date is the source's published."""
    basis = data.get("date_basis")
    if basis is None:
        return ["date_basis: missing"] if strict else []
    if basis not in DATE_BASES:
        return [f"date_basis: {basis!r} is not one of {', '.join(DATE_BASES)}"]
    if basis == "inferred" and not data.get("date_note"):
        return ["date_note: missing; an inferred date needs a note saying how it was inferred"]
    source = data.get("source")
    published = source.get("published") if isinstance(source, dict) else None
    if strict and basis == "dateline" and published != data.get("date"):
        return [
            f"date_basis: 'dateline' but date {data.get('date')!r} is not the source's "
            f"published date {published!r}"
        ]
    return []


NOT_IN_A_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
# The common case, `https://host.example/path`, read without urlsplit (a sixth of the cost).
PLAIN_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?:[/?#]|\Z)", re.ASCII)


def is_web_address(url: str) -> bool:
    """An http or https URL with a host, and no spaces or control characters in it."""
    if NOT_IN_A_URL.search(url):
        return False
    if PLAIN_WEB_ADDRESS.match(url):
        return True
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:  # an IPv6 host with a stray bracket, say
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
