"""Text folding shared by country names, tags and search: case and accents do not matter."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=1 << 16)  # names repeat across a large store's records
def fold(text: str) -> str:
    """Lowercase `text` and strip its accents: `Bahía Málaga` -> `bahia malaga`."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold_key(text: str) -> str:
    """`fold` with punctuation and spacing reduced to single spaces: `EE. UU.` -> `ee uu`."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())
