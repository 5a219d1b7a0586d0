"""Which sentences of an article carry its events, and when each happened: the main event (the
dated sentence closest to the headline, near the top), further dated events, and the agreements
and programs the article names, each with the sentence that says so."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from pacli.articles.dating import (
    Dateline,
    FoundDate,
    anniversary_years,
    dates_in,
)
from pacli.articles.known_names import alternation, article_words
from pacli.articles.reading import Article, Sentence
from pacli.model.text import fold

_WORDS = re.compile(r"[\wáéíóúñ]{4,}")
PRECISION_BONUS = {"full": 3.0, "yearless": 2.5, "relative": 2.5, "month": 1.0, "year": 0.0}


class Event(NamedTuple):
    """One thing to draft a record of: its sentence and date, how the date is known, and
    what kind of thing it is."""

    sentence: Sentence
    date: str
    end_date: str | None
    basis: str  # stated, dateline, inferred
    note: str | None
    name: str | None = None  # an agreement's or program's name, when the article gives one
    kind: str = "event"  # event, agreement or program
    found: FoundDate | None = None  # where the sentence gives the date


class DatedSentence(NamedTuple):
    sentence: Sentence
    dates: list[FoundDate]


def dated_sentences(
    article: Article, dateline: Dateline | None, published: str | None
) -> list[DatedSentence]:
    """Each sentence with the dates it gives; yearless dates take the year of the dateline (or
    of --published), relative words are read against a dateline's day."""
    year = int(published[:4]) if published else None
    day = published if published and len(published) == 10 else None
    found = []
    for sentence in article.sentences:
        text = sentence.text
        if dateline is not None and sentence.start == article.paragraphs[dateline.paragraph][0]:
            text = " " * dateline.end + text[dateline.end :]  # the dateline is no event's date
        found.append(
            DatedSentence(sentence, dates_in(text, article.language, year=year, dateline=day))
        )
    return found


def _stems(text: str) -> set[str]:
    return {word[:5] for word in _WORDS.findall(fold(text))}


def main_event(
    article: Article, dateline: Dateline | None, dated: list[DatedSentence]
) -> Event | None:
    """The article's main event: the dated sentence that shares most words with the headline,
    early sentences first; the dateline's own sentence when it gives no date of its own. A
    year alone dates it only when the article gives no day or month at all."""
    if dateline is None:
        anniversary = _anniversary(article, dated)
        if anniversary is not None:
            return anniversary
    return _best_event(article, dateline, dated, years=False) or _best_event(
        article, dateline, dated, years=True
    )


def _best_event(
    article: Article, dateline: Dateline | None, dated: list[DatedSentence], *, years: bool
) -> Event | None:
    headline = _stems(article.headline)
    best: tuple[float, Event] | None = None
    for order, (sentence, dates) in enumerate(dated):
        overlap = len(headline & _stems(sentence.text))
        early = 4.0 / (1 + sentence.paragraph) + 2.0 / (1 + order)
        candidates = [
            (_dated_event(sentence, one, dateline), PRECISION_BONUS[one.kind])
            for one in dates
            if years or one.kind != "year"
        ]
        if dateline is not None and _opens_dateline(article, sentence, dateline) and not candidates:
            candidates = [(_dateline_event(sentence, dateline), PRECISION_BONUS["full"])]
        for event, bonus in candidates:
            score = overlap * 2.0 + early + bonus
            if best is None or score > best[0]:
                best = (score, event)
    return best[1] if best else None


def _opens_dateline(article: Article, sentence: Sentence, dateline: Dateline) -> bool:
    return sentence.start == article.paragraphs[dateline.paragraph][0]


def _dateline_event(sentence: Sentence, dateline: Dateline) -> Event:
    return Event(sentence, dateline.date, None, "dateline", "Day from the article's dateline.")


def _dated_event(sentence: Sentence, found: FoundDate, dateline: Dateline | None) -> Event:
    """An event on the date `found` in `sentence`, with how that date is known."""
    if found.kind == "full" or found.kind in ("month", "year"):
        return Event(sentence, found.date, found.end_date, "stated", None, found=found)
    if found.kind == "relative":
        if dateline is not None and found.date == dateline.date:
            note = f"'{found.written}' in the text starts on the dateline's day."
            return Event(sentence, found.date, found.end_date, "dateline", note, found=found)
        note = f"'{found.written}' read against the dateline ({_day_name(dateline)})."
        return Event(sentence, found.date, found.end_date, "inferred", note, found=found)
    source = "dateline" if dateline is not None else "given publication date"
    note = (
        f"The text gives '{found.written}' without a year; the year is the "
        f"{source}'s ({found.date[:4]})."
    )
    return Event(sentence, found.date, found.end_date, "inferred", note, found=found)


