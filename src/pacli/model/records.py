"""The record model: the fields of the JSON contract and the types that hold a record. No I/O."""

from __future__ import annotations

from typing import Any, NamedTuple

from pacli.model.dates import Period, record_period

# The JSON contract, in the order `--json` prints it.
FIELDS = (
    "id",
    "type",
    "title",
    "date",
    "end_date",
    "date_basis",
    "date_note",
    "countries",
    "places",
    "people",
    "organizations",
    "tags",
    "summary",
    "details",
    "source",
    "related",
)
REQUIRED_FIELDS = ("id", "type", "title", "date", "countries", "summary")
LIST_OF_TEXT_FIELDS = ("countries", "places", "organizations", "tags", "details", "related")
PERSON_FIELDS = ("name", "role", "country")
# `article`: the id of the article kept in the store's `sources` table, or null (optional).
SOURCE_FIELDS = ("title", "published", "url", "quote", "article")
# How a record's date is known: the sentence states it, the article's dateline gives it, it is
# reasoned from context (date_note says how), or it is not known. A record without one is unknown.
DATE_BASES = ("stated", "dateline", "inferred", "unknown")


# NamedTuples rather than dataclasses: they cost a fifth as much to define at start-up and
# build much faster, which counts for a store of 100,000 records.
class Person(NamedTuple):
    name: str
    role: str | None = None
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "country": self.country}


class Source(NamedTuple):
    title: str | None = None
    published: str | None = None
    url: str | None = None
    quote: str | None = None
    article: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "published": self.published,
            "url": self.url,
            "quote": self.quote,
            "article": self.article,
        }


class Record(NamedTuple):
    id: str
    type: str
    title: str
    date: str
    summary: str
    countries: tuple[str, ...]
    period: Period  # the days from the start of `date` to the end of `end_date`
    end_date: str | None = None
    date_basis: str = "unknown"
    date_note: str | None = None
    places: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    organizations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    source: Source | None = None
    related: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The record as the documented JSON contract, every field present."""
        return {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "date": self.date,
            "end_date": self.end_date,
            "date_basis": self.date_basis,
            "date_note": self.date_note,
            "countries": list(self.countries),
            "places": list(self.places),
            "people": [person.to_dict() for person in self.people],
            "organizations": list(self.organizations),
            "tags": list(self.tags),
            "summary": self.summary,
            "details": list(self.details),
            "source": self.source.to_dict() if self.source else None,
            "related": list(self.related),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Build a record from a dict that `record_problems` found valid."""
        source = data.get("source")
        return cls(
            id=data["id"],
            type=data["type"],
            title=data["title"],
            date=data["date"],
            summary=data["summary"],
            countries=tuple(data["countries"]),
            period=record_period(data["date"], data.get("end_date")),
            end_date=data.get("end_date"),
            date_basis=data.get("date_basis") or "unknown",
            date_note=data.get("date_note"),
            places=tuple(data.get("places") or ()),
            people=tuple(Person(**person) for person in data.get("people") or ()),
            organizations=tuple(data.get("organizations") or ()),
            tags=tuple(data.get("tags") or ()),
            details=tuple(data.get("details") or ()),
            source=Source(**source) if source else None,
            related=tuple(data.get("related") or ()),
        )


def json_line(value: Any) -> str:
    """One value as compact JSON on one line, UTF-8 not escaped: how every record and row is
    written for --json and --jsonl, and kept in a large store's cache (orjson: several times
    faster than the json module, which counts for 100,000 records)."""
    import orjson

    text: str = orjson.dumps(value).decode("utf-8")
    return text
