"""Drafting records from a news article: reading it, finding its dates, places, countries, people
and organizations, drafting records with verbatim quotes, and checking quotes. No Typer, no Rich."""
