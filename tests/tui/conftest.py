"""TUI fixtures: the app on a throwaway database and a fixed clock."""

from __future__ import annotations

import pytest

from tests.apps import trainer_app
from trainer.tui.app import TrainerApp


def text_of(app, selector: str) -> str:
    """The plain text a widget on the current screen shows."""
    return str(app.screen.query_one(selector).render())


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
