"""Records drafted from one article, in the record contract: the main event first, then further
dated events and the agreements and programs it names; each with the countries, places, people,
organizations and tags its text gives, and a verbatim quote carrying its date and main fact."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from typing import Any, NamedTuple

from pacli.articles.dating import Dateline, find_dateline, require_some_date
from pacli.articles.events import (
    DatedSentence,
    Event,
    dated_sentences,
    further_events,
    main_event,
)
from pacli.articles.known_names import article_words
from pacli.articles.mentions import (
    main_countries,
    names_the_alliance,
    organizations_in,
    places_in,
    sentence_countries,
    tag_counts,
    tags_for,
)
from pacli.articles.people import people_in
from pacli.articles.reading import Article, parse_article
from pacli.errors import ArticleError
from pacli.model.dates import record_period
from pacli.model.text import fold
from pacli.transfer.normalize import complete, make_id

MAX_TITLE_WORDS = 12
PROGRAM_DAYS = 14  # a main event open for longer is a program, not a summit of a few days


class Drafts(NamedTuple):
    """What `pacli ingest` drafted from an article, and the article as it will be kept."""

    article: Article
    published: str | None  # the dateline's day, or the date given with --published
    records: list[dict[str, Any]]  # in the record contract, the main event first


def draft_records(
    text: str,
    *,
    name: str = "the article",
    known_organizations: Collection[str] = (),
    taken_ids: Collection[str] = (),
    published: str | None = None,
    url: str | None = None,
) -> Drafts:
    """Draft records from the text of one article; ArticleError if it gives no date to draft
    them on. `published` stands in for a dateline the article does not have."""
    article = parse_article(text, name)
    dateline = find_dateline(article.paragraphs, article.language)
    day = dateline.date if dateline else published
    dated = dated_sentences(article, dateline, day)
    found = [one for item in dated for one in item.dates]
    require_some_date(found, dateline, text, name, published)
    main = main_event(article, dateline, dated)
    if main is None:  # dates were found, so a main event always is; this keeps mypy sure
        raise ArticleError(f"{name} gives no date to draft a record on")
    body = "\n".join(text for _, text in article.paragraphs)
    context = _Context(article, dateline, day, url, known_organizations, dated, tag_counts(body))
    events = [main, *further_events(main, dated, dateline)]
    taken = set(taken_ids)
    records = []
    for number, event in enumerate(events):
        record = context.record(event, main=number == 0)
        record["id"] = make_id(record["date"], record["title"], taken)
        taken.add(record["id"])
        records.append(record)
    main_record, others = records[0], records[1:]
    main_record["related"] = [other["id"] for other in others]
    for other in others:
        other["related"] = [main_record["id"]]
    return Drafts(article, day, [complete(record) for record in records])


class _Context(NamedTuple):
    article: Article
    dateline: Dateline | None
    published: str | None
    url: str | None
    known_organizations: Collection[str]
    dated: list[DatedSentence]
    tag_counts: Counter[str]

    def record(self, event: Event, *, main: bool) -> dict[str, Any]:
        article = self.article
        event_text = self._event_text(event) if main else event.sentence.text
        body = "\n".join(text for _, text in article.paragraphs)
        if main:
            lede = article.paragraphs[0][1]
            countries = main_countries(article.headline, lede, body, event_text)
            people_text, organization_text = body, f"{article.headline}\n{body}"
        else:
            countries = sentence_countries(event_text, names_the_alliance(body))
            people_text = organization_text = article.paragraph_of(event.sentence)
        dateline_place = self.dateline.place if self.dateline and main else None
        return {
            "type": _record_type(event, article.headline if main else event_text, main=main),
            "title": _title(event, article.headline if main else None),
            "date": event.date,
            "end_date": event.end_date,
            "date_basis": event.basis,
            "date_note": event.note,
            "countries": countries,
            "places": places_in(event_text, dateline_place),
            "people": [
                {"name": person.name, "role": person.role, "country": person.country}
                for person in people_in(people_text)
            ],
            "organizations": organizations_in(organization_text, self.known_organizations),
            "tags": tags_for(f"{article.headline if main else ''} {event_text}", self.tag_counts),
            "summary": _summary(event, article, main=main),
            "details": [],
            "source": {
                "title": article.headline,
                "published": self.published,
                "url": self.url,
                "quote": _quote(event),
                "article": None,
            },
        }

    def _event_text(self, event: Event) -> str:
        """The sentences that carry the main event's date (where its places are named)."""
        same_day = [
            item.sentence.text
            for item in self.dated
            if any(one.date == event.date for one in item.dates)
        ]
        return " ".join(dict.fromkeys([event.sentence.text, *same_day]))


