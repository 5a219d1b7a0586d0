"""The words records are classified by: the three record types and the bundled store's tags, and
how what a person types is read as one of them."""

from __future__ import annotations

from collections.abc import Iterable

from pacli.errors import UsageError
from pacli.model.records import DATE_BASES
from pacli.model.text import fold

RECORD_TYPES = ("event", "agreement", "program")

# The bundled store's topics; a user's own records may use any lowercase word.
TAG_VOCABULARY = {
    "anniversary": "anniversaries of the Alliance",
    "cooperation": "cooperation programs, funds and technical assistance",
    "culture": "culture and the creative industries",
    "digital": "the digital economy, digital skills and platforms",
    "diplomacy": "summits, declarations, high-level meetings, relations with other blocs",
    "economy": "growth, recovery and the macroeconomy",
    "education": "schools, teachers and training",
    "environment": "the environment, climate and sustainability",
    "film": "film cycles and the audiovisual sector",
    "finance": "public finance, finance ministers and capital markets",
    "gender": "gender equality",
    "labor": "work, labor skills and their certification",
    "membership": "founding, observer and associated states, accession",
    "trade": "trade agreements, trade facilitation and commerce",
}


def resolve_type(text: str) -> str:
    folded = fold(text.strip())
    for record_type in RECORD_TYPES:
        # `events`, `agreements` and `programs` read as naturally as the singular.
        if folded in (record_type, record_type + "s"):
            return record_type
    raise UsageError(f"unknown type {text!r}; use one of {', '.join(RECORD_TYPES)}")


def resolve_tag(text: str, known_tags: Iterable[str]) -> str:
    known = sorted(set(known_tags) | set(TAG_VOCABULARY))
    folded = fold(text.strip())
    if folded in known:
        return folded
    import difflib

    close = difflib.get_close_matches(folded, known, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else f"known tags: {', '.join(known)}"
    raise UsageError(f"unknown tag {text!r}; {hint}")


def resolve_date_basis(text: str) -> str:
    folded = fold(text.strip())
    if folded in DATE_BASES:
        return folded
    raise UsageError(f"unknown date basis {text!r}; use one of {', '.join(DATE_BASES)}")
