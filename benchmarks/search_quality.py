"""Search quality on the judged query set: top-1, top-3 and mean reciprocal rank, for pacli's
ranked search and for the first version's every-word substring match, side by side.

    python benchmarks/search_quality.py [--verbose]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pacli.errors import UsageError
from pacli.model.records import Record
from pacli.search.baseline import substring_search
from pacli.search.ranking import search
from pacli.storage.record_source import MemorySource
from pacli.storage.store_file import bundled_store_path, load_store

JUDGED_QUERIES = Path(__file__).resolve().parents[1] / "tests" / "judged_queries.json"

Searcher = Callable[[str], list[str]]


@dataclass(frozen=True)
class Judged:
    kind: str
    query: str
    want: str


@dataclass(frozen=True)
class Scores:
    top1: float
    top3: float
    mrr: float
    ranks: list[int | None]  # 1-based rank of the wanted id per query, None when not found


def judged_queries() -> list[Judged]:
    return [Judged(**item) for item in json.loads(JUDGED_QUERIES.read_text(encoding="utf-8"))]


def ranked_searcher(records: Sequence[Record]) -> Searcher:
    corpus = MemorySource.of(records)
    return lambda query: [hit.record.id for hit in search(corpus, query).hits]


def substring_searcher(records: Sequence[Record]) -> Searcher:
    """The previous version: every word as a substring; qualifiers mean nothing to it."""

    def run(query: str) -> list[str]:
        found = substring_search(records, query)
        found.sort(key=lambda record: (record.period.start, record.period.end), reverse=True)
        return [record.id for record in found]

    return run


def score(searcher: Searcher, queries: Sequence[Judged]) -> Scores:
    ranks: list[int | None] = []
    for judged in queries:
        try:
            found = searcher(judged.query)
        except UsageError:
            found = []
        ranks.append(found.index(judged.want) + 1 if judged.want in found else None)
    count = len(queries)
    return Scores(
        top1=sum(rank == 1 for rank in ranks) / count,
        top3=sum(rank is not None and rank <= 3 for rank in ranks) / count,
        mrr=sum(1 / rank for rank in ranks if rank) / count,
        ranks=ranks,
    )


def main(argv: Sequence[str]) -> None:
    records = load_store(bundled_store_path(), strict=True).records
    queries = judged_queries()
    ranked = score(ranked_searcher(records), queries)
    baseline = score(substring_searcher(records), queries)
    print(f"{len(queries)} judged queries over {len(records)} records\n")
    print(f"{'':28}{'top-1':>8}{'top-3':>8}{'MRR':>8}")
    rows = (("pacli search (FTS5, BM25)", ranked), ("substring (every word)", baseline))
    for name, scores in rows:
        print(f"{name:28}{scores.top1:8.2f}{scores.top3:8.2f}{scores.mrr:8.3f}")
    if "--verbose" in argv:
        print(f"\n{'kind':16}{'query':36}{'pacli':>7}{'substr':>8}")
        for judged, mine, theirs in zip(queries, ranked.ranks, baseline.ranks, strict=True):
            print(f"{judged.kind:16}{judged.query:36}{mine or '-':>7}{theirs or '-':>8}")


if __name__ == "__main__":
    main(sys.argv[1:])
