"""Study commands: `trainer` (home screen) and `trainer study [DECK]` (straight to the first card)."""

from __future__ import annotations

from typing import Annotated

import typer

from trainer.commands.common import clock


def run_app(ctx: typer.Context, start=None) -> None:
    """Open the database (refusing bad files with one line), then run the TUI on it; `start`
    builds the first screen once the decks are synced (see TrainerApp)."""
    from trainer.store import Store
    from trainer.tui.app import Services, TrainerApp

    options = ctx.find_root().obj
    store = Store.open(options.db_path)
    try:
        app = TrainerApp(Services(store=store, clock=clock, decks_dir=options.decks_dir),
                         start=start)
        app.run()
    finally:
        store.close()
    if app.error:
        typer.echo(f"trainer: {app.error}", err=True)
        raise typer.Exit(2)


def study(
    ctx: typer.Context,
    deck: Annotated[str | None, typer.Argument(
        help="Deck id or name [default: the first deck].", show_default=False)] = None,
) -> None:
    """Study a deck now: opens straight on its first due card (Space shows, 1-4 grade)."""
    run_app(ctx, start=lambda app: app.study_screen(deck))


def register(app: typer.Typer) -> None:
    app.command()(study)
