"""Matching in SQL: an FTS5 expression, with the catalog's `records` table (see
pacli.storage.catalog) for filters, so that filters, exclusions, ranking, the order and the
limit all happen in SQLite, and only the records shown are decoded. A search reads the same
tables whether they are a large store's cache or a small store indexed in memory.

The score is BM25 (field weights from search.index), times a small prior for how precisely a
record is dated: between two records that match alike, the one known to the day is more likely
the one meant than one known only to its year, which is often background another article
mentions in passing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from pacli.search.index import BM25_WEIGHTS, SearchIndex
from pacli.selection.filters import Filters, Window

# The prior for a record's date, by the precision of its start (a day, a month, a year).
PRECISION_PRIOR = {"day": 1.0, "month": 0.9, "year": 0.8}
BM25 = f"bm25(fts, {BM25_WEIGHTS})"
SCORE = (
    f"-{BM25} * (CASE fts.precision WHEN 'day' THEN {PRECISION_PRIOR['day']} "
    f"WHEN 'month' THEN {PRECISION_PRIOR['month']} ELSE {PRECISION_PRIOR['year']} END)"
)


class Scope(NamedTuple):
    """Which records a search may return: those that pass every filter and match no excluded
    expression; and the window whose records come first (a date written in the query)."""

    filters: tuple[Filters, ...] = ()
    excluded: str | None = None  # an FTS5 expression
    window: Window | None = None

    def sql(self, table: str) -> tuple[str, list[object]]:
        """Conditions on `table` (records or fts, which share rowids) joined by AND. The rowid
        is written `+rowid`: a plain one would let FTS5 look each allowed rowid up in turn, one
        full-text query a record, instead of filtering the matches."""
        clauses: list[str] = ["1"]
        values: list[object] = []
        for one in self.filters:
            where, found = one.sql()
            if where:
                clauses.append(f"+{table}.rowid IN (SELECT rowid FROM records{where})")
                values += found
        if self.excluded:
            clauses.append(f"+{table}.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            values.append(self.excluded)
        return " AND ".join(clauses), values

    def first(self, table: str) -> tuple[str, list[object]]:
        """An ORDER BY term that puts records wholly inside the window first (or nothing)."""
        window = self.window
        if window is None or (window.start is None and window.end is None):
            return "", []
        start = window.start or date.min
        end = window.end or date.max
        return f"({table}.first >= ? AND {table}.last <= ?) DESC, ", [
            start.isoformat(),
            end.isoformat(),
        ]


def count(index: SearchIndex, expression: str | None, scope: Scope) -> int:
    """How many records match `expression` (None: every record) within `scope`."""
    table = "records" if expression is None else "fts"
    where, values = scope.sql(table)
    matched = "" if expression is None else "fts MATCH ? AND "
    sql = f"SELECT count(*) FROM {table} WHERE {matched}{where}"
    key = (sql, (expression, *values))
    if key not in index.counts:
        found = index.execute(sql, [expression, *values] if expression else values)
        index.counts[key] = int(found[0][0])
    return index.counts[key]


def top(
    index: SearchIndex,
    expression: str | None,
    scope: Scope,
    *,
    by_date: bool,
    limit: int | None,
) -> list[tuple[int, float]]:
    """(rowid, score) of the best matches, in order: records inside the scope's window first,
    then by score (ties newest first), or newest first with `by_date`; at most `limit`."""
    table = "records" if expression is None else "fts"
    where, values = scope.sql(table)
    first, first_values = scope.first(table)
    newest = f"{table}.first DESC, {table}.last DESC, {table}.rowid"
    bound = f" LIMIT {int(limit)}" if limit is not None else ""
    if expression is None:
        sql = f"SELECT rowid, 0.0 FROM records WHERE {where} ORDER BY {first}{newest}"
        return _pairs(index.execute(sql + bound, [*values, *first_values]))
    if limit is not None and not by_date and not first:
        found = _top_by_bm25(index, expression, where, values, limit)
        if found is not None:
            return found
    order = f"{first}{newest}" if by_date else f"{first}score DESC, {newest}"
    sql = f"SELECT rowid, {SCORE} AS score FROM fts WHERE fts MATCH ? AND {where} ORDER BY {order}"
    return _pairs(index.execute(sql + bound, [expression, *values, *first_values]))


def _top_by_bm25(
    index: SearchIndex, expression: str, where: str, values: list[object], limit: int
) -> list[tuple[int, float]] | None:
    """The best `limit` matches found among the best few by BM25 alone, which FTS5 ranks
    without reading each match's row (a third of the time); None when the prior could lift a
    match beyond those few above the last of them, and the full ranking must decide."""
    few = 4 * limit + 20
    sql = f"SELECT rowid, -{BM25} AS bm25 FROM fts WHERE fts MATCH ? AND {where} "
    ranked = index.execute(sql + f"ORDER BY bm25 DESC LIMIT {few}", [expression, *values])
    if not ranked:
        return []
    dated: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(ranked), 500):  # SQLite allows 32,766 values a statement
        chunk = [rowid for rowid, _ in ranked[start : start + 500]]
        sql = "SELECT rowid, precision, first, last FROM records WHERE rowid IN "
        rows = index.execute(sql + f"({','.join('?' * len(chunk))})", chunk)
        dated.update((rowid, (precision, first, last)) for rowid, precision, first, last in rows)
    scored = sorted(
        (rowid, bm25 * PRECISION_PRIOR.get(dated[rowid][0], PRECISION_PRIOR["year"]))
        for rowid, bm25 in ranked
    )  # by rowid first: equal scores and dates keep the lowest rowid first, as in SQL
    scored.sort(key=lambda row: (row[1], *dated[row[0]][1:]), reverse=True)
    best = scored[:limit]
    # Matches beyond the few score at most the last of them (BM25 times a prior of at most 1).
    if len(ranked) == few and len(best) == limit and best[-1][1] <= ranked[-1][1]:
        return None
    return [(rowid, round(score, 4)) for rowid, score in best]


def exists(index: SearchIndex, expression: str) -> bool:
    """Whether any record matches `expression`, whatever the filters."""
    return bool(index.execute("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (expression,)))


def _pairs(rows: Sequence[Any]) -> list[tuple[int, float]]:
    return [(int(rowid), round(float(score), 4)) for rowid, score in rows]
