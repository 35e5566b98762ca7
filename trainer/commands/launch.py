"""Opening the full-screen app, for the typer commands and for the quick path that skips typer."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.commands.common import Options, clock, report, say

if TYPE_CHECKING:
    from textual.screen import Screen

    from trainer.store import Store
    from trainer.tui.app import TrainerApp

# what works without a terminal, for the line that refuses to start the app without one
WITHOUT_TERMINAL = "'trainer browse QUERY', 'trainer stats' and 'trainer decks' print instead"
ROOT_VALUES = ("--db", "--decks")  # the root options that take a value (see trainer.cli.root)


def has_terminal() -> bool:
    """Whether both ends are a terminal: the app reads keys from stdin and draws on stdout
    (with either one a pipe or a file, it would draw into the file or spin on no input)."""
    import sys

    return sys.stdin.isatty() and sys.stdout.isatty()


def require_terminal(command_path: str) -> None:
    """Refuse, in one line, to start the full-screen app without a terminal."""
    from trainer.errors import BadInput

    if not has_terminal():
        raise BadInput(f"'{command_path}' opens a full-screen app and needs a terminal for "
                       f"its input and output; {WITHOUT_TERMINAL}")


def run_app(options: Options, command_path: str,
            start: Callable[[TrainerApp], Screen[None]] | None = None,
            deck: str | None = None) -> int:
    """Open the database (refusing bad files with one line), then run the TUI on it; `start`
    builds the first screen once the decks are synced (see TrainerApp). A `deck` the user
    named is checked first, so a typo is one line in the terminal, not a flash of the app.
    Without a terminal nothing opens: one line says so (`require_terminal`), before any file
    is touched unless there is a deck name to check first. Returns the exit code: 2 when the
    app ended on an error, which it has said in one line."""
    if deck is None:
        require_terminal(command_path)
    from trainer.collection import sync_decks
    from trainer.schedule import seconds
    from trainer.store import Store
    from trainer.tui.app import Services, TrainerApp

    store = Store.open(options.db_path, create_folder=options.db_is_default)
    try:
        if start is not None:
            # straight to a screen: sync first (milliseconds when nothing changed), so a bad
            # deck file is one line here and the first card paints without a round trip
            sync_decks(store, options.decks_dir, seconds(clock()))
        if deck is not None:
            _require_deck(store, options.decks_dir, deck)
            require_terminal(command_path)
        app = TrainerApp(Services(store=store, clock=clock, decks_dir=options.decks_dir,
                                  synced=start is not None), start=start)
        app.run()
    finally:
        store.close()
    if app.error or app.failure:
        say(f"trainer: {app.error or app.failure}", err=True)
        return 2
    return 0


def _require_deck(store: Store, decks_dir: Path, deck: str) -> None:
    from trainer.errors import UnknownDeck

    known = {d.id: d.name for d in store.decks.all()}
    known.update({p.stem: p.stem for p in decks_dir.glob("*.json") if p.stem not in known})
    if deck.casefold() not in {k.casefold() for pair in known.items() for k in pair}:
        raise UnknownDeck(deck, sorted(known))


def quick_form(args: Sequence[str]) -> tuple[Options, list[str]] | None:
    """The options and the command of a command line that only opens the app: bare `trainer`
    (the home screen) or `trainer study [DECK]`, after any --db PATH / --decks PATH (also as
    --db=PATH). None for any other line, or one that is not quite plain (an empty or dash-led
    value, an option given twice, a second argument): typer handles those, errors included."""
    values: dict[str, str] = {}
    rest = list(args)
    while rest and rest[0].startswith("-"):
        name, eq, value = rest.pop(0).partition("=")
        if not eq:
            value = rest.pop(0) if rest else ""
        if name not in ROOT_VALUES or name in values or not value or value.startswith("-"):
            return None
        values[name] = value
    if rest and (rest[0] != "study" or len(rest) > 2 or any(not a or a.startswith("-")
                                                            for a in rest[1:])):
        return None
    # as typer reads it: --db, else TRAINER_DB unless empty
    db = values.get("--db") or os.environ.get("TRAINER_DB") or None
    decks = values.get("--decks")
    return Options(Path(db) if db else None, Path(decks) if decks else None), rest


def quick_start(args: Sequence[str]) -> int | None:
    """Run the app for a command line `quick_form` accepts, without importing or setting up
    typer (about 15 ms of the way to the first card), and return its exit code; None for any
    other line, which trainer.cli then handles."""
    import sqlite3

    from trainer.errors import TrainerError

    form = quick_form(args)
    if form is None:
        return None
    options, command = form
    try:
        if not command:
            return run_app(options, "trainer")
        deck = command[1] if len(command) > 1 else None
        return run_app(options, "trainer study", start=lambda app: app.study_screen(deck),
                       deck=deck)
    except (TrainerError, sqlite3.Error, OSError) as exc:
        return report(exc, options.db_path)
    except KeyboardInterrupt:
        return 130
