"""The arguments of a command that takes a search query, split into options and query words.

Options are read as Click reads them (`-n 2`, `-n2`, `--limit 2`, `--limit=2`; `--` ends them), so
that a script gets the same answer however it spells an option. A word that starts with `-` is a
query word (an exclusion, `-korea`) only where it cannot be an option: when its first letter is
not one of the command's short options. `-x` alone is always read as an option.
"""

from __future__ import annotations

from collections.abc import Mapping


def split_query_arguments(
    args: list[str], takes_value: Mapping[str, bool]
) -> tuple[list[str], list[str]]:
    """(options for Click, query words) from `args`; `takes_value` maps each option name (`-n`,
    `--limit`) to whether it takes a value. Unknown options go to Click, which names them."""
    options: list[str] = []
    words: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            words += rest
            break
        if arg.startswith("--"):
            options.append(arg)
            name = arg.split("=", 1)[0]
            if takes_value.get(name) and "=" not in arg and rest:
                options.append(rest.pop(0))
        elif _is_short_option(arg, takes_value):
            options.append(arg)
            if takes_value.get(arg[:2]) and len(arg) == 2 and rest:
                options.append(rest.pop(0))
        else:
            words.append(arg)  # a word, a -word to exclude, or a qualifier
    return options, words


def _is_short_option(arg: str, takes_value: Mapping[str, bool]) -> bool:
    if len(arg) < 2 or arg[0] != "-":
        return False
    if len(arg) == 2:
        return not arg[1].isdigit()  # `-x` is an option (Click names an unknown one); `-2` a word
    return arg[:2] in takes_value  # `-n2`, `-cSG`: an option with its value attached
