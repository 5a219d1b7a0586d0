"""Output forms. A command turns its result into a `View` (pacli.render.views); each form writes a
view its own way, from its own module, imported only when that form is asked for."""

from __future__ import annotations

import importlib
import sys
from typing import TextIO

from pacli.errors import PacliError, UsageError
from pacli.render.views import View

# form -> module with `write(view, form, out)`
FORM_MODULES = {
    "table": "pacli.render.table",
    "lines": "pacli.render.machine",  # a table piped to another program: tsv with no header
    "text": "pacli.render.plain",  # one record piped: `field:<TAB>value` lines, then its text
    "tsv": "pacli.render.machine",
    "csv": "pacli.render.machine",
    "json": "pacli.render.machine",
    "jsonl": "pacli.render.machine",
    "markdown": "pacli.render.markdown",
    "ics": "pacli.render.ics",
    "html": "pacli.render.html",
}
OUTPUT_FORMATS = ("table", "tsv", "csv", "json", "jsonl")
EXPORT_FORMATS = ("json", "jsonl", "csv", "markdown", "ics", "html")
stdout_written = False  # set once a command has written data to stdout

# Forms a person reads: record text is made visible there (pacli.render.safe_text).
HUMAN_FORMS = ("table", "text", "markdown", "ics", "html")


def choose_format(
    given: str | None,
    *,
    as_json: bool = False,
    jsonl: bool = False,
    allowed: tuple[str, ...] = OUTPUT_FORMATS,
    piped: str = "lines",
) -> str:
    """The form asked for; without one, a table in a terminal and `piped` (tab-separated lines
    without a header, or for one record plain text) when the output goes to another program."""
    asked = [name for name, flag in (("json", as_json), ("jsonl", jsonl)) if flag]
    if given is not None:
        asked.append(given.lower())
    if len(set(asked)) > 1:
        raise UsageError(f"choose one output form, not {' and '.join(dict.fromkeys(asked))}")
    if asked:
        if asked[0] not in allowed:
            raise UsageError(f"unknown format {asked[0]!r}; use {', '.join(allowed)}")
        return asked[0]
    return "table" if sys.stdout.isatty() else piped


def write(view: View, output_format: str, out: TextIO | None = None) -> None:
    if output_format in HUMAN_FORMS:
        from pacli.model.limits import MAX_SHOWN_CHARS
        from pacli.render.safe_text import displayable

        limit = MAX_SHOWN_CHARS if output_format == "table" else None  # a terminal: cut it short
        view = view._replace(
            payload=displayable(view.payload, limit), rows=displayable(view.rows, limit)
        )
    module = importlib.import_module(FORM_MODULES[output_format])
    if out is not None:
        module.write(view, output_format, out)
        return
    global stdout_written
    stdout_written = True
    try:
        module.write(view, output_format, sys.stdout)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise PacliError(f"cannot write to stdout: {error.strerror or error}") from None
