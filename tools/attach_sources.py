"""Keep the source articles in the bundled store: split the news file into its articles, write
them into the `sources` table of data/records.json, and link each record to its article by
matching the record's `source.title` to the article's headline (never by record position).

    python tools/attach_sources.py [--sources FILE] [--store data/records.json] [--check]

Idempotent: run it again on the same files and nothing changes. It reports every record it could
not link, and exits 1 if there is one (or, with --check, if the store is not up to date).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pacli.articles.dating import find_dateline
from pacli.articles.quotes import quote_is_verbatim
from pacli.articles.reading import parse_article
from pacli.storage.sources_table import SOURCES_TABLE, kept_article
from pacli.storage.store_file import TABLE, store_problems
from pacli.storage.writes import store_text, write_atomically
from pacli.transfer.normalize import make_id

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = REPOSITORY.parent / "shared" / "sources" / "pacific-alliance-news-2022.txt"
DEFAULT_STORE = REPOSITORY / "data" / "records.json"


def split_articles(text: str, headlines: set[str]) -> list[tuple[str, str]]:
    """(headline, article text) for each line of `text` that is one of `headlines`, in the
    file's order; an article runs to the next headline."""
    lines = text.splitlines(keepends=True)
    starts = [number for number, line in enumerate(lines) if line.strip() in headlines]
    articles = []
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        body = "".join(lines[start:end]).strip() + "\n"
        articles.append((lines[start].strip(), body))
    return articles


def sources_table(articles: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    for number, (headline, text) in enumerate(articles, start=1):
        article = parse_article(text, headline)
        dateline = find_dateline(article.paragraphs, article.language)
        published = dateline.date if dateline else None
        article_id = make_id(published or "undated", headline, taken)
        taken.add(article_id)
        table[str(number)] = kept_article(article_id, headline, text, published, None).to_dict()
    return table


def attach(document: dict[str, Any], articles: list[tuple[str, str]]) -> list[str]:
    """Write the sources table into `document` and link its records; the problems found."""
    table = sources_table(articles)
    document[SOURCES_TABLE] = table
    by_headline = {row["headline"]: row for row in table.values()}
    problems = []
    for data in document[TABLE].values():
        source = data.get("source") or {}
        row = by_headline.get(source.get("title"))
        if row is None:
            problems.append(
                f"record {data['id']!r}: no article has the headline {source.get('title')!r}"
            )
            source.pop("article", None)
            continue
        source["article"] = row["id"]
        if source.get("quote") and not quote_is_verbatim(row["text"], source["quote"]):
            problems.append(f"record {data['id']!r}: its quote is not in article {row['id']!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--check", action="store_true", help="Write nothing; exit 1 if stale.")
    options = parser.parse_args(argv)
    before = options.store.read_text(encoding="utf-8")
    document = json.loads(before)
    headlines = {data["source"]["title"] for data in document[TABLE].values() if data.get("source")}
    articles = split_articles(options.sources.read_text(encoding="utf-8"), headlines)
    problems = attach(document, articles)
    invalid = store_problems(document, strict=True)
    for problem in invalid:
        print(f"the store would not be valid: {problem}; nothing written", file=sys.stderr)
    if invalid:
        return 1
    after = store_text(document)
    linked = sum(
        1 for data in document[TABLE].values() if (data.get("source") or {}).get("article")
    )
    print(
        f"{len(articles)} articles kept; {linked} of {len(document[TABLE])} records linked",
        file=sys.stderr,
    )
    for problem in problems:
        print(f"could not link: {problem}", file=sys.stderr)
    if options.check:
        if after != before:
            print(
                f"{options.store} is not up to date; run tools/attach_sources.py", file=sys.stderr
            )
            return 1
    elif after != before:
        write_atomically(options.store, after)
        print(f"wrote {options.store}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
