"""What every command shares: the clock, the synced collection, and printing text safely."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.text import printable

if TYPE_CHECKING:
    from collections.abc import Iterable

    import typer

    from trainer.store import Store

# typer is imported where it is used: the quick way into the app (trainer.commands.launch)
# comes through here and never loads it


class Options:
    """Global options (--db, --decks), shared with every command through the typer context."""

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


def clock() -> datetime:
    """The interface's clock: aware UTC, as fsrs requires. Services receive it, never call now()."""
    return datetime.now(UTC)


def open_store(ctx: typer.Context, sync: bool = True) -> Store:
    """The store at --db, synced with the deck folder (see `trainer --help`)."""
    from trainer.collection import open_collection
    from trainer.schedule import seconds

    options = ctx.find_root().obj
    store = open_collection(options.db_path, options.decks_dir if sync else None, seconds(clock()),
                            create_folder=options.db_is_default)
    ctx.call_on_close(store.close)
    return store


_OPTION = re.compile(r"--?[A-Za-z][\w-]*(=.*)?")  # "--bogus", "-x"; not "-5", "-1m" or "-1m 10m"


def refuse_options(ctx: typer.Context, words: Iterable[str]) -> None:
    """Refuse, as click would, a word that looks like an option, for a command that lets
    unknown options through as arguments so that "-5" is a value it can call out of range."""
    from difflib import get_close_matches

    from typer._click.exceptions import NoSuchOption

    for word in words:
        if _OPTION.fullmatch(word):
            name = word.partition("=")[0]
            known = [o for p in ctx.command.params for o in p.opts if o.startswith("-")]
            raise NoSuchOption(name, possibilities=get_close_matches(name, known), ctx=ctx)


def safe_streams() -> None:
    """A terminal that cannot show a character gets "?" instead of a crash."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="replace")


def say(text: str, err: bool = False) -> None:
    """Print one message: every line the CLI prints goes through here (or `say_json`). Text
    from files, deck names and paths may hold control characters: they are shown as symbols
    (`printable`), so a terminal never obeys them."""
    import typer

    typer.echo(printable(text), err=err)


def report(exc: Exception, db_path: Path | None) -> int:
    """Say the one line for an error that ended a command, and return its exit code: a
    TrainerError as the interface words it, a failure of the disk or the database file that
    reached no store method (an OSError, an sqlite3 error) as what happened to which file."""
    from trainer.commands.messages import describe, unexpected_storage
    from trainer.errors import TrainerError

    error = exc if isinstance(exc, TrainerError) else unexpected_storage(exc, db_path)
    say(f"trainer: {describe(error)}", err=True)
    return error.exit_code


def terminal_json(data: Any, **options: Any) -> str:
    """`data` as JSON that is safe in a terminal: json.dumps escapes the C0 controls, and DEL
    and the C1 controls (the one-byte CSI among them) are escaped here too. They can occur only
    inside strings, so the JSON means the same."""
    text = json.dumps(data, indent=2, ensure_ascii=False, **options)
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def say_json(data: Any, err: bool = False, **options: Any) -> None:
    import typer

    typer.echo(terminal_json(data, **options), err=err)
