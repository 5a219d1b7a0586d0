"""Regenerate src/pacli/data/countries.json from pycountry's ISO 3166-1 data and Spanish names.

A development tool, not run by pacli: `pip install pycountry && python tools/make_countries.py`.
pycountry is read here once so that pacli itself starts without importing it.
"""

from __future__ import annotations

import gettext
import json
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "pacli" / "data" / "countries.json"

# Short English names where ISO's own reads like an index entry ("Korea, Republic of").
ENGLISH_NAMES = {
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "PS": "Palestine",
    "RU": "Russia",
    "SH": "Saint Helena",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "United States Virgin Islands",
}

# Spanish names as a reader of Latin American news writes them, where ISO's translation differs.
SPANISH_NAMES = {
    "KR": "Corea del Sur",
    "KP": "Corea del Norte",
    "US": "Estados Unidos",
    "RU": "Rusia",
    "GB": "Reino Unido",
    "BO": "Bolivia",
    "VE": "Venezuela",
    "IR": "Irán",
    "TW": "Taiwán",
    "SY": "Siria",
    "TZ": "Tanzania",
    "MD": "Moldavia",
    "LA": "Laos",
    "VN": "Vietnam",
    "CD": "República Democrática del Congo",
    "CG": "República del Congo",
    "VA": "Ciudad del Vaticano",
    "PS": "Palestina",
    "FM": "Micronesia",
}

EXTRA_ALIASES = {
    "KR": ["Korea", "Corea", "Republic of Korea", "ROK", "República de Corea"],
    "KP": ["DPRK"],
    "US": [
        "USA",
        "United States of America",
        "America",
        "EE. UU.",
        "EEUU",
        "Estados Unidos de América",
    ],
    "GB": ["UK", "Britain", "Great Britain", "Gran Bretaña"],
    "TR": ["Turkey", "Turquía"],
    "CZ": ["Czech Republic", "República Checa"],
    "NL": ["Holland", "Holanda"],
    "CI": ["Ivory Coast", "Costa de Marfil"],
    "AE": ["UAE", "Emiratos Árabes Unidos"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
    "CV": ["Cape Verde"],
    "TL": ["East Timor"],
    "MM": ["Burma", "Birmania"],
}


def main() -> None:
    spanish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    countries = []
    for country in pycountry.countries:
        code = country.alpha_2
        iso_name = country.name
        name = ENGLISH_NAMES.get(code) or getattr(country, "common_name", None) or iso_name
        iso_spanish = spanish.gettext(iso_name)
        spanish_name = SPANISH_NAMES.get(code, iso_spanish)
        aliases = [iso_name, getattr(country, "official_name", None), iso_spanish]
        aliases += [_uninverted(iso_name), _uninverted(iso_spanish)]
        aliases += EXTRA_ALIASES.get(code, [])
        unique = []
        for alias in aliases:
            if alias and alias not in unique and alias not in (name, spanish_name):
                unique.append(alias)
        countries.append(
            {
                "name": name,
                "alpha2": code,
                "alpha3": country.alpha_3,
                "spanish": spanish_name,
                "aliases": unique,
            }
        )
    countries.sort(key=lambda entry: entry["name"])
    text = json.dumps(countries, ensure_ascii=False, indent=1, sort_keys=True)
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(countries)} countries to {OUTPUT}")


def _uninverted(name: str) -> str | None:
    """`Korea, Republic of` -> `Republic of Korea`; None where there is no comma."""
    if ", " not in name:
        return None
    head, tail = name.split(", ", 1)
    if tail.startswith("de "):  # "Islas Vírgenes, de EEUU." reads no better turned round
        return None
    return f"{tail} {head}"


if __name__ == "__main__":
    main()
