"""Study commands: `trainer` (home screen) and `trainer study [DECK]` (straight to the first card)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from textual.screen import Screen

    from trainer.store import Store
    from trainer.tui.app import TrainerApp

from trainer.commands.common import clock, say

# what works without a terminal, for the line that refuses to start the app without one
WITHOUT_TERMINAL = "'trainer browse QUERY', 'trainer stats' and 'trainer decks' print instead"


def has_terminal() -> bool:
    """Whether both ends are a terminal: the app reads keys from stdin and draws on stdout
    (with either one a pipe or a file, it would draw into the file or spin on no input)."""
    import sys

    return sys.stdin.isatty() and sys.stdout.isatty()


def require_terminal(ctx: typer.Context) -> None:
    """Refuse, in one line, to start the full-screen app without a terminal."""
    from trainer.errors import BadInput

    if not has_terminal():
        raise BadInput(f"'{ctx.command_path}' opens a full-screen app and needs a terminal for "
                       f"its input and output; {WITHOUT_TERMINAL}")


def run_app(ctx: typer.Context, start: Callable[[TrainerApp], Screen[None]] | None = None,
            deck: str | None = None) -> None:
    """Open the database (refusing bad files with one line), then run the TUI on it; `start`
    builds the first screen once the decks are synced (see TrainerApp). A `deck` the user
    named is checked first, so a typo is one line in the terminal, not a flash of the app.
    Without a terminal nothing opens: one line says so (`require_terminal`), before any file
    is touched unless there is a deck name to check first."""
    if deck is None:
        require_terminal(ctx)
    from trainer.collection import sync_decks
    from trainer.schedule import seconds
    from trainer.store import Store
    from trainer.tui.app import Services, TrainerApp

    options = ctx.find_root().obj
    store = Store.open(options.db_path, create_folder=options.db_is_default)
    try:
        if start is not None:
            # straight to a screen: sync first (milliseconds when nothing changed), so a bad
            # deck file is one line here and the first card paints without a round trip
            sync_decks(store, options.decks_dir, seconds(clock()))
        if deck is not None:
            _require_deck(store, options.decks_dir, deck)
            require_terminal(ctx)
        app = TrainerApp(Services(store=store, clock=clock, decks_dir=options.decks_dir,
                                  synced=start is not None), start=start)
        app.run()
    finally:
        store.close()
    if app.error or app.failure:
        say(f"trainer: {app.error or app.failure}", err=True)
        raise typer.Exit(2)


def _require_deck(store: Store, decks_dir: Path, deck: str) -> None:
    from trainer.errors import UnknownDeck

    known = {d.id: d.name for d in store.decks.all()}
    known.update({p.stem: p.stem for p in decks_dir.glob("*.json") if p.stem not in known})
    if deck.casefold() not in {k.casefold() for pair in known.items() for k in pair}:
        raise UnknownDeck(deck, sorted(known))


def study(
    ctx: typer.Context,
    deck: Annotated[str | None, typer.Argument(
        metavar="DECK",
        help="Deck id or name [default: the first deck].", show_default=False)] = None,
    cram: Annotated[str | None, typer.Option(
        "--cram", metavar="QUERY", help="Custom study: the cards of a search (browse syntax: "
        "topic:x tag:x is:due is:core words...), in deck order, graded without touching your "
        "schedule (see --reschedule).", show_default=False)] = None,
    reschedule: Annotated[bool, typer.Option(
        "--reschedule", help="With --cram: the answers reschedule the cards, as in any session.")]
    = False,
) -> None:
    """Study a deck now: opens straight on its first due card (Space shows, 1-4 grade).

    With --cram QUERY, go through the cards a search finds instead, say the night before an
    exam: by default your schedule is left exactly as it was, and the answers are kept out of
    retention figures and of the optimizer.
    """
    from trainer.errors import BadInput

    if reschedule and cram is None:
        raise BadInput("--reschedule goes with --cram QUERY")
    if cram is not None:
        from trainer.collection import resolve_deck
        from trainer.commands.common import open_store
        from trainer.cram import cards_for

        store = open_store(ctx)
        deck_id = resolve_deck(store, deck)
        if not cards_for(store, cram, clock, deck_id):  # a search that finds nothing: one line now
            raise BadInput(f"no cards of {deck_id} match '{cram}': nothing to cram")
        store.close()
        run_app(ctx, start=lambda app: app.cram_screen(deck_id, cram, reschedule), deck=deck)
        return
    run_app(ctx, start=lambda app: app.study_screen(deck), deck=deck)


def register(app: typer.Typer) -> None:
    app.command()(study)
