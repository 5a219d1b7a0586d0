"""Exit codes and every error pacli raises; the CLI turns each into one line on stderr (and, when
an error carries several `problems`, one line for each of them first)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    SUCCESS = 0
    FAILURE = 1  # a bad store or a failed operation
    USAGE = 2  # wrong usage: a bad option value, an unknown country, ...
    NOT_FOUND = 3  # an id that does not exist
    INTERRUPTED = 130
    OUTPUT_CLOSED = 141  # the reader of stdout went away (`pacli list | head`), as for SIGPIPE


class PacliError(Exception):
    """An error with a one-line message meant for the user, and the problems behind it."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class UsageError(PacliError):
    exit_code = ExitCode.USAGE


class StoreError(PacliError):
    """A store that is missing, unreadable, malformed or fails the schema."""

    exit_code = ExitCode.FAILURE


class NotFoundError(PacliError):
    exit_code = ExitCode.NOT_FOUND


class ReadOnlyRecordError(PacliError):
    """An attempt to change a record of the bundled store."""


class RecordProblems(PacliError):
    """Input that cannot become valid records; `problems` has one line per problem."""

    exit_code = ExitCode.USAGE


class ImportProblems(RecordProblems):
    """A file whose records cannot all be imported: the operation failed, nothing was written."""

    exit_code = ExitCode.FAILURE


class ImportFileError(PacliError):
    """A file to import that cannot be read at all."""


class CacheDamaged(PacliError):
    """A large store's cache that could not be read while a command used it; the command line
    removes it (`cache_file`) and runs the command again, which rebuilds it."""

    def __init__(self, message: str, cache_file: Path) -> None:
        super().__init__(message)
        self.cache_file = cache_file


class ArticleError(PacliError):
    """An article that cannot be read (missing, empty, binary, not UTF-8) or drafted from."""
