"""Study commands: `trainer` (home screen) and `trainer study [DECK]` (straight to the first card)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from trainer.commands import launch
from trainer.commands.common import clock

if TYPE_CHECKING:
    from textual.screen import Screen

    from trainer.tui.app import TrainerApp


def run_app(ctx: typer.Context, start: Callable[[TrainerApp], Screen[None]] | None = None,
            deck: str | None = None) -> None:
    """Run the app for a typer command (see trainer.commands.launch.run_app)."""
    code = launch.run_app(ctx.find_root().obj, ctx.command_path, start, deck)
    if code:
        raise typer.Exit(code)


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
