"""The bilingual glossary (`data/glossary.json`): English and Spanish forms of this domain's
words, organizations and acronyms, the stop words and question words of both languages, and the
Snowball stemmers that let `ministros` find the entry of `ministro`. Loaded once, when a search
first needs it; PyStemmer is imported only then."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pacli.model.text import fold

if TYPE_CHECKING:
    from pacli.model.countries import Country

GLOSSARY_FILE = Path(__file__).parents[1] / "data" / "glossary.json"
LANGUAGES = ("en", "es")
STEMMER_NAMES = {"en": "english", "es": "spanish"}
WORD = re.compile(r"[^\W_]+(?:_[^\W_]+)*")  # as the query language and the index split words
# Letters no English word has: a query holding one is Spanish.
SPANISH_LETTERS = re.compile(r"[áéíóúñü¿¡]", re.IGNORECASE)


class Entry(NamedTuple):
    """One meaning: its English forms (the first is how pacli names it), Spanish forms and
    acronyms. Every form finds what the others find."""

    english: tuple[str, ...]
    spanish: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (*self.english, *self.spanish, *self.acronyms)

    @property
    def name(self) -> str:
        """`free trade agreement (FTA)`: the first English form, with the first acronym."""
        name = self.english[0] if self.english else self.acronyms[0]
        return f"{name} ({self.acronyms[0]})" if self.acronyms and self.english else name


class Match(NamedTuple):
    """Entries whose form a run of typed words is, and how those words were written."""

    entries: tuple[Entry, ...]
    kind: str  # "term", "acronym", "name" or "country"
    in_english: bool  # the words were an English form, so they show as typed

    def shown(self, typed: str) -> str:
        """How the words are read, for the note on stderr: in English, acronyms spelt out."""
        entry = self.entries[0]
        if self.kind == "acronym" and entry.english:
            return entry.name
        return typed if self.in_english or not entry.english else entry.english[0]


class Glossary:
    """The glossary read from its file, with its forms indexed by their stems."""

    def __init__(self, document: dict[str, object], countries: Iterable[Country] = ()) -> None:
        import Stemmer  # PyStemmer: Snowball stemmers, compiled

        self.stemmers = {lang: Stemmer.Stemmer(STEMMER_NAMES[lang]) for lang in LANGUAGES}
        stop_words = _mapping(document["stop_words"])
        self.stop_words = {lang: frozenset(map(fold, stop_words[lang])) for lang in LANGUAGES}
        questions = _mapping(document["questions"])
        # (words, what the question asks), longest first: `what happened` before `what`
        self.questions = sorted(
            ((_folded_words(phrase), kind) for kind in questions for phrase in questions[kind]),
            key=lambda question: len(question[0]),
            reverse=True,
        )
        self.entries = _entries(document)
        self.names = tuple(str(name) for name in _sequence(document["names"]))
        self._keys: dict[tuple[str, tuple[str, ...]], list[Entry]] = {}
        for entry in self.entries:
            for lang, forms in (("en", entry.english), ("es", entry.spanish)):
                for form in forms:
                    self._add(lang, self.stems(WORD.findall(form), lang), entry)
            for acronym in entry.acronyms:
                self._add("acronym", _folded_words(acronym), entry)
        for name in self.names:  # a name stays whole: `Fundación Chile` is no foundation
            self._add("name", _folded_words(name), Entry(english=(), acronyms=(name,)))
        for country in countries:  # by name and alias, never by ISO code (`PE`, `IN`, `PA`)
            entry = Entry((country.name,), (country.spanish,))
            codes = {country.alpha2, country.alpha3}
            for alias in (country.name, *country.aliases):
                if alias not in codes:
                    self._add("country", _folded_words(alias), entry)
            self._add("country-es", _folded_words(country.spanish), entry)
        self.longest = max(len(key) for _, key in self._keys)

    def _add(self, kind: str, key: tuple[str, ...], entry: Entry) -> None:
        if key:
            found = self._keys.setdefault((kind, key), [])
            if entry not in found:
                found.append(entry)

    def alternatives(self, match: Match, typed: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        """The other forms of `match`'s entries, as their words less stop words (each is
        matched with its words in any order, as if typed unquoted)."""
        found: dict[tuple[str, ...], tuple[str, ...]] = {}
        for form in (" ".join(typed), *(form for entry in match.entries for form in entry.forms)):
            words = tuple(word for word in WORD.findall(form) if not self.is_stop_word(word))
            found.setdefault(tuple(map(fold, words)), words)
        return tuple(words for words in list(found.values())[1:] if words)

    def is_stop_word(self, word: str, languages: Iterable[str] = LANGUAGES) -> bool:
        folded = fold(word)
        return any(folded in self.stop_words[lang] for lang in languages)

    def stems(self, words: Sequence[str], lang: str) -> tuple[str, ...]:
        """The stems of the words that are not stop words in `lang`."""
        stop_words = self.stop_words[lang]
        content = [folded for folded in map(fold, words) if folded not in stop_words]
        return tuple(self.stemmers[lang].stemWords(content))

    def lookup(self, words: Sequence[str], languages: Iterable[str] = LANGUAGES) -> Match | None:
        """The entries `words` are a form of, in `languages`, or as an acronym, name or country."""
        words = WORD.findall(" ".join(words))
        folded = tuple(map(fold, words))
        for kind in ("name", "acronym"):
            if (kind, folded) in self._keys:
                return Match(tuple(self._keys[kind, folded]), kind, False)
        found: list[Entry] = []
        in_english = False
        for lang in languages:
            for entry in self._keys.get((lang, self.stems(words, lang)), []):
                in_english = in_english or lang == "en"
                found += [entry] if entry not in found else []
        if found:  # a word before a country: `reunión` is a meeting, not Réunion
            return Match(tuple(found), "term", in_english)
        for kind in ("country", "country-es"):
            if (kind, folded) in self._keys:
                return Match(tuple(self._keys[kind, folded]), "country", kind == "country")
        return None

    def languages_of(self, words: Sequence[str], raw: str) -> tuple[str, ...]:
        """The languages a query is in: the one its words and letters point to, else both."""
        votes = dict.fromkeys(LANGUAGES, 0)
        votes["es"] += len(SPANISH_LETTERS.findall(raw))
        for word in words:
            langs = [
                lang
                for lang in LANGUAGES
                if self._keys.get((lang, self.stems([word], lang)))
                and fold(word) not in self.stop_words[lang]
            ]
            if len(langs) == 1:
                votes[langs[0]] += 1
        if votes["es"] == votes["en"]:
            return LANGUAGES
        return ("es",) if votes["es"] > votes["en"] else ("en",)

    def known_words(self) -> dict[str, str]:
        """Folded word -> how it is written, of every Spanish form: misspellings are corrected
        to these too."""
        words: dict[str, str] = {}
        for entry in self.entries:
            for form in entry.spanish:
                for word in WORD.findall(form):
                    if len(word) > 3 and not word.isdigit():
                        words.setdefault(fold(word), word)
        return words


def _folded_words(text: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in WORD.findall(text))


def _mapping(value: object) -> dict[str, list[str]]:
    assert isinstance(value, dict)
    return value


def _sequence(value: object) -> list[object]:
    assert isinstance(value, list)
    return value


def _entries(document: dict[str, object]) -> list[Entry]:
    entries = []
    for section in ("terms", "organizations", "places"):
        for item in _sequence(document[section]):
            assert isinstance(item, dict)
            entries.append(
                Entry(tuple(item["en"]), tuple(item["es"]), tuple(item.get("acronyms", ())))
            )
    return entries


@cache
def glossary() -> Glossary:
    """The glossary of the installed pacli, read once."""
    from pacli.model.countries import all_countries

    document = json.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))
    return Glossary(document, all_countries())
