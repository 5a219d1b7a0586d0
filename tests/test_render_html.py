"""`pacli export --format html`, read back by an HTML5 parser (html5lib): a valid page that
stands alone, one SVG mark and one card per record, and record text that stays text."""

from __future__ import annotations

import hashlib
import json
from base64 import b64encode
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import pytest

from pacli.render.html import web_link
from pacli.render.svg_timeline import shortened
from tests.conftest import StoreFactory
from tests.helpers import Invoke, make_record

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_TITLE = "<script>alert(1)</script>"


def parse(page: str) -> Element:
    """The page as html5lib's tree; a parse error of any kind fails the test."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    document: Element = parser.parse(page)
    return document


def export_page(invoke: Invoke, *args: str) -> str:
    result = invoke("export", "--format", "html", *args)
    assert result.exit_code == 0, result.stderr
    text: str = result.stdout
    return text


def classes(element: Element) -> set[str]:
    return set(element.get("class", "").split())


def text_of(element: Element) -> str:
    return "".join(element.itertext())


def cards(document: Element) -> list[Element]:
    return [e for e in document.iter(f"{XHTML}article") if "card" in classes(e)]


def test_the_bundled_page_is_valid_html5_with_a_mark_and_a_card_per_record(
    invoke: Invoke,
) -> None:
    records = json.loads(invoke("export", "--json").stdout)
    document = parse(export_page(invoke))
    (svg,) = [e for e in document.iter(f"{SVG}svg") if "timeline" in classes(e)]
    marks = [e for e in svg.iter(f"{SVG}g") if "mark" in classes(e)]
    assert len(marks) == len(records)
    assert [text_of(card.find(f"{XHTML}h2")) for card in cards(document)] == [  # type: ignore[arg-type]
        record["title"] for record in records
    ]
    types = [next(iter(classes(mark) - {"mark"})) for mark in marks]
    assert types == [record["type"] for record in records]


def test_the_page_says_how_each_date_is_known(invoke: Invoke) -> None:
    document = parse(export_page(invoke, "--country", "KR"))
    shown = {card.get("id"): text_of(card) for card in cards(document)}
    declaration = shown["r-2018-declaration-of-puerto-vallarta"]
    assert "2018 · known only to the year · date inferred" in declaration
    negotiations = shown["r-2022-06-23-south-korea-fta-negotiations-begin"]
    assert "23 Jun 2022 · date stated in the source" in negotiations
    assert len(shown) == 5


def test_the_page_stands_alone(invoke: Invoke) -> None:
    page = export_page(invoke)
    document = parse(page)
    (policy,) = [
        meta.get("content", "")
        for meta in document.iter(f"{XHTML}meta")
        if meta.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy.startswith("default-src 'none';")
    # No resource is loaded from anywhere: no src, no stylesheet link; links only to sources.
    assert not any(element.get("src") for element in document.iter())
    assert not list(document.iter(f"{XHTML}link"))
    for link in document.iter(f"{XHTML}a"):
        assert link.get("href", "").startswith(("#", "https://", "http://"))
    for tag in ("style", "script"):
        (element,) = list(document.iter(f"{XHTML}{tag}"))
        digest = b64encode(hashlib.sha256((element.text or "").encode()).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in policy  # the browser will run exactly these


@pytest.fixture
def hostile_store(make_store: StoreFactory) -> Path:
    return make_store(
        [
            make_record(
                "2022-06-01-hostile",
                title=HOSTILE_TITLE,
                summary='<img src=x onerror="alert(2)"> & "quotes"',
                details=["</article><article>", "bell\x07 and escape\x1b[31m"],
                people=[{"name": "<b>Ana</b>", "role": None, "country": None}],
                source={
                    "title": "<i>Feed</i>",
                    "published": "2022-06-02",
                    "url": 'https://example.org/"onclick="alert(3)',
                    "quote": "]]><!--",
                },
            ),
            make_record(
                "2022-06-02-plain",
                title="A plain record",
                source={
                    "title": "Site",
                    "published": None,
                    "url": "https://example.org/a?b=1&c=<2>",
                    "quote": None,
                },
            ),
        ]
    )


def test_record_markup_is_shown_as_text(invoke: Invoke, hostile_store: Path) -> None:
    page = export_page(invoke, "--db", str(hostile_store))
    document = parse(page)
    hostile, plain = cards(document)
    assert text_of(hostile.find(f"{XHTML}h2")) == HOSTILE_TITLE  # type: ignore[arg-type]
    assert len(list(document.iter(f"{XHTML}script"))) == 1  # the page's own, nothing more
    assert not list(document.iter(f"{XHTML}img")) and not list(document.iter(f"{XHTML}b"))
    shown = text_of(hostile)
    assert '<img src=x onerror="alert(2)"> & "quotes"' in shown
    assert "</article><article>" in shown and "<b>Ana</b>" in shown
    assert "bell\\x07 and escape\\x1b[31m" in shown  # control characters shown, not written
    (link,) = list(hostile.iter(f"{XHTML}a"))
    assert link.get("href") == 'https://example.org/"onclick="alert(3)'
    assert link.get("onclick") is None and text_of(link) == "<i>Feed</i>"
    (link,) = list(plain.iter(f"{XHTML}a"))
    assert link.get("href") == "https://example.org/a?b=1&c=<2>"
    tooltips = [text_of(title) for title in document.iter(f"{SVG}title")]
    assert f"{HOSTILE_TITLE}: 1 Jun 2022" in tooltips


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JavaScript:alert(1)", "file:///etc", "data:,x"]
)
def test_only_web_addresses_become_links(url: str) -> None:
    assert web_link(url, "the source") == "the source"
    assert (
        web_link("https://example.org", "x")
        == '<a href="https://example.org" rel="noopener noreferrer">x</a>'
    )


def test_lane_names_are_cut_to_fit_beside_the_axis() -> None:
    assert shortened("Declaration of Puerto Vallarta", 38) == "Declaration of Puerto Vallarta"
    latin = shortened("South Korea states intention to become an Associated State", 38)
    assert latin.endswith("…") and len(latin) <= 38
    korean = shortened("한국과 태평양 동맹 자유무역협정 협상 개시 발표와 후속 조치", 38)
    syllables = sum(1 for char in korean if "가" <= char <= "힣")
    assert korean.endswith("…") and 2 * syllables + korean.count(" ") + 1 <= 38  # two wide each


def test_no_records_is_still_a_page(invoke: Invoke) -> None:
    document = parse(export_page(invoke, "--year", "1990"))
    assert not cards(document)
    assert "No records match." in text_of(document)


def test_output_file_and_refused_options(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "korea.html"
    result = invoke("export", "--format", "html", "--country", "KR", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert str(target) in result.stderr  # says where it wrote
    assert len(cards(parse(target.read_text(encoding="utf-8")))) == 5
    refused = invoke("export", "--format", "html", "--fields", "id")
    assert refused.exit_code == 2
    assert "--fields applies to json, jsonl and csv, not html" in refused.stderr


def test_every_record_of_a_large_export_has_its_mark(
    invoke: Invoke, make_store: StoreFactory
) -> None:
    records: list[dict[str, Any]] = [
        make_record(f"{1990 + n % 30}-record-{n:03d}", date=str(1990 + n % 30)) for n in range(120)
    ]
    document = parse(export_page(invoke, "--db", str(make_store(records))))
    marks = [e for e in document.iter(f"{SVG}g") if "mark" in classes(e)]
    assert len(marks) == len(cards(document)) == 120
