"""Choosing records and summarising them: filters read from what a person typed (with their
SQL form beside them), ordering, timeline years, facet and country counts, similar records."""
