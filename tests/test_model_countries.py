"""Country names: every accepted spelling leads to one canonical name."""

from __future__ import annotations

import pytest

from pacli.errors import UsageError
from pacli.model.countries import all_countries, resolve_country


@pytest.mark.parametrize("typed", ["Peru", "peru", "Perú", "PERÚ", "PE", "pe", "PER", " Peru "])
def test_spellings_of_peru(typed: str) -> None:
    assert resolve_country(typed) == "Peru"


@pytest.mark.parametrize(
    "typed", ["Korea", "South Korea", "KR", "KOR", "Corea del Sur", "Republic of Korea"]
)
def test_spellings_of_south_korea(typed: str) -> None:
    assert resolve_country(typed) == "South Korea"


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("México", "Mexico"),
        ("MX", "Mexico"),
        ("Singapur", "Singapore"),
        ("Canadá", "Canada"),
        ("CAN", "Canada"),
        ("EE. UU.", "United States"),
        ("USA", "United States"),
        ("Corea del Norte", "North Korea"),
        ("Japón", "Japan"),
    ],
)
def test_spanish_names_and_codes(typed: str, name: str) -> None:
    assert resolve_country(typed) == name


def test_every_listed_spelling_resolves_to_its_own_country() -> None:
    for country in all_countries():
        for spelling in country.spellings:
            assert resolve_country(spelling) == country.name, spelling


def test_unknown_country_lists_close_matches() -> None:
    with pytest.raises(UsageError) as caught:
        resolve_country("Perw")
    assert "'Perw'" in caught.value.message
    assert "Peru" in caught.value.message


def test_unknown_country_without_close_match_says_what_is_accepted() -> None:
    with pytest.raises(UsageError) as caught:
        resolve_country("Atlantis")
    assert "ISO code" in caught.value.message
