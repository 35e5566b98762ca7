"""TUI fixtures: the app on a throwaway database and a fixed clock."""

from __future__ import annotations

import pytest

from tests.conftest import TZ
from trainer.tui.app import Services, TrainerApp


def text_of(app, selector: str) -> str:
    """The plain text a widget on the current screen shows."""
    return str(app.screen.query_one(selector).render())


@pytest.fixture
def make_app(store, clock):
    store.set_setting("global", "fuzz", False)  # exact intervals on the buttons
    def build(study: bool = False, deck: str | None = None, decks_dir=None) -> TrainerApp:
        start = (lambda app: app.study_screen(deck)) if study else None
        return TrainerApp(Services(store=store, clock=clock, decks_dir=decks_dir, tz=TZ),
                          start=start)
    return build


@pytest.fixture
def app(make_app):
    return make_app()
