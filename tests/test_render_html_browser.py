"""The HTML export in a real browser: Debian's Chromium, headless, driven by Playwright (which
only launches it: it never downloads a browser of its own). The page loads with no console error
and no request beyond its own file, draws one SVG mark per record, and its search box hides the
cards that do not match. `.ci/run` installs chromium where it is missing."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pacli.model.text import fold
from tests.conftest import StoreFactory
from tests.helpers import Invoke, make_record

pytestmark = pytest.mark.slow  # each test starts a browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As root on a machine with no network: no sandbox, and nothing that phones home.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


class Visit:
    """A page opened in the browser, with everything it said and asked for."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.console.append(f"error: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", self._dismiss)

    def _dismiss(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visible_cards(self) -> list[str]:
        return [str(card.get_attribute("id")) for card in self.page.locator(".card:visible").all()]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


def open_page(browser: Any, path: Path, *, scripts: bool = True) -> Visit:
    context = browser.new_context(
        java_script_enabled=scripts, viewport={"width": 1000, "height": 900}
    )
    visit = Visit(context.new_page())
    visit.page.goto(path.as_uri())
    return visit


def export(invoke: Invoke, target: Path, *args: str) -> Path:
    result = invoke("export", "--format", "html", "-o", str(target), *args)
    assert result.exit_code == 0, result.stderr
    return target


def shown_text(record: dict[str, Any]) -> str:
    """Everything of a record that its card shows, folded as the search box folds it."""
    source = record["source"] or {}
    parts = [
        record["id"],
        record["title"],
        record["type"],
        record["summary"],
        record["date_note"] or "",
    ]
    parts += record["countries"] + record["places"] + record["organizations"] + record["tags"]
    parts += record["details"] + [source.get("title") or "", source.get("quote") or ""]
    parts += [" ".join(filter(None, person.values())) for person in record["people"]]
    return fold(" ".join(parts))


def test_the_page_in_chromium(invoke: Invoke, browser: Any, tmp_path: Path) -> None:
    records = json.loads(invoke("export", "--json").stdout)
    visit = open_page(browser, export(invoke, tmp_path / "all.html"))
    page = visit.page
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    assert page.locator("svg.timeline .mark").count() == len(records)
    assert page.locator("svg.timeline .mark").first.is_visible()
    assert len(visit.visible_cards()) == len(records)

    page.locator("#search-box").press_sequentially("BAHIA malaga")  # typed without accents
    expected = [
        f"r-{r['id']}" for r in records if {"bahia", "malaga"} <= set(shown_text(r).split())
    ]
    assert 1 <= len(expected) < len(records)
    assert visit.visible_cards() == expected
    assert page.locator(".lane.dim").count() == len(records) - len(expected)
    assert (
        page.locator("#count").text_content() == f"{len(expected)} of {len(records)} records match"
    )

    page.locator("#search-box").fill("")
    assert len(visit.visible_cards()) == len(records)
    assert visit.console == []  # no error, no warning, no CSP complaint
    assert visit.requests == [(tmp_path / "all.html").as_uri()]  # nothing fetched


def test_without_javascript_every_card_shows(invoke: Invoke, browser: Any, tmp_path: Path) -> None:
    visit = open_page(browser, export(invoke, tmp_path / "kr.html", "-c", "KR"), scripts=False)
    assert len(visit.visible_cards()) == 5
    assert not visit.page.locator("#search-box").is_visible()  # no box that cannot work


def test_record_markup_never_runs(
    invoke: Invoke, browser: Any, tmp_path: Path, make_store: StoreFactory
) -> None:
    title = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    store = make_store([make_record("2022-06-01-hostile", title=title)])
    visit = open_page(browser, export(invoke, tmp_path / "hostile.html", "--db", str(store)))
    assert visit.page.locator(".card h2").text_content() == title
    assert visit.page.locator("img").count() == 0
    assert visit.dialogs == [] and visit.console == []
