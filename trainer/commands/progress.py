"""Progress commands: `trainer decks` and `trainer stats`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from trainer.commands.common import clock, open_store

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def decks(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the decks with the cards left today: new, learning and due."""
    from trainer.stats import deck_counts

    store = open_store(ctx)
    rows = deck_counts(store, clock)
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{'deck':<28} {'new':>5} {'learn':>5} {'due':>5} {'cards':>6}")
    for r in rows:
        typer.echo(f"{r['name'][:28]:<28} {r['new']:>5} {r['learning']:>5} {r['due']:>5} "
                   f"{r['cards']:>6}")


def stats(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show your progress: cards, reviews, what is due, and how much you retain."""
    from trainer.stats import basic

    store = open_store(ctx)
    figures = basic(store, clock())
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    retention = figures["retention_30d"]
    typer.echo(f"cards          {figures['cards']}")
    typer.echo(f"reviews        {figures['reviews']} ({figures['reviews_today']} today)")
    typer.echo(f"due now        {figures['due_now']}")
    typer.echo("retention 30d  " + (f"{retention:.1%} of {figures['retention_30d_reviews']} "
                                    "reviews" if retention is not None else "no reviews yet"))


def register(app: typer.Typer) -> None:
    app.command()(decks)
    app.command()(stats)
