"""How a query is read before it is matched: dates written in it become a window, leading
question words (`who is`, `qué pasó`) and stop words of its language are left out, and each run
of words that is a glossary form (`igualdad de género`, `OCDE`, `Corea del Sur`) also finds its
other forms (`gender equality`, `OECD`, `South Korea`). What was read differently is said in one
note: `read as: gender equality; from 2022-06-01 to 2022-06-30`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple, Protocol, TypeVar

from pacli.errors import UsageError
from pacli.model.records import Record
from pacli.model.text import fold
from pacli.search.glossary import LANGUAGES, Glossary, Match, glossary
from pacli.search.query_dates import QueryDate, date_window, find_dates, window_text
from pacli.search.syntax import ParsedQuery, Term, parse_query
from pacli.selection.filters import Filters, Window

Groups = tuple[tuple[Term, ...], ...]


class _HasRecord(Protocol):
    @property
    def record(self) -> Record: ...


_Hit = TypeVar("_Hit", bound=_HasRecord)  # a search hit


class QueryReading(NamedTuple):
    """A query as pacli reads it: `parsed` holds the words to match, each term with its
    alternatives; `dates` the dates written among the words."""

    text: str
    parsed: ParsedQuery
    dates: tuple[QueryDate, ...] = ()
    question: str | None = None  # what a question asks (who, where, when, what, how), if one

    @property
    def window(self) -> Window | None:
        return date_window(self.dates) if self.dates else None

    @property
    def filters(self) -> Filters:
        """The dates of the query as a filter: a record must overlap their window."""
        return Filters(window=self.window or Window())

    def inside_first(self, hits: Sequence[_Hit]) -> list[_Hit]:
        """`hits` (in their order) with those wholly inside the query's window first: in
        `what happened in June 2022`, what is dated only `2022` comes after June's records."""
        window = self.window
        if window is None:
            return list(hits)
        return sorted(hits, key=lambda hit: not window.contains(hit.record.period))

    def noted(self, notice: str | None, groups: Groups) -> str | None:
        """What to say on stderr: a search's own notice, then how the query was read, if that
        is not as typed: `read as: gender equality; from 2022-06-01 to 2022-06-30`."""
        terms = [*(" OR ".join(map(_read, group)) for group in groups)]
        terms += ["-" + _read(term) for term in self.parsed.excluded]
        words = " ".join(term for term in terms if term)
        typed = " ".join([*map(_typed, groups), *("-" + t.text for t in self.parsed.excluded)])
        read = [words, window_text(date_window(self.dates)) if self.dates else ""]
        if self.question is None and not self.dates and words.casefold() == typed.casefold():
            return notice
        return "; ".join(
            part for part in (notice, "read as: " + "; ".join(filter(None, read))) if part
        )


@lru_cache(maxsize=8)  # read once when a command checks its query before reading a store
def read_query(text: str, *, with_dates: bool = True) -> QueryReading:
    """Read `text` (see the module's docstring); with `with_dates` False, dates stay words.
    UsageError for a query that cannot be parsed or holds only common words."""
    words_text, dates = find_dates(text) if with_dates else (text, ())
    parsed = parse_query(words_text)
    words = glossary()
    question, groups = _without_question(words, parsed.groups)
    languages = words.languages_of([w for group in groups for t in group for w in t.words], text)
    reader = _Reader(words, languages, parsed.terms[0] if parsed.terms else None)
    read_groups = reader.groups(groups)
    excluded = tuple(reader.term(term) for term in parsed.excluded if reader.has_content(term))
    read = parsed._replace(groups=read_groups, excluded=excluded)
    if parsed.terms and not read.terms and not (read.excluded or read.filters or dates):
        common = ", ".join(term.text for term in parsed.terms)
        raise UsageError(
            f"nothing to search for in {text!r}: common words ({common}) are left out of every "
            "search; give a word that says what to find, a phrase, or country:peru"
        )
    return QueryReading(text, read, dates, question)


def expand_term(term: Term) -> Term:
    """`term` with the alternatives of its words (once a misspelt word has been corrected)."""
    return _Reader(glossary(), LANGUAGES, None).term(term)


