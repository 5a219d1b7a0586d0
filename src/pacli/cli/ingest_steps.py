"""The steps of `pacli ingest` that speak to the person at the terminal: reading the article file,
leaving out what the store already holds, editing the drafts in $EDITOR, asking, and adding."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import typer

from pacli.cli.shared import in_a_terminal, notify
from pacli.errors import ArticleError, PacliError, UsageError
from pacli.render import write
from pacli.render.views import View

if TYPE_CHECKING:
    from pacli.articles.drafting import Drafts
    from pacli.storage.ingesting import IngestReport
    from pacli.storage.library import Library


def read_article_file(path: str) -> tuple[str, str]:
    """The article's text and a name for messages; `-` reads stdin."""
    from pacli.articles.reading import decode_article
    from pacli.model.limits import MAX_IMPORT_BYTES
    from pacli.storage.bounded import read_input

    name = "stdin" if path == "-" else path
    # within the bounds of any file pacli reads: never /dev/zero without end
    raw = read_input(path, MAX_IMPORT_BYTES, ArticleError, "give the article's text file")
    return decode_article(raw, name), name


def drafts_for(
    text: str, name: str, library: Library, published: str | None, url: str | None
) -> Drafts:
    from pacli.articles.drafting import draft_records
    from pacli.model.dates import parse_user_period, period_text

    if url is not None and not url.startswith(("http://", "https://")):
        raise UsageError(f"--url {url!r} is not a web address; give one that starts https://")
    day = period_text(parse_user_period(published)) if published is not None else None
    organizations = {name for record in library.records for name in record.organizations}
    drafts = draft_records(
        text,
        name=name,
        known_organizations=organizations,
        taken_ids=library.all_ids(),
        published=day,
        url=url,
    )
    if day is not None and drafts.published != day:
        notify(f"{name} has a dateline ({drafts.published}); --published {published} is not used")
    return drafts


def without_known(
    records: list[dict[str, Any]], library: Library, *, force: bool
) -> list[dict[str, Any]]:
    """The drafts whose facts the store does not hold yet; each one it holds is named on stderr,
    and ArticleError when it holds them all. `force` keeps them all."""
    from pacli.articles.matching import known_drafts

    known = {
        draft["id"]: record
        for draft, record in known_drafts(records, library.records)
        if record is not None
    }
    if not known or force:
        if known:
            notify(f"{len(known)} draft(s) tell facts already in the store; --force keeps them")
        return records
    named = "; ".join(f"{record.title!r} ({record.date}, {record.id})" for record in known.values())
    if len(known) == len(records):
        raise ArticleError(
            f"the store already holds every fact of this article: {named}; "
            "nothing added (--force drafts them anyway)"
        )
    for record in known.values():
        held = f"{record.title!r} ({record.date}, {record.id})"
        notify(f"left out a draft the store already holds: {held}")
    kept = [draft for draft in records if draft["id"] not in known]
    for draft in kept:
        # A link to a draft left out goes to the record that holds its fact.
        draft["related"] = [
            known[other].id if other in known else other for other in draft["related"]
        ]
    return kept


def edited(records: list[dict[str, Any]]) -> list[Any]:
    """The drafts as the person left them in $VISUAL or $EDITOR (a JSON array of records)."""
    import os
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    text = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    with tempfile.TemporaryDirectory(prefix="pacli-") as directory:
        path = Path(directory) / "drafts.json"
        path.write_text(text, encoding="utf-8")
        try:
            finished = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except (OSError, ValueError) as error:
            raise PacliError(f"cannot start the editor {editor!r} ({error}); set EDITOR") from None
        if finished.returncode != 0:
            raise PacliError(
                f"the editor {editor!r} exited with {finished.returncode}; nothing added"
            )
        result = path.read_text(encoding="utf-8")
    try:
        drafts = json.loads(result or "[]")
    except json.JSONDecodeError as error:
        raise UsageError(
            f"the edited drafts are not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); nothing added"
        ) from None
    if not isinstance(drafts, list):
        raise UsageError("the edited drafts must stay a JSON array of records; nothing added")
    return drafts


def added_message(report: IngestReport, path: Path) -> str:
    kept = (
        f"the article {report.article_id} was already kept"
        if report.article_was_kept
        else f"kept the article as {report.article_id}"
    )
    return f"added {len(report.added)} record(s) to {path}; {kept}"


class Review(NamedTuple):
    """How the person asked for the drafts to be reviewed: --add, --edit, --force, --json."""

    add: bool = False
    edit: bool = False
    force: bool = False
    as_json: bool = False


def review(drafts: Drafts, library: Library, how: Review) -> None:
    """Leave out what the store holds, edit if asked; then add (--add, or a yes in a terminal)
    or, piped or with --json, print the drafts and add nothing."""
    records = without_known(drafts.records, library, force=how.force)
    if how.edit:
        records = _without_links_to_removed(edited(records), records)
        if not records:
            notify("no drafts left after editing; nothing added")
            return
    if not how.add and (how.as_json or not in_a_terminal()):
        write(View("drafts", records, records, ("id", "date", "title")), "json")
        notify(f"{len(records)} draft(s); nothing added (--add adds them)")
        return
    if not how.add and not _confirmed(records, library):
        raise PacliError("nothing added")
    _add(library, drafts, records, how.as_json)


def _without_links_to_removed(drafts: list[Any], before: list[dict[str, Any]]) -> list[Any]:
    """The drafts with no `related` link to a draft removed in the editor."""
    kept = {draft.get("id") for draft in drafts if isinstance(draft, dict)}
    removed = {draft["id"] for draft in before} - kept
    for draft in drafts:
        if isinstance(draft, dict) and isinstance(draft.get("related"), list):
            draft["related"] = [other for other in draft["related"] if other not in removed]
    return drafts


def _confirmed(records: list[Any], library: Library) -> bool:
    from pacli.render.article_text import write_drafts
    from pacli.storage.ingesting import check_drafts

    write_drafts(check_drafts(records, library.all_ids()), sys.stdout)
    return typer.confirm(f"Add these {len(records)} record(s) to {library.writable}?")


def _add(library: Library, drafts: Drafts, records: list[Any], as_json: bool) -> None:
    from pacli.storage.ingesting import ArticleToKeep, add_drafts

    url = next((record["source"].get("url") for record in records if _has_source(record)), None)
    article = ArticleToKeep(drafts.article.headline, drafts.article.text, drafts.published, url)
    report = add_drafts(library, records, article)
    if report.created_store:
        notify(f"created store {library.writable}")
    notify(added_message(report, library.writable))
    if as_json:
        write(View("added", report.added, report.added, ("id",)), "json")
    else:
        for record in report.added:
            print(record["id"])


def _has_source(record: Any) -> bool:
    return isinstance(record, dict) and isinstance(record.get("source"), dict)
