"""Canonical country names, and every spelling pacli accepts for each: ISO codes, Spanish names."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import NamedTuple

from pacli.errors import UsageError
from pacli.model.text import fold_key

MEMBERS = ("Chile", "Colombia", "Mexico", "Peru")
COUNTRY_TABLE = Path(__file__).parents[1] / "data" / "countries.json"


class Country(NamedTuple):
    name: str
    alpha2: str
    alpha3: str
    spanish: str
    aliases: tuple[str, ...]

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every form pacli accepts for this country, canonical name first."""
        forms = (self.name, self.alpha2, self.alpha3, self.spanish, *self.aliases)
        return tuple(dict.fromkeys(forms))


@cache
def all_countries() -> tuple[Country, ...]:
    entries = json.loads(COUNTRY_TABLE.read_text(encoding="utf-8"))
    return tuple(
        Country(
            name=entry["name"],
            alpha2=entry["alpha2"],
            alpha3=entry["alpha3"],
            spanish=entry["spanish"],
            aliases=tuple(entry["aliases"]),
        )
        for entry in entries
    )


@cache
def _countries_by_key() -> dict[str, Country]:
    by_key: dict[str, Country] = {}
    for country in all_countries():
        for spelling in country.spellings:
            by_key.setdefault(fold_key(spelling), country)
    return by_key


def country_named(name: str) -> Country | None:
    """The country whose canonical name is `name`, if there is one."""
    return _countries_by_name().get(name)


@cache
def _countries_by_name() -> dict[str, Country]:
    return {country.name: country for country in all_countries()}


def resolve_country(text: str) -> str:
    """The canonical name for any accepted spelling; UsageError listing close matches otherwise."""
    country = _countries_by_key().get(fold_key(text))
    if country is not None:
        return country.name
    raise UsageError(f"unknown country {text!r}{_did_you_mean(text)}")


def is_canonical_country(name: str) -> bool:
    return name in _canonical_names()


@cache
def _canonical_names() -> frozenset[str]:
    return frozenset(country.name for country in all_countries())


def _did_you_mean(text: str) -> str:
    import difflib

    by_key = _countries_by_key()
    close_keys = difflib.get_close_matches(fold_key(text), by_key, n=8, cutoff=0.7)
    names = list(dict.fromkeys(by_key[key].name for key in close_keys))[:3]
    if not names:
        return "; use a name, an ISO code (PE, PER) or a Spanish name (`pacli countries --all`)"
    return f"; did you mean {' or '.join(names)}?"
