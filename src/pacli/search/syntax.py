"""The search query language, parsed into terms and filters. Nothing here talks to SQLite.

    words             every word must match (in any order)
    "a phrase"        the words next to each other
    a OR b            either (binds to the words on each side)
    -word, -"phrase"  exclude records that match (NOT word does the same)
    prefix*           any word starting with prefix
    country:peru  type:agreement  tag:trade  person:ebrard  org:cican  place:brussels
    from:2022-06  to:2022-07  year:2022  on:2022-06-23  within:2022-Q2

Characters with no meaning here (`(`, `)`, a stray `*`, `:` or `-`) separate words, as they do
in the index; a quote left open runs to the end of the query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from pacli.errors import UsageError
from pacli.model.limits import MAX_QUERY_WORDS

WORD = re.compile(r"[^\W_]+(?:_[^\W_]+)*")
# qualifier -> index column; None for those that become filters
TEXT_QUALIFIERS = {"person": "people", "org": "organizations", "place": "places"}
FILTER_QUALIFIERS = ("country", "type", "tag", "from", "to", "year", "on", "within")
QUALIFIERS = (*FILTER_QUALIFIERS, *TEXT_QUALIFIERS)
QUALIFIER_ALIASES = {
    "people": "person",
    "organization": "org",
    "organisation": "org",
    "organizations": "org",
    "in": "place",
    "countries": "country",
    "tags": "tag",
}


class Term(NamedTuple):
    """Words to find: one word, or a phrase of words in order."""

    words: tuple[str, ...]
    prefix: bool = False
    column: str | None = None  # restrict to one index column (person:, org:, place:)
    # other phrases that count as this term: its translations and acronyms (pacli.search.reading)
    alternatives: tuple[tuple[str, ...], ...] = ()
    read_as: str | None = None  # how it reads, in English, when not as typed ("" for no words)

    @property
    def text(self) -> str:
        return " ".join(self.words) + ("*" if self.prefix else "")


class ParsedQuery(NamedTuple):
    """A query: all `groups` must match (each group is a set of alternatives), no `excluded`."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    filters: Mapping[str, tuple[str, ...]] = MappingProxyType({})

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(term for group in self.groups for term in group)

    def filter_values(self, name: str) -> tuple[str, ...]:
        return self.filters.get(name, ())


class _Token(NamedTuple):
    kind: str  # "term", "or", "qualifier"
    position: int  # 1-based, for messages
    term: Term | None = None
    negated: bool = False
    qualifier: str = ""
    value: str = ""


def parse_query(text: str) -> ParsedQuery:
    """Parse `text`; UsageError pointing at the position of anything that cannot be read, or
    for a query of more than MAX_QUERY_WORDS words (matching grows with each word)."""
    words = len(text.split())
    if words > MAX_QUERY_WORDS:
        raise UsageError(
            f"the query has {words:,} words; pacli reads at most {MAX_QUERY_WORDS} in one search"
        )
    tokens = _tokenize(text)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    filters: dict[str, list[str]] = {}
    join_next = False
    for index, token in enumerate(tokens):
        if token.kind == "or":
            _check_or(tokens, index)
            join_next = True
            continue
        if token.kind == "qualifier" and token.qualifier in FILTER_QUALIFIERS:
            filters.setdefault(token.qualifier, []).append(token.value)
            continue
        assert token.term is not None
        if token.negated:
            excluded.append(token.term)
        elif join_next and groups:
            groups[-1].append(token.term)
        else:
            groups.append([token.term])
        join_next = False
    return ParsedQuery(
        groups=tuple(tuple(group) for group in groups),
        excluded=tuple(excluded),
        filters=MappingProxyType({name: tuple(values) for name, values in filters.items()}),
    )


def _check_or(tokens: list[_Token], index: int) -> None:
    token = tokens[index]
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    for side, neighbour in (("before", before), ("after", after)):
        if neighbour is None or neighbour.kind == "or":
            raise UsageError(f"OR at position {token.position} of the query needs a word {side} it")
        if neighbour.negated or (neighbour.kind == "qualifier" and neighbour.term is None):
            raise UsageError(
                f"OR at position {token.position} of the query joins words, "
                "not an excluded word or a filter such as country:"
            )


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    length = len(text)
    pending_negation = False  # after NOT, the next word or phrase is excluded
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        start = position
        negated = char == "-" and position + 1 < length and not text[position + 1].isspace()
        if negated:
            position += 1
        negated, pending_negation = negated or pending_negation, False
        if text[position] == '"':
            phrase, position = _read_quoted(text, position)
            _add_term(tokens, phrase, start, negated=negated, prefix=_starred(text, position))
            position += 1 if _starred(text, position) else 0
            continue
        end = position
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        raw = text[position:end]
        position = end
        if raw == "OR" and not negated:
            tokens.append(_Token("or", start + 1))
            continue
        if raw == "NOT" and not negated:
            pending_negation = True
            continue
        name, colon, value = raw.partition(":")
        qualifier = QUALIFIER_ALIASES.get(name.lower(), name.lower())
        if colon and qualifier in QUALIFIERS:
            if not value and position < length and text[position] == '"':
                value, position = _read_quoted(text, position)
            tokens.append(_qualifier_token(qualifier, value, start, negated))
            continue
        if colon and value and name.isalpha() and not negated:
            raise UsageError(
                f"unknown qualifier {name + ':'!r} at position {start + 1} of the query; "
                f"use {', '.join(q + ':' for q in QUALIFIERS)}"
            )
        _add_term(tokens, raw, start, negated=negated, prefix=raw.endswith("*"))
    return tokens


def _read_quoted(text: str, position: int) -> tuple[str, int]:
    """The text inside the quotes opening at `position`, and the position after them."""
    closing = text.find('"', position + 1)
    if closing == -1:  # an open quote runs to the end of the query
        return text[position + 1 :], len(text)
    return text[position + 1 : closing], closing + 1


def _starred(text: str, position: int) -> bool:
    return position < len(text) and text[position] == "*"


def _add_term(tokens: list[_Token], raw: str, start: int, *, negated: bool, prefix: bool) -> None:
    words = tuple(WORD.findall(raw))
    if words:  # text with no letters or digits is a separator, as in the index
        tokens.append(_Token("term", start + 1, Term(words, prefix=prefix), negated=negated))


def _qualifier_token(qualifier: str, value: str, start: int, negated: bool) -> _Token:
    if not value.strip():
        example = {"country": "peru", "type": "agreement", "tag": "trade", "person": "ebrard"}
        raise UsageError(
            f"{qualifier}: at position {start + 1} of the query needs a value, "
            f"such as {qualifier}:{example.get(qualifier, '2022-06')}"
        )
    if negated and qualifier in FILTER_QUALIFIERS:
        raise UsageError(
            f"-{qualifier}: at position {start + 1} of the query: filters cannot be excluded"
        )
    column = TEXT_QUALIFIERS.get(qualifier)
    if column is None:
        return _Token("qualifier", start + 1, qualifier=qualifier, value=value.strip())
    words = tuple(WORD.findall(value))
    if not words:
        raise UsageError(f"{qualifier}:{value} at position {start + 1} of the query has no words")
    term = Term(words, prefix=value.endswith("*"), column=column)
    return _Token("term", start + 1, term=term, negated=negated, qualifier=qualifier, value=value)
