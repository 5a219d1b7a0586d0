"""`pacli export --format html`: one self-contained page to share. Inline CSS, a few lines of
inline JavaScript (a search box that filters the cards) and an SVG timeline; no request leaves
the page, which a Content-Security-Policy also forbids. Every piece of record text is escaped with
`html.escape`, so a title such as `<script>` shows as text. Without JavaScript (as in many mail
programs) every card is shown and the search box stays hidden."""

from __future__ import annotations

import hashlib
import html
from base64 import b64encode
from collections.abc import Iterable
from typing import TextIO
from urllib.parse import urlsplit

from pacli import __version__
from pacli.model.dates import Period, format_period
from pacli.model.records import Person, Record
from pacli.model.vocabulary import RECORD_TYPES
from pacli.render.safe_text import visible
from pacli.render.svg_timeline import card_anchor, svg_timeline
from pacli.render.views import View

STYLE = """
:root { color-scheme: light; --ink: #1c2430; --soft: #5b6575; --line: #d9dee6;
  --event: #0e7490; --agreement: #15803d; --program: #a21caf; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 68rem; padding: 1.5rem; color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
.lede, .meta, .basis, .source, .record-id, .count { color: var(--soft); }
.timeline { width: 100%; height: auto; margin: 1rem 0; }
.timeline text { font-size: 12px; fill: var(--ink); }
.timeline .name { text-anchor: end; }
.timeline .tick { fill: var(--soft); }
.timeline .grid { stroke: var(--line); }
.timeline .grid.minor { stroke-dasharray: 2 3; }
.lane.dim { opacity: .15; }
.event > * { fill: var(--event); stroke: var(--event); }
.agreement > * { fill: var(--agreement); stroke: var(--agreement); }
.program > * { fill: var(--program); stroke: var(--program); }
.approx { fill-opacity: .22; stroke-dasharray: 3 2; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; margin: 0; padding: 0;
  list-style: none; font-size: .9rem; }
.legend svg { width: 2.2rem; height: 1rem; vertical-align: middle; }
.search { margin: 1.5rem 0 1rem; }
.search input { width: 100%; max-width: 30rem; padding: .5rem .7rem; font: inherit;
  border: 1px solid var(--soft); border-radius: .4rem; }
.cards { display: grid; gap: 1rem; }
.card { border: 1px solid var(--line); border-left: .35rem solid var(--soft);
  border-radius: .5rem; padding: 1rem 1.25rem; }
.card.event { border-left-color: var(--event); }
.card.agreement { border-left-color: var(--agreement); }
.card.program { border-left-color: var(--program); }
.card:target { outline: 2px solid var(--ink); }
.card h2 { margin: 0; font-size: 1.15rem; }
.card p { margin: .4rem 0; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem;
  margin: .6rem 0; }
.card dt { color: var(--soft); }
.card dd { margin: 0; }
blockquote { margin: .8rem 0 0; padding-left: 1rem; border-left: 3px solid var(--line); }
blockquote p { font-style: italic; }
.record-id { font-size: .85rem; }
@media print { .search { display: none; } .card { break-inside: avoid; } }
"""

SCRIPT = """
"use strict";
(function () {
  var bar = document.getElementById("search");
  var box = document.getElementById("search-box");
  var count = document.getElementById("count");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var lanes = {};
  document.querySelectorAll(".lane").forEach(function (lane) {
    lanes[lane.getAttribute("data-card")] = lane;
  });
  function fold(text) {
    return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
  }
  var texts = cards.map(function (card) { return fold(card.textContent); });
  function filter() {
    var words = fold(box.value).split(/\\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card, index) {
      var match = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
      card.hidden = !match;
      var lane = lanes[card.id];
      if (lane) { lane.classList.toggle("dim", !match); }
      if (match) { shown += 1; }
    });
    count.textContent = words.length ? shown + " of " + cards.length + " records match" : "";
  }
  box.addEventListener("input", filter);
  bar.hidden = false;
})();
"""


def _source_hash(text: str) -> str:
    """The CSP source that allows exactly this inline style or script."""
    return "'sha256-" + b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# Nothing may be fetched, framed or submitted; only this page's own style and script run.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src {_source_hash(STYLE)}; script-src {_source_hash(SCRIPT)}; "
    "base-uri 'none'; form-action 'none'"
)
FINEST_FIRST = ("day", "month", "year")
DATE_BASIS_TEXT = {
    "stated": "stated in the source",
    "dateline": "the article's dateline",
    "inferred": "inferred",
    "unknown": "how it is known is not recorded",
}
SWATCHES = (
    ("a day", '<circle cx="18" cy="8" r="5"/>'),
    ("a period", '<rect x="2" y="3" width="32" height="10" rx="2"/>'),
    (
        "known only to the month or year",
        '<rect class="approx" x="2" y="3" width="32" height="10"/>',
    ),
)


