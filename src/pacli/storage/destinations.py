"""Files pacli writes that are not stores: export's --output. A regular file is replaced
atomically, and only when it may be written; a descriptor of this process (/dev/stdout,
/dev/fd/3) is written through itself, where the shell's `>` or `>>` left it; anything else a
path can name (a terminal, a pipe, /dev/null) is written into, never replaced or created; a
symlink is followed to its target."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, NamedTuple

from pacli.errors import PacliError, UsageError
from pacli.storage.writes import write_atomically

# Paths that name a descriptor of this process, however they resolve.
DESCRIPTOR_NAMES = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
DESCRIPTOR_DIRECTORIES = ("/dev/fd/", "/proc/self/fd/")


def check_not_a_store(path: Path, stores: Sequence[Path]) -> None:
    """UsageError when `path` is one of `stores` (by any name, or one not created yet):
    writing the export there would replace the store with it."""
    for store in stores:
        if _same_file(path, store):
            raise UsageError(
                f"--output {path} is a store pacli uses ({store}); write the export to another file"
            )


def _same_file(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:  # one does not exist (yet): the same path, then
        pass
    try:
        return path.resolve() == other.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return False


def check_destination(path: Path, stores: Sequence[Path]) -> None:
    """Refuse now, before anything is read or made, an --output that could not be written
    (PacliError) or that is one of `stores` (UsageError)."""
    check_not_a_store(path, stores)
    _plan(path)


def write_destination(path: Path, text: str) -> None:
    """Write `text` to `path` by the rules above; PacliError naming the path otherwise."""
    plan = _plan(path)
    if plan.how == "through":
        _write_through(plan.descriptor, text, path)
    elif plan.how == "into":
        _write_into(plan.target, text)
    else:
        _replace(plan.target, text, path)


class _Plan(NamedTuple):
    how: Literal["through", "into", "replace"]  # a descriptor of pacli's, a device, a file
    target: Path
    descriptor: int = -1  # for "through"


def _plan(path: Path) -> _Plan:
    """How `path` is written; PacliError when it cannot be."""
    descriptor = _descriptor(path)
    if descriptor is not None:
        _check_writable_descriptor(descriptor, path)
        return _Plan("through", path, descriptor)
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):  # a symlink loop
        raise PacliError(f"cannot write {path}: it is a symlink that loops") from None
    try:
        status = target.stat()
    except FileNotFoundError:  # a new file (through a dangling link: its target)
        _check_directory(target, path)
        return _Plan("replace", target)
    except OSError as error:
        raise PacliError(f"cannot write {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(status.st_mode):
        raise PacliError(f"cannot write {path}: it is a directory; give a file name")
    if not stat.S_ISREG(status.st_mode):
        return _Plan("into", target)
    if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise PacliError(f"cannot write {path}: the file is read-only; it was not changed")
    _check_directory(target, path)
    return _Plan("replace", target)


def _check_directory(target: Path, path: Path) -> None:
    """A file is replaced by a new one made beside it: its directory must take one."""
    if not target.parent.is_dir():
        raise PacliError(f"cannot write {path}: no directory {target.parent}")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise PacliError(f"cannot write {path}: its directory {target.parent} is read-only")


def _check_writable_descriptor(descriptor: int, path: Path) -> None:
    import fcntl

    try:
        flags = fcntl.fcntl(descriptor, fcntl.F_GETFL)
    except (OSError, OverflowError):
        raise PacliError(f"cannot write {path}: no such descriptor is open") from None
    if flags & os.O_ACCMODE == os.O_RDONLY:
        raise PacliError(f"cannot write {path}: it is open for reading only")


def _replace(target: Path, text: str, given: Path) -> None:
    try:
        write_atomically(target, text)
    except OSError as error:
        raise PacliError(f"cannot write {given}: {error.strerror or error}") from None


def _descriptor(path: Path) -> int | None:
    text = os.path.normpath(path)  # `/dev/../dev/stdout` too
    if text in DESCRIPTOR_NAMES:
        return DESCRIPTOR_NAMES[text]
    for directory in DESCRIPTOR_DIRECTORIES:
        number = text.removeprefix(directory)
        if number != text and number.isascii() and number.isdigit():
            return int(number)
    return None


def _write_through(descriptor: int, text: str, path: Path) -> None:
    """On a copy of the descriptor: at the shell's offset, so that
    `{ pacli export -o /dev/stdout; echo end; } > f` keeps both."""
    _write_stream(lambda: os.dup(descriptor), text, path)


def _write_into(path: Path, text: str) -> None:
    _write_stream(lambda: os.open(path, os.O_WRONLY), text, path)


def _write_stream(opened: Callable[[], int], text: str, path: Path) -> None:
    try:
        with open(opened(), "w", encoding="utf-8") as stream:
            stream.write(text)
    except BrokenPipeError:  # the reader left (`-o /dev/stdout | head`): exit 141, as for stdout
        raise
    except OSError as error:
        raise PacliError(f"cannot write {path}: {error.strerror or error}") from None
