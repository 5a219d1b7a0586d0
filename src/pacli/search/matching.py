"""Matching in SQL: an FTS5 expression, with the catalog's `records` table (see
pacli.storage.catalog) for filters, so that filters, exclusions, ranking, the order and the
limit happen in SQLite, and only the records shown are decoded; a limited search over many
matches is ranked from its phrases' lists instead, where it can be (`_top_by_phrases`). A
search reads the same tables whether they are a large store's cache or a small store indexed
in memory.

The score is BM25 (field weights from search.index), times a small prior for how precisely a
record is dated: between two records that match alike, the one known to the day is more likely
the one meant than one known only to its year, which is often background another article
mentions in passing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

from pacli.search.index import BM25, PhraseGroups, SearchIndex
from pacli.selection.filters import Filters, Window

# The prior for a record's date, by the precision of its start (a day, a month, a year).
PRECISION_PRIOR = {"day": 1.0, "month": 0.9, "year": 0.8}
# A limited search ranked from its phrases' lists reads at most this many of each.
PHRASE_DEPTH_MAX = 4000
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
    phrases: PhraseGroups | None = None,
) -> list[tuple[int, float]]:
    """(rowid, score) of the best matches, in order: records inside the scope's window first,
    then by score (ties newest first), or newest first with `by_date`; at most `limit`.
    `phrases` are the expression's (pacli.search.index.phrases_of), when they can be read."""
    table = "records" if expression is None else "fts"
    where, values = scope.sql(table)
    first, first_values = scope.first(table)
    newest = f"{table}.first DESC, {table}.last DESC, {table}.rowid"
    bound = f" LIMIT {int(limit)}" if limit is not None else ""
    if expression is None:
        sql = f"SELECT rowid, 0.0 FROM records WHERE {where} ORDER BY {first}{newest}"
        return _pairs(index.execute(sql + bound, [*values, *first_values]))
    if limit is not None and not by_date and not first:
        found = None
        if phrases is not None and index.phrase_scores is not None:
            found = _top_by_phrases(index, phrases, scope, limit)
        if found is None:
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
    best = _with_prior(dict(ranked), _dates(index, [rowid for rowid, _ in ranked]), limit)
    # Matches beyond the few score at most the last of them (BM25 times a prior of at most 1).
    if len(ranked) == few and len(best) == limit and best[-1][1] <= ranked[-1][1]:
        return None
    return [(rowid, round(score, 4)) for rowid, score in best]


def _top_by_phrases(
    index: SearchIndex, phrases: PhraseGroups, scope: Scope, limit: int
) -> list[tuple[int, float]] | None:
    """The best `limit` matches found from each phrase's best matches (Fagin's threshold
    algorithm), without ranking every match: a record in no phrase's list scores at most the
    sum of each list's last score, so once the last of the best found scores more, no other
    can be among them. None when the lists (deepened up to PHRASE_DEPTH_MAX) do not show it."""
    lists_of = index.phrase_scores
    assert lists_of is not None
    lists_of.refresh()
    parts = [part for group in phrases for part in group]  # in FTS5's order
    # A phrase as often as it appears (`trade comercio`: the same eight phrases twice).
    order = [phrase for part in parts for phrase in part]
    depth = 4 * limit + 20
    while depth <= PHRASE_DEPTH_MAX:
        lists = {phrase: lists_of.best(phrase, depth) for phrase in order}
        candidates = sorted({rowid for found in lists.values() for rowid, _ in found.best})
        scores = {phrase: lists_of.scores_at(phrase, candidates) for phrase in lists}
        bm25: dict[int, float] = {}
        for rowid in candidates:
            matched = [all(rowid in scores[phrase] for phrase in part) for part in parts]
            if _every_group(phrases, iter(matched)):
                total = 0.0
                for part, counts in zip(parts, matched, strict=True):
                    for phrase in part if counts else ():  # summed as FTS5 sums: the same float
                        total += scores[phrase][rowid]
                bm25[rowid] = total
        dates = _dates(index, list(bm25), scope)
        best = _with_prior({rowid: bm25[rowid] for rowid in dates}, dates, limit)
        cut_short = [lists[phrase] for phrase in order if not lists[phrase].complete]
        unseen = sum(found.best[-1][1] for found in cut_short)
        if not cut_short or (len(best) == limit and best[-1][1] > unseen):
            if not lists_of.unchanged():  # a write came between the lists and the rows
                return None
            return [(rowid, round(score, 4)) for rowid, score in best]
        depth *= 4
    return None


def _every_group(phrases: PhraseGroups, matched: Iterator[bool]) -> bool:
    """Whether each group has a part matched (`matched`: each part's, in order)."""
    return all([any([next(matched) for _ in group]) for group in phrases])


def _dates(
    index: SearchIndex, rowids: list[int], scope: Scope | None = None
) -> dict[int, tuple[str, str, str]]:
    """(precision, first, last) of each record at `rowids` (that passes `scope`, if given)."""
    where, values = scope.sql("records") if scope else ("1", [])
    dated: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(rowids), 500):  # SQLite allows 32,766 values a statement
        chunk = rowids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT rowid, precision, first, last FROM records WHERE rowid IN ({marks}) AND "
        rows = index.execute(sql + where, [*chunk, *values])
        dated.update((rowid, (precision, first, last)) for rowid, precision, first, last in rows)
    return dated


def _with_prior(
    bm25: dict[int, float], dated: dict[int, tuple[str, str, str]], limit: int
) -> list[tuple[int, float]]:
    """The best `limit` by BM25 times the prior of their dates, in the full ranking's order."""
    scored = sorted(
        (rowid, score * PRECISION_PRIOR.get(dated[rowid][0], PRECISION_PRIOR["year"]))
        for rowid, score in bm25.items()
    )  # by rowid first: equal scores and dates keep the lowest rowid first, as in SQL
    scored.sort(key=lambda row: (row[1], *dated[row[0]][1:]), reverse=True)
    return scored[:limit]


def exists(index: SearchIndex, expression: str) -> bool:
    """Whether any record matches `expression`, whatever the filters."""
    return bool(index.execute("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (expression,)))


def _pairs(rows: Sequence[Any]) -> list[tuple[int, float]]:
    return [(int(rowid), round(float(score), 4)) for rowid, score in rows]