def _day_name(dateline: Dateline | None) -> str:
    import datetime as dt

    if dateline is None:
        return "the given publication date"
    return dt.date.fromisoformat(dateline.date).strftime("%A %d %B %Y").replace(" 0", " ")


def _anniversary(article: Article, dated: list[DatedSentence]) -> Event | None:
    """`celebrates its eleventh anniversary` with no dateline: the day N years after the first
    day the text gives (the founding), as an inferred date."""
    years = anniversary_years(article.headline)
    days = [(sentence, one) for sentence, dates in dated for one in dates if one.kind == "full"]
    if years is None or not days:
        return None
    sentence, founding = days[0]
    date = f"{int(founding.date[:4]) + years:04d}{founding.date[4:]}"
    note = (
        f"The article has no dateline; the date is the anniversary the headline names, "
        f"{years} years after {founding.written}."
    )
    return Event(sentence, date, None, "inferred", note)


def further_events(
    main: Event, dated: list[DatedSentence], dateline: Dateline | None
) -> list[Event]:
    """Events on other dates than the main one, and the agreements and programs the article
    names, each once, in the article's order."""
    events: list[Event] = []
    seen: set[tuple[str, str | None, str | None]] = {
        (main.date, main.end_date, None),
        (main.date[:4], None, None),
    }
    for sentence, dates in dated:
        named = named_things(sentence.text)
        for name, kind in named:
            event = _named_event(sentence, name, kind, dates, main, dateline)
            if (event.date, event.end_date, name) not in seen:
                seen.add((event.date, event.end_date, name))
                events.append(event)
        if named:
            continue
        for found in dates:
            event = _dated_event(sentence, found, dateline)
            if (event.date, event.end_date, None) not in seen:
                seen.add((event.date, event.end_date, None))
                events.append(event)
    return [event for event in events if event.name is None or not _is_main(event, main)]


def _is_main(event: Event, main: Event) -> bool:
    return fold(event.name or "") in fold(main.sentence.text)


def _named_event(
    sentence: Sentence,
    name: str,
    kind: str,
    dates: list[FoundDate],
    main: Event,
    dateline: Dateline | None,
) -> Event:
    if dates:
        dated = _dated_event(sentence, dates[0], dateline)
        return dated._replace(name=name, kind=kind)
    note = (
        f"The article names {name} without a date; {main.date[:4]}, the year of its main "
        "event, is the year it is known by."
    )
    return Event(sentence, main.date[:4], None, "inferred", note, name, kind)


_LEADING_ARTICLES = ("A", "An", "The", "El", "La", "Los", "Las", "Un", "Una", "Its", "Su")


def named_things(text: str) -> list[tuple[str, str]]:
    """Agreements and programs named with capitals: `the Declaration of Cali`, `the Education
    for Employment Program`, `Strategic Vision 2030`, with their kind; the longest of
    overlapping names."""
    found: list[tuple[int, int, str, str]] = []
    for kind, pattern in _named_patterns():
        for match in pattern.finditer(text):
            words = match.group().split()
            start = match.start()
            while words and words[0] in _LEADING_ARTICLES:
                start = text.index(words[1], start) if len(words) > 1 else start
                words = words[1:]
            if len(words) >= 2:
                found.append((start, match.end(), " ".join(words), kind))
    found.sort(key=lambda item: item[0] - item[1])  # longest first
    kept: list[tuple[int, int, str, str]] = []
    for item in found:
        if all(item[1] <= other[0] or item[0] >= other[1] for other in kept):
            kept.append(item)
    return [(name, kind) for _, _, name, kind in sorted(kept)]


@cache
def _named_patterns() -> list[tuple[str, re.Pattern[str]]]:
    words = article_words()
    capital = r"[A-ZÁÉÍÓÚÑ0-9][\w'’+\-]*"
    link = r"(?:of|for|on|and|the|de|del|la|el|los|para|y|sobre)"
    patterns = []
    for kind, key in (("agreement", "agreement_nouns"), ("program", "program_nouns")):
        noun = alternation(words[key])
        after = (
            rf"(?:{noun})(?:\s+{link})*(?:\s+{capital})+(?:\s+{link}\s+{capital}(?:\s+{capital})*)*"
        )
        before = rf"(?:{capital}\s+)+(?:{link}\s+(?:{capital}\s+)+)*(?:{noun})\b(?:\s+20\d\d)?"
        patterns.append((kind, re.compile(rf"\b(?:{after}|{before})")))
    return patterns
