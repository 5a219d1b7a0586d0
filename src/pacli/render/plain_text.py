"""Text from a store is untrusted: before it is drawn, its control characters are shown as
escapes (`\\x1b`, `\\x9b`, `\\u202e`), so that none reaches a terminal (escape sequences) or
reorders a line (bidi controls). The same rules as main's `render/safe_text.py` (issue 11), which
this module gives way to when the two meet."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, the line and paragraph separators, and the
# bidirectional overrides and isolates.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same with tab and newline, for what must stay on one line (a lane of the chart).
LINE_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character but tab and newline shown as its escape."""
    return text if text.isprintable() else CONTROLS.sub(_escape, text)


def one_line(text: str) -> str:
    """`text` on one line: tab and newline shown as escapes too."""
    return text if text.isprintable() else LINE_CONTROLS.sub(_escape, text)
