"""The commands about articles: ingest (draft records from one), source (a record's article, its
quote marked) and verify (every quote checked against its kept article)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pacli.cli.application import command
from pacli.cli.options import (
    OUTPUT_OPTIONS,
    DbOption,
    JsonOption,
    option_group,
)
from pacli.cli.shared import OUTPUT_TYPED, Output, in_a_terminal, library_for, notify
from pacli.errors import ExitCode, UsageError
from pacli.render import write
from pacli.render.views import View, listing_view


@command()
def ingest(
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="The article: a UTF-8 text file, or - for stdin.")
    ],
    add: Annotated[
        bool, typer.Option("--add", help="Add the drafts without asking (for scripts).")
    ] = False,
    edit: Annotated[
        bool, typer.Option("--edit", help="Open the drafts in $EDITOR, as JSON, first.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Keep drafts of facts the store already holds."),
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DATE",
            help="When the article was published, if it has no dateline (2022-04-20).",
        ),
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="Where the article is online.")
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Draft records from a news article, with a verbatim quote for each, and add them.

    The first non-empty line is the headline. pacli drafts the article's main event first
    (its date from the dateline or a dated sentence), then other dated events and the
    agreements and programs it names, each with its countries, places, people, organizations,
    tags and quote. In a terminal it shows the drafts and asks before adding them; --add adds
    them without asking; piped or with --json it prints them as JSON and adds nothing. The
    article itself is kept in the store, for `pacli source` and `pacli verify`.

    [bold]Examples[/bold]

      pacli ingest article.txt
      pacli ingest article.txt --edit
      pacli ingest article.txt --add --url https://example.org/news/1
      pacli ingest undated.txt --published 2022-04-20 --json | jq -r '.[].title'
      pacli ingest article.txt --add --force --db team.json
      curl -s https://example.org/news/1.txt | pacli ingest - --json | jq '.[0].date'
    """
    from pacli.cli.ingest_steps import Review, drafts_for, read_article_file, review

    if edit and not in_a_terminal():  # the editor would draw into a pipe, or read the article
        raise UsageError("--edit opens an editor, which needs a terminal; leave it out here")
    text, name = read_article_file(path)
    library = library_for(db, for_writing=True)
    drafts = drafts_for(text, name, library, published, url)
    review(drafts, library, Review(add=add, edit=edit, force=force, as_json=as_json))


@command()
def source(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Print the article a record was drafted from, with its quote marked.

    In a terminal the quote is highlighted; in a pipe it stands between >>> and <<<. --json
    gives the article (id, headline, published, url, text, sha256) and where the quote is.

    [bold]Examples[/bold]

      pacli source 2022-05-16-singapore-work-plan
      pacli source 2022-05-16-singapore-work-plan --json | jq -r .article.text
    """
    from pacli.articles.checking import record_article
    from pacli.articles.quotes import find_quote
    from pacli.render.article_text import write_plain, write_terminal

    library = library_for(db)
    record, article = record_article(library, record_id.strip())
    quote = record.source.quote if record.source else None
    span = find_quote(article.text, quote) if quote else None
    if quote and span is None:
        notify(f"the quote of {record.id} is not in its article (see `pacli verify`)")
    if as_json:
        where = {"start": span[0], "end": span[1]} if span else None
        document = {"record": record.id, "article": article.to_dict(), "quote": where}
        write(View("source", document, [document], ("record",)), "json")
    elif sys.stdout.isatty():
        header = (
            f"{article.id} · {article.published or 'no publication date'} · {article.url or ''}"
        )
        write_terminal(header.rstrip(" ·"), article.text, span, sys.stdout)
    else:
        write_plain(article.text, span, sys.stdout)


@command()
@option_group("output", Output, OUTPUT_OPTIONS)
def verify(output: Output = OUTPUT_TYPED, db: DbOption = None) -> None:
    """Check every quote of every store against its kept article; exit 3 if one is not found.

    A quote must be in its article word for word, whitespace aside. Lists each record whose
    quote is not found; records whose source keeps no article are counted, not checked.

    [bold]Examples[/bold]

      pacli verify
      pacli verify --db team.json --json | jq -r '.[].record'
    """
    from pacli.articles.checking import verify_library

    library = library_for(db)
    result = verify_library(library)
    if result.failures or output.format() != "table":  # a table of nothing says nothing
        output.show(listing_view("unverified", result.failures, ("record", "article", "problem")))
    if result.unlinked:
        notify(f"{result.unlinked} record(s) have no article kept in their store; not checked")
    notify(f"checked {result.checked} quote(s) against {result.articles} article(s)")
    if result.failures:
        for failure in result.failures:
            notify(f"record {failure['record']}: {failure['problem']}")
        notify(f"{len(result.failures)} quote(s) not found in their article")
        raise typer.Exit(ExitCode.NOT_FOUND)
