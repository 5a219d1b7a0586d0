"""Maintenance scripts: the country table, the bundled store's kept articles."""
