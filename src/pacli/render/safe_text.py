"""Text from a store is untrusted: before a human form shows it, every control character is made
visible (`\\x1b`, `\\x9b`, `\\u2028`) so that it can never drive the terminal (clear the screen,
set the window title, write the clipboard), and tab-separated cells escape what would break a
line or a column (`\\t`, `\\n`, `\\r`, `\\\\`)."""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab and newline, DEL, C1 controls, the Unicode line and paragraph separators,
# and the bidirectional overrides and isolates that reorder what a terminal shows.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same, with tab and newline, for one-line forms.
LINE_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_code(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character but tab and newline shown as its escape."""
    if text.isprintable() or not CONTROLS.search(text):
        return text
    return CONTROLS.sub(lambda match: escape_code(match.group()), text)


def one_line(text: str) -> str:
    """`text` on one line: newlines and tabs too shown as escapes."""
    return LINE_CONTROLS.sub(lambda match: escape_code(match.group()), text)


def tsv_cell(text: str) -> str:
    """A tab-separated cell: backslash, tab, newline and carriage return escaped as `\\\\`, `\\t`,
    `\\n`, `\\r`, other control characters as `\\xNN`; nothing is ever quoted."""
    escaped = "".join(TSV_ESCAPES.get(char, char) for char in text) if _needs_tsv(text) else text
    return visible(escaped)


def _needs_tsv(text: str) -> bool:
    return any(char in text for char in TSV_ESCAPES)


def read_tsv_cell(cell: str) -> str:
    """The text of a cell `tsv_cell` wrote (for readers, and the tests)."""
    return re.sub(
        r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|.)",
        lambda match: _unescape(match.group(1)),
        cell,
    )


def _unescape(code: str) -> str:
    simple = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
    if code in simple:
        return simple[code]
    if code[0] in "xu" and len(code) > 1:
        return chr(int(code[1:], 16))
    return "\\" + code


def displayable(value: Any, limit: int | None = None) -> Any:
    """`value` (records, tuples, lists and dicts of them) with every text made `visible`, and
    cut to `limit` characters if given; search snippets are made visible where they are drawn."""
    if isinstance(value, str):
        if limit is not None and len(value) > limit:
            value = f"{value[:limit]}… ({len(value) - limit:,} more characters)"
        return visible(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        fields = value._fields
        return type(value)(
            *(
                item if name == "snippet" else displayable(item, limit)
                for name, item in zip(fields, value, strict=True)
            )
        )
    if isinstance(value, list | tuple):
        return type(value)(
            item if _clean(item, limit) else displayable(item, limit) for item in value
        )
    if isinstance(value, dict):
        return {key: displayable(item, limit) for key, item in value.items()}
    return value


JSON_CONTROL_ESCAPES = ("\\u00", "\\r", "\\b", "\\f")


def _clean(item: Any, limit: int | None) -> bool:
    """Whether a record, row or hit holds no control character and no text over `limit`: its
    JSON, made by orjson, says so at once (a listing of 50,000 records walked value by value
    took four seconds). A value JSON lacks, but dates and named tuples, makes it walked."""
    import orjson

    if not isinstance(item, dict | tuple):
        return False
    try:
        text = orjson.dumps(item, default=_as_list).decode("utf-8")
    except TypeError:
        return False
    # JSON writes a C0 control \r, \b, \f or \u00XX (but tab and newline), and the other
    # controls as they are, which isprintable() finds (a backslash written \\ may make a
    # false alarm: it only costs time).
    return (
        (limit is None or len(text) <= limit)
        and text.isprintable()
        and not any(escape in text for escape in JSON_CONTROL_ESCAPES)
    )


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, tuple):  # a named tuple
        return list(value)
    raise TypeError(f"not JSON: {type(value).__name__}")
