"""The `trainer` command line (typer); heavy libraries are imported inside the commands."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any

import typer

from trainer import __version__
from trainer.commands.common import Options, report, safe_streams, say
from trainer.errors import TrainerError


class _Commands(typer.core.TyperGroup):
    """Turns every error a user can meet into one line on stderr and exit code 2: a
    TrainerError as the interface words it, and a failure of the disk or the database file
    that reached no store method (an OSError, an sqlite3 error) as what happened to which file."""

    def invoke(self, ctx: typer.core._click.Context) -> Any:  # typer < 0.29 bundles click
        import sqlite3

        try:
            return super().invoke(ctx)
        except (TrainerError, sqlite3.Error, OSError) as exc:
            if isinstance(exc, BrokenPipeError):
                raise  # the reader went away (`trainer browse ... | head`): main() ends quietly
            options = ctx.find_root().obj
            raise typer.Exit(report(exc, options.db_path if options else None)) from None


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
