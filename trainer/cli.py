"""The `trainer` command line (typer); heavy libraries are imported inside the commands."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import Context, Parameter  # typer < 0.29 bundles its own copy of click
from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError

from trainer import __version__
from trainer.commands.common import Options, report, safe_streams, say
from trainer.errors import TrainerError


class _Commands(typer.core.TyperGroup):
    """Turns every error a user can meet into one line on stderr and exit code 2: a
    TrainerError as the interface words it, a failure of the disk or the database file
    that reached no store method (an OSError, an sqlite3 error) as what happened to which file,
    and a command line click refuses as what is wrong with it (`usage_line`)."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:  # the root's own options (`trainer --bogus`)
            return super().parse_args(ctx, args)
        except UsageError as exc:
            raise typer.Exit(usage_error(exc, ctx)) from None

    def invoke(self, ctx: Context) -> Any:
        import sqlite3

        try:  # the command's name, and the command's own options and arguments
            return super().invoke(ctx)
        except UsageError as exc:
            raise typer.Exit(usage_error(exc, ctx)) from None
        except (TrainerError, sqlite3.Error, OSError) as exc:
            if isinstance(exc, BrokenPipeError):
                raise  # the reader went away (`trainer browse ... | head`): main() ends quietly
            options = ctx.find_root().obj
            raise typer.Exit(report(exc, options.db_path if options else None)) from None


def usage_error(exc: UsageError, ctx: Context) -> int:
    """Say a refused command line in one line, as every other bad input is (click's own takes
    four: the usage, a hint, a blank line and the error), and return its exit code (2). `ctx`
    is the root's: click leaves an option without its value with no context of its own."""
    path = exc.ctx.command_path if exc.ctx else " ".join(
        filter(None, [ctx.command_path, ctx.invoked_subcommand]))
    say(f"trainer: {usage_line(exc)}; see '{path} --help'", err=True)
    return exc.exit_code


def usage_line(exc: UsageError) -> str:
    """What is wrong, naming the option or argument and what it expects. click leaves only its
    English text for some errors (an extra argument, an unknown command, a missing value): those
    are matched and reworded, and one not matched here is shown as click wrote it."""
    ctx, message = exc.ctx, exc.message.rstrip(".")
    if isinstance(exc, NoSuchOption):
        if ctx and ctx.parent and exc.option_name in VALUE_OPTIONS:  # `trainer stats --db x`
            return f"{exc.option_name} goes before the command, as in " \
                   f"'trainer {exc.option_name} ... {ctx.info_name}'"
        near = f" (did you mean {' or '.join(sorted(exc.possibilities))}?)" \
            if exc.possibilities else ""
        return f"unknown option {exc.option_name}{near}"
    if isinstance(exc, MissingParameter) and exc.param:
        what = re.sub(r"\s*\[default:.*\]", "", getattr(exc.param, "help", None) or "")
        return f"missing {_named(exc.param)}" + (f": {_lower(what.rstrip('.'))}" if what else "")
    if isinstance(exc, BadParameter) and exc.param:
        for wrong, plain in _PLAIN_TYPES:
            message = re.sub(wrong, plain, message)
        return f"{_named(exc.param)}: {message}"
    if (extra := re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", message)) and ctx:
        takes = " ".join(p.human_readable_name for p in ctx.command.params
                         if p.param_type_name == "argument") or "no arguments"
        return f"unexpected extra argument{'s' * (' ' in extra[1])} '{extra[1]}' " \
               f"('{ctx.command_path}' takes {takes})"
    if unknown := re.fullmatch(r"No such command '(.*)'(?:\. Did you mean (.*)\?)?", message):
        near = f" (did you mean {unknown[2]}?)" if unknown[2] else ""
        return f"unknown command '{unknown[1]}'{near}"
    if value := re.fullmatch(r"Option '(.*)' requires an argument", message):
        return f"option {value[1]} needs a value"
    return _lower(message)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


# click's names for the types of values, in the words `trainer config` uses
_PLAIN_TYPES = ((r"is not a valid int(eger)?\b", "is not a whole number"),
                (r"is not a valid float\b", "is not a number"),
                (r"is not a valid boolean\b", "is not true or false"))


def _named(param: Parameter) -> str:
    """An option by all its names ("option -n/--count"), an argument by its metavar."""
    if param.param_type_name == "option":
        return "option " + "/".join(sorted(param.opts, key=len))
    return f"argument {param.human_readable_name}"


def _version(value: bool) -> None:
    if value:
        say(f"trainer {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option(
        "--db", envvar="TRAINER_DB", help="SQLite file with your progress "
        "[default: trainer.db in your user data folder; env TRAINER_DB]", show_default=False,
    )] = None,
    decks: Annotated[Path | None, typer.Option(
        "--decks", help="Folder of deck files [default: ./decks beside ./seeds, else the bundled "
        "decks]",
        show_default=False,
    )] = None,
    version: Annotated[bool, typer.Option(  # noqa: ARG001 (handled by its eager callback)
        "--version", callback=_version, is_eager=True, help="Print the version and exit."
    )] = False,
) -> None:
    """Flashcards and quizzes on the key claims of an SLE treatment review.

    With no command, opens the study app on your decks.
    """
    ctx.obj = Options(db, decks)
    if ctx.invoked_subcommand not in APP_COMMANDS:
        import gc

        gc.enable()  # paused by trainer.entry for the start; the app turns it on itself
    if ctx.invoked_subcommand is None:
        from trainer.commands.study import run_app

        run_app(ctx)


