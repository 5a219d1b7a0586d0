"""The record model: records and their schema, dates at their precision, countries, the
vocabulary of types and tags, and text folding. Pure code: no I/O beyond the country table."""
