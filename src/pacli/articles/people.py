"""People an article names with their role, and their country where the text ties them to one:
`the Minister of Foreign Relations of Peru, César Landa Arroyo`, `Alvin Tan, Minister of State
of Singapore`, `Mexican Foreign Secretary Marcelo Ebrard`, `el canciller mexicano Marcelo Ebrard`,
and lists such as `the Presidents of Chile, Michelle Bachelet Jeria; of Colombia, ...`."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from pacli.articles.known_names import (
    alternation,
    article_words,
    country_spellings,
    demonym_spellings,
    role_pattern,
)

_WORD = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñüöç'’\-]+"
NAME = rf"{_WORD}(?:\s+(?:(?:de|del|de la|de los|y|van|von|da|dos)\s+)?{_WORD}){{1,4}}"
# What ends a name: punctuation, `and`, `who`, `as`, or the end; a role goes on past `and`.
_ROLE_STOP = r"(?=\s*(?:,|;|\.(?:\s|$)|\(|$)|\s+(?:who|quien|que|as|como|was|is|fue|es)\b)"
_STOP = rf"(?:{_ROLE_STOP}|(?=\s+(?:and|y)\b))"


class FoundPerson(NamedTuple):
    name: str
    role: str | None
    country: str | None
    start: int  # where the text names them


@cache
def _patterns() -> list[re.Pattern[str]]:
    words = article_words()
    honorific = rf"(?:(?:{alternation(words['honorifics'])})\s+)?"
    roles = role_pattern()
    demonyms = alternation(list(demonym_spellings()))
    capital_roles = alternation(words["roles"])
    return [
        # Alvin Tan, Minister of State for Trade and Industry of Singapore.
        re.compile(
            rf"{honorific}(?P<name>{NAME}),\s*(?:the\s+|el\s+|la\s+)?"
            rf"(?P<role>(?:{roles})\b[^,;()\n]{{0,120}}?){_ROLE_STOP}"
        ),
        # the Minister of Finance of Colombia, Mr. José Manuel Restrepo Abondano,
        # Mexico's Secretary of Economy, Raquel Buenrostro Sánchez,
        re.compile(
            rf"(?<![\w-])(?:(?P<owner>{_WORD}(?:\s+{_WORD})?)['’]s\s+)?"
            rf"(?P<role>(?:(?:{demonyms})\s+)?(?:{roles})\b[^,;.\n]{{0,120}}?),\s*{honorific}"
            rf"(?P<name>{NAME}){_STOP}"
        ),
        # Mexican Foreign Secretary Marcelo Ebrard
        re.compile(
            rf"(?P<role>(?:(?:{demonyms})\s+)?(?:{capital_roles})(?:\s+(?:{capital_roles}))*)"
            rf"\s+{honorific}(?P<name>{NAME})\b"
        ),
        # el canciller mexicano Marcelo Ebrard
        re.compile(rf"(?P<role>(?:{roles})\s+(?:{demonyms}))\s*,?\s+{honorific}(?P<name>{NAME})\b"),
    ]


def people_in(text: str) -> list[FoundPerson]:
    """Every person `text` names with a role, in the order named, each once (a later mention
    by surname alone, `Deputy Minister Yorio`, is no one new)."""
    found: dict[str, FoundPerson] = {}
    for pattern in _patterns():
        for match in pattern.finditer(text):
            name = _clean_name(match.group("name"))
            if name is None or any(name in known for known in found):
                continue
            role = re.sub(r"\s+,", ",", " ".join(match.group("role").split()))
            owner = country_spellings().get(match.groupdict().get("owner") or "")
            country = owner or _country_of(role)
            found[name] = FoundPerson(name, role, country, match.start("name"))
    for person in _listed_people(text):
        found.setdefault(person.name, person)
    people = sorted(found.values(), key=lambda person: person.start)
    return [person for person in people if not _part_of_another(person, people)]


def _clean_name(name: str) -> str | None:
    """The name as written, or None if it is no person's (a country, a body, a place)."""
    name = " ".join(name.split())
    stop = set(article_words()["not_names"])
    words = name.split()
    if any(word in stop for word in words) or name in country_spellings():
        return None
    spellings = country_spellings()
    if words[0] in spellings or words[-1] in spellings:
        return None
    return name


def _part_of_another(person: FoundPerson, people: list[FoundPerson]) -> bool:
    return any(person.name != other.name and person.name in other.name for other in people)


def _country_of(role: str) -> str | None:
    """The country a role names: `... of Peru`, `... del Perú`, or a demonym (`Mexican`)."""
    tied = re.search(
        r"\b(?:of|de|del|for)\s+(?:the\s+)?(?P<country>[A-ZÁÉÍÓÚÑ]\S*(?:\s+[A-ZÁÉÍÓÚÑ]\S*)*)$", role
    )
    spellings = country_spellings()
    if tied and tied.group("country") in spellings:
        return spellings[tied.group("country")]
    # A demonym says whose the role is when it qualifies the role itself (`Mexican Foreign
    # Secretary`, `canciller mexicano`); inside a body's name (`Australian National University`)
    # it says nothing.
    demonyms = demonym_spellings()
    words = role.split()
    for word in words[:2]:
        if word in demonyms and (word == words[0] or word.islower()):
            return demonyms[word]
    return None


def _listed_people(text: str) -> list[FoundPerson]:
    """`the Presidents of Chile, Michelle Bachelet Jeria; of Colombia, Juan Manuel Santos; and
    of Peru, ...`: each person of a list under a plural role, with the country before them."""
    plurals = article_words()["plural_roles"]
    listing = re.search(rf"\b(?P<plural>{alternation(list(plurals))})\b", text)
    if listing is None:
        return []
    singular = plurals[listing.group("plural").replace("\n", " ")]
    joiner = " de " if singular[0].islower() else " of "
    people = []
    pattern = re.compile(
        rf"(?:\b(?:of|de|del)\s+)?(?P<country>{_WORD}(?:\s+{_WORD}){{0,2}}),\s+(?P<name>{NAME})"
        rf"(?=\s*(?:;|,|\.|$)|\s+(?:and|y)\b)"
    )
    for match in pattern.finditer(text, listing.end()):
        name = _clean_name(match.group("name"))
        country = country_spellings().get(match.group("country"))
        if name and country:
            role = f"{singular}{joiner}{match.group('country')}"
            people.append(FoundPerson(name, role, country, match.start("name")))
    return people
