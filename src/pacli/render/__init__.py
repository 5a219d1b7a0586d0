"""Output forms. A command turns its result into a `View` (pacli.render.views); each form writes a
view its own way, from its own module, imported only when that form is asked for."""

from __future__ import annotations

import importlib
import sys
from typing import TextIO

from pacli.errors import UsageError
from pacli.render.views import View

# form -> module with `write(view, out)`
FORM_MODULES = {
    "table": "pacli.render.table",
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


def choose_format(
    given: str | None,
    *,
    as_json: bool = False,
    jsonl: bool = False,
    allowed: tuple[str, ...] = OUTPUT_FORMATS,
) -> str:
    """The form asked for; without one, a table in a terminal and tab-separated lines in a pipe."""
    asked = [name for name, flag in (("json", as_json), ("jsonl", jsonl)) if flag]
    if given is not None:
        asked.append(given.lower())
    if len(set(asked)) > 1:
        raise UsageError(f"choose one output form, not {' and '.join(dict.fromkeys(asked))}")
    if asked:
        if asked[0] not in allowed:
            raise UsageError(f"unknown format {asked[0]!r}; use {', '.join(allowed)}")
        return asked[0]
    return "table" if sys.stdout.isatty() else "tsv"


def write(view: View, output_format: str, out: TextIO | None = None) -> None:
    module = importlib.import_module(FORM_MODULES[output_format])
    module.write(view, output_format, out or sys.stdout)
