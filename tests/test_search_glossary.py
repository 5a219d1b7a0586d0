"""The bilingual glossary: it covers the bundled records' words, and finds every form of an entry
from any other, by stem, in either language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pacli.model.countries import all_countries
from pacli.model.records import Record
from pacli.model.text import fold
from pacli.search.glossary import GLOSSARY_FILE, glossary
from pacli.storage.store_file import load_store

WORD = re.compile(r"[^\W\d_]+")


@pytest.fixture(scope="module")
def records(bundled_path: Path) -> list[Record]:
    return load_store(bundled_path, strict=True).records


def test_every_word_of_titles_tags_and_organizations_has_its_translation(
    records: list[Record],
) -> None:
    """Each word is a stop word, a word of a country's name (the country table has its Spanish
    name), a name the same in both languages, or a word of an English form of an entry that
    has a Spanish form or acronym."""
    words = glossary()
    translated = {
        fold(word)
        for entry in words.entries
        if entry.spanish or entry.acronyms
        for form in entry.english
        for word in WORD.findall(form)
    }
    translated |= {stem for word in translated for stem in words.stems([word], "en")}
    translated |= {
        fold(word)
        for entry in words.entries
        for form in entry.acronyms
        for word in WORD.findall(form)
    }
    countries = {fold(word) for country in all_countries() for word in WORD.findall(country.name)}
    names = {fold(word) for name in words.names for word in WORD.findall(name)}
    missing = set()
    for record in records:
        for text in (record.title, *record.tags, *record.organizations):
            for word in WORD.findall(text):
                if words.is_stop_word(word) or fold(word) in countries | names:
                    continue
                if fold(word) not in translated and words.stems([word], "en")[0] not in translated:
                    missing.add(word)
    assert not missing, f"add these to src/pacli/data/glossary.json: {sorted(missing)}"


def test_every_entry_has_both_languages_or_an_acronym() -> None:
    for entry in glossary().entries:
        assert entry.english, entry
        assert entry.spanish or entry.acronyms, entry


def test_the_file_is_what_the_glossary_reads() -> None:
    document = json.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))
    sections = ("terms", "organizations", "places")
    assert len(glossary().entries) == sum(len(document[section]) for section in sections)
    assert set(document["stop_words"]) == {"en", "es"}


@pytest.mark.parametrize(
    ("typed", "english"),
    [
        ("ministros de hacienda", "finance minister"),
        ("ministra de finanzas", "finance minister"),
        ("igualdad de genero", "gender equality"),
        ("negociaciones", "negotiation"),
        ("comenzaron", "begin"),
        ("cineastas", "filmmaker"),
        ("teachers", "teacher"),
    ],
)
def test_inflected_forms_find_their_entry_by_stem(typed: str, english: str) -> None:
    match = glossary().lookup(typed.split())
    assert match is not None
    assert english in match.entries[0].english


@pytest.mark.parametrize(
    ("acronym", "expansion"),
    [
        ("OCDE", "Organisation for Economic Co-operation and Development"),
        ("oecd", "Organisation for Economic Co-operation and Development"),
        ("BID", "Inter-American Development Bank"),
        ("TLC", "free trade agreement"),
        ("SEAE", "European External Action Service"),
        ("CEPAL", "Economic Commission for Latin America and the Caribbean"),
        ("AP", "Pacific Alliance"),
    ],
)
def test_an_acronym_finds_its_expansion_and_the_expansion_its_acronyms(
    acronym: str, expansion: str
) -> None:
    words = glossary()
    match = words.lookup([acronym])
    assert match is not None and match.kind == "acronym"
    expanded = tuple(word for word in WORD.findall(expansion) if not words.is_stop_word(word))
    assert expanded in words.alternatives(match, [acronym])
    back = words.lookup(expansion.split())
    assert back is not None
    found = {" ".join(words) for words in words.alternatives(back, expansion.split())}
    assert {acronym.upper(), *match.entries[0].acronyms} & {f.upper() for f in found}


def test_names_stay_whole_and_iso_codes_are_no_countries() -> None:
    words = glossary()
    fundacion = words.lookup(["Fundación", "Chile"])
    assert fundacion is not None and fundacion.kind == "name"
    assert words.alternatives(fundacion, ["Fundación", "Chile"]) == ()
    peru = words.lookup(["PE"])
    assert peru is None or peru.kind != "country"
    korea = words.lookup(["Corea", "del", "Sur"])
    assert korea is not None and korea.shown("Corea del Sur") == "South Korea"


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("igualdad de género", ("es",)),
        ("korea free trade agreement", ("en",)),
        ("Marcelo Ebrard", ("en", "es")),
        ("¿qué pasó?", ("es",)),
    ],
)
def test_the_language_of_a_query(text: str, languages: tuple[str, ...]) -> None:
    assert glossary().languages_of(text.replace("¿", "").split(), text) == languages


def test_a_stop_word_of_one_language_is_a_word_in_the_other() -> None:
    words = glossary()
    assert words.is_stop_word("sin", ["es"]) and not words.is_stop_word("sin", ["en"])
    assert words.is_stop_word("the") and words.is_stop_word("de")
    assert not words.is_stop_word("korea")
