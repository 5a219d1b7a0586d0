"""What an article names besides people and dates: countries (names, Spanish names, demonyms and
possessives: `Peruvian`, `Mexico's`, `peruano`), organizations (known ones, and capitalised names
with an acronym), places (the dateline's city, and `in Brussels` beside the event), and the tags
its words call for."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from functools import cache

from pacli.articles.dating import MONTHS_EN, MONTHS_ES
from pacli.articles.known_names import (
    alliance_pattern,
    alternation,
    article_words,
    country_mentions,
    country_spellings,
    known_organizations,
)
from pacli.model.countries import MEMBERS
from pacli.model.text import fold

_CAPITAL = r"[A-ZÁÉÍÓÚÑ][\w'’&.+\-]*"
# `and` joins words of one name (Trade and Industry), not two names (`y el Banco`).
_LINK = r"(?:(?:of|on|for|de|del|para)\s+(?:(?:the|la|el|los|las)\s+)?|(?:and|y)\s+)"
_ACRONYM_NAME = re.compile(
    rf"(?P<name>{_CAPITAL}(?:\s+{_LINK}?{_CAPITAL})*)\s*"
    r"(?:\((?P<acronym>[A-Z][A-Za-z+&.]{1,9})\)|[–-](?P<dashed>[A-Z][A-Za-z]{1,8})-)"
)
_PLACE = re.compile(
    r"\b(?:in|en|at)\s+(?P<place>[A-ZÁÉÍÓÚÑ][\wáéíóúñ'’]+(?:\s+(?:de\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ'’]+)"
    r"{0,3})"
)


def countries_in(text: str) -> Counter[str]:
    """How often `text` names each country, by its canonical name."""
    return Counter(name for _, name in country_mentions(text))


def names_the_alliance(text: str) -> bool:
    return alliance_pattern().search(text) is not None


def main_countries(headline: str, lede: str, body: str, event_text: str) -> list[str]:
    """The countries of an article's main event: the members when it names the Alliance, then
    any country the headline, the lede or the event's sentences name, or the body names twice."""
    countries = list(MEMBERS) if names_the_alliance(f"{headline} {body}") else []
    counts = countries_in(body)
    named = countries_in(f"{headline} {lede} {event_text}")
    for country, _ in (counts + named).most_common():
        if country in named or counts[country] >= 2:
            countries.append(country)
    return list(dict.fromkeys(countries))


def sentence_countries(text: str, article_names_alliance: bool) -> list[str]:
    countries = list(MEMBERS) if article_names_alliance else []
    countries += [country for country, _ in countries_in(text).most_common()]
    return list(dict.fromkeys(countries))


def organizations_in(text: str, known: Collection[str]) -> list[str]:
    """Organizations as written: those of the stores and the known list (in English or
    Spanish), capitalised names headed by a word such as Council, Ministry or Banco, and
    capitalised names followed by an acronym, `College and Institutes Canada (CICan)`; never the
    Alliance itself or a country. A name inside a longer one is left out."""
    found: dict[str, int] = {}
    for name in _known_in(text, known):
        found.setdefault(name, text.find(name))
    for match in _organization_pattern().finditer(text):
        headed = _trimmed(match.group())
        if headed is not None and len(headed.split()) > 1 and not _is_the_alliance(headed):
            found.setdefault(headed, match.start())
    for match in _ACRONYM_NAME.finditer(text):
        _add_acronym_name(found, text, match)
    names = [name for name, _ in sorted(found.items(), key=lambda item: item[1])]
    return [name for name in names if not any(name != other and name in other for other in names)]


def _add_acronym_name(found: dict[str, int], text: str, match: re.Match[str]) -> None:
    """`Name (ACR)` in place of `Name` or `ACR` alone, unless it is the Alliance or a country."""
    acronym = str(match.group("acronym") or match.group("dashed"))
    name = _trimmed(match.group("name"))
    if name is None or _is_the_alliance(name) or name in country_spellings():
        return
    if re.search(r",\s*$", text[: match.start()]):
        return  # `Environmental, Social and Governance (ESG)`: the name began earlier
    found.pop(acronym, None)
    found[f"{name} ({acronym})"] = found.pop(name, match.start())


