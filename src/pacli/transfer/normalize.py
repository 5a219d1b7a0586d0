"""Records as people and files give them, into the stored form: names and aliases of countries
resolved, dates at the precision typed, tags lowercase, people parsed; then checked against the
schema, every problem named with its field."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

from pacli.errors import RecordProblems, UsageError
from pacli.model.countries import resolve_country
from pacli.model.dates import parse_user_period, period_text
from pacli.model.limits import MAX_LIST_ITEMS, MAX_TEXT_CHARS
from pacli.model.records import DATE_BASES, FIELDS, SOURCE_FIELDS, Record
from pacli.model.schema import record_problems
from pacli.model.text import fold
from pacli.model.vocabulary import resolve_type
from pacli.transfer.rows import parse_person

SLUG_WORDS = re.compile(r"[a-z0-9]+")
MAX_SLUG_LENGTH = 50


def normalize(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """What a person typed, in the stored form: country names and aliases resolved, dates at the
    precision typed, tags lowercase, people parsed. Only the fields present are touched; a value
    of the wrong kind is left for the schema to name."""
    normalized: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in data.items():
        converter = CONVERTERS.get(name)
        if converter is None or not isinstance(value, converter[0]):
            normalized[name] = value
            continue
        try:
            normalized[name] = converter[1](value)
        except UsageError as error:
            problems.append(f"{name}: {error.message}")
    return normalized, problems


def _iso_date(text: str) -> str | None:
    return period_text(parse_user_period(text)) if text.strip() else None


def _text(text: str) -> str | None:
    return text.strip() or None


def _date_basis(text: str) -> str | None:
    folded = text.strip().lower()
    if not folded:
        return None
    if folded not in DATE_BASES:
        raise UsageError(f"{text!r} is not one of {', '.join(DATE_BASES)}")
    return folded


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _all_text(items: list[Any]) -> bool:
    return all(isinstance(item, str) for item in items)


def _items(items: list[Any]) -> list[Any]:
    if not _all_text(items):
        return items  # left as it is, for the schema to name
    return _unique(item.strip() for item in items if item.strip())


def _countries(names: list[Any]) -> list[Any]:
    if not _all_text(names):
        return names
    return _unique(resolve_country(name) for name in names)


def _tags(tags: list[Any]) -> list[Any]:
    if not _all_text(tags):
        return tags
    return _unique(fold(tag).strip() for tag in tags if tag.strip())


def _people(people: list[Any]) -> list[Any]:
    return [_person(item) for item in people]


def _person(item: Any) -> Any:
    person = parse_person(item) if isinstance(item, str) else item
    if isinstance(person, dict) and isinstance(person.get("country"), str):
        country = person["country"].strip()
        person = {**person, "country": resolve_country(country) if country else None}
    return person


def _source(source: dict[str, Any]) -> dict[str, Any] | None:
    cleaned = {
        name: _text(value) if isinstance(value, str) else value for name, value in source.items()
    }
    published = cleaned.get("published")
    if isinstance(published, str):
        cleaned["published"] = _iso_date(published)
    if not any(cleaned.values()):
        return None
    return {**{name: None for name in SOURCE_FIELDS}, **cleaned}


# field -> (the kind of value it converts, the conversion)
CONVERTERS: dict[str, tuple[type, Callable[[Any], Any]]] = {
    "type": (str, resolve_type),
    "date": (str, _iso_date),
    "end_date": (str, _iso_date),
    "title": (str, _text),
    "summary": (str, _text),
    "date_note": (str, _text),
    "date_basis": (str, _date_basis),
    "countries": (list, _countries),
    "places": (list, _items),
    "organizations": (list, _items),
    "details": (list, _items),
    "related": (list, _items),
    "tags": (list, _tags),
    "people": (list, _people),
    "source": (dict, _source),
}


def make_id(date: str, title: str, taken: set[str]) -> str:
    """`2022-06-23-korea-trade-talks`: the date and the title's words; -2, -3, ... when taken."""
    words = SLUG_WORDS.findall(fold(title))
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > MAX_SLUG_LENGTH:
            break
        slug = f"{slug}-{word}" if slug else word
    base = f"{date}-{slug or 'record'}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def complete(data: dict[str, Any]) -> dict[str, Any]:
    """Every field of the contract, optional ones empty."""
    return Record.from_dict({**{name: None for name in FIELDS}, **data}).to_dict()


def checked_record(
    data: dict[str, Any], problems: list[str], known_ids: Collection[str] | None = None
) -> dict[str, Any]:
    """`data` completed, or RecordProblems with every problem found: those of reading the
    values (`problems`), of the schema for the other fields, and `related` ids not in
    `known_ids` (when given)."""
    named = {problem.split(":", 1)[0] for problem in problems}
    problems = list(problems)
    for problem in record_problems({**{name: None for name in FIELDS}, **data}):
        if problem.split(":", 1)[0].split("[")[0].split(".")[0] not in named:
            problems.append(problem)
    problems += [
        problem for problem in input_problems(data) if problem.split(":", 1)[0] not in named
    ]
    related = data.get("related")
    if known_ids is not None and isinstance(related, list) and "related" not in named:
        problems += [
            f"related: no record has id {other!r}"
            for other in related
            if isinstance(other, str) and other not in known_ids
        ]
    if any(problem.startswith(("date:", "title:")) for problem in problems):
        # The id is made from the date and title: with either wrong, its absence says nothing new.
        problems = [problem for problem in problems if problem != "id: missing"]
    if problems:
        summary = problems[0] if len(problems) == 1 else f"{len(problems)} problems above"
        raise RecordProblems(f"the record is not valid: {summary}", problems)
    return complete(data)


# What a person or a file may not put into a record, though a store read from elsewhere may
# hold it: control characters (never sent to a terminal, but not stored either) other than the
# line breaks (newline, carriage return, U+0085) and tab, and values beyond the documented bounds.
INPUT_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def input_problems(data: dict[str, Any], where: str = "") -> list[str]:
    """Every text of `data` with a control character other than newline and tab, or longer than
    MAX_TEXT_CHARS, and every list longer than MAX_LIST_ITEMS, as `field: problem`."""
    problems = []
    for name, value in data.items():
        field = f"{where}.{name}" if where else name
        problems += _value_problems(field, value)
    return problems


def _value_problems(field: str, value: Any) -> list[str]:
    if isinstance(value, str):
        control = INPUT_CONTROLS.search(value)
        if control:
            code = f"\\x{ord(control.group()):02x}"
            return [f"{field}: contains the control character {code}; only text, line breaks, tabs"]
        if len(value) > MAX_TEXT_CHARS:
            return [f"{field}: is {len(value):,} characters long; the most is {MAX_TEXT_CHARS:,}"]
        return []
    if isinstance(value, dict):
        return input_problems(value, field)
    if isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            return [f"{field}: has {len(value):,} items; the most is {MAX_LIST_ITEMS:,}"]
        found = (_value_problems(f"{field}[{index}]", item) for index, item in enumerate(value))
        return [problem for problems in found for problem in problems][:1]
    return []
