"""Files pacli writes that are not stores: export's --output. A regular file is replaced
atomically, and only when it may be written; anything else a path can name (a terminal, a pipe,
/dev/null, /dev/stdout) is written into, never replaced; a symlink is followed to its target."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from pacli.errors import PacliError, UsageError
from pacli.storage.writes import write_atomically

# Paths that name a stream of this process, however they resolve.
STREAM_PREFIXES = ("/dev/", "/proc/self/fd/")


def check_not_a_store(path: Path, stores: Sequence[Path]) -> None:
    """UsageError when `path` is one of the stores being read (by any name): writing the export
    there would replace the store with it."""
    for store in stores:
        try:
            same = os.path.samefile(path, store)
        except OSError:  # either does not exist (yet): not the same file
            continue
        if same:
            raise UsageError(
                f"--output {path} is the store being read ({store}); write the export to "
                "another file"
            )


def write_destination(path: Path, text: str) -> None:
    """Write `text` to `path` by the rules above; PacliError naming the path otherwise."""
    if str(path).startswith(STREAM_PREFIXES):
        _write_into(path, text)
        return
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):  # a symlink loop
        raise PacliError(f"cannot write {path}: it is a symlink that loops") from None
    try:
        status = target.stat()
    except FileNotFoundError:
        _replace(target, text, path)  # a new file (through a dangling link: its target)
        return
    except OSError as error:
        raise PacliError(f"cannot write {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(status.st_mode):
        raise PacliError(f"cannot write {path}: it is a directory; give a file name")
    if not stat.S_ISREG(status.st_mode):
        _write_into(target, text)
        return
    if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise PacliError(f"cannot write {path}: the file is read-only; it was not changed")
    _replace(target, text, path)


def _replace(target: Path, text: str, given: Path) -> None:
    try:
        write_atomically(target, text)
    except OSError as error:
        raise PacliError(f"cannot write {given}: {error.strerror or error}") from None


def _write_into(path: Path, text: str) -> None:
    try:
        # Appended, never created or emptied: `-o /dev/stdout >> log` keeps what the log held.
        with open(os.open(path, os.O_WRONLY | os.O_APPEND), "w", encoding="utf-8") as stream:
            stream.write(text)
    except BrokenPipeError:  # `-o /dev/stdout | head`: the reader left, as with stdout itself
        raise
    except OSError as error:
        raise PacliError(f"cannot write {path}: {error.strerror or error}") from None
