"""How the core reports to the person running pacli without knowing how: the CLI passes these in."""

from __future__ import annotations

from collections.abc import Callable

Notify = Callable[[str], None]  # one line for the person at the terminal (stderr)
Progress = Callable[[int, int], None]  # records done, records in all