# the commands that may open the app (None: bare `trainer`): the cycle collector stays paused
# until the app's first screen is painted (TrainerApp.run), or until they print instead
APP_COMMANDS = (None, "study", "quiz", "browse")

# the command modules and the commands each registers, in the order --help lists them: studying
# first, authoring last
COMMANDS: dict[str, tuple[str, ...]] = {
    "study": ("study",),
    "quiz": ("quiz",),
    "progress": ("decks", "stats", "browse"),
    "config": ("config",),
    "scheduling": ("optimize", "simulate"),
    "export": ("export",),
    "anki": ("import-reviews",),
    "backup": ("backup", "restore"),
    "authoring": ("generate", "lint"),
    "draft": ("draft",),
}
VALUE_OPTIONS = ("--db", "--decks")  # the root options that take a value


def build_app(modules: Iterable[str] = COMMANDS) -> typer.Typer:
    """The typer app with the commands of `modules` registered (trainer.commands.<name>)."""
    app = typer.Typer(
        cls=_Commands,
        name="trainer",  # what errors and help call it in tests too (CliRunner: "root")
        help="Flashcards and quizzes on the key claims of an SLE treatment review.\n\n"
        "Decks are read from --decks DIR, else ./decks when the current folder is an author's "
        "checkout (decks/ beside seeds/), else the decks bundled with the package.",
        no_args_is_help=False,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback(invoke_without_command=True)(root)
    for name in modules:
        import_module(f"trainer.commands.{name}").register(app)
    return app


def modules_for(args: Sequence[str]) -> tuple[str, ...]:
    """The command modules a command line needs: only the named command's, so `trainer study`
    neither imports nor sets up the other fourteen commands on its way to the first card (about
    20 ms); none for bare `trainer` (the home screen); all of them for help, or for a name that
    is no command (typer then lists the commands, or suggests the nearest one)."""
    rest = iter(args)
    for arg in rest:
        if arg in ("-h", "--help"):
            return tuple(COMMANDS)
        if arg in VALUE_OPTIONS:
            next(rest, None)
        elif not arg.startswith("-"):
            found = [m for m, names in COMMANDS.items() if arg in names]
            return tuple(found) if found else tuple(COMMANDS)
    return ()


@cache
def _full_app() -> typer.Typer:
    return build_app()


def __getattr__(name: str) -> typer.Typer:
    """`trainer.cli.app`: the app with every command (tests and tools), built on first use."""
    if name == "app":
        return _full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console entry point: Ctrl+C and a closed pipe end quietly, never with a traceback."""
    import os
    import sys

    safe_streams()
    try:
        build_app(modules_for(sys.argv[1:]))(prog_name="trainer")
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # Python would complain once more while flushing stdout at exit: point it at nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
