"""Checking a quote against its article: verbatim up to whitespace (a line break or a double space
in either counts as one space), and where in the article it is."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


def squeezed(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def find_quote(article_text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` is in `article_text` (start and end in the article as written), or None.
    Runs of whitespace match any run of whitespace; every other character must be the same."""
    words = squeezed(quote).split(" ")
    if not words or words == [""]:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.search(pattern, article_text)
    return (match.start(), match.end()) if match else None


def quote_is_verbatim(article_text: str, quote: str) -> bool:
    return squeezed(quote) in squeezed(article_text)
