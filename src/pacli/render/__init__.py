"""Output forms, one module each, behind one interface. Only the table form imports Rich."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Protocol

from pacli.countries import Country
from pacli.records import Record
from pacli.search import Hit

Facets = dict[str, list[tuple[str, int]]]

# name -> module; a module is imported only when its form is asked for.
FORMAT_MODULES = {"table": "pacli.render.table", "json": "pacli.render.json_output"}
OUTPUT_FORMATS = tuple(FORMAT_MODULES)


class Renderer(Protocol):
    def records(self, records: Sequence[Record]) -> None: ...

    def timeline(self, records: Sequence[Record]) -> None: ...

    def record(
        self, record: Record, related: Sequence[Record], similar: Sequence[Record]
    ) -> None: ...

    def countries(self, rows: Sequence[tuple[Country, int]]) -> None: ...

    def search(self, hits: Sequence[Hit]) -> None: ...

    def stats(self, total: int, facets: Facets) -> None: ...


def get_renderer(output_format: str) -> Renderer:
    module = importlib.import_module(FORMAT_MODULES[output_format])
    renderer: Renderer = module.RENDERER
    return renderer
