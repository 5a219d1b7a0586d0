"""Adding the records drafted from an article, and the article itself, in one locked, atomic write:
the article goes into the store's `sources` table (once, however often it is ingested) and each
record's `source.article` names it. Every record is checked first, as `pacli add` checks one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pacli.errors import RecordProblems
from pacli.storage.library import Library
from pacli.storage.sources_table import SOURCES_TABLE, kept_article, text_sha256
from pacli.storage.store_file import TABLE
from pacli.storage.writes import database_transaction
from pacli.transfer.normalize import checked_record, make_id, normalize


@dataclass
class ArticleToKeep:
    headline: str
    text: str
    published: str | None = None
    url: str | None = None


@dataclass
class IngestReport:
    added: list[dict[str, Any]] = field(default_factory=list)
    article_id: str = ""
    article_was_kept: bool = False  # the store already held this article
    created_store: bool = False


def check_drafts(drafts: Sequence[Any], known_ids: set[str]) -> list[dict[str, Any]]:
    """Each draft normalized and checked; RecordProblems naming the draft and field otherwise."""
    checked, problems = [], []
    known = known_ids | {
        draft["id"]
        for draft in drafts
        if isinstance(draft, dict) and isinstance(draft.get("id"), str)
    }
    for number, draft in enumerate(drafts, start=1):
        if not isinstance(draft, dict):
            problems.append(f"draft {number}: must be an object in the record format")
            continue
        normalized, found = normalize(draft)
        normalized.setdefault("id", None)
        if not normalized["id"] and isinstance(normalized.get("date"), str):
            normalized["id"] = make_id(normalized["date"], str(normalized.get("title")), known)
        try:
            checked.append(checked_record(normalized, found, known))
        except RecordProblems as error:
            problems += [f"draft {number}: {problem}" for problem in error.problems]
    if problems:
        summary = problems[0] if len(problems) == 1 else f"{len(problems)} problems above"
        raise RecordProblems(f"the drafts are not valid: {summary}; nothing was added", problems)
    return checked


def add_drafts(
    library: Library, drafts: Sequence[dict[str, Any]], article: ArticleToKeep
) -> IngestReport:
    """Add `drafts` and keep `article`, all or nothing, under the store's lock."""
    path = library.writable
    outside = library.ids_outside(path)
    records = check_drafts(drafts, library.all_ids())
    report = IngestReport(created_store=not path.exists())
    with database_transaction(
        path, other_ids=outside, make_directory=library.is_user_store
    ) as database:
        sources = database.table(SOURCES_TABLE)
        table = database.table(TABLE)
        report.article_id, report.article_was_kept = _keep_article(sources, article)
        taken = outside | {document["id"] for document in table.all()}
        renamed = _free_ids(records, taken)
        for record in records:
            record["related"] = [renamed.get(other, other) for other in record["related"]]
            record["source"] = {**(record["source"] or {}), "article": report.article_id}
            record["source"].setdefault("title", article.headline)
        checked = check_drafts(records, taken)
        table.insert_multiple(checked)
        report.added = checked
    return report


def _keep_article(sources: Any, article: ArticleToKeep) -> tuple[str, bool]:
    """The id of the article in the sources table, added if it is not there yet."""
    digest = text_sha256(article.text)
    rows = sources.all()
    for row in rows:
        if row.get("sha256") == digest:
            return str(row["id"]), True
    article_id = make_id(
        article.published or "undated", article.headline, {row["id"] for row in rows}
    )
    kept = kept_article(article_id, article.headline, article.text, article.published, article.url)
    sources.insert(kept.to_dict())
    return article_id, False


def _free_ids(records: list[dict[str, Any]], taken: set[str]) -> dict[str, str]:
    """Give each record whose id is taken a new one; the old id -> the new."""
    renamed = {}
    for record in records:
        if record["id"] in taken:
            new_id = make_id(record["date"], record["title"], taken)
            renamed[record["id"]] = new_id
            record["id"] = new_id
        taken.add(record["id"])
    return renamed
