"""Exit codes and the errors the core raises; the CLI turns each into one line on stderr."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    SUCCESS = 0
    FAILURE = 1  # a bad store or a failed operation
    USAGE = 2  # wrong usage: a bad option value, an unknown country, ...
    NOT_FOUND = 3  # an id that does not exist
    INTERRUPTED = 130
    OUTPUT_CLOSED = 141  # the reader of stdout went away (`pacli list | head`), as for SIGPIPE


class PacliError(Exception):
    """An error with a one-line message meant for the user."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(PacliError):
    exit_code = ExitCode.USAGE


class StoreError(PacliError):
    """A store that is missing, unreadable, malformed or fails the schema."""

    exit_code = ExitCode.FAILURE


class NotFoundError(PacliError):
    exit_code = ExitCode.NOT_FOUND
