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


@cache
def country_pattern() -> re.Pattern[str]:
    # Case matters (`Chad` the name, not `chad`); Spanish demonyms are written in lowercase.
    return re.compile(rf"(?<![\w-])(?:{alternation(list(country_spellings()))})(?![\w-])")


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
