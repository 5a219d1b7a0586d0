"""Finding dates in an article, in English and Spanish: the dateline (`Lima, August 1, 2017.-`,
`Bogotá, 30 de abril de 2021.-`), dates in sentences with or without a year, ranges (`from June 9
to July 9`, `del 1 al 3 de agosto`), years (`in 2018`), and words read against the dateline
(`today`, `this Thursday`, `hoy`). The patterns find where a date is written; dateparser reads
it (imported on first use, so no other command pays for it)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any, NamedTuple

from pacli.errors import ArticleError

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_ES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
_SHORT_EN = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]


def _month_of(short: str) -> int:
    return next(number for number, name in enumerate(MONTHS_EN, 1) if name.startswith(short[:3]))


MONTH_NUMBERS = {
    **{name.lower(): number for number, name in enumerate(MONTHS_EN, start=1)},
    **{name: number for number, name in enumerate(MONTHS_ES, start=1)},
    **{name.lower(): _month_of(name) for name in _SHORT_EN},
    "setiembre": 9,
}
_EN = r"(?:" + "|".join(MONTHS_EN + [name + r"\.?" for name in _SHORT_EN]) + r")"
_ES = r"(?:" + "|".join(f"[{m[0]}{m[0].upper()}]{m[1:]}" for m in [*MONTHS_ES, "setiembre"]) + ")"
_DAY = r"\d{1,2}(?:st|nd|rd|th|º|°)?(?!\d)"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_TO = r"\s*(?:-|–|—|to|through|and|until|al|y|a|hasta)\s*"

# A year alone is a date after these words (`in 2018`, `desde 2013`) or in brackets: `(2017)`.
_AFTER_PREPOSITION = (
    "|".join(
        f"(?<=\\b[{word[0]}{word[0].upper()}]{word[1:]} )"
        for word in ("in", "since", "by", "during", "en", "desde", "durante", "in early", "in late")
    )
    + r"|(?<=\()"
)

# Each pattern names its parts: m (month), d (day), d2 (a range's last day), y (year).
DATE_PATTERNS = [
    rf"(?P<m>{_EN}) (?P<d>{_DAY}){_TO}(?P<d2>{_DAY})(?:,? (?P<y>{_YEAR}))?",
    rf"(?P<d>{_DAY}){_TO}(?P<d2>{_DAY}) (?:of )?(?P<m>{_EN})(?:,? (?P<y>{_YEAR}))?",
    rf"(?P<d>{_DAY}) (?:al|y|a) (?P<d2>{_DAY}) de (?P<m>{_ES})(?: (?:de|del) (?P<y>{_YEAR}))?",
    rf"(?P<m>{_EN}) (?P<d>{_DAY})(?:,? (?P<y>{_YEAR}))?",
    rf"(?P<d>{_DAY}) (?:of )?(?P<m>{_EN})(?:,? (?P<y>{_YEAR}))?",
    rf"(?P<d>{_DAY}) de (?P<m>{_ES})(?: (?:de|del) (?P<y>{_YEAR}))?",
    rf"(?P<m>{_EN}|{_ES}) (?:of |de |del )?(?P<y>{_YEAR})",
    rf"(?<=\()(?P<y>{_YEAR})(?:-|–)(?P<y2>{_YEAR})(?=\))",
    rf"(?:{_AFTER_PREPOSITION})(?P<y>{_YEAR})\b",
]
DATE_REGEXES = [re.compile(pattern) for pattern in DATE_PATTERNS]
WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
RELATIVE = re.compile(
    r"\b(?P<day>today|tomorrow|yesterday|tonight|hoy|ayer|(?<!esta )(?<!la )mañana)\b"
    r"|\b(?P<which>this|next|last|este|el próximo|el pasado|el) "
    rf"(?P<weekday>{'|'.join(WEEKDAYS_EN + WEEKDAYS_ES)})\b",
    re.IGNORECASE,
)
_RANGE_START = re.compile(r"(?:from|between|desde|entre|del|de)\s*$", re.IGNORECASE)
_RANGE_JOIN = re.compile(
    r"^,?\s*(?:to|and|until|till|through|-|–|al|y|hasta|a)(?:\s+el)?\s*$", re.IGNORECASE
)
_PLACE_PREFIX = re.compile(
    r"(?:(?P<place>[A-ZÁÉÍÓÚÑ][^\d,.;:()]{1,40}?),\s+(?:[A-ZÁÉÍÓÚÑ][^\d,.;:()]{1,40}?,\s+)?)?"
)
_DATELINE_END = re.compile(r"\s*(?:\.-|\.–|\.—|[–—-]|\.|:|,)?(?:\s|$)")


class FoundDate(NamedTuple):
    start: int  # where it is written in the sentence
    end: int
    date: str  # ISO 8601 at its precision
    end_date: str | None
    kind: str  # full, yearless, relative, month, year
    written: str


class Dateline(NamedTuple):
    date: str  # ISO day
    place: str | None  # the dateline's city
    paragraph: int
    end: int  # where the dateline ends in its paragraph


def find_dateline(paragraphs: tuple[tuple[int, str], ...], language: str) -> Dateline | None:
    """The dateline at the start of one of the first paragraphs, if there is one: a day with
    its year, after nothing or a place (`Ottawa, Canada, `), before `.-`, `–`, `.` or `:`."""
    for number, (_, paragraph) in enumerate(paragraphs[:6]):
        matches = date_matches(paragraph[:120])
        if not matches or not _has(matches[0], "y", "d", not_="d2"):
            continue
        first = matches[0]
        place = _PLACE_PREFIX.fullmatch(paragraph[: first.start()])
        ending = _DATELINE_END.match(paragraph, first.end())
        parts = _parts(first)
        written = f"{_digits(str(parts['d']))} {parts['m']} {parts['y']}"
        date = _read_date(written, language) if place and ending else None
        if place and ending and date is not None:
            city = place.group("place")
            return Dateline(date.isoformat(), city.strip() if city else None, number, ending.end())
    return None


def dates_in(
    text: str, language: str, *, year: int | None, dateline: str | None
) -> list[FoundDate]:
    """Every date written in `text`, a range as one: yearless ones take `year` (the dateline's,
    or the range's other end), relative words are read against `dateline` (skipped without)."""
    found = [_found(match, language, year) for match in date_matches(text)]
    found += _relative_dates(text, dateline)
    dates = sorted((one for one in found if one is not None), key=lambda one: one.start)
    return _join_ranges(text, dates, language)


def date_matches(text: str) -> list[re.Match[str]]:
    """Where dates are written in `text`: each pattern in turn, a match kept unless an earlier
    pattern already took part of it."""
    taken: list[re.Match[str]] = []
    for regex in DATE_REGEXES:
        for match in regex.finditer(text):
            if all(match.end() <= other.start() or match.start() >= other.end() for other in taken):
                taken.append(match)
    return sorted(taken, key=lambda match: match.start())


def _has(match: re.Match[str], *names: str, not_: str) -> bool:
    parts = match.groupdict()
    return all(parts.get(name) for name in names) and not parts.get(not_)


def _found(match: re.Match[str], language: str, year: int | None) -> FoundDate | None:
    parts = _parts(match)
    if not parts["m"]:
        year_only = str(parts["y"])
        return FoundDate(match.start(), match.end(), year_only, parts["y2"], "year", match.group())
    month = MONTH_NUMBERS.get(parts["m"].rstrip(".").lower())
    if month is None:
        return None
    if not parts["d"]:
        return FoundDate(
            match.start(), match.end(), f"{parts['y']}-{month:02d}", None, "month", match.group()
        )
    given = parts["y"] or year
    if given is None:
        partial = f"--{month:02d}-{_digits(parts['d'])}"  # completed by a range's other end
        return FoundDate(match.start(), match.end(), partial, None, "yearless", match.group())
    first = _read_date(f"{_digits(parts['d'])} {parts['m']} {given}", language)
    if first is None:
        return None
    last = None
    if parts["d2"]:
        read = _read_date(f"{_digits(parts['d2'])} {parts['m']} {given}", language)
        last = read.isoformat() if read else None
    kind = "full" if parts["y"] else "yearless"
    return FoundDate(match.start(), match.end(), first.isoformat(), last, kind, match.group())


def _parts(match: re.Match[str]) -> dict[str, str | None]:
    parts: dict[str, str | None] = dict.fromkeys(("m", "d", "d2", "y", "y2"))
    parts.update(match.groupdict())
    return parts


def _digits(day: str) -> str:
    return re.sub(r"\D", "", day).zfill(2)


def _relative_dates(text: str, dateline: str | None) -> list[FoundDate]:
    if dateline is None:
        return []
    base = dt.date.fromisoformat(dateline)
    found = []
    for match in RELATIVE.finditer(text):
        if match.group("weekday") and match.group("which").lower() == "el":
            continue  # `el jueves` alone: which Thursday is not said
        day = _relative_day(match, base)
        found.append(
            FoundDate(match.start(), match.end(), day.isoformat(), None, "relative", match.group())
        )
    return found


def _relative_day(match: re.Match[str], base: dt.date) -> dt.date:
    word = match.group("day")
    if word:
        shift = {"tomorrow": 1, "mañana": 1, "yesterday": -1, "ayer": -1}.get(word.lower(), 0)
        return base + dt.timedelta(days=shift)
    weekday_name = match.group("weekday").lower()
    names = WEEKDAYS_EN if weekday_name in WEEKDAYS_EN else WEEKDAYS_ES
    target = names.index(weekday_name)
    same_week = base + dt.timedelta(days=target - base.weekday())
    which = match.group("which").lower()
    if which in ("next", "el próximo"):
        return same_week if same_week > base else same_week + dt.timedelta(days=7)
    if which in ("last", "el pasado"):
        return same_week if same_week < base else same_week - dt.timedelta(days=7)
    return same_week  # `this Thursday`, `este jueves`: the Thursday of the dateline's week


def _join_ranges(text: str, dates: list[FoundDate], language: str) -> list[FoundDate]:
    """`from A to B`, `between A and B`, `desde A hasta B` as one date from A to B; a yearless A
    takes B's year."""
    joined: list[FoundDate] = []
    index = 0
    while index < len(dates):
        first = dates[index]
        second = dates[index + 1] if index + 1 < len(dates) else None
        if (
            second is not None
            and first.end_date is None
            and _RANGE_JOIN.match(text[first.end : second.start])
            and (_RANGE_START.search(text[: first.start]) or first.kind == "relative")
            and not first.date.startswith("--")
        ) or (
            second is not None
            and first.date.startswith("--")
            and second.kind == "full"
            and _RANGE_JOIN.match(text[first.end : second.start])
        ):
            start = _with_year(first, second.date[:4], language)
            last = second.end_date or second.date
            if start is not None and start <= last:
                written = text[first.start : second.end]
                kind = second.kind if first.kind == "yearless" else first.kind
                joined.append(FoundDate(first.start, second.end, start, last, kind, written))
                index += 2
                continue
        joined.append(first)
        index += 1
    return [one for one in joined if not one.date.startswith("--")]


def _with_year(found: FoundDate, year: str, language: str) -> str | None:
    if not found.date.startswith("--"):
        return found.date
    month, day = found.date[2:].split("-")
    read = _read_date(f"{day} {MONTHS_EN[int(month) - 1]} {year}", "en")
    return read.isoformat() if read else None


@cache
def _parser(language: str) -> Any:
    from dateparser.date import DateDataParser

    # Every date is handed over as `day month year`, the month as the article writes it
    # (`abril`, `Sept`): dateparser translates the month and checks the day is a real one.
    settings = {"PARSERS": ["custom-formats"], "REQUIRE_PARTS": ["day", "month", "year"]}
    languages = [language, *(other for other in ("en", "es") if other != language)]
    return DateDataParser(languages=languages, settings=settings)


def _read_date(written: str, language: str) -> dt.date | None:
    """`16 May 2022`, `30 abril 2021` read by dateparser, or None if it is no real day."""
    day, month, year = written.split(" ")
    text = f"{int(day)} {month.rstrip('.')} {year}"
    data = _parser(language).get_date_data(text, date_formats=["%d %B %Y"])
    return data.date_obj.date() if data and data.date_obj else None


def require_some_date(
    dates: list[FoundDate],
    dateline: Dateline | None,
    text: str,
    name: str,
    published: str | None = None,
) -> None:
    """ArticleError unless the article gives a date to draft on: a dateline or a dated
    sentence. Dates without a year, and no dateline to take it from, say so."""
    if dateline is not None or dates:
        return
    if published is not None:
        raise ArticleError(
            f"{name} has no sentence pacli can date, even read against --published "
            f"{published}; nothing to draft"
        )
    yearless = [match.group() for match in date_matches(text) if _parts(match)["d"]]
    if yearless:
        raise ArticleError(
            f"{name} gives dates without a year ({yearless[0]}) and no dateline to take it "
            "from; give --published DATE (2022-04-20, or 2022)"
        )
    raise ArticleError(
        f"{name} gives no date: no dateline (`Lima, August 1, 2017.-`) and no dated "
        "sentence; give --published DATE to read its dates against"
    )


ORDINALS = {
    word: number
    for number, words in enumerate(
        [
            ("first", "primer", "primero"), ("second", "segundo"), ("third", "tercer", "tercero"),
            ("fourth", "cuarto"), ("fifth", "quinto"), ("sixth", "sexto"),
            ("seventh", "séptimo"), ("eighth", "octavo"), ("ninth", "noveno"),
            ("tenth", "décimo"), ("eleventh", "undécimo", "decimoprimer", "onceavo"),
            ("twelfth", "duodécimo", "decimosegundo"), ("thirteenth", "decimotercer"),
            ("fourteenth", "decimocuarto"), ("fifteenth", "decimoquinto"),
        ],
        start=1,
    )
    for word in words
}  # fmt: skip
_ANNIVERSARY = re.compile(
    r"\b(?P<ordinal>\w+?)(?:\.º|º)? (?:anniversary|aniversario)|aniversario (?P<es>\w+)\b",
    re.IGNORECASE,
)


def anniversary_years(text: str) -> int | None:
    """N for `eleventh anniversary`, `11th anniversary` or `undécimo aniversario`."""
    match = _ANNIVERSARY.search(text)
    if not match:
        return None
    word = (match.group("ordinal") or match.group("es") or "").lower()
    digits = re.match(r"(\d+)(?:st|nd|rd|th)?$", word)
    if digits:
        return int(digits.group(1))
    return ORDINALS.get(word) or _roman(word)


def _roman(word: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50}
    if not word or any(char not in values for char in word):
        return None
    numbers = [values[char] for char in word]
    return sum(-n if n < after else n for n, after in zip(numbers, [*numbers[1:], 0], strict=True))
