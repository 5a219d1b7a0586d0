"""Reading what pacli is given, within bounds (pacli.model.limits): only a regular file, never
more bytes than the limit, UTF-8 JSON without duplicate keys (a bad merge would lose a record
silently), without lone surrogates (no text can hold them) and without absurd nesting."""

from __future__ import annotations

import json
import re
import stat
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from pacli.errors import PacliError

# A \uD800-\uDFFF escape in JSON text: the only way a lone surrogate gets into a string.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class ReadProblem(Exception):
    """What is wrong with a file, worded to follow its name: `is not UTF-8 text (byte 3)`."""


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (a symlink followed); ReadProblem if it is not
    one, or is larger than `limit`. OSError (missing, unreadable) is the caller's to word."""
    status = path.stat()
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(str(path))
    if not stat.S_ISREG(status.st_mode):
        raise ReadProblem("is not a regular file (a device, a pipe or a socket)")
    with path.open("rb") as stream:
        return read_stream(stream, limit)


def read_input(path: str, limit: int, error: type[PacliError], instead: str) -> bytes:
    """The bytes of a file named on the command line, or of stdin for `-`, within `limit`; any
    failure is `error` with a one-line message (`instead`: what to give rather than a folder)."""
    import sys

    name = "stdin" if path == "-" else path
    try:
        if path == "-":
            return read_stream(sys.stdin.buffer, limit)
        return read_bounded(Path(path), limit)
    except FileNotFoundError:
        raise error(f"file not found: {path}") from None
    except IsADirectoryError:
        raise error(f"{path} is a directory; {instead}") from None
    except ReadProblem as problem:
        raise error(f"{name} {problem}") from None
    except OSError as failure:
        raise error(f"cannot read {name}: {failure.strerror or failure}") from None


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise ReadProblem(f"is larger than {limit:,} bytes, the most pacli reads")
    return raw


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadProblem(f"is not UTF-8 text (byte {error.start})") from None


def parse_json(text: str, raw: bytes | None = None) -> Any:
    """The JSON value of `text`; ReadProblem for invalid JSON, a key twice in one object, a lone
    surrogate, a number of more than 4300 digits or nesting too deep to read."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found = dict(items)
        if len(found) != len(items):
            counts = Counter(key for key, _ in items)
            duplicates.extend(key for key, count in counts.items() if count > 1)
        return found

    try:
        value = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        raise ReadProblem(
            f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise ReadProblem("is not valid JSON: it is nested too deeply to read") from None
    except ValueError as error:  # an integer beyond Python's 4300-digit limit
        raise ReadProblem(f"is not valid JSON: {error}") from None
    if duplicates:
        raise ReadProblem(
            f"has the key {duplicates[0]!r} twice in one object (a bad merge?); "
            "keep one of them, and pacli will read and write it again"
        )
    if SURROGATE_ESCAPE.search(raw if raw is not None else text.encode("utf-8", "replace")):
        where = lone_surrogate(value)
        if where is not None:
            raise ReadProblem(f"holds a lone surrogate {where}, which is no character")
    return value


def lone_surrogate(value: Any, where: str = "") -> str | None:
    """Where in `value` a string holds half a surrogate pair, as `in record '2022-x'`; None if
    nowhere."""
    if isinstance(value, str):
        found = re.search("[\ud800-\udfff]", value)
        return f"(\\u{ord(found.group()):04x}){where}" if found else None
    if isinstance(value, dict):
        label = f" in record {value['id']!r}" if isinstance(value.get("id"), str) else where
        items = [(key, label) for key in value] + [(item, label) for item in value.values()]
    elif isinstance(value, list):
        items = [(item, where) for item in value]
    else:
        return None
    for item, label in items:
        found_at = lone_surrogate(item, label)
        if found_at is not None:
            return found_at
    return None
