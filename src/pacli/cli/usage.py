"""How pacli presents its usage: help text that reads as prose, placeholders that name what an
option takes (`--from DATE`, nothing after a flag), a usage line without Typer's braces, and
suggestions for an unknown option only when it is close in spelling."""

from __future__ import annotations

import difflib
import inspect
from typing import Any

EXIT_CODES_HELP = (
    "Exit codes: 0 success (an empty result included), 1 a bad store or failed operation, "
    "2 wrong usage, 3 an id that does not exist, 130 interrupted, 141 output closed early "
    "by its reader (`pacli list | head`)."
)
EXAMPLES_HELP = """[bold]Examples[/bold]

  pacli timeline --country Peru
  pacli search Singapore --json | jq -r '.[].title'
  pacli list --from 2022-06 --type agreement"""
EPILOG = f"{EXIT_CODES_HELP}\n\n{EXAMPLES_HELP}"


def unwrap_help(text: str) -> str:
    """Help text with its prose lines joined, so Rich can wrap them to the terminal; indented lines
    (examples, syntax tables) keep their line breaks."""
    paragraphs = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        lines = paragraph.splitlines()
        if any(line.startswith(" ") for line in lines):
            paragraphs.append(paragraph)
        else:
            paragraphs.append(" ".join(line.strip() for line in lines))
    # Typer dedents all but the first paragraph as one block, measuring the indent from its second
    # line on: an empty paragraph first keeps the examples indented under their heading.
    if len(paragraphs) > 1:
        paragraphs.insert(1, "")
    return "\n\n".join(paragraphs)


def _no_type(ctx: Any) -> None:
    return None


def plain_placeholders(params: list[Any]) -> None:
    """No `<bool>` after a flag and no `<str>` beside an argument: the help shows the metavar an
    option names (DATE, COUNTRY, ...) and nothing for what takes no value."""
    for param in params:
        is_flag = getattr(param, "is_flag", False)
        if is_flag or getattr(param, "param_type_name", "") == "argument":
            param.display_type_rich = _no_type


def usage_pieces(params: list[Any], ctx: Any) -> list[str]:
    """`[OPTIONS] ID` and `[OPTIONS] [QUERY]...`, as people write usage, not Typer's `{ID}`."""
    pieces = ["[OPTIONS]"]
    for param in params:
        if getattr(param, "param_type_name", "") != "argument":
            continue
        name = param.metavar or param.name.upper()
        piece = name if param.required else f"[{name}]"
        pieces.append(piece + ("..." if param.nargs != 1 else ""))
    return pieces


def close_option_names(typed: str, known: list[str]) -> list[str]:
    """Long options close in spelling to `typed` (`--contry`: `--country`; `--place`: none): a
    similar name once the dashes are set aside, or one that `typed` begins."""
    bare = typed.lstrip("-").split("=", 1)[0]
    names = {name.lstrip("-"): name for name in known if name.startswith("--")}
    close = difflib.get_close_matches(bare, list(names), n=3, cutoff=0.75)
    started = [name for name in names if bare and len(bare) >= 3 and name.startswith(bare)]
    return [names[name] for name in dict.fromkeys([*close, *started])][:3]


def unknown_option_message(error: Any) -> str | None:
    """`No such option: --place` with only close suggestions; None for other usage errors."""
    typed = getattr(error, "option_name", None)
    context = getattr(error, "ctx", None)
    if typed is None or context is None or not hasattr(error, "possibilities"):
        return None
    known = [
        name
        for param in context.command.get_params(context)
        for name in (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ()))
    ]
    close = close_option_names(typed, known)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"no such option: {typed}{hint}"
