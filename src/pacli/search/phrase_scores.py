"""Each phrase's own BM25 over its matches, best first: what a limited search over very many
matches ranks from (pacli.search.matching). FTS5 computes a query's BM25 as the sum, phrase by
phrase, of what each phrase alone scores, so a record's score is known from its phrases' lists.
Here the lists are computed on demand; a large store's cache keeps the long ones
(pacli.storage.phrase_store)."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from operator import itemgetter
from typing import NamedTuple, Protocol

from pacli.search.index import BM25, SearchIndex

ROWID, SCORE = itemgetter(0), itemgetter(1)  # of a (rowid, score) match


class PhraseMatches(NamedTuple):
    best: list[tuple[int, float]]  # (rowid, the phrase's BM25), best first, equal by rowid
    complete: bool  # these are all the phrase's matches


class PhraseScores(Protocol):
    def refresh(self) -> None:
        """Forget the lists of a state the index has left (a write since they were ranked)."""
        ...

    def unchanged(self) -> bool:
        """Whether the index is still in the state the lists were ranked in."""
        ...

    def best(self, phrase: str, depth: int) -> PhraseMatches:
        """The phrase's best `depth` matches."""
        ...

    def scores_at(self, phrase: str, rowids: Sequence[int]) -> dict[int, float]:
        """The phrase's BM25 at each of `rowids` that it matches."""
        ...


class PhraseList(NamedTuple):
    """Every match of one phrase with its BM25, in two orders, as arrays (a list of a million
    matches takes 32 MB, not the 150 MB of as many tuples)."""

    ranked_rowids: array[int]  # best first, equal scores by rowid
    ranked_scores: array[float]
    rowids: array[int]  # by rowid
    scores: array[float]

    @classmethod
    def of(cls, by_rowid: Sequence[tuple[int, float]]) -> PhraseList:
        """The list of matches given in rowid order."""
        # A stable sort by score alone leaves equal scores in rowid order.
        ranked = sorted(by_rowid, key=SCORE, reverse=True)
        return cls(
            array("q", map(ROWID, ranked)),
            array("d", map(SCORE, ranked)),
            array("q", map(ROWID, by_rowid)),
            array("d", map(SCORE, by_rowid)),
        )

    def best(self, depth: int) -> PhraseMatches:
        """The best `depth` matches."""
        found = list(zip(self.ranked_rowids[:depth], self.ranked_scores[:depth], strict=True))
        return PhraseMatches(found, depth >= len(self.ranked_rowids))

    def scores_at(self, rowids: Sequence[int]) -> dict[int, float]:
        """The score at each of `rowids` that the phrase matches."""
        scores = {}
        for rowid in rowids:
            place = bisect_left(self.rowids, rowid)
            if place < len(self.rowids) and self.rowids[place] == rowid:
                scores[rowid] = self.scores[place]
        return scores


def every_match(index: SearchIndex, phrase: str) -> PhraseList:
    """Every match of one phrase with its BM25."""
    sql = f"SELECT rowid, -{BM25} FROM fts WHERE fts MATCH ? ORDER BY rowid"  # FTS5's own order
    return PhraseList.of(index.execute(sql, (phrase,)))


class LivePhraseScores:
    """Phrase lists computed from the index when first asked for, and kept for the process."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.lists: dict[str, PhraseList] = {}

    def refresh(self) -> None:
        """An index in memory changes only through the records it was made of."""

    def unchanged(self) -> bool:
        return True

    def phrase_list(self, phrase: str) -> PhraseList:
        """The phrase's list, ranked when first asked for."""
        if phrase not in self.lists:
            self.lists[phrase] = every_match(self.index, phrase)
        return self.lists[phrase]

    def best(self, phrase: str, depth: int) -> PhraseMatches:
        return self.phrase_list(phrase).best(depth)

    def scores_at(self, phrase: str, rowids: Sequence[int]) -> dict[int, float]:
        return self.phrase_list(phrase).scores_at(rowids)