def _legend() -> str:
    """What the marks and their colours mean, each beside a small drawing of it."""
    items = [(meaning, "event", shape) for meaning, shape in SWATCHES]
    items += [
        (name, name, '<rect x="12" y="3" width="12" height="10" rx="2"/>') for name in RECORD_TYPES
    ]
    drawn = "".join(
        f'<li><svg viewBox="0 0 36 16" aria-hidden="true"><g class="swatch {kind}">{shape}</g>'
        f"</svg> {meaning}</li>"
        for meaning, kind, shape in items
    )
    return f'<ul class="legend" aria-label="Legend">{drawn}</ul>'


def _text(value: str) -> str:
    """Record text as HTML text: control characters shown, markup escaped."""
    return html.escape(visible(value))


def _date_line(record: Record) -> str:
    """The date, how it is known, and its precision when it is less than a day."""
    period = record.period
    ends = (period.precision, period.end_precision or period.precision)
    coarsest = max(ends, key=FINEST_FIRST.index)
    parts = [f'<time datetime="{html.escape(record.date)}">{format_period(period)}</time>']
    if coarsest != "day":
        parts.append(f"known only to the {coarsest}")
    basis = DATE_BASIS_TEXT.get(record.date_basis, _text(record.date_basis))
    parts.append(f"date {basis}" if record.date_basis != "unknown" else basis)
    line = " · ".join(parts)
    if record.date_note:
        line += f'<br><span class="note">{_text(record.date_note)}</span>'
    return f'<p class="basis">{line}</p>'


def _person(person: Person) -> str:
    extra = ", ".join(part for part in (person.role, person.country) if part)
    return _text(person.name) + (f" ({_text(extra)})" if extra else "")


def _facts(record: Record) -> str:
    rows = [
        ("Countries", [_text(country) for country in record.countries]),
        ("People", [_person(person) for person in record.people]),
        ("Places", [_text(place) for place in record.places]),
        ("Organizations", [_text(name) for name in record.organizations]),
        ("Tags", [_text(tag) for tag in record.tags]),
    ]
    items = "".join(f"<dt>{label}</dt><dd>{'; '.join(v)}</dd>" for label, v in rows if v)
    return f"<dl>{items}</dl>"


def web_link(url: str | None, text: str) -> str:
    """A link to a web page; any other kind of address (javascript:, file:) is not linked."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return f'<a href="{html.escape(url.strip())}" rel="noopener noreferrer">{text}</a>'
    return text


def _source(record: Record) -> str:
    source = record.source
    if source is None:
        return ""
    cited = web_link(source.url, _text(source.title or "source"))
    published = f", published {_text(source.published)}" if source.published else ""
    quote = f"<p>“{_text(source.quote)}”</p>" if source.quote else ""
    return f'<blockquote>{quote}<p class="source">— {cited}{published}</p></blockquote>'


def record_card(record: Record) -> str:
    details = "".join(f"<li>{_text(detail)}</li>" for detail in record.details)
    return "\n".join(
        [
            f'<article class="card {html.escape(record.type)}" id="{card_anchor(record.id)}">',
            f"<h2>{_text(record.title)}</h2>",
            f'<p class="meta">{_text(record.type)}</p>',
            _date_line(record),
            _facts(record),
            f'<p class="summary">{_text(record.summary)}</p>',
            f"<ul>{details}</ul>" if details else "",
            _source(record),
            f'<p class="record-id">id: {_text(record.id)}</p>',
            "</article>",
        ]
    )


def page(records: list[Record]) -> Iterable[str]:
    """The page, in pieces to write one after another."""
    count = f"{len(records)} record{'s' if len(records) != 1 else ''}"
    span = f", {format_period(_whole_span(records))}" if records else ""
    yield (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Pacific Alliance records</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header><h1>Pacific Alliance records</h1><p class="lede">{count}{span}, '
        f"each traced to its source. Exported by pacli {__version__}.</p></header>\n"
    )
    yield svg_timeline(records) + "\n"
    yield (_legend() if records else "<p>No records match.</p>") + "\n"
    yield (
        '<div class="search" id="search" hidden><label for="search-box">Search the records</label>'
        '<br><input type="search" id="search-box" autocomplete="off" '
        'placeholder="a word, a name, a country">'
        '<p class="count" id="count" aria-live="polite"></p></div>\n<main class="cards">\n'
    )
    for record in records:
        yield record_card(record) + "\n"
    yield f"</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"


def _whole_span(records: list[Record]) -> Period:
    """From the first record's start to the last one's end, each at its precision."""
    first = min(records, key=lambda record: record.period.start).period
    last = max(records, key=lambda record: record.period.end).period
    return Period(first.start, last.end, first.precision, last.end_precision or last.precision)


def write(view: View, output_format: str, out: TextIO) -> None:
    for piece in page(list(view.payload)):
        out.write(piece)
