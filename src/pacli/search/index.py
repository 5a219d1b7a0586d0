"""The full-text index: SQLite FTS5 over each record's text in weighted columns, with stemming
and accent folding, and the FTS5 syntax that pacli's queries become."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from pacli.model.countries import country_named
from pacli.model.records import Record
from pacli.model.text import fold
from pacli.search.syntax import Term

if TYPE_CHECKING:  # sqlite3 is imported only when a search runs
    import sqlite3

    from pacli.search.phrase_scores import PhraseScores

# Index columns and their BM25 weights: the title counts most, the source quote least.
COLUMN_WEIGHTS = {
    "title": 10.0,
    "people": 5.0,
    "organizations": 5.0,
    "places": 5.0,
    "tags": 5.0,
    "countries": 3.0,
    "summary": 2.0,
    "details": 1.0,
    "quote": 1.0,
}
TOKENIZER = "porter unicode61 remove_diacritics 2"
# Kept beside the text, not searched: what ranking and ordering need, so that a search never
# has to join the records to order its matches.
UNINDEXED = ("first", "last", "precision")
BM25_WEIGHTS = ", ".join(
    str(weight) for weight in (*COLUMN_WEIGHTS.values(), *[0.0] * len(UNINDEXED))
)
BM25 = f"bm25(fts, {BM25_WEIGHTS})"
# Marks around matched words in snippets; renderers turn them into bold or drop them.
MATCH_START, MATCH_END = "\x02", "\x03"
SNIPPET_TOKENS = 12
WORD = re.compile(r"[^\W\d_]{3,}")  # a word `known_words` keeps for corrections
# The index columns whose words are kept for corrections: the first of COLUMN_WEIGHTS.
NAMED_COLUMNS = ("title", "people", "organizations", "places", "tags", "countries")
SNIPPET_COLUMNS = ("summary", "people", "organizations", "places", "details", "quote", "title")


def index_columns(record: Record) -> tuple[str, ...]:
    """The text of each index column for `record`, in COLUMN_WEIGHTS order."""
    roles = [f"{person.name}, {person.role}" for person in record.people if person.role]
    source_title = record.source.title if record.source and record.source.title else ""
    quote = record.source.quote if record.source and record.source.quote else ""
    return (
        record.title,
        "; ".join(person.name for person in record.people),
        "; ".join(record.organizations),
        "; ".join(record.places),
        " ".join(record.tags),
        "; ".join(_country_names(record.countries)),
        record.summary,
        "\n".join([*record.details, *roles, source_title]),
        quote,
    )


FTS_INSERT = (
    f"INSERT INTO fts (rowid, {', '.join([*COLUMN_WEIGHTS, *UNINDEXED])}) "
    f"VALUES ({', '.join('?' * (1 + len(COLUMN_WEIGHTS) + len(UNINDEXED)))})"
)


def fts_rows(numbered: Iterable[tuple[int, Record]]) -> list[tuple[object, ...]]:
    """The index's rows for records with their rowids, as FTS_INSERT takes them."""
    return [
        (rowid, *index_columns(record), record.period.start.isoformat(),
         record.period.end.isoformat(), record.period.precision)
        for rowid, record in numbered
    ]  # fmt: skip


@lru_cache(maxsize=4096)  # a store has few combinations of countries
def _country_names(countries: tuple[str, ...]) -> tuple[str, ...]:
    names: list[str] = []
    for name in countries:
        country = country_named(name)
        names += [name, country.spanish] if country else [name]
    return tuple(names)


