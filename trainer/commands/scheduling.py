"""`trainer optimize` (fit FSRS to your reviews) and `trainer simulate` (the workload per retention)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from trainer.commands.common import open_store, refuse_options, say, say_json

if TYPE_CHECKING:
    from trainer.scheduling import Optimized, Removed, WorkloadReport
    from trainer.store import Store

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
DeckArgument = Annotated[str | None, typer.Argument(
    metavar="DECK",
    help="Deck id or name [default: every deck].", show_default=False)]
CHART_WIDTH = 40
WIDTH = 80  # text output wraps here


def _scope(store: Store, deck: str | None) -> tuple[str | None, str]:
    """The deck id (None: every deck) and how to name it."""
    from trainer.collection import resolve_deck

    if deck is None:
        return None, "every deck"
    deck_id = resolve_deck(store, deck)
    name = next((d.name for d in store.decks.all() if d.id == deck_id), deck_id)
    return deck_id, f"deck {name}"


# -- trainer optimize ---------------------------------------------------------------------------


def optimize(
    ctx: typer.Context,
    deck: DeckArgument = None,
    as_json: JsonOption = False,
    apply: Annotated[bool, typer.Option(
        "--apply", help="Schedule with the fitted parameters from now on, if they predict your "
        "answers better (stored for DECK, or globally).")] = False,
    reset: Annotated[bool, typer.Option(
        "--reset", help="Remove the stored parameters instead: back to the global ones or "
        "FSRS-6's defaults.")] = False,
) -> None:
    """Fit the scheduler (FSRS-6) to your review history and show how much better it predicts
    your answers. Exits 1, changing nothing, when there is too little history."""
    from trainer.errors import BadInput
    from trainer.scheduling import Removed
    from trainer.scheduling import optimize as run

    if apply and reset:
        raise BadInput("--apply and --reset cannot be used together; pass one of them")
    store = open_store(ctx)
    deck_id, label = _scope(store, deck)
    result = run(store, deck_id, apply=apply, reset=reset)
    if isinstance(result, Removed):
        _removed(result, label, as_json)
        return
    if as_json:
        say_json(result.as_json())
    else:
        for line in _fit_lines(result, label, apply):
            say(line)
    if result.fitted is None:
        if as_json:
            say(f"trainer: {result.outcome}", err=True)
        raise typer.Exit(1)


def _wrap(text: str, indent: str = "") -> list[str]:
    import textwrap

    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False)


def _fit_lines(result: Optimized, label: str, apply: bool) -> list[str]:
    from trainer.optimize import NotEnoughHistory

    f, o = result.fitted, result.outcome
    if isinstance(o, NotEnoughHistory):
        return _wrap(f"{label}: not enough history to fit the scheduler; {o.needed} more reviews "
                     f"needed. Counted are answers given on a later day than the card's previous "
                     f"one: {o.items} of {o.items + o.needed} so far. Nothing was changed.")
    assert f is not None
    change = lambda a, b: f"{(b - a) / a:+.1%}" if a else "–"  # noqa: E731
    how = ("out of sample: each fit predicts answers given after the reviews it learnt from"
           if f.time_series else "in sample: too little history to test on later answers")
    lines = [f"{label}: fitted to {f.reviews:,} reviews of {f.cards:,} cards",
             "",
             f"  {'':<19}{'log loss':>10}{'RMSE(bins)':>12}",
             f"  {'parameters in use':<19}{f.before.log_loss:>10.4f}{f.before.rmse_bins:>12.4f}",
             f"  {'fitted parameters':<19}{f.after.log_loss:>10.4f}{f.after.rmse_bins:>12.4f}",
             f"  {'change':<19}{change(f.before.log_loss, f.after.log_loss):>10}"
             f"{change(f.before.rmse_bins, f.after.rmse_bins):>12}",
             "", *_wrap(f"lower is better; {how}"), "fitted parameters:",
             *_wrap(" ".join(f"{v:.4g}" for v in f.parameters), "  ")]
    if f.scope == "initial":
        lines += _wrap("with this much history only the four initial stabilities were fitted")
    if result.applied:
        lines += _wrap(f"applied: {label} is scheduled with the fitted parameters from now on")
    elif result.unchanged:
        lines += _wrap("not applied: these are the parameters in use already (fitted to the "
                       "same history)")
    elif not f.better:
        lines += _wrap("not applied: they predict your answers no better than the parameters "
                       "in use")
    elif not apply:
        lines.append("not applied: pass --apply to schedule with them")
    return lines


def _removed(result: Removed, label: str, as_json: bool) -> None:
    from trainer.scheduling import DEFAULTS

    if as_json:
        say_json({"removed": result.had, "parameters": list(result.now),
                               "source": result.source})
        return
    now = "FSRS-6's default parameters" if result.source == DEFAULTS else "the global parameters"
    if result.had:
        say(f"removed the parameters stored for {label}: it is scheduled with {now}")
    else:
        say(f"no parameters were stored for {label}: it is scheduled with {now}")


# -- trainer simulate ---------------------------------------------------------------------------


def simulate(
    ctx: typer.Context,
    deck: DeckArgument = None,
    days: Annotated[int, typer.Option("--days", help="Days to simulate (1-3650).")] = 365,
    retention: Annotated[list[float] | None, typer.Option(
        "--retention", help="Desired retentions to compare, e.g. --retention 0.85 0.9 0.95 "
        "[default: 0.80 0.85 0.90 0.95].", show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """Simulate learning a deck with its parameters, pace and your answer times: reviews and
    minutes a day, and cards remembered at the end, for each desired retention."""
    from trainer.scheduling import check_request, workload
    from trainer.simulate import DEFAULT_RETENTIONS

    refuse_options(ctx, [deck or "", *ctx.args])
    deck, extra = _split_retentions(deck, ctx.args)
    wanted = [*(retention or []), *extra] or list(DEFAULT_RETENTIONS)
    check_request(days, wanted)  # a bad request is refused before any work
    store = open_store(ctx)
    deck_id, label = _scope(store, deck)
    report = workload(store, deck_id, days, wanted)
    if as_json:
        say_json(report.as_json())
        return
    for line in _workload_lines(report, label):
        say(line)


def _split_retentions(deck: str | None, args: list[str]) -> tuple[str | None, list[float]]:
    """`--retention 0.8 0.85 0.9` as written: click keeps one value per --retention, so the
    numbers after it arrive as the DECK argument and extra arguments. A number is a retention
    (no deck id is a number); one other word is the deck."""
    from trainer.errors import BadInput

    words: list[str] = []
    numbers: list[float] = []
    for token in ([deck] if deck is not None else []) + list(args):
        try:
            numbers.append(float(token))
        except ValueError:
            words.append(token)
    if len(words) > 1:
        raise BadInput(f"one deck at a time, not {' and '.join(words)}")
    return (words[0] if words else None), numbers


def _workload_lines(w: WorkloadReport, label: str) -> list[str]:
    from trainer.figures import minutes_chart, workload_basis, workload_rows

    lines = [*_wrap(f"{label} over {w.days} days: {workload_basis(w)}"), "",
             f"{'retention':>9}  {'reviews/day':>11}  {'minutes/day':>11}  {'remembered':>10}"]
    for retention, reviews, minutes, remembered, mark in workload_rows(w):
        lines.append(f"{retention:>9}  {reviews:>11}  {minutes:>11}  {remembered:>10}  {mark}".rstrip())
    lines += ["", "minutes a day", *minutes_chart(w, CHART_WIDTH), "",
              *_wrap("remembered: the cards you would recall on the last day; the simulation "
                     "learns the deck from its first card at this pace"),
              "choose one with: trainer config desired_retention 0.85 [--deck DECK]"]
    return lines


def register(app: typer.Typer) -> None:
    app.command()(optimize)
    # the numbers after --retention arrive as extra arguments (see _split_retentions); "-0.5"
    # is a retention to refuse, not an unknown option
    app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(
        simulate)
