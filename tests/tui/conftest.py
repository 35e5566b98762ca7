"""TUI fixtures: the app on a throwaway database and a fixed clock."""

from __future__ import annotations

import pytest

from tests.apps import trainer_app
from trainer.tui.app import TrainerApp


def text_of(app, selector: str) -> str:
    """The plain text a widget on the current screen shows."""
    return str(app.screen.query_one(selector).render())


def card_part(app, name: str) -> str | None:
    """The text of one part of the card on screen ("question", "answer", "sources"...), None
    when the card does not show that part; whatever it is, it is also in what is painted."""
    view = app.screen.card_view
    text = view.parts.get(name)
    if text is not None and name != "rule":
        painted = str(view.card_text.render()).replace("\n", " ")
        assert " ".join(text.split()) in " ".join(painted.split()), (name, text)
    return text


@pytest.fixture
def make_app(store, clock, decks_dir):
    store.settings.set("global", "fuzz", False)  # exact intervals on the buttons

    def build(study: bool = False, deck: str | None = None) -> TrainerApp:
        start = (lambda app: app.study_screen(deck)) if study else None
        return trainer_app(store, clock, decks_dir, start=start)
    return build


@pytest.fixture
def quiz_app(store, clock, decks_dir):
    """An app that opens on a quiz of the mini deck (seeded: 2 unless given)."""
    from trainer.tui.screens.quiz import quiz_screen

    def build(**options) -> TrainerApp:
        options.setdefault("seed", 2)
        return trainer_app(store, clock, decks_dir,
                           start=lambda app: quiz_screen(app, "mini", **options))
    return build


@pytest.fixture
def app(make_app):
    return make_app()


def screen_lines(app) -> list[str]:
    """The current screen as it is painted, one text line a row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def painted_lines(widget) -> list[str]:
    """The lines a widget of text paints (padding included, wrapped as on screen), whether
    or not it is scrolled into view (a container paints only its own background)."""
    from textual.geometry import Region

    width, height = widget.outer_size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


async def keys_at_once(pilot, *keys: str) -> None:
    """Keys as a terminal sends quick presses (a held arrow, ten taps): all of them queued
    before the app handles the first, where `pilot.press` waits for each in turn."""
    from textual import events

    for key in keys:
        pilot.app.post_message(events.Key(key, None))
    await pilot.pause()
