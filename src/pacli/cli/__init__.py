"""The pacli command line: each command reads its options, calls the core once and hands the
result to one output form."""

from __future__ import annotations

from pacli.cli.application import app


def main() -> None:
    """The `pacli` entry point."""
    app(prog_name="pacli")


__all__ = ["app", "main"]
