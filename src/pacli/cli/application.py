"""The Typer application: errors from anywhere become one line on stderr and an exit code."""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from pacli import __version__
from pacli.errors import ExitCode, PacliError

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., None])

EXIT_CODES_HELP = (
    "Exit codes: 0 success (an empty result included), 1 a bad store or failed operation, "
    "2 wrong usage, 3 an id that does not exist, 130 interrupted."
)


class PacliGroup(TyperGroup):
    """Runs a command and turns every error into one line on stderr and an exit code."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = _run_reporting_errors(
            lambda: super(PacliGroup, self).main(
                args, prog_name, complete_var, standalone_mode=False, **extra
            )
        )
        if standalone_mode:
            sys.exit(code)
        return code


def _run_reporting_errors(run: Any) -> int:
    try:
        result = run()
        code = result if isinstance(result, int) else ExitCode.SUCCESS
    except PacliError as error:
        problems = getattr(error, "problems", [])
        for problem in problems if len(problems) > 1 else ():
            print(f"pacli: {problem}", file=sys.stderr)
        code = _report(error.message, error.exit_code)
    except typer.TyperException as error:  # Click's usage errors: bad option, missing argument
        code = _report(_usage_message(error), getattr(error, "exit_code", ExitCode.USAGE))
    except (KeyboardInterrupt, typer.Abort):
        code = ExitCode.INTERRUPTED  # the terminal already shows ^C
    except BrokenPipeError:
        return _silence_stdout(ExitCode.FAILURE)
    except Exception as error:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("PACLI_DEBUG"):
            raise
        code = _report(
            f"internal error: {type(error).__name__}: {error} (set PACLI_DEBUG=1 for details)",
            ExitCode.FAILURE,
        )
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _silence_stdout(ExitCode.FAILURE)
    return int(code)


def _usage_message(error: typer.TyperException) -> str:
    message = " ".join(error.format_message().split())
    context = getattr(error, "ctx", None)
    if context is not None:
        return f"{message} (see `{context.command_path} --help`)"
    return message


def notify(message: str) -> None:
    """A message for the person at the terminal: always stderr, never mixed with data."""
    print(f"pacli: {message}", file=sys.stderr)


def _report(message: str, code: int) -> int:
    one_line = " ".join(message.split())
    print(f"pacli: error: {one_line}", file=sys.stderr)
    return code


def _silence_stdout(code: int) -> int:
    """The reader of stdout went away (`pacli list | head`): stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a real file (tests): nothing will be flushed to it
    return code


app = typer.Typer(
    cls=PacliGroup,
    name="pacli",
    help="pacli: the Pacific Alliance's events, agreements and programs, from the command line.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
    return "\n\n".join(paragraphs)


def command(name: str | None = None) -> Callable[[CommandFunction], CommandFunction]:
    """Register a function as a pacli command, its docstring as the help."""

    def register(function: CommandFunction) -> CommandFunction:
        function.__doc__ = unwrap_help(function.__doc__ or "")
        app.command(name)(function)
        return function

    return register


def _show_version(value: bool) -> None:
    if value:
        print(f"pacli {__version__}")
        raise typer.Exit()


@app.callback()
def _app_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """pacli: the Pacific Alliance's events, agreements and programs, from the command line.

    Try [bold]pacli timeline --country Peru[/bold] or [bold]pacli search Singapore[/bold].
    """
