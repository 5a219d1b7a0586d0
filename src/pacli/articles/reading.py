"""Reading one news article: bytes checked as UTF-8 text, its headline (the first non-empty line),
its paragraphs and sentences, each with where it starts in the text, and its language."""

from __future__ import annotations

import re
from typing import NamedTuple

from pacli.errors import ArticleError
from pacli.model.text import fold
from pacli.storage.sources_table import CONTROL_CHARACTER

# A sentence ends at . ! ? (or a closing quote after one) before a capital, a quote or a digit;
# abbreviations such as `Mr.` and `Dr.` do not end one, and neither does a dateline's `.-`.
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’]?\s+(?=[A-ZÁÉÍÓÚÑ¿¡“\"‘(0-9])")
_ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sr|Sra|Srta|St|No|Nº|Prof|Lic|Ing|Gen|Gov|Sen|Rep|Jr|Av|Inc|Ltd|Co|U\.S|"
    r"[A-Z])\.$"
)
# `Ottawa, Canada, May 13, 2022.` opens the sentence after it rather than standing alone.
_DATELINE_ONLY = re.compile(r"[^.]{0,60}\b\d{4}\.")
_BULLET = re.compile(r"^[•·\-–*]\s+")
_SPANISH_WORDS = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "de",
        "del",
        "que",
        "en",
        "y",
        "por",
        "para",
        "con",
        "una",
        "un",
        "se",
        "su",
        "sus",
        "al",
        "es",
        "lo",
        "como",
        "más",
        "este",
        "esta",
        "fue",
        "han",
    ]
)
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "by",
        "this",
        "are",
        "from",
        "its",
        "at",
        "be",
        "has",
        "an",
    ]
)


class Sentence(NamedTuple):
    text: str
    start: int  # where it starts in Article.text
    paragraph: int  # its paragraph's position among the body's paragraphs


class Article(NamedTuple):
    text: str  # as kept in the store: line ends as \n, no byte-order mark
    headline: str
    paragraphs: tuple[tuple[int, str], ...]  # (where it starts in text, its text), headline aside
    sentences: tuple[Sentence, ...]
    language: str  # "en" or "es"

    def paragraph_of(self, sentence: Sentence) -> str:
        return self.paragraphs[sentence.paragraph][1]


def decode_article(raw: bytes, name: str) -> str:
    """The text of an article file; ArticleError if it is empty, binary or not UTF-8."""
    if b"\x00" in raw:
        raise ArticleError(f"{name} is a binary file, not an article; give a UTF-8 text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(
            f"{name} is not UTF-8 text (byte {error.start}); save the article as UTF-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleError(f"{name} is empty; an article is a headline line, then its text")
    control = CONTROL_CHARACTER.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise ArticleError(
            f"{name} holds the control character \\x{ord(control.group()):02x} (line {line}); "
            "an article is plain text: remove it and ingest again"
        )
    return text


def parse_article(text: str, name: str = "the article") -> Article:
    """An article's parts: the first non-empty line is the headline, the rest its body."""
    lines = text.split("\n")
    offset = 0
    headline = ""
    for line in lines:
        if line.strip():
            headline = " ".join(line.split())
            offset += len(line) + 1
            break
        offset += len(line) + 1
    paragraphs = tuple(_paragraphs(text, offset))
    if not paragraphs:
        raise ArticleError(f"{name} has a headline but no text under it")
    sentences = tuple(
        sentence
        for number, (start, paragraph) in enumerate(paragraphs)
        for sentence in _sentences(paragraph, start, number)
    )
    return Article(text, headline, paragraphs, sentences, _language(text))


def _paragraphs(text: str, offset: int) -> list[tuple[int, str]]:
    """Non-empty lines after the headline (each line is a paragraph, as in the sources), with
    leading spaces and bullets left out."""
    found = []
    for match in re.finditer(r"[^\n]+", text[offset:]):
        line = match.group()
        stripped = line.lstrip()
        bullet = _BULLET.match(stripped)
        if bullet:
            stripped = stripped[bullet.end() :]
        stripped = stripped.rstrip()
        if stripped:
            start = offset + match.start() + line.index(stripped)
            found.append((start, stripped))
    return found


def _sentences(paragraph: str, start: int, number: int) -> list[Sentence]:
    sentences = []
    begin = 0
    for match in _SENTENCE_END.finditer(paragraph):
        before = paragraph[begin : match.start()].rstrip('”"’')
        if _ABBREVIATIONS.search(before) or _DATELINE_ONLY.fullmatch(before):
            continue
        sentences.append(Sentence(paragraph[begin : match.start()], start + begin, number))
        begin = match.end()
    sentences.append(Sentence(paragraph[begin:], start + begin, number))
    return [sentence for sentence in sentences if sentence.text.strip()]


def _language(text: str) -> str:
    words = fold(text).split()
    spanish = sum(1 for word in words if word in _SPANISH_WORDS)
    english = sum(1 for word in words if word in _ENGLISH_WORDS)
    return "es" if spanish > english else "en"
