"""Ranked full-text search: SQLite FTS5 with BM25, field weights, stemming and accent folding."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from pacli.countries import country_named
from pacli.errors import UsageError
from pacli.query import QUALIFIER_NAMES, DateOptions, Filters, build_filters
from pacli.query_language import ParsedQuery, Term, parse_query
from pacli.records import Record
from pacli.text import fold

if TYPE_CHECKING:  # sqlite3 is imported only when a search runs
    import sqlite3

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
SORT_ORDERS = ("relevance", "date")
# Marks around matched words in snippets; renderers turn them into bold or drop them.
MATCH_START, MATCH_END = "\x02", "\x03"
SNIPPET_TOKENS = 12
SNIPPET_COLUMNS = ("summary", "people", "organizations", "places", "details", "quote", "title")


class Hit(NamedTuple):
    record: Record
    score: float  # higher is better; 0 when there were no words to rank by
    rowid: int = -1  # the record's rowid in the index it came from
    snippet: str = ""  # with MATCH_START/MATCH_END around matched words, once `with_snippets`


class SearchResult(NamedTuple):
    hits: list[Hit]
    notice: str | None = None  # what the user should know: a fallback or a correction
    terms: tuple[Term, ...] = ()  # the words that matched, corrected if they were


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


def _country_names(countries: Iterable[str]) -> list[str]:
    names = []
    for name in countries:
        country = country_named(name)
        names += [name, country.spanish] if country else [name]
    return names


class SearchIndex:
    """An FTS5 index over records, whose rowids are the records' positions in a list."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    @classmethod
    def create(cls, connection: sqlite3.Connection) -> SearchIndex:
        columns = ", ".join(COLUMN_WEIGHTS)
        connection.execute(
            f"CREATE VIRTUAL TABLE fts USING fts5({columns}, tokenize='{TOKENIZER}')"
        )
        return cls(connection)

    @classmethod
    def in_memory(cls, records: Sequence[Record]) -> SearchIndex:
        import sqlite3

        index = cls.create(sqlite3.connect(":memory:"))
        index.add(enumerate(records))
        return index

    def add(self, numbered: Iterable[tuple[int, Record]]) -> None:
        placeholders = ", ".join("?" * (len(COLUMN_WEIGHTS) + 1))
        self.connection.executemany(
            f"INSERT INTO fts (rowid, {', '.join(COLUMN_WEIGHTS)}) VALUES ({placeholders})",
            ((rowid, *index_columns(record)) for rowid, record in numbered),
        )

    def ranked(self, expression: str) -> list[tuple[int, float]]:
        """(rowid, score) of every match, best first."""
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS.values())
        rows = self.connection.execute(
            f"SELECT rowid, -bm25(fts, {weights}) FROM fts WHERE fts MATCH ? "
            f"ORDER BY bm25(fts, {weights})",
            (expression,),
        )
        return [(rowid, score) for rowid, score in rows]

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
            rows = self.connection.execute(
                f"SELECT rowid, {parts} FROM fts WHERE fts MATCH ? AND rowid IN ({marks})",
                values,
            )
            for rowid, *snippets in rows:
                found[rowid] = next((text for text in snippets if MATCH_START in text), "")
        return found

    def rowids(self, expression: str) -> set[int]:
        rows = self.connection.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (expression,))
        return {rowid for (rowid,) in rows}


def fts_phrase(term: Term) -> str:
    """One term as FTS5 syntax: every word quoted, so nothing typed is read as an operator."""
    phrase = '"' + " ".join(word.replace('"', '""') for word in term.words) + '"'
    if term.prefix:
        phrase += " *"
    if term.column:
        phrase = f"{term.column} : {phrase}"
    return phrase


def all_of(groups: Sequence[Sequence[Term]]) -> str:
    return " AND ".join(
        "(" + " OR ".join(fts_phrase(term) for term in group) + ")" for group in groups
    )


def any_of(terms: Iterable[Term]) -> str:
    return " OR ".join(fts_phrase(term) for term in terms)


