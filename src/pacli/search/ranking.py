"""Ranked search: a query read, matched against the index, ranked by BM25, and retried with
corrected words or any word when nothing has them all."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from pacli.errors import UsageError
from pacli.model.records import Record
from pacli.model.text import fold
from pacli.search import matching
from pacli.search.glossary import glossary
from pacli.search.index import Corpus, SearchIndex, all_of, any_of, fts_phrase, phrases_of
from pacli.search.matching import Scope
from pacli.search.reading import QueryReading, expand_term, read_query
from pacli.search.syntax import ParsedQuery, Term
from pacli.selection.filters import QUALIFIER_NAMES, DateOptions, Filters, build_filters


class Hit(NamedTuple):
    record: Record
    score: float  # higher is better; 0 when there were no words to rank by
    rowid: int = -1  # the record's rowid in the index it came from
    snippet: str = ""  # with MATCH_START/MATCH_END around matched words, once `with_snippets`


class SearchResult(NamedTuple):
    hits: list[Hit]  # the best, at most the limit asked for
    notice: str | None = None  # what the user should know: a fallback or a correction
    terms: tuple[Term, ...] = ()  # the words that matched, corrected if they were
    total: int = 0  # how many records matched in all


def query_filters(parsed: ParsedQuery, known_tags: Callable[[], Iterable[str]] | None) -> Filters:
    """The filters a query's qualifiers ask for, read exactly as the matching options; tags
    against `known_tags()`, and left out without it (a check before the store is read)."""
    dates = []
    for name in ("from", "to", "on", "year", "within"):
        values = parsed.filter_values(name)
        if len(values) > 1:
            raise UsageError(f"{name}: appears {len(values)} times in the query; give it once")
        dates.append(values[0] if values else None)
    return build_filters(
        parsed.filter_values("country"),
        parsed.filter_values("type"),
        parsed.filter_values("tag") if known_tags is not None else (),
        DateOptions.typed(*dates, names=QUALIFIER_NAMES),
        known_tags or tuple,
    )


def check_query(query_text: str) -> None:
    """UsageError now for a query `search` would refuse, before a store is read (and a large
    one's cache built): unreadable, nothing to search for, a wrong qualifier (but a tag)."""
    reading = read_query(query_text)
    _check_reading(reading)
    query_filters(reading.parsed, None)


def _check_reading(reading: QueryReading) -> None:
    parsed = reading.parsed
    if not parsed.terms and not parsed.excluded and not parsed.filters and not reading.dates:
        raise UsageError(
            f"nothing to search for in {reading.text!r}; give words, a phrase or country:peru"
        )


def search(
    corpus: Corpus,
    query_text: str,
    filters: Filters | None = None,
    *,
    sort: str = "relevance",
    limit: int | None = None,
) -> SearchResult:
    """Records matching `query_text` and `filters`, ranked, at most `limit` of them (and how many
    matched in all); see pacli.search.syntax. The query is read first (pacli.search.reading); a
    year that finds nothing as a date is tried as a word (`vision 2030`)."""
    reading = read_query(query_text)
    result = _search_reading(corpus, reading, filters, sort, limit)
    if not result.hits and reading.dates and all(d.text.isdigit() for d in reading.dates):
        as_words = read_query(query_text, with_dates=False)
        retried = _search_reading(corpus, as_words, filters, sort, limit)
        result = retried if retried.hits else result
    return result


def _search_reading(
    corpus: Corpus, reading: QueryReading, filters: Filters | None, sort: str, limit: int | None
) -> SearchResult:
    parsed = reading.parsed
    _check_reading(reading)
    narrowed = query_filters(parsed, corpus.known_tags)
    index = corpus.index
    index.counts.clear()  # counts hold within one search: a write may come before the next
    excluded = any_of(parsed.excluded) if parsed.excluded else None
    scope = Scope((filters or Filters(), narrowed, reading.filters), excluded, reading.window)
    groups = parsed.groups
    expression, notice = None, None
    if parsed.terms:
        expression, notice = _ranked(index, groups, scope, fallback=False)
        if expression is None:
            known = lambda: {**glossary().known_words(), **corpus.known_words()}  # noqa: E731
            expression, notice, groups = _retried(index, parsed, scope, known)
        if expression is None:
            return SearchResult([], reading.noted(notice, groups), ())
    phrases = phrases_of(expression, groups) if expression is not None else None
    by_date = sort == "date"
    matches = matching.top(index, expression, scope, by_date=by_date, limit=limit, phrases=phrases)
    total = matching.count(index, expression, scope) if limit is not None else len(matches)
    found = corpus.records_at(rowid for rowid, _ in matches)
    # A record removed by a write since the ranking is left out.
    hits = [Hit(found[rowid], score, rowid) for rowid, score in matches if rowid in found]
    terms = tuple(term for group in groups for term in group)
    return SearchResult(hits, reading.noted(notice, groups), terms, total)


def with_snippets(index: SearchIndex, result: SearchResult, hits: Sequence[Hit]) -> list[Hit]:
    """`hits` (some of `result`'s) with their snippets, for a table to show."""
    if not result.terms:
        return list(hits)
    snippets = index.snippets(any_of(result.terms), [hit.rowid for hit in hits])
    return [hit._replace(snippet=snippets.get(hit.rowid, "")) for hit in hits]


def _ranked(
    index: SearchIndex, groups: Sequence[Sequence[Term]], scope: Scope, *, fallback: bool
) -> tuple[str | None, str | None]:
    """The expression that matches every group within `scope` (None if none does); with
    `fallback`, any term when no record has them all, and the notice that says so."""
    every = all_of(groups, titles_twice=True)
    if matching.count(index, every, scope):
        return every, None
    terms = [term for group in groups for term in group]
    if not fallback or len(terms) < 2:
        return None, None
    anyone = any_of(terms)
    if not matching.count(index, anyone, scope):
        return None, None
    listed = ", ".join(term.text for term in terms)
    return anyone, f"no record has all of {listed}; showing records with any of them"


def _retried(
    index: SearchIndex,
    parsed: ParsedQuery,
    scope: Scope,
    known: Callable[[], dict[str, str]],
) -> tuple[str | None, str | None, tuple[tuple[Term, ...], ...]]:
    """When nothing has every word: first correct misspelt words, then accept any word.
    Returns the expression that matches, what to say about it, and the words that found it."""
    typed = " ".join(term.text for term in parsed.terms)
    groups = parsed.groups
    corrected = _corrected_groups(index, groups, known)
    shown = " ".join(term.text for group in corrected for term in group)
    if corrected != groups:
        expression, fallback_notice = _ranked(index, corrected, scope, fallback=True)
        if expression is None:
            return None, f"no record matches {typed!r}, nor {shown!r}", corrected
        correction = f"no record matches {typed!r}; showing results for {shown!r}"
        said = f"{correction} ({fallback_notice})" if fallback_notice else correction
        return expression, said, corrected
    expression, fallback_notice = _ranked(index, groups, scope, fallback=True)
    if expression is not None:
        return expression, fallback_notice, groups
    if matching.exists(index, all_of(groups)):
        narrowing = "the filters and exclusions" if parsed.excluded else "the filters"
        return None, f"records match {typed!r}, but none of them passes {narrowing}", groups
    return None, f"no record matches {typed!r}", groups


def _corrected_groups(
    index: SearchIndex, groups: tuple[tuple[Term, ...], ...], known_of: Callable[[], dict[str, str]]
) -> tuple[tuple[Term, ...], ...]:
    """`groups` with each word that matches nothing replaced by the closest known word."""
    words: dict[str, str] = {}

    def correct(word: str) -> str:
        if matching.exists(index, fts_phrase(Term((word,)))):
            return word
        import difflib

        if not words:
            words.update(known_of())
        close = difflib.get_close_matches(fold(word), words, n=1, cutoff=0.85)
        return words[close[0]] if close else word

    def corrected(term: Term) -> Term:
        if matching.exists(index, fts_phrase(term)):
            return term  # as typed (a prefix, `kore*`), or a translation of it, matches
        typed = tuple(correct(word) for word in term.words)
        return term if typed == term.words else expand_term(Term(typed, term.prefix, term.column))

    return tuple(tuple(corrected(term) for term in group) for group in groups)