def _typed(group: Sequence[Term]) -> str:
    return " OR ".join(term.text for term in group)


def _read(term: Term) -> str:
    return term.text if term.read_as is None else term.read_as


def _simple(group: Sequence[Term]) -> bool:
    """A group of one plain term, which may join its neighbours in a glossary form."""
    return len(group) == 1 and not group[0].prefix and group[0].column is None


def _without_question(words: Glossary, groups: Groups) -> tuple[str | None, Groups]:
    """`groups` less leading question words (`who is`, `¿qué pasó`), and what they ask."""
    leading: list[str] = []
    for group in groups:
        if not _simple(group) or len(group[0].words) != 1:
            break
        leading.append(fold(group[0].words[0]))
    for question, asks in words.questions:
        if tuple(leading[: len(question)]) == question:
            return asks, groups[len(question) :]
    return None, groups


class _Reader:
    """Reads groups of terms in the query's languages."""

    def __init__(self, words: Glossary, languages: tuple[str, ...], first: Term | None) -> None:
        self.words = words
        self.languages = languages
        self.first = first  # the query's first term

    def has_content(self, term: Term) -> bool:
        """Whether `term` has a word that is no stop word; a capitalised one is a name's
        (`Alvin Tan`, `La Paz`) unless it opens the query."""
        return term.prefix or not all(
            self.words.is_stop_word(word, self.languages)
            and not (word[:1].isupper() and term is not self.first)
            for word in term.words
        )

    def term(self, term: Term) -> Term:
        """`term` with the other forms of its words as a whole, if they are a glossary form."""
        if term.prefix:
            return term
        match = self.words.lookup(term.words, self.languages)
        if match is None:
            return term
        alternatives = self.words.alternatives(match, term.words)
        return term._replace(alternatives=alternatives, read_as=match.shown(term.text))

    def groups(self, groups: Groups) -> Groups:
        """Runs of plain words read as glossary forms, longest first; other groups term by term;
        stop words dropped."""
        read: list[tuple[Term, ...]] = []
        run: list[Term] = []
        for group in (*groups, ()):
            if group and _simple(group):
                run.append(group[0])
                continue
            read += [(term,) for term in self._run(run)]
            run = []
            terms = tuple(self.term(term) for term in group if self.has_content(term))
            if terms:
                read.append(terms)
        return tuple(read)

    def _run(self, run: list[Term]) -> list[Term]:
        """Consecutive plain terms read as glossary forms: at each word the longest form that
        starts there, whole terms only, never starting or ending on a stop word. Each term of
        a form keeps its place (so that any word can still be matched alone) and gains the
        form's alternatives; the first says how the form reads."""
        content = [index for index, term in enumerate(run) if self.has_content(term)]
        read: list[Term] = []
        position = 0
        while position < len(content):
            end, match = self._longest_form(run, content, position)
            terms = [run[index] for index in content[position:end]]
            if match is None:
                read.append(terms[0])
            else:
                words = _words(run[content[position] : content[end - 1] + 1])
                alternatives = self.words.alternatives(match, words)
                typed = " ".join(term.text for term in terms)  # stop words left out
                shown = [match.shown(typed)] + [""] * (len(terms) - 1)
                read += [
                    term._replace(alternatives=alternatives, read_as=read_as)
                    for term, read_as in zip(terms, shown, strict=True)
                ]
            position = end
        return read

    def _longest_form(
        self, run: list[Term], content: list[int], position: int
    ) -> tuple[int, Match | None]:
        """Where the longest glossary form starting at `content[position]` ends (one past its
        last content term), and its match; one term and None if no form starts there."""
        for end in range(min(len(content), position + self.words.longest), position, -1):
            words = _words(run[content[position] : content[end - 1] + 1])
            match = self.words.lookup(words, self.languages)
            if match is not None:
                return end, match
        return position + 1, None


def _words(terms: Sequence[Term]) -> tuple[str, ...]:
    return tuple(word for term in terms for word in term.words)
