"""The bounds pacli reads and writes within, documented in the README: beyond them a store, a
file or a value is refused with a message, never read without end."""

from __future__ import annotations

MAX_STORE_BYTES = 4 * 1024**3  # a store: room for several million records
# No store holds more records than it has bytes: a larger --limit is every record (and SQLite,
# whose integers stop at 2**63, is never asked for it).
MOST_RECORDS = MAX_STORE_BYTES
MAX_IMPORT_BYTES = 1024**3  # a file to import, or stdin
MAX_TEXT_CHARS = 100_000  # one text field (a title, a summary, a detail, a quote)
MAX_LIST_ITEMS = 10_000  # one list field (countries, places, people, details, ...)
MAX_QUERY_WORDS = 200  # the words of one search query
MAX_SHOWN_CHARS = 2_000  # a text field in a table or chart, cut with … beyond this
