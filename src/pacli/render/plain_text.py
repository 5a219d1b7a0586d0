"""Text from a store is untrusted: before it is drawn, its control characters are shown as
symbols, so that none reaches a terminal (escape sequences) or reorders a line (bidi controls)."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidi marks, embeddings, overrides and isolates, line separators.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
CONTROL_PICTURES_START = 0x2400  # U+2400 ␀ ... U+241F ␟: the C0 controls as symbols


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(CONTROL_PICTURES_START + code)  # ESC is shown as ␛
    if code == 0x7F:
        return "␡"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with each control character replaced by a symbol: `\\x1b[31m` -> `␛[31m`."""
    return text if text.isprintable() else _CONTROLS.sub(_shown, text)
