"""Benchmarks and the search-quality evaluation; not part of the test suite's run time."""
