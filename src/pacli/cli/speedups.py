"""Why `pacli` starts faster than a bare Typer app: two changes to how Typer builds commands.

1. Lazy commands: `pacli --help` lists every command, but running one imports and builds only
   that command's module (`LazyCommands`), so start-up pays for one command, not thirteen.
2. No pydantic: Typer 0.29 imports pydantic and builds a TypeAdapter for each parameter of the
   command that runs, some 50 ms. pacli's parameters are bool, str, list[str] or Path, which
   `_PlainValue` converts directly. It sets Typer's private `_runtime_param`; where Typer's
   internals differ from 0.29's, nothing is changed and Typer converts the values itself, only
   more slowly. tests/test_speedups.py fails if `pacli list` imports pydantic again.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any, get_args, get_origin

import typer

# Where each command is defined, in the order `pacli --help` lists them. A command's module is
# imported, and its options built, only when that command runs: start-up pays for one command.
COMMAND_MODULES = {
    "list": "pacli.cli.reading",
    "search": "pacli.cli.reading",
    "show": "pacli.cli.reading",
    "timeline": "pacli.cli.reading",
    "countries": "pacli.cli.reading",
    "stats": "pacli.cli.reading",
    "add": "pacli.cli.records",
    "edit": "pacli.cli.records",
    "remove": "pacli.cli.records",
    "import": "pacli.cli.files",
    "export": "pacli.cli.files",
    "validate": "pacli.cli.files",
    "where": "pacli.cli.files",
    "ingest": "pacli.cli.articles",
    "source": "pacli.cli.articles",
    "verify": "pacli.cli.articles",
}
# name -> the one-command Typer app that `pacli.cli.application.command` made for it
COMMAND_APPS: dict[str, typer.Typer] = {}


class LazyCommands(MutableMapping[str, Any]):
    """The group's commands by name, each built from its module the first time it is asked for."""

    def __init__(self) -> None:
        self.built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in COMMAND_MODULES:
                raise KeyError(name)
            importlib.import_module(COMMAND_MODULES[name])
            built = typer.main.get_command(COMMAND_APPS[name])
            built.name = name
            self.built[name] = built
        return self.built[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self.built[name] = value

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMAND_MODULES)

    def __len__(self) -> int:
        return len(COMMAND_MODULES)


TRUE_WORDS = ("1", "true", "t", "yes", "y", "on")


class _PlainValue:
    """Typer's conversion of a bool, str, list[str] or Path parameter, done directly. Typer 0.29
    imports pydantic and builds a TypeAdapter for each parameter of a command that runs: some
    50 ms, more than all the rest of `pacli search` on the bundled store."""

    def __init__(self, kind: type) -> None:
        self.kind = kind

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        many = param.multiple or param.nargs == -1
        if value is None:
            return () if many else None
        if many:
            return [self._one(item) for item in value]
        return self._one(value)

    def _one(self, value: Any) -> Any:
        if self.kind is bool and not isinstance(value, bool):
            return str(value).strip().lower() in TRUE_WORDS
        return self.kind(value)


def _plain_kind(annotation: Any) -> type | None:
    if annotation in (bool, str, Path):
        return annotation  # type: ignore[no-any-return]
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return str
    return None


def use_plain_conversion(params: list[Any]) -> None:
    """Give each plain parameter a `_PlainValue`. Where Typer's internals differ from 0.29's,
    nothing is changed and Typer converts the values itself, only more slowly."""
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        kind = _plain_kind(getattr(descriptor, "annotation", None))
        if kind is not None and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = _PlainValue(kind)