def _is_the_alliance(name: str) -> bool:
    return alliance_pattern().fullmatch(name) is not None


@cache
def _organization_pattern() -> re.Pattern[str]:
    heads = alternation(article_words()["organization_heads"])
    # `and` joins words of one name (Trade and Industry), not two names (`y el Banco`).
    link = r"(?:(?:of|on|for|de|del|para)\s+(?:(?:the|la|el|los|las)\s+)?|(?:and|y)\s+)"
    return re.compile(rf"(?:{_CAPITAL}\s+)*(?:{heads})\b(?:\s+{link}{_CAPITAL}(?:\s+{_CAPITAL})*)*")


def _known_in(text: str, known: Collection[str]) -> Iterable[str]:
    names = [name for name in {*known, *known_organizations()} if len(name) > 3]
    if not names:
        return []
    pattern = re.compile(rf"(?<![\w-])(?:{alternation(names)})(?![\w-])")
    found = [match.group() for match in pattern.finditer(text)]
    return [name for name in dict.fromkeys(found) if not names_the_alliance(name) or " " in name]


def _trimmed(name: str) -> str | None:
    """A capitalised name without a leading `The` or a sentence's first word; None if it is
    one word of no weight."""
    words = name.split()
    while words and words[0] in ("The", "El", "La", "Los", "Las", "A", "An", "In", "On"):
        words = words[1:]
    while words and fold(words[-1]) in ("of", "and", "for", "the", "de", "del", "y"):
        words = words[:-1]
    if not words:
        return None
    return " ".join(words)


@cache
def _not_places() -> frozenset[str]:
    words = article_words()
    return frozenset(
        [*MONTHS_EN, *(month.capitalize() for month in MONTHS_ES), *words["not_names"]]
    )


def places_in(text: str, dateline_place: str | None) -> list[str]:
    """The dateline's city, then places named with `in`, `en` or `at` that are no country,
    month, body or person."""
    places = [dateline_place] if dateline_place else []
    spellings = country_spellings()
    for match in _PLACE.finditer(text):
        place = match.group("place")
        if place in spellings or any(word in _not_places() for word in place.split()):
            continue
        if alliance_pattern().search(place) or len(place) < 3:
            continue
        places.append(place)
    # `Santiago` from the dateline and `Santiago de Chile` from the text are one place.
    unique = list(dict.fromkeys(places))
    return [
        place
        for place in unique
        if not any(place != other and other.startswith(place + " ") for other in unique)
    ]


def tag_counts(text: str) -> Counter[str]:
    """How often `text` uses the words of each tag of the vocabulary."""
    folded = fold(text)
    return Counter({tag: len(pattern.findall(folded)) for tag, pattern in _tag_patterns().items()})


def tags_for(event_text: str, article_counts: Counter[str], limit: int = 4) -> list[str]:
    """Tags of the vocabulary whose words the event's text uses, or the article uses often
    (three times or more: `article_counts`), most used first."""
    in_event = tag_counts(event_text)
    scores: Counter[str] = Counter()
    for tag in _tag_patterns():
        if in_event[tag] or article_counts[tag] >= 3:
            scores[tag] = in_event[tag] * 3 + article_counts[tag]
    return [tag for tag, _ in scores.most_common(limit)]


@cache
def _tag_patterns() -> dict[str, re.Pattern[str]]:
    # `negotiation` counts `negotiations` too: a word, or a word and its plural.
    return {
        tag: re.compile(rf"\b(?:{alternation([fold(word) for word in words])})(?:s|es)?\b")
        for tag, words in article_words()["tags"].items()
    }