class SearchIndex:
    """An FTS5 index over records, whose rowids are the records' positions in a list."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        # Counts taken during one search (which clears them first), by query: a search counts
        # its matches to choose its expression and again for its total.
        self.counts: dict[tuple[str, tuple[object, ...]], int] = {}
        # Each phrase's matches best first, for a limited search over many (pacli.search.matching).
        self.phrase_scores: PhraseScores | None = None

    def execute(self, sql: str, values: Sequence[object] = ()) -> list[Any]:
        """The rows of a query (a cache's index turns a damaged file into CacheDamaged)."""
        return self.connection.execute(sql, values).fetchall()

    @classmethod
    def create(cls, connection: sqlite3.Connection) -> SearchIndex:
        columns = ", ".join([*COLUMN_WEIGHTS, *(f"{name} UNINDEXED" for name in UNINDEXED)])
        connection.execute(
            f"CREATE VIRTUAL TABLE fts USING fts5({columns}, tokenize='{TOKENIZER}')"
        )
        return cls(connection)

    def snippets(self, expression: str, rowids: Sequence[int]) -> dict[int, str]:
        """Where each record matched: a few words of the first column, in SNIPPET_COLUMNS
        order, that holds a match (the countries column, a list of names, is never shown)."""
        columns = list(COLUMN_WEIGHTS)
        parts = ", ".join(
            f"snippet(fts, {columns.index(name)}, ?, ?, '…', {SNIPPET_TOKENS})"
            for name in SNIPPET_COLUMNS
        )
        found: dict[int, str] = {}
        for start in range(0, len(rowids), 500):
            chunk = list(rowids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            values = [MATCH_START, MATCH_END] * len(SNIPPET_COLUMNS) + [expression, *chunk]
            rows = self.execute(
                f"SELECT rowid, {parts} FROM fts WHERE fts MATCH ? AND rowid IN ({marks})",
                values,
            )
            for rowid, *snippets in rows:
                found[rowid] = next((text for text in snippets if MATCH_START in text), "")
        return found

    def rowids(self, expression: str) -> set[int]:
        rows = self.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (expression,))
        return {rowid for (rowid,) in rows}


def fts_phrase(term: Term) -> str:
    """One term as FTS5 syntax: every word quoted, so nothing typed is read as an operator; a
    term with alternatives matches them too (pacli.search.reading)."""
    phrase = _quoted(term.words)
    if term.prefix:
        phrase += " *"
    if term.alternatives:
        phrase = "(" + " OR ".join([phrase, *map(_any_order, term.alternatives)]) + ")"
    if term.column:
        phrase = f"{term.column} : {phrase}"
    return phrase


def _any_order(words: Sequence[str]) -> str:
    """The words in any order, as if typed unquoted."""
    return "(" + " AND ".join(_quoted((word,)) for word in words) + ")"


def _quoted(words: Sequence[str]) -> str:
    return '"' + " ".join(word.replace('"', '""') for word in words) + '"'


def all_of(groups: Sequence[Sequence[Term]], *, titles_twice: bool = False) -> str:
    """Every group; with `titles_twice`, a group found in the title counts again in BM25 (the
    same records match): a record whose title holds the words ranks above one that only
    mentions them in a long text."""
    expressions = ["(" + " OR ".join(fts_phrase(term) for term in group) + ")" for group in groups]
    if titles_twice:
        expressions = [f"({expression} OR title : {expression})" for expression in expressions]
    return " AND ".join(expressions)


def any_of(terms: Iterable[Term]) -> str:
    return " OR ".join(fts_phrase(term) for term in terms)


# The phrases of an expression: groups, all of which a record must match; each group's parts,
# one of which it must match; each part's phrases, all of which it must match (a translation of
# several words). BM25 is the sum, in this order, of each phrase's own BM25 in a part matched.
PhraseGroups = tuple[tuple[tuple[str, ...], ...], ...]


def phrases_of(expression: str, groups: Sequence[Sequence[Term]]) -> PhraseGroups | None:
    """The phrases of `expression` when it is `all_of(groups, titles_twice=True)` or `any_of`
    their terms, each as a query of its own, in the order FTS5 numbers them; None for one with
    a column filter, whose phrases would be scored within two sets of columns."""
    terms = [term for group in groups for term in group]
    if any(term.column for term in terms):
        return None
    if expression == all_of(groups, titles_twice=True):
        return tuple(_titled(tuple(_parts(group))) for group in groups)
    if expression == any_of(terms):
        return (tuple(_parts(terms)),)
    return None


def _parts(terms: Iterable[Term]) -> Iterable[tuple[str, ...]]:
    for term in terms:
        yield (_quoted(term.words) + (" *" if term.prefix else ""),)
        yield from (tuple(_quoted((word,)) for word in words) for words in term.alternatives)


def _titled(parts: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    return (*parts, *(tuple(f"title : {phrase}" for phrase in part) for part in parts))


def known_words(records: Iterable[Record]) -> dict[str, str]:
    """Folded word -> how it is written, from titles, names, places, countries and tags."""
    return vocabulary(map(named_text, fts_rows(enumerate(records))))


def named_text(row: Sequence[object]) -> str:
    """What `known_words` reads of an index row (as FTS_INSERT takes it): its NAMED_COLUMNS."""
    return " ".join(map(str, row[1 : 1 + len(NAMED_COLUMNS)]))


def vocabulary(texts: Iterable[str]) -> dict[str, str]:
    """Folded word -> how it is written, for every word of three letters or more in `texts`."""
    seen: set[str] = set()
    for text in texts:
        seen.update(WORD.findall(text))
    words: dict[str, str] = {}
    for written in sorted(seen):  # sorted: the same word wins each time
        words.setdefault(fold(written), written)
    return words


class Corpus(Protocol):
    """What a search reads: the catalog of a store's records (pacli.storage.catalog), in a large
    store's cache or in memory, with its search index, and the records themselves."""

    @property
    def index(self) -> SearchIndex: ...

    def records_at(self, rowids: Iterable[int]) -> dict[int, Record]: ...

    def known_tags(self) -> set[str]: ...

    def known_words(self) -> dict[str, str]: ...
