"""Snapshots of the stats, browse and card screens at 80x24 and 120x40 on a fixed history
(review changes: pytest --snapshot-update)."""

from __future__ import annotations

import pytest

from tests.apps import SIZES, trainer_app
from tests.test_stats import history, today_of
from trainer.tui.screens.browse import browse_screen
from trainer.tui.screens.stats import stats_screen


@pytest.fixture
def studied(store, clock, decks_dir):
    history(store, today_of(clock))
    store.cards.set_suspended("belimumab-blys/cloze", True)
    return lambda start: trainer_app(store, clock, decks_dir, start=start)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
class TestStatsSnapshots:
    def test_stats(self, snap_compare, studied, size):
        assert snap_compare(studied(stats_screen), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
class TestBrowseSnapshots:
    def test_browse(self, snap_compare, studied, size):
        assert snap_compare(studied(browse_screen), terminal_size=size)

    def test_search_sorted_by_lapses(self, snap_compare, studied, size):
        app = studied(lambda app: browse_screen(app, "tag:biologics"))
        assert snap_compare(app, press=["enter", "l"], terminal_size=size)

    def test_card(self, snap_compare, studied, size):
        app = studied(lambda app: browse_screen(app, "belimumab-blys"))
        assert snap_compare(app, press=["enter", "enter"], terminal_size=size)
