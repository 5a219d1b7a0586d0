"""The words `pacli ingest` reads articles with (`data/article_names.json`): demonyms, role words,
the Alliance's names, organizations in both languages, nouns of agreements and programs, and the
words of each tag; with the country table, as the patterns that find them."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from pacli.model.countries import all_countries

NAMES_FILE = Path(__file__).parents[1] / "data" / "article_names.json"


@cache
def article_words() -> dict[str, Any]:
    # The one place these words are read: a bilingual glossary can be merged in here.
    words: dict[str, Any] = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    return words


def alternation(phrases: list[str]) -> str:
    """A regex alternative of `phrases`, longest first so that `Deputy Minister` beats
    `Minister`; spaces match any run of spaces."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in ordered)


@cache
def country_spellings() -> dict[str, str]:
    """Every way an article names a country (English, Spanish, aliases, demonyms), to its
    canonical name. ISO codes are left out: `PA` and `CO` are words in articles."""
    words = article_words()
    excluded = set(words["not_countries"])
    spellings: dict[str, str] = {}
    for country in all_countries():
        for spelling in (country.name, country.spanish, *country.aliases):
            if spelling not in excluded and len(spelling) > 3 and "," not in spelling:
                spellings.setdefault(spelling, country.name)
    for name, demonyms in words["demonyms"].items():
        for demonym in demonyms:
            spellings.setdefault(demonym, name)
    return spellings


_WORD = re.compile(r"[^\W\d_][\w\-]*(?:['’]s\b)?")
MAX_NAME_WORDS = 5  # `Saint Vincent and the Grenadines`


def country_mentions(text: str) -> list[tuple[int, str]]:
    """Where `text` names a country (a name, Spanish name, alias or demonym, possessives too:
    `Mexico's`), and which, as (start, canonical name): the longest name wins. Words are looked
    up in a table rather than matched by one large pattern, which would take long to build."""
    spellings = country_spellings()
    words = list(_WORD.finditer(text))
    found = []
    index = 0
    while index < len(words):
        for size in range(min(MAX_NAME_WORDS, len(words) - index), 0, -1):
            chunk = words[index : index + size]
            if any(chunk[n + 1].start() - chunk[n].end() != 1 for n in range(size - 1)):
                continue  # the words of a name are one space apart
            phrase = text[chunk[0].start() : chunk[-1].end()]
            name = spellings.get(re.sub(r"['’]s$", "", phrase))
            if name is not None:
                found.append((chunk[0].start(), name))
                index += size
                break
        else:
            index += 1
    return found


@cache
def alliance_pattern() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(article_words()['alliance'])})\b")


@cache
def role_pattern() -> str:
    roles = article_words()["roles"]
    return alternation([*roles, *(role.lower() for role in roles)])


@cache
def demonym_spellings() -> dict[str, str]:
    return {
        demonym: name
        for name, demonyms in article_words()["demonyms"].items()
        for demonym in demonyms
    }


@cache
def known_organizations() -> dict[str, str]:
    """Each spelling of a known organization (either language, acronyms) to its English name."""
    names: dict[str, str] = {}
    for spellings in article_words()["organizations"]:
        for spelling in spellings:
            names[spelling] = spellings[0]
    return names
