"""The `trainer` command line (typer); heavy libraries are imported inside the commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from trainer import __version__
from trainer.commands.common import say
from trainer.errors import TrainerError


class _Commands(typer.core.TyperGroup):
    """Turns every error a user can meet into one line on stderr and exit code 2: a
    TrainerError as the interface words it, and a failure of the disk or the database file
    that reached no store method (an OSError, an sqlite3 error) as what happened to which file."""

    def invoke(self, ctx: typer.core._click.Context) -> Any:  # typer < 0.29 bundles click
        import sqlite3

        from trainer.commands.messages import describe, unexpected_storage

        try:
            return super().invoke(ctx)
        except TrainerError as exc:
            say(f"trainer: {describe(exc)}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except (sqlite3.Error, OSError) as exc:
            if isinstance(exc, BrokenPipeError):
                raise  # the reader went away (`trainer browse ... | head`): main() ends quietly
            options = ctx.find_root().obj
            error = unexpected_storage(exc, options.db_path if options else None)
            say(f"trainer: {describe(error)}", err=True)
            raise typer.Exit(2) from None


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


class Options:
    """Global options, shared with every command through the typer context."""

    def __init__(self, db: Path | None, decks: Path | None):
        self.db_option = db
        self.decks_option = decks

    @property
    def db_is_default(self) -> bool:
        """Neither --db nor TRAINER_DB: the user data folder, which may need creating."""
        return self.db_option is None

    @property
    def db_path(self) -> Path:
        from trainer.paths import default_db_path

        return self.db_option or default_db_path()

    @property
    def decks_dir(self) -> Path:
        from trainer.paths import decks_dir

        return decks_dir(self.decks_option)


def _version(value: bool) -> None:
    if value:
        say(f"trainer {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
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
    if ctx.invoked_subcommand is None:
        from trainer.commands.study import run_app

        run_app(ctx)


# commands register themselves on the app above, one module per feature; --help lists them in
# this order: studying first, authoring last
from trainer.commands import (  # noqa: E402
    anki,
    authoring,
    backup,
    config,
    draft,
    export,
    progress,
    quiz,
    scheduling,
    study,
)

study.register(app)
quiz.register(app)
progress.register(app)
config.register(app)
scheduling.register(app)
export.register(app)
anki.register(app)
backup.register(app)
authoring.register(app)
draft.register(app)


def main() -> None:
    """Console entry point: Ctrl+C and a closed pipe end quietly, never with a traceback."""
    import os
    import sys

    for stream in (sys.stdout, sys.stderr):
        # a terminal that cannot show a character gets "?" instead of a crash
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="replace")
    try:
        app(prog_name="trainer")
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # Python would complain once more while flushing stdout at exit: point it at nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
