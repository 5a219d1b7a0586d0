"""Forms for programs: JSON (one document), JSON Lines, CSV (with a header), and tab-separated
lines (a header with --format tsv, none when a table is piped; ISO dates, nothing cut short)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from pacli.model.records import json_line
from pacli.render.safe_text import tsv_cell
from pacli.render.views import View
from pacli.transfer.rows import CSV_COLUMNS, excel_safe, flatten_record, join_items


def write(view: View, output_format: str, out: TextIO) -> None:
    if view.raw_json:
        _raw_json(view.document, out, as_array=output_format == "json")
        return
    if output_format in ("tsv", "lines"):
        _tsv(view, out, header=output_format == "tsv")
        return
    writers = {"json": _json, "jsonl": _jsonl, "csv": _csv}
    writers[output_format](view, out)


def _json(view: View, out: TextIO) -> None:
    document = view.document
    if isinstance(document, dict):  # one object: `show ID`, `stats`
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    # One item per line: readable, and written as it is produced.
    separator = "[\n"
    for item in document:
        out.write(separator)
        out.write(json_line(item))
        separator = ",\n"
    out.write("[]\n" if separator == "[\n" else "\n]\n")


def _jsonl(view: View, out: TextIO) -> None:
    for row in view.rows:
        out.write(json_line(row) + "\n")


def _raw_json(batches: Iterable[list[bytes]], out: TextIO, *, as_array: bool) -> None:
    """Records' JSON, already UTF-8 and in batches, as a JSON array of one record a line or as
    JSON Lines: straight to the bytes under `out` when it has them (stdout), never decoded and
    encoded, a batch a write."""
    put = _byte_writer(out)
    if not as_array:
        for batch in batches:
            if batch:
                put(b"\n".join([*batch, b""]))
        out.flush()
        return
    opened = False
    for batch in batches:
        if not batch:
            continue
        if opened:  # the `,` before the batch joined with it: a batch is copied once, not twice
            put(b",\n".join([b"", *batch]))
        else:
            put(b"[\n" + b",\n".join(batch))
            opened = True
    put(b"\n]\n" if opened else b"[]\n")
    out.flush()  # all of it before anything said on stderr after


def _byte_writer(out: TextIO) -> Callable[[bytes], Any]:
    binary = getattr(out, "buffer", None)
    if binary is None:  # a StringIO: an export to a file
        return lambda text: out.write(text.decode("utf-8"))
    out.flush()  # what was written as text comes first
    return binary.write  # type: ignore[no-any-return]


def _flat(view: View, row: dict[str, Any], columns: Sequence[str] | None = None) -> dict[str, str]:
    """`row` as text cells; with `columns`, only the fields they show (a piped table shows six of
    a record's sixteen, and flattening the rest took most of its time)."""
    if view.record_rows:
        return flatten_record(row if columns is None else _only(row, columns))
    return {name: _cell(value) for name, value in row.items()}


def _only(row: dict[str, Any], columns: Sequence[str]) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name in columns}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return join_items(str(item) for item in value)
    return str(value)


def _csv(view: View, out: TextIO) -> None:
    rows = [_flat(view, row) for row in view.rows]
    if view.record_rows:
        present = set(rows[0]) if rows else set(CSV_COLUMNS)
        columns = [column for column in CSV_COLUMNS if column in present]
        columns += [column for column in (rows[0] if rows else {}) if column not in columns]
    else:
        columns = list(view.rows[0]) if view.rows else list(view.columns)
    if view.excel_safe:
        rows = [{name: excel_safe(cell) for name, cell in row.items()} for row in rows]
    import csv  # only here: the other forms start faster without it

    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _tsv(view: View, out: TextIO, *, header: bool) -> None:
    """Tab-separated lines: a header with --format tsv, none for a piped table; no value quoted,
    and backslash, tab, newline and control characters escaped (pacli.render.safe_text)."""
    if header:
        out.write("\t".join(view.columns) + "\n")
    for row in view.rows:
        flat = _flat(view, row, view.columns)
        cells = []
        for column in view.columns:
            if column == "source" and view.record_rows:
                cells.append(flat.get("source_title", ""))
            else:
                cells.append(flat.get(column, ""))
        out.write("\t".join(tsv_cell(cell) for cell in cells) + "\n")
