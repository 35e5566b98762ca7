"""`trainer config`: show and change study settings, globally or for one deck."""

from __future__ import annotations

from typing import Annotated

import typer

from trainer.commands.common import open_store, refuse_options, say


def config(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(
        metavar="NAME",
        help="Setting to show or change [default: list them all].", show_default=False)] = None,
    typed: Annotated[list[str] | None, typer.Argument(
        metavar="VALUE...",
        help="New value, e.g. 30, 0.85, true, 1m 10m (steps), or 21 numbers for parameters; "
        "quotes are optional.",
        show_default=False)] = None,
    deck: Annotated[str | None, typer.Option(
        "--deck", help="Change or show one deck's settings, each marked (this deck) or "
        "(all decks) by where it is set; unmarked: the default [default: every deck].",
        show_default=False)] = None,
    reset: Annotated[bool, typer.Option(
        "--reset", help="Remove the setting (or, with no NAME, every setting of the scope), "
        "falling back to the global value or the default.",
    )] = False,
) -> None:
    """Show or change study settings: daily limits, day rollover, FSRS retention and steps."""
    from trainer import settings
    from trainer.collection import resolve_deck
    from trainer.errors import BadInput

    refuse_options(ctx, [name or "", *(typed or [])])
    # a value of several words (steps, parameters) the same typed with quotes or without
    value = " ".join(typed) if typed else None
    if reset and value is not None:
        raise BadInput(f"--reset removes a setting; it takes no value (got '{value}'): use "
                       f"'trainer config {name} --reset', or set it with 'trainer config {name} {value}'")
    if name:
        settings.require(name)  # before opening anything: a typo changes nothing
    store = open_store(ctx)
    deck_id = resolve_deck(store, deck) if deck else None
    scope = f"deck {deck_id}" if deck_id else "all decks"
    if reset:
        removed = settings.reset(store, deck_id, name)
        what = f"'{name}'" if name else "every setting"
        say(f"reset {what} for {scope}" + ("" if removed else " (nothing was set)")
                   + (": defaults apply" if not deck_id else ": global values and defaults apply"))
    elif name and value is not None:
        settings.set_value(store, deck_id, name, value)
    values, base = settings.effective(store, deck_id), settings.defaults()
    # for one deck, where each value comes from (as Anki's deck options tell a preset's value
    # from the defaults); for all decks, what differs from the default
    source = settings.sources(store, deck_id)
    marks = {settings.DECK: "this deck", settings.ALL_DECKS: "all decks"}
    shown = [name] if name else list(settings.SETTINGS)
    for line in settings.stored_problems(store, deck_id):
        say(f"warning: {line}", err=True)
    say(f"settings for {scope}:")
    for key in shown:
        if deck_id:
            mark = f"   ({marks[source[key]]})" if source[key] in marks else ""
        else:
            mark = "" if values[key] == base[key] else "   (changed)"
        say(f"  {key:<18} {settings.show(key, values[key], full=bool(name)):<10} "
                   f"{settings.SETTINGS[key].described}{mark}")


def register(app: typer.Typer) -> None:
    # "-5" is a value to check ("out of range"); an unknown option is refused by refuse_options
    app.command(context_settings={"ignore_unknown_options": True})(config)
