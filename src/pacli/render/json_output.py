"""JSON on stdout: one document, UTF-8 and not ASCII-escaped, nothing else."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from pacli.countries import Country
from pacli.records import Record
from pacli.search import Hit


def write_array(items: Iterable[dict[str, Any]]) -> None:
    """A JSON array with one item per line: readable, and written as it is produced."""
    out = sys.stdout
    separator = "[\n"
    for item in items:
        out.write(separator)
        out.write(json.dumps(item, ensure_ascii=False))
        separator = ",\n"
    out.write("[]\n" if separator == "[\n" else "\n]\n")


def write_object(item: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(item, ensure_ascii=False, indent=2) + "\n")


def country_dict(country: Country, count: int) -> dict[str, Any]:
    return {
        "name": country.name,
        "alpha2": country.alpha2,
        "alpha3": country.alpha3,
        "spanish": country.spanish,
        "spellings": list(country.spellings),
        "records": count,
    }


class JsonRenderer:
    def records(self, records: Sequence[Record]) -> None:
        write_array(record.to_dict() for record in records)

    def timeline(self, records: Sequence[Record]) -> None:
        self.records(records)

    def record(self, record: Record, related: Sequence[Record], similar: Sequence[Record]) -> None:
        write_object(record.to_dict())

    def countries(self, rows: Sequence[tuple[Country, int]]) -> None:
        write_array(country_dict(country, count) for country, count in rows)

    def search(self, hits: Sequence[Hit]) -> None:
        write_array({**hit.record.to_dict(), "score": hit.score} for hit in hits)

    def stats(self, total: int, facets: dict[str, list[tuple[str, int]]]) -> None:
        counts = {
            name: [{"value": value, "count": count} for value, count in values]
            for name, values in facets.items()
        }
        write_object({"records": total, "facets": counts})


RENDERER = JsonRenderer()
