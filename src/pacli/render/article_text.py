"""A kept article written out with a record's quote marked: highlighted in a terminal (Rich,
imported only then), between `>>>` and `<<<` in plain text; and drafts shown for review with
their quotes. Control characters are shown (`\\x1b`), never sent to the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from pacli.storage.sources_table import CONTROL_CHARACTER

QUOTE_START, QUOTE_END = ">>>", "<<<"


def visible(text: str) -> str:
    """`text` with each control character written as its escape (`\\x1b`)."""
    return CONTROL_CHARACTER.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def write_plain(text: str, span: tuple[int, int] | None, out: TextIO) -> None:
    """The article as it is kept, with the quote between `>>>` and `<<<`."""
    if span is not None:
        start, end = span
        text = f"{text[:start]}{QUOTE_START}{text[start:end]}{QUOTE_END}{text[end:]}"
    out.write(visible(text).rstrip("\n") + "\n")


def write_terminal(header: str, text: str, span: tuple[int, int] | None, out: TextIO) -> None:
    """A header line, then the article with the quote highlighted, for a person to read."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False)
    console.print(Text(visible(header), style="dim"))
    body = Text()
    if span is None:
        body.append(visible(text))
    else:
        start, end = span
        body.append(visible(text[:start]))
        body.append(visible(text[start:end]), style="bold reverse")
        body.append(visible(text[end:]))
    console.print(body)


def write_drafts(drafts: Sequence[dict[str, Any]], out: TextIO) -> None:
    """Drafts for review in a terminal: date and how it is known, type, title, countries, and
    the quote under each title."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from pacli.render.long_lines import countries_label

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Title and quote", ratio=3, overflow="fold")
    table.add_column("Countries", ratio=1, overflow="fold")
    for draft in drafts:
        date = " – ".join(part for part in (draft.get("date"), draft.get("end_date")) if part)
        cell = Text(visible(str(draft.get("title"))), style="bold")
        quote = str((draft.get("source") or {}).get("quote") or "")
        cell.append("\n" + visible(quote if len(quote) < 200 else quote[:199] + "…"), style="dim")
        table.add_row(
            Text(visible(f"{date}\n{draft.get('date_basis')}")),
            Text(visible(str(draft.get("type")))),
            cell,
            Text(visible(countries_label(draft.get("countries") or []))),
        )
    Console(file=out, highlight=False).print(table)
