"""Building the TUI app on a test store: the one place tests construct Services."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import TZ
from tests.seedtools import FIXTURES
from trainer.tui.app import Services, TrainerApp

SIZES = [(80, 24), (120, 40)]  # terminal sizes every snapshot is taken at
GOLDEN_DECKS = FIXTURES / "golden"  # the deck files the store fixture syncs (a copy of them)


def trainer_app(store, clock, decks_dir: Path = GOLDEN_DECKS, start: Callable | None = None,
                sync: bool = False) -> TrainerApp:
    """The app on `store` with the fixed test clock and zone. The store fixture is already
    synced with `decks_dir`; sync=True makes the app sync it again in its worker, as a
    fresh start does."""
    return TrainerApp(Services(store=store, clock=clock, decks_dir=decks_dir, tz=TZ,
                               synced=not sync), start=start)


def screen_output(app) -> str:
    """What the app writes to the terminal to paint the whole screen now: the compositor's
    update rendered to text, as Textual's driver does (styles and cursor moves included)."""
    return app.screen._compositor.render_update(full=True).render_segments(app.console)


def assert_shown_as_text(out: str, *visible: str) -> None:
    """No escape sequence from file text (tests.helpers.RAW_ESCAPES) in `out`, and each of
    `visible` in it as it is written."""
    from tests.helpers import RAW_ESCAPES

    leaked = [raw for raw in RAW_ESCAPES if raw in out]
    assert not leaked, leaked
    for text in visible:
        assert text in out, text