def _record_type(event: Event, text: str, *, main: bool) -> str:
    if event.kind != "event":
        return event.kind
    words = article_words()
    folded = fold(text)
    if any(re.search(rf"\b{verb}\b", folded) for verb in words["agreement_verbs"]) and any(
        fold(noun) in folded for noun in words["agreement_nouns"]
    ):
        return "agreement"
    if main and event.end_date is not None and _days(event.date, event.end_date) > PROGRAM_DAYS:
        return "program"  # a film cycle, a call for grants: something open for weeks

    return "event"


_QUOTED_NAME = re.compile(r"[‘“'\"](?P<name>[^’”'\"]{3,80}?)[’”'\"]?\s*\($")
_TRAILING_PREPOSITION = re.compile(
    r"\b(?:on|in|since|by|from|during|until|as of|el|en|desde|durante|hasta)\s*$", re.IGNORECASE
)
_LEADING_WORDS = re.compile(
    r"^[\W_]*"
    r"(?:(?:on|in|since|by|from|between|during|as of|el|en|desde|durante|hoy|today|and|y)\b,?\s*)*"
    r"(?:there (?:will be|was|were|is|are) (?:an? )?|it is contemplated to |habrá (?:una? )?)?",
    re.IGNORECASE,
)


def _days(start: str, end: str) -> int:
    period = record_period(start, end)
    return (period.end - period.start).days


def _title(event: Event, headline: str | None) -> str:
    """The headline for the main event; else the name of what the sentence names, or the clause
    that holds the date, without the date, cut to a dozen words."""
    if headline is not None:
        return headline
    if event.name is not None:
        return event.name
    text = event.sentence.text
    if event.found is not None:
        before = text[: event.found.start]
        quoted = _QUOTED_NAME.search(before)
        if quoted:
            return quoted.group("name").strip(" ,")
        before = _TRAILING_PREPOSITION.sub("", before)
        text = f"{before}{text[event.found.end :]}"
        start = len(before) - len(re.split(r"[,;]\s+", before)[-1])  # the date's clause
        text = text[start:] if len(text[start:].split()) >= 4 else text
    clause = _LEADING_WORDS.sub("", text.strip(" ,;"))
    words = re.split(r"[,;]\s+", clause)[0].split()
    if len(words) < 4:
        words = clause.split()
    title = " ".join(words[:MAX_TITLE_WORDS]).strip(" ,.;:")
    return (title[:1].upper() + title[1:]) or event.date


def _quote(event: Event) -> str:
    """The sentence that carries the event's date and main fact, as written."""
    return event.sentence.text.strip()


def _summary(event: Event, article: Article, *, main: bool) -> str:
    """The event's sentence, without a dateline; for the main event the next one too."""
    text = event.sentence.text.strip()
    text = re.sub(r"^[^.]{0,60}?\d{4}\s*(?:\.-|\.–|–|-|\.)\s+", "", text) or text
    if main:
        following = [
            sentence.text
            for sentence in article.sentences
            if sentence.start > event.sentence.start
            and sentence.paragraph == event.sentence.paragraph
        ]
        if following and len(text.split()) < 40:
            text = f"{text} {following[0].strip()}"
    return text
