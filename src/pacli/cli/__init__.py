"""The pacli command line: each command reads its options, calls the core once and hands the
result to one output form."""

from __future__ import annotations

import os
import signal


def _interrupted(signum: int, frame: object) -> None:
    os._exit(130)  # Ctrl-C while pacli is still starting: leave at once, with no traceback


_starting = signal.signal(signal.SIGINT, _interrupted)
try:
    from pacli.cli.application import app
finally:
    signal.signal(signal.SIGINT, _starting)


def main() -> None:
    """The `pacli` entry point."""
    import sys

    if sys.stderr is None:  # started with `2>&-`: print(file=None) would write to stdout
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - open as long as pacli runs
    if sys.stdout is None:  # started with stdout closed (`pacli list >&-`): do nothing
        print("pacli: error: stdout is closed; nothing was done", file=sys.stderr)
        sys.exit(1)
    for number, argument in enumerate(sys.argv[1:], start=1):
        if any("\udc80" <= char <= "\udcff" for char in argument):  # bytes that were no UTF-8
            shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            print(f"pacli: error: argument {number} ({shown!r}) is not UTF-8 text", file=sys.stderr)
            sys.exit(2)
    app(prog_name="pacli")


__all__ = ["app", "main"]
