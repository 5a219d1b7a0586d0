"""The Typer application: errors from anywhere become one line on stderr and an exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from pacli import __version__
from pacli.cli.completion import attach_completers
from pacli.cli.speedups import COMMAND_APPS, COMMAND_MODULES, LazyCommands, use_plain_conversion
from pacli.cli.usage import (
    EPILOG,
    plain_placeholders,
    unknown_option_message,
    unwrap_help,
    usage_pieces,
)
from pacli.errors import CacheDamaged, ExitCode, PacliError

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., None])


class OutputClosed(Exception):
    """stdout's reader went away; raised past Typer, which would exit 1 on a broken pipe."""


class PacliCommand(TyperCommand):
    """A Typer command whose parameters skip pydantic (see pacli.cli.speedups)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # --help is made here, each time
        use_plain_conversion(params)
        plain_placeholders(params)
        attach_completers(params)
        return params

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return usage_pieces(self.get_params(ctx), ctx)

    def invoke(self, ctx: Any) -> Any:
        import pacli.render

        pacli.render.stdout_written = False  # nothing printed yet by this command
        # `pacli --db X list` is `pacli list --db X`; given in both places, the command's wins.
        if "db" in ctx.params and ctx.params["db"] is None:
            ctx.params["db"] = ctx.find_root().params.get("db")
        try:
            try:
                return super().invoke(ctx)
            except CacheDamaged as damage:
                return self._again_without(damage, ctx)
        except BrokenPipeError as error:
            raise OutputClosed from error

    def _again_without(self, damage: CacheDamaged, ctx: Any) -> Any:
        """The cache was found damaged while the command read it: remove it, and run the command
        once more (it rebuilds the cache) unless it has already printed something."""
        import pacli.render

        damage.cache_file.unlink(missing_ok=True)
        if pacli.render.stdout_written:
            raise PacliError(f"{damage.message}; it was removed, run the command again") from None
        print(f"pacli: {damage.message}; it was removed and is rebuilt now", file=sys.stderr)
        from pacli.storage.cache import announced_rebuilds

        announced_rebuilds.add(damage.cache_file)  # the rebuild says nothing more
        try:
            return super().invoke(ctx)
        finally:
            announced_rebuilds.discard(damage.cache_file)


class QueryCommand(PacliCommand):
    """A command whose arguments are a search query: options are read as Click reads them, and
    `-word` excludes a word where it cannot be an option (see pacli.cli.arguments), so that
    `pacli search trade -korea` works unquoted."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from pacli.cli.arguments import split_query_arguments

        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if getattr(param, "param_type_name", "") == "option":
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not (param.is_flag or param.count)
        options, words = split_query_arguments(args, takes_value)
        result: list[str] = super().parse_args(ctx, options + (["--", *words] if words else []))
        return result


class PacliGroup(TyperGroup):
    """Runs a command and turns every error into one line on stderr and an exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands()

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        use_plain_conversion(params)
        return params

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMAND_MODULES)

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
        for problem in error.problems if len(error.problems) > 1 else ():
            print(f"pacli: {problem}", file=sys.stderr)
        code = _report(error.message, error.exit_code)
    except typer.TyperException as error:  # Click's usage errors: bad option, missing argument
        message = _usage_message(error)
        if not error.format_message().strip():  # bare `pacli`: the help was the answer
            return ExitCode.SUCCESS
        code = _report(message, getattr(error, "exit_code", ExitCode.USAGE))
    except (KeyboardInterrupt, typer.Abort):
        code = ExitCode.INTERRUPTED  # the terminal already shows ^C
    except (BrokenPipeError, OutputClosed):
        return _silence_stdout(ExitCode.OUTPUT_CLOSED)
    except Exception as error:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("PACLI_DEBUG"):
            raise
        code = _report(_unexpected(error), ExitCode.FAILURE)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _silence_stdout(ExitCode.OUTPUT_CLOSED)
    except OSError as error:  # a full disk, a closed descriptor: what was printed is lost
        code = _report(f"cannot write to stdout: {error.strerror or error}", ExitCode.FAILURE)
        _silence_stdout(code)
    return int(code)


def _unexpected(error: Exception) -> str:
    """The line for an error pacli did not foresee: a bug, unless stdout's encoding (set by
    PYTHONIOENCODING to other than UTF-8, which has every character) lacks one of the answer."""
    if isinstance(error, UnicodeEncodeError) and _is_stdouts_narrow_codec(error.encoding):
        missing = error.object[error.start : error.end]
        return (
            f"stdout's encoding ({sys.stdout.encoding}) cannot write {missing!r}; "
            "set PYTHONIOENCODING=utf-8"
        )
    return f"internal error: {type(error).__name__}: {error} (set PACLI_DEBUG=1 for details)"


def _is_stdouts_narrow_codec(name: str) -> bool:
    """Whether `name` is stdout's codec, and one that lacks characters (any but UTF-8)."""
    import codecs

    try:
        codec = codecs.lookup(name).name
        return codec != "utf-8" and codec == codecs.lookup(sys.stdout.encoding or "").name
    except LookupError:
        return False


def _usage_message(error: typer.TyperException) -> str:
    message = unknown_option_message(error) or _one_line(error.format_message())
    context = getattr(error, "ctx", None)
    if context is not None:
        return f"{message} (see `{context.command_path} --help`)"
    return message


def _report(message: str, code: int) -> int:
    print(f"pacli: error: {_one_line(message)}", file=sys.stderr)
    return code


def _one_line(message: str) -> str:
    """The lines of `message` joined by a space; the spaces within a line (a value's) kept."""
    return " ".join(line.strip() for line in message.splitlines())


def _silence_stdout(code: int) -> int:
    """The reader of stdout went away (`pacli list | head`): stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a real file (tests): nothing will be flushed to it
    return code


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
COMMAND_SETTINGS: dict[str, Any] = {
    "pretty_exceptions_enable": False,
    "rich_markup_mode": "rich",
    "add_completion": False,
}
app = typer.Typer(
    cls=PacliGroup,
    name="pacli",
    help="pacli: the Pacific Alliance's events, agreements and programs, from the command line.",
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings=CONTEXT_SETTINGS,
)


def command(
    name: str | None = None, *, query: bool = False, help_text: str | None = None
) -> Callable[[CommandFunction], CommandFunction]:
    """Register a function as the pacli command `name` (default: its own name), with
    `help_text` or its docstring as the help; `query` for commands whose arguments are a search
    query. Each command gets a Typer app of its own, built when it runs."""

    def register(function: CommandFunction) -> CommandFunction:
        function.__doc__ = unwrap_help(help_text or function.__doc__ or "")
        single = typer.Typer(**COMMAND_SETTINGS)
        kind = QueryCommand if query else PacliCommand
        single.command(name, cls=kind, context_settings=CONTEXT_SETTINGS)(function)
        COMMAND_APPS[name or function.__name__] = single
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
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Use this store alone, for every command (as PACLI_DB does).",
        ),
    ] = None,
) -> None:
    """pacli: the Pacific Alliance's events, agreements and programs, from the command line.

    Try [bold]pacli timeline --country Peru[/bold] or [bold]pacli search Singapore[/bold].
    """
    # Each command reads this --db from the context: see PacliCommand.invoke.
