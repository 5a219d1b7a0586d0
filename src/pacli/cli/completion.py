"""Shell completion of option values and ids. Typer filters completions with a case-sensitive
`startswith`; pacli sets Click's completer itself (`attach_completers`), so that `-c per`
completes Peru, `-c corea` South Korea, and an id completes from the store named by --db on the
same line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pacli.model.text import fold

Completer = Callable[[Any, str], list[str]]  # (Click context, incomplete) -> values


def _starting(values: Iterable[str], incomplete: str) -> list[str]:
    prefix = fold(incomplete)
    return [value for value in values if fold(value).startswith(prefix)]


def complete_country(ctx: Any, incomplete: str) -> list[str]:
    """Canonical names of the countries any of whose spellings starts with what was typed."""
    from pacli.model.countries import all_countries

    prefix = fold(incomplete)
    return [
        country.name
        for country in all_countries()
        if any(fold(spelling).startswith(prefix) for spelling in country.spellings)
    ]


def complete_type(ctx: Any, incomplete: str) -> list[str]:
    from pacli.model.vocabulary import RECORD_TYPES

    return _starting(RECORD_TYPES, incomplete)


def complete_tag(ctx: Any, incomplete: str) -> list[str]:
    from pacli.model.vocabulary import TAG_VOCABULARY

    return _starting(TAG_VOCABULARY, incomplete)


def complete_date_basis(ctx: Any, incomplete: str) -> list[str]:
    from pacli.model.records import DATE_BASES

    return _starting(DATE_BASES, incomplete)


def complete_sort(ctx: Any, incomplete: str) -> list[str]:
    from pacli.search import SORT_ORDERS

    return _starting(SORT_ORDERS, incomplete)


def complete_format(ctx: Any, incomplete: str) -> list[str]:
    from pacli.render import EXPORT_FORMATS, OUTPUT_FORMATS
    from pacli.transfer.import_files import IMPORT_FORMATS

    forms = {"export": EXPORT_FORMATS, "import": IMPORT_FORMATS}
    return _starting(forms.get(ctx.command.name, OUTPUT_FORMATS), incomplete)


def complete_fields(ctx: Any, incomplete: str) -> list[str]:
    """`id,ti` completes to `id,title`: the last of the comma-separated names."""
    from pacli.model.records import FIELDS

    done, _, last = incomplete.rpartition(",")
    allowed = (*FIELDS, "score") if ctx.command.name == "search" else FIELDS
    chosen = set(done.split(","))
    lead = f"{done}," if done else ""
    return [lead + name for name in _starting(allowed, last) if name not in chosen]


def complete_record_id(ctx: Any, incomplete: str) -> list[str]:
    """Ids from the stores the command would use (--db on the same line counts); for edit and
    remove, only the ids they may change."""
    from pacli.cli.shared import chosen_store
    from pacli.storage.library import open_library

    db = ctx.params.get("db") or ctx.find_root().params.get("db")
    try:
        library = open_library(chosen_store(db))
        stores = library.stores
    except Exception:  # completion must never fail loudly
        return []
    if ctx.command.name in ("edit", "remove"):
        stores = [store for store in stores if store.path == library.writable]
    return [
        record.id
        for store in stores
        for record in store.records
        if record.id.startswith(incomplete)
    ]


# option or argument name -> its completer
COMPLETERS: dict[str, Completer] = {
    "--country": complete_country,
    "--type": complete_type,
    "--tag": complete_tag,
    "--date-basis": complete_date_basis,
    "--sort": complete_sort,
    "--format": complete_format,
    "--fields": complete_fields,
    "record_id": complete_record_id,
    "record_ids": complete_record_id,
}


def attach_completers(params: list[Any]) -> None:
    """Give each parameter that has one its completer (Click's `_custom_shell_complete`)."""
    for param in params:
        names = [*getattr(param, "opts", ()), param.name]
        completer = next((COMPLETERS[name] for name in names if name in COMPLETERS), None)
        if completer is not None:
            param._custom_shell_complete = _completion(completer)


def _completion(completer: Completer) -> Callable[[Any, Any, str], list[str]]:
    def complete(ctx: Any, param: Any, incomplete: str) -> list[str]:
        return completer(ctx, incomplete)

    return complete
