"""How well `pacli ingest` drafts the bundled store's own articles: each article kept in the
store's sources table is drafted on its own, as `pacli ingest FILE` would, and its main draft is
compared with the bundled record of that article's main event (tests/ingest_main_records.json) on
date (and end date), countries and people.

    python benchmarks/ingest_accuracy.py [--verbose]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pacli.articles.drafting import draft_records
from pacli.errors import ArticleError
from pacli.storage.sources_table import kept_articles
from pacli.storage.store_file import TABLE, bundled_store_path, read_store_file

MAIN_RECORDS = Path(__file__).resolve().parents[1] / "tests" / "ingest_main_records.json"


@dataclass(frozen=True)
class Comparison:
    headline: str
    record_id: str
    date: bool
    countries: bool
    people: bool
    basis: bool  # not part of the figure: whether date_basis agrees too
    note: str

    @property
    def matches(self) -> bool:
        return self.date and self.countries and self.people


def _people(record: dict[str, Any]) -> set[str]:
    return {person["name"] for person in record["people"]}


def compare_all(path: Path | None = None) -> list[Comparison]:
    """The main draft of every kept article against the bundled record of its main event."""
    document = read_store_file(path or bundled_store_path())
    records = {data["id"]: data for data in document[TABLE].values()}
    mains = json.loads(MAIN_RECORDS.read_text(encoding="utf-8"))["main_records"]
    comparisons = []
    for article in kept_articles(document).values():
        want = records[mains[article.headline]]
        try:
            draft = draft_records(article.text, name=article.headline).records[0]
        except ArticleError as error:
            comparisons.append(
                Comparison(article.headline, want["id"], False, False, False, False, error.message)
            )
            continue
        same_dates = (draft["date"], draft["end_date"]) == (want["date"], want["end_date"])
        note = f"drafted {draft['date']} {draft['countries']} {sorted(_people(draft))}"
        comparisons.append(
            Comparison(
                article.headline,
                want["id"],
                same_dates,
                set(draft["countries"]) == set(want["countries"]),
                _people(draft) == _people(want),
                draft["date_basis"] == want["date_basis"],
                note,
            )
        )
    return comparisons


def main(argv: list[str]) -> int:
    comparisons = compare_all()
    for item in comparisons:
        marks = " ".join(
            f"{name}:{'ok' if good else 'NO'}"
            for name, good in (("date", item.date), ("countries", item.countries),
                               ("people", item.people), ("basis", item.basis))
        )  # fmt: skip
        print(f"{'✓' if item.matches else '✗'} {item.record_id:50} {marks}")
        if "--verbose" in argv and not item.matches:
            print(f"    {item.note}")
    matched = sum(item.matches for item in comparisons)
    bases = sum(item.basis for item in comparisons)
    print(f"main drafts matching on date, countries and people: {matched} of {len(comparisons)}")
    print(f"date_basis agreeing as well: {bases} of {len(comparisons)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
