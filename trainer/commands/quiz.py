"""`trainer quiz`: multiple-choice, true/false and typed questions on a deck or a topic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from textual.screen import Screen

    from trainer.quiz import QuizOptions
    from trainer.tui.app import TrainerApp


def quiz(
    ctx: typer.Context,
    deck: Annotated[str | None, typer.Argument(
        metavar="DECK",
        help="Deck id or name [default: the first deck].", show_default=False)] = None,
    count: Annotated[int, typer.Option(
        "-n", "--count",
        help="How many questions: one per claim, then (mixed mode) claims again in another kind.",
    )] = 20,
    mode: Annotated[str | None, typer.Option(
        "--mode", metavar="choice|truefalse|typed|mixed",
        help="Question kind: choice (keys 1-4), truefalse (t / f), typed (Enter submits), or "
        "mixed [default: mixed; with --missed, the kinds that were missed].",
        show_default=False)] = None,
    topic: Annotated[str | None, typer.Option(
        "--topic", metavar="TAG", help="Only this topic, by name or tag, case-insensitive; "
        "whole words of it are enough ('nephritis' for 'Lupus nephritis').")] = None,
    query: Annotated[str | None, typer.Option(
        "--query", "-q", metavar="SEARCH", help="Only the claims whose cards a browse search "
        "finds: is:core, is:detail, is:due, topic:x, tag:x, words.")] = None,
    missed: Annotated[bool, typer.Option(
        "--missed", help="Ask again the questions missed in the deck's last quiz.")] = False,
    count_as_review: Annotated[bool, typer.Option(
        "--count-as-review", help="Also grade the claim's due flashcards with each answer "
        "(right: Good, wrong: Again); without it a quiz never changes the schedule.")] = False,
    seed: Annotated[int | None, typer.Option(
        "--seed", metavar="N", help="Seed for choosing and shuffling questions, to repeat a "
        "quiz exactly [default: random].", show_default=False)] = None,
) -> None:
    """Test yourself: questions one at a time, each answer explained with its source, a score
    by topic at the end. Answers are stored; retry the misses with --missed."""
    from trainer.errors import BadInput
    from trainer.quiz import MODES, QuizOptions

    # the flags are the interface's to name; the service checks the same values in its words
    if count < 1:
        raise BadInput(f"-n must be at least 1 (got {count})")
    if mode is not None and mode not in MODES:
        raise BadInput(f"--mode must be one of {', '.join(MODES)} (got '{mode}')")
    options = QuizOptions(count=count, mode=mode, topic=topic, query=query, missed=missed,
                          count_as_review=count_as_review, seed=seed)
    options.check()
    _check_plan(ctx, deck, options)

    def start(app: TrainerApp) -> Screen[None]:
        from dataclasses import asdict

        from trainer.tui.screens.quiz import quiz_screen

        return quiz_screen(app, deck, **asdict(options))

    from trainer.commands.study import run_app

    run_app(ctx, start=start)


def _check_plan(ctx: typer.Context, deck: str | None, options: QuizOptions) -> None:
    """Plan the quiz once before the app opens, so a bad deck, topic or --missed ends as one
    line without the screen flashing up; nothing is written by planning."""
    from trainer.collection import resolve_deck
    from trainer.commands.common import clock, open_store
    from trainer.quiz import load_quiz_deck, start_quiz

    store = open_store(ctx)
    deck_id = resolve_deck(store, deck)
    start_quiz(store, load_quiz_deck(ctx.find_root().obj.decks_dir, deck_id), clock, options)
    store.close()


def register(app: typer.Typer) -> None:
    app.command()(quiz)
