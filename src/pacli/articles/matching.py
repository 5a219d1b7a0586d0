"""Which drafts a store already holds: a record on the same dates whose title reads much the same,
or that quotes the same article at the same place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pacli.articles.quotes import squeezed
from pacli.model.dates import record_period
from pacli.model.records import Record
from pacli.model.text import fold

_WORDS = re.compile(r"\w{4,}")
SIMILAR_TITLES = 0.5  # share of the title words two records must have in common


def _title_words(text: str) -> set[str]:
    return {word[:6] for word in _WORDS.findall(fold(text))}


def similar_titles(first: str, second: str) -> bool:
    one, other = _title_words(first), _title_words(second)
    if not one or not other:
        return False
    return len(one & other) / len(one | other) >= SIMILAR_TITLES


def _same_quote(draft_quote: str, record: Record) -> bool:
    quote = record.source.quote if record.source else None
    if not quote or not draft_quote:
        return False
    mine, theirs = fold(squeezed(draft_quote)), fold(squeezed(quote))
    return mine in theirs or theirs in mine


def matching_record(draft: dict[str, Any], records: Sequence[Record]) -> Record | None:
    """The first record of `records` that tells the same fact as `draft`, if any."""
    period = record_period(draft["date"], draft.get("end_date"))
    source = draft.get("source") or {}
    # An agreement or program the article names without a date is known by its name alone.
    undated = draft.get("date_basis") == "inferred" and draft.get("type") != "event"
    for record in records:
        if (
            undated
            and record.type == draft.get("type")
            and similar_titles(draft["title"], record.title)
        ):
            return record
        if record.period != period:
            continue
        if similar_titles(draft["title"], record.title):
            return record
        if _same_quote(source.get("quote") or "", record):
            return record
        same_article = record.source is not None and record.source.title == source.get("title")
        if same_article and similar_titles(draft.get("summary") or "", record.summary):
            return record
    return None


def known_drafts(
    drafts: Sequence[dict[str, Any]], records: Sequence[Record]
) -> list[tuple[dict[str, Any], Record | None]]:
    """Each draft with the record that already tells its fact, or None."""
    return [(draft, matching_record(draft, records)) for draft in drafts]
