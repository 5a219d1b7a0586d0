"""What each command shows, as data: the JSON document, the rows of the line-based forms, and
what the table form draws. No output is written here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, NamedTuple

from pacli.model.countries import Country
from pacli.model.records import Record

# The columns of tab-separated lines when --fields does not choose them.
RECORD_COLUMNS = ("id", "date", "end_date", "type", "title", "countries")


class View(NamedTuple):
    kind: str  # what the table form draws: records, timeline, record, search, countries, ...
    document: Any  # the --json document
    rows: list[dict[str, Any]]  # one per line for jsonl, csv and tsv
    columns: tuple[str, ...]  # the columns of tsv
    payload: Any = None  # what the table form needs
    record_rows: bool = False  # rows are records: csv flattens them to the import columns
    fields: tuple[str, ...] | None = None  # chosen with --fields
    total: int | None = None  # how many records matched, when --limit shows fewer
    excel_safe: bool = False  # csv: cells a spreadsheet would run as formulas are escaped
    raw_json: bool = False  # rows are batches of records' JSON in UTF-8 (a store's cache), as is


def count_text(shown: int, total: int | None = None) -> str:
    """`9 records`, or `2 of 9 records` when a limit cut the list short."""
    noun = "record" if (total if total is not None else shown) == 1 else "records"
    if total is not None and total > shown:
        return f"{shown} of {total} {noun}"
    return f"{shown} {noun}"


def _pick(data: dict[str, Any], fields: tuple[str, ...] | None) -> dict[str, Any]:
    return data if fields is None else {name: data[name] for name in fields}


# Past this many rows a table is written line by line, each cut to the width: laying out tens of
# thousands of wrapped cells would take Rich longer than finding them took pacli.
LONG_TABLE_ROWS = 1000


def records_view(
    kind: str,
    records: Sequence[Record],
    fields: tuple[str, ...] | None = None,
    payload: Any = None,
    scores: Sequence[float] | None = None,
    output_format: str | None = None,
) -> View:
    """Records as rows (dicts, `fields` of them) and as `payload` (the records, or hits); a
    table of every field draws the payload alone, and gets no rows (50,000 of them took 1 s)."""
    drawn_from_payload = output_format == "table" and fields is None
    dicts = [] if drawn_from_payload else [record.to_dict() for record in records]
    if scores is not None and dicts:
        dicts = [{**data, "score": score} for data, score in zip(dicts, scores, strict=True)]
    rows = [_pick(data, fields) for data in dicts]
    default_columns = (*RECORD_COLUMNS, "score") if scores is not None else RECORD_COLUMNS
    return View(
        kind=kind,
        document=rows,
        rows=rows,
        columns=fields or default_columns,
        payload=payload if payload is not None else records,
        record_rows=True,
        fields=fields,
    )


# A streamed listing reads this much before it writes: a damaged cache found in it is rebuilt
# and the answer is still whole; only a larger listing can stop part-way (exit 1).
READ_AHEAD_BYTES = 32 << 20


def raw_records_view(kind: str, batches: Iterable[list[bytes]]) -> View:
    """Records as JSON in UTF-8, in batches, for the json and jsonl forms only: the first
    READ_AHEAD_BYTES are read now and the rest as they are written, and they can be written
    once."""
    rows = _read_ahead(batches, READ_AHEAD_BYTES)
    return View(
        kind=kind,
        document=rows,
        rows=rows,  # type: ignore[arg-type]
        columns=RECORD_COLUMNS,
        record_rows=True,
        raw_json=True,
    )


def _read_ahead(batches: Iterable[list[bytes]], size: int) -> Iterator[list[bytes]]:
    """The batches, the first `size` bytes of them read now."""
    remaining = iter(batches)
    ahead: list[list[bytes]] = []
    for batch in remaining:
        ahead.append(batch)
        size -= sum(map(len, batch))
        if size <= 0:
            break
    return chain(ahead, remaining)


# A record shown in full: the record, the records it names, and those most like it.
Shown = tuple[Record, Sequence[Record], Sequence[Record]]


def record_view(
    shown: Sequence[Shown], fields: tuple[str, ...] | None = None, *, many: bool = False
) -> View:
    """Records shown in full; `--json` gives one object for one record unless `many` asks for
    an array (several ids, or ids read from stdin)."""
    rows = [_pick(record.to_dict(), fields) for record, _, _ in shown]
    return View(
        kind="record",
        document=rows if many or len(rows) != 1 else rows[0],
        rows=rows,
        columns=fields or RECORD_COLUMNS,
        payload=list(shown),
        record_rows=True,
        fields=fields,
    )


def countries_view(rows: Sequence[tuple[Country, int]]) -> View:
    dicts = [
        {
            "name": country.name,
            "alpha2": country.alpha2,
            "alpha3": country.alpha3,
            "spanish": country.spanish,
            "spellings": list(country.spellings),
            "records": count,
        }
        for country, count in rows
    ]
    return View("countries", dicts, dicts, ("name", "records", "alpha2", "alpha3", "spanish"), rows)


def stats_view(total: int, facets: dict[str, list[tuple[str, int]]]) -> View:
    document = {
        "records": total,
        "facets": {
            name: [{"value": value, "count": count} for value, count in values]
            for name, values in facets.items()
        },
    }
    rows = [
        {"facet": name, "value": value, "count": count}
        for name, values in facets.items()
        for value, count in values
    ]
    return View("stats", document, rows, ("facet", "value", "count"), (total, facets))


def listing_view(kind: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> View:
    """Rows of plain values (stores in use, problems found), shown as a table or lines."""
    return View(kind, rows, rows, columns, rows)
