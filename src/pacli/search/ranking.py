"""Ranked search: a query read, matched against the index, ranked by BM25, and retried with
corrected words or any word when nothing has them all."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from typing import NamedTuple, Protocol

from pacli.errors import UsageError
from pacli.model.records import Record
from pacli.model.text import fold
from pacli.search.glossary import glossary
from pacli.search.index import SearchIndex, all_of, any_of, fts_phrase
from pacli.search.reading import QueryReading, expand_term, read_query
from pacli.search.syntax import ParsedQuery, Term
from pacli.selection.filters import QUALIFIER_NAMES, DateOptions, Filters, build_filters

SORT_ORDERS = ("relevance", "date")


class Hit(NamedTuple):
    record: Record
    score: float  # higher is better; 0 when there were no words to rank by
    rowid: int = -1  # the record's rowid in the index it came from
    snippet: str = ""  # with MATCH_START/MATCH_END around matched words, once `with_snippets`


class SearchResult(NamedTuple):
    hits: list[Hit]
    notice: str | None = None  # what the user should know: a fallback or a correction
    terms: tuple[Term, ...] = ()  # the words that matched, corrected if they were


def query_filters(parsed: ParsedQuery, known_tags: Iterable[str]) -> Filters:
    """The filters a query's qualifiers ask for, read exactly as the matching options."""
    dates = []
    for name in ("from", "to", "on", "year", "within"):
        values = parsed.filter_values(name)
        if len(values) > 1:
            raise UsageError(f"{name}: appears {len(values)} times in the query; give it once")
        dates.append(values[0] if values else None)
    return build_filters(
        parsed.filter_values("country"),
        parsed.filter_values("type"),
        parsed.filter_values("tag"),
        DateOptions.typed(*dates, names=QUALIFIER_NAMES),
        known_tags,
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
    """Records matching `query_text` and `filters`, ranked; see pacli.query_language. The query
    is read first (pacli.search.reading); a year that finds nothing as a date is tried as a
    word (`vision 2030`)."""
    reading = read_query(query_text)
    result = _search_reading(corpus, reading, filters, sort)
    if not result.hits and reading.dates and all(d.text.isdigit() for d in reading.dates):
        as_words = _search_reading(corpus, read_query(query_text, with_dates=False), filters, sort)
        result = as_words if as_words.hits else result
    return result


def _search_reading(
    corpus: Corpus, reading: QueryReading, filters: Filters | None, sort: str
) -> SearchResult:
    parsed = reading.parsed
    narrowed = query_filters(parsed, corpus.known_tags())
    if not parsed.terms and not parsed.excluded and not parsed.filters and not reading.dates:
        raise UsageError(
            f"nothing to search for in {reading.text!r}; give words, a phrase or country:peru"
        )
    index = corpus.index
    allowed = corpus.allowed([filters or Filters(), narrowed, reading.filters])
    excluded = index.rowids(any_of(parsed.excluded)) if parsed.excluded else set()
    permitted = Permitted(allowed, excluded)
    if not parsed.terms:
        rowids = (allowed if allowed is not None else corpus.all_rowids()) - excluded
        found = corpus.records_at(rowids)
        by_date = _sorted([Hit(found[rowid], 0.0, rowid) for rowid in sorted(found)], "date")
        return SearchResult(reading.inside_first(by_date), reading.noted(None, ()))
    groups = parsed.groups
    matches, notice = _ranked(index, groups, permitted, fallback=False)
    if not matches:
        known = lambda: {**glossary().known_words(), **corpus.known_words()}  # noqa: E731
        matches, notice, groups = _retried(index, parsed, permitted, known)
    found = corpus.records_at(rowid for rowid, _ in matches)
    hits = [Hit(found[rowid], round(score, 4), rowid) for rowid, score in matches]
    terms = tuple(term for group in groups for term in group)
    return SearchResult(
        reading.inside_first(_sorted(hits, sort)), reading.noted(notice, groups), terms
    )


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
    matches = [row for row in index.ranked(all_of(groups, titles_twice=True)) if row[0] in allowed]
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

    def corrected(term: Term) -> Term:
        if term.alternatives and index.rowids(fts_phrase(term)):
            return term  # its translation matches
        typed = tuple(correct(word) for word in term.words)
        return term if typed == term.words else expand_term(Term(typed, term.prefix, term.column))

    return tuple(tuple(corrected(term) for term in group) for group in groups)


def _sorted(hits: list[Hit], sort: str) -> list[Hit]:
    by_date = sorted(
        hits, key=lambda hit: (hit.record.period.start, hit.record.period.end), reverse=True
    )
    if sort == "date":
        return by_date
    return sorted(by_date, key=lambda hit: -hit.score)  # stable: ties stay newest first
