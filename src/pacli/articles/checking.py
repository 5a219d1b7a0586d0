"""A record's kept article, and every quote of a library checked against the article it names."""

from __future__ import annotations

from dataclasses import dataclass, field

from pacli.articles.quotes import quote_is_verbatim
from pacli.errors import PacliError
from pacli.model.records import Record
from pacli.storage.library import Library
from pacli.storage.sources_table import KeptArticle, kept_articles
from pacli.storage.store_file import TABLE, read_store_file


def record_article(library: Library, record_id: str) -> tuple[Record, KeptArticle]:
    """The record and the article its source names; NotFoundError for an unknown id, and
    PacliError for a record that keeps no article."""
    record = library.source.get(record_id)
    article_id = record.source.article if record.source else None
    if not article_id:
        raise PacliError(
            f"record {record_id!r} keeps no article (its source names none); "
            "`pacli ingest` keeps the article it drafts records from"
        )
    for path in library.paths:
        document = read_store_file(path) if path.exists() else {}
        if any(data.get("id") == record_id for data in document.get(TABLE, {}).values()):
            article = kept_articles(document).get(article_id)
            if article is not None:
                return record, article
            raise PacliError(
                f"record {record_id!r} names article {article_id!r}, which {path} does not "
                "keep (the record was imported from another store)"
            )
    raise PacliError(f"record {record_id!r} is in no store pacli reads")


@dataclass
class Verification:
    checked: int = 0
    articles: int = 0
    unlinked: int = 0  # records with a quote but no article kept in their store
    failures: list[dict[str, str]] = field(default_factory=list)


def verify_library(library: Library) -> Verification:
    """Every quote of every store in `library` against its kept article, verbatim up to
    whitespace."""
    result = Verification()
    for store in library.stores:
        articles = kept_articles(read_store_file(store.path)) if store.path.exists() else {}
        result.articles += len(articles)
        for record in store.records:
            source = record.source
            if source is None or not source.quote:
                continue
            if not source.article or source.article not in articles:
                result.unlinked += 1
                continue
            result.checked += 1
            if not quote_is_verbatim(articles[source.article].text, source.quote):
                result.failures.append(
                    {
                        "record": record.id,
                        "article": source.article,
                        "problem": f"quote not found in article {source.article!r}",
                    }
                )
    return result
