"""Full-text search: the query syntax, the FTS5 index, ranking with its fallbacks, and the
first version's substring search kept as a baseline."""

SORT_ORDERS = ("relevance", "date")  # here, so that reading --sort imports nothing of search
