"""The `sources` table of a store: the articles that records were drafted from, kept whole, each
with its SHA-256, and linked from a record's `source.article`. Reading and checking it; no I/O."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from pacli.model.dates import parse_iso_period
from pacli.model.schema import ID_PATTERN

SOURCES_TABLE = "sources"
# C0 and C1 control characters but tab and line feed, and DEL: a kept article holds none.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ARTICLE_FIELDS = ("id", "headline", "published", "url", "text", "sha256")


class KeptArticle(NamedTuple):
    """One row of the sources table."""

    id: str
    headline: str
    text: str
    sha256: str
    published: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "headline": self.headline,
            "published": self.published,
            "url": self.url,
            "text": self.text,
            "sha256": self.sha256,
        }


def text_sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def kept_article(
    article_id: str, headline: str, text: str, published: str | None, url: str | None
) -> KeptArticle:
    return KeptArticle(article_id, headline, text, text_sha256(text), published, url)


def kept_articles(document: dict[str, Any]) -> dict[str, KeptArticle]:
    """The articles of a parsed store that `sources_problems` found valid, by id."""
    table = document.get(SOURCES_TABLE) or {}
    return {
        data["id"]: KeptArticle(
            id=data["id"],
            headline=data["headline"],
            text=data["text"],
            sha256=data["sha256"],
            published=data.get("published"),
            url=data.get("url"),
        )
        for _, data in sorted(table.items(), key=lambda item: int(item[0]))
    }


def sources_problems(document: dict[str, Any]) -> list[str]:
    """Every problem of a parsed store's sources table. A record whose `source.article` names
    no article in it is no problem (records move between stores by export and import):
    `unkept_articles` lists them."""
    table = document.get(SOURCES_TABLE)
    if table is None:
        table = {}
    if not isinstance(table, dict):
        return [f'the "{SOURCES_TABLE}" table must be an object of documents keyed by number']
    problems: list[str] = []
    seen: set[str] = set()
    for doc_id, data in table.items():
        if not (doc_id.isascii() and doc_id.isdigit()):
            problems.append(f"article document {doc_id!r}: TinyDB document ids are whole numbers")
        if not isinstance(data, dict):
            problems.append(f"article document {doc_id}: must be an object")
            continue
        article_id = data.get("id")
        where = f"article {article_id!r}" if isinstance(article_id, str) else f"article {doc_id}"
        problems += [f"{where}: {problem}" for problem in _article_problems(data)]
        if isinstance(article_id, str):
            if article_id in seen:
                problems.append(f"{where}: id used twice in the sources table")
            seen.add(article_id)
    return problems


def _article_problems(data: dict[str, Any]) -> list[str]:
    problems = [f"{name}: unknown field" for name in data if name not in ARTICLE_FIELDS]
    for name in ("id", "headline", "text", "sha256"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            problems.append(f"{name}: missing (must be non-empty text)")
    for name in ("published", "url"):
        if data.get(name) is not None and not isinstance(data.get(name), str):
            problems.append(f"{name}: must be text or null")
    if problems:
        return problems
    for name in ("headline", "text"):
        control = CONTROL_CHARACTER.search(data[name])
        if control is not None:
            problems.append(f"{name}: holds the control character \\x{ord(control.group()):02x}")
    if not ID_PATTERN.match(data["id"]):
        problems.append(f"id: {data['id']!r} must be lowercase letters, digits and hyphens")
    if text_sha256(data["text"]) != data["sha256"]:
        problems.append("sha256: does not match the text; the article was changed")
    published = data.get("published")
    if published is not None:
        try:
            parse_iso_period(published)
        except ValueError:
            problems.append(f"published: {published!r} is not a real date")
    url = data.get("url")
    if url is not None and not url.startswith(("http://", "https://")):
        problems.append(f"url: {url!r} is not a web address (http:// or https://)")
    return problems


def unkept_articles(document: dict[str, Any]) -> list[str]:
    """Each record whose `source.article` names an article this store does not keep."""
    table = document.get(SOURCES_TABLE)
    kept = {
        data.get("id")
        for data in (table.values() if isinstance(table, dict) else [])
        if isinstance(data, dict)
    }
    records = document.get("records")
    notes = []
    for data in records.values() if isinstance(records, dict) else []:
        source = data.get("source") if isinstance(data, dict) else None
        article = source.get("article") if isinstance(source, dict) else None
        if isinstance(article, str) and article and article not in kept:
            notes.append(f"record {data.get('id')!r} names article {article!r}, not kept here")
    return notes