def query_filters(parsed: ParsedQuery, known_tags: Iterable[str]) -> Filters:
    """The filters a query's qualifiers ask for, read exactly as the matching options."""
    dates = {}
    for name, field_name in (("from", "since"), ("to", "until"), ("on", "on"), ("year", "year")):
        values = parsed.filter_values(name)
        if len(values) > 1:
            raise UsageError(f"{name}: appears {len(values)} times in the query; give it once")
        dates[field_name] = values[0] if values else None
    return build_filters(
        parsed.filter_values("country"),
        parsed.filter_values("type"),
        parsed.filter_values("tag"),
        DateOptions(**dates),
        known_tags,
        date_names=QUALIFIER_NAMES,
    )


class Corpus(Protocol):
    """What a search reads: the records in memory, or a large store's cache."""

    @property
    def index(self) -> SearchIndex: ...

    def allowed(self, filters: Sequence[Filters]) -> set[int] | None: ...

    def all_rowids(self) -> set[int]: ...

    def records_at(self, rowids: Iterable[int]) -> dict[int, Record]: ...

    def known_tags(self) -> set[str]: ...

    def known_words(self) -> dict[str, str]: ...


class MemoryCorpus:
    """Records in a list, rowids their positions, indexed in memory on first use."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.records = records
        self._index: SearchIndex | None = None

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex.in_memory(self.records)
        return self._index

    def allowed(self, filters: Sequence[Filters]) -> set[int] | None:
        active = [one for one in filters if one != Filters()]
        if not active:
            return None
        return {
            rowid
            for rowid, record in enumerate(self.records)
            if all(one.matches(record) for one in active)
        }

    def all_rowids(self) -> set[int]:
        return set(range(len(self.records)))

    def records_at(self, rowids: Iterable[int]) -> dict[int, Record]:
        return {rowid: self.records[rowid] for rowid in rowids}

    def known_tags(self) -> set[str]:
        return {tag for record in self.records for tag in record.tags}

    def known_words(self) -> dict[str, str]:
        return known_words(self.records)


class Permitted:
    """Rowids a search may return: those `allowed` (None: all), less those `excluded`."""

    def __init__(self, allowed: set[int] | None, excluded: set[int]) -> None:
        self.allowed = allowed
        self.excluded = excluded

    def __contains__(self, rowid: object) -> bool:
        if rowid in self.excluded:
            return False
        return self.allowed is None or rowid in self.allowed


def search(
    corpus: Corpus,
    query_text: str,
    filters: Filters | None = None,
    *,
    sort: str = "relevance",
) -> SearchResult:
    """Records matching `query_text` and `filters`, ranked; see pacli.query_language."""
    parsed = parse_query(query_text)
    narrowed = query_filters(parsed, corpus.known_tags())
    if not parsed.terms and not parsed.excluded and not parsed.filters:
        raise UsageError(
            f"nothing to search for in {query_text!r}; give words, a phrase or country:peru"
        )
    index = corpus.index
    allowed = corpus.allowed([filters or Filters(), narrowed])
    excluded = index.rowids(any_of(parsed.excluded)) if parsed.excluded else set()
    permitted = Permitted(allowed, excluded)
    if not parsed.terms:
        rowids = (allowed if allowed is not None else corpus.all_rowids()) - excluded
        found = corpus.records_at(rowids)
        return SearchResult(_sorted([Hit(found[rowid], 0.0, rowid) for rowid in found], "date"))
    groups = parsed.groups
    matches, notice = _ranked(index, groups, permitted, fallback=False)
    if not matches:
        matches, notice, groups = _retried(index, parsed, permitted, corpus.known_words)
    found = corpus.records_at(rowid for rowid, _ in matches)
    hits = [Hit(found[rowid], round(score, 4), rowid) for rowid, score in matches]
    terms = tuple(term for group in groups for term in group)
    return SearchResult(_sorted(hits, sort), notice, terms)


def with_snippets(index: SearchIndex, result: SearchResult, hits: Sequence[Hit]) -> list[Hit]:
    """`hits` (some of `result`'s) with their snippets, for a table to show."""
    if not result.terms:
        return list(hits)
    snippets = index.snippets(any_of(result.terms), [hit.rowid for hit in hits])
    return [hit._replace(snippet=snippets.get(hit.rowid, "")) for hit in hits]


def _ranked(
    index: SearchIndex,
    groups: Sequence[Sequence[Term]],
    allowed: Container[int],
    *,
    fallback: bool,
) -> tuple[list[tuple[int, float]], str | None]:
    """Matches of every group; with `fallback`, of any term when no record has them all."""
    matches = [row for row in index.ranked(all_of(groups)) if row[0] in allowed]
    terms = [term for group in groups for term in group]
    if matches or not fallback or len(terms) < 2:
        return matches, None
    matches = [row for row in index.ranked(any_of(terms)) if row[0] in allowed]
    listed = ", ".join(term.text for term in terms)
    return matches, f"no record has all of {listed}; showing records with any of them"


def _retried(
    index: SearchIndex,
    parsed: ParsedQuery,
    allowed: Container[int],
    known: Callable[[], dict[str, str]],
) -> tuple[list[tuple[int, float]], str | None, tuple[tuple[Term, ...], ...]]:
    """When nothing has every word: first correct misspelt words, then accept any word.
    Returns the matches, what to say about them, and the words that found them."""
    typed = " ".join(term.text for term in parsed.terms)
    groups = parsed.groups
    corrected = _corrected_groups(index, groups, known)
    shown = " ".join(term.text for group in corrected for term in group)
    if corrected != groups:
        matches, fallback_notice = _ranked(index, corrected, allowed, fallback=True)
        if not matches:
            return [], f"no record matches {typed!r}, nor {shown!r}", corrected
        correction = f"no record matches {typed!r}; showing results for {shown!r}"
        said = f"{correction} ({fallback_notice})" if fallback_notice else correction
        return matches, said, corrected
    matches, fallback_notice = _ranked(index, groups, allowed, fallback=True)
    if matches:
        return matches, fallback_notice, groups
    if index.rowids(all_of(groups)):
        narrowing = "the filters and exclusions" if parsed.excluded else "the filters"
        return [], f"records match {typed!r}, but none of them passes {narrowing}", groups
    return [], f"no record matches {typed!r}", groups


def known_words(records: Iterable[Record]) -> dict[str, str]:
    """Folded word -> how it is written, from titles, names, places, countries and tags."""
    import re

    word = re.compile(r"[^\W\d_]{3,}")
    seen: set[str] = set()
    for record in records:
        texts = [record.title, *record.organizations, *record.places, *record.tags]
        texts += [person.name for person in record.people]
        texts += _country_names(record.countries)
        seen.update(word.findall(" ".join(texts)))
    words: dict[str, str] = {}
    for written in sorted(seen):  # sorted: the same word wins each time
        words.setdefault(fold(written), written)
    return words


def _corrected_groups(
    index: SearchIndex, groups: tuple[tuple[Term, ...], ...], known_of: Callable[[], dict[str, str]]
) -> tuple[tuple[Term, ...], ...]:
    """`groups` with each word that matches nothing replaced by the closest known word."""
    words: dict[str, str] = {}

    def correct(word: str) -> str:
        if index.rowids(fts_phrase(Term((word,)))):
            return word
        import difflib

        if not words:
            words.update(known_of())
        close = difflib.get_close_matches(fold(word), words, n=1, cutoff=0.85)
        return words[close[0]] if close else word

    return tuple(
        tuple(
            Term(tuple(correct(word) for word in term.words), term.prefix, term.column)
            for term in group
        )
        for group in groups
    )


def _sorted(hits: list[Hit], sort: str) -> list[Hit]:
    by_date = sorted(
        hits, key=lambda hit: (hit.record.period.start, hit.record.period.end), reverse=True
    )
    if sort == "date":
        return by_date
    return sorted(by_date, key=lambda hit: -hit.score)  # stable: ties stay newest first


def resolve_sort(text: str) -> str:
    if text.lower() in SORT_ORDERS:
        return text.lower()
    raise UsageError(f"unknown sort {text!r}; use {' or '.join(SORT_ORDERS)}")


def substring_search(records: Iterable[Record], query: str) -> list[Record]:
    """The first version's search, kept as the baseline the evaluation compares against:
    records whose text holds every word of `query`, case and accents aside."""
    words = fold(query).split()
    found = []
    for record in records:
        people = [f"{person.name} {person.role or ''}" for person in record.people]
        parts = [record.title, record.summary, *record.details, *people]
        parts += [*record.organizations, *record.places, *record.tags]
        text = fold(" ".join(parts))
        if all(word in text for word in words):
            found.append(record)
    return found
