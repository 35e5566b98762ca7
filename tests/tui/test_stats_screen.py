"""Pilot tests of the stats screen on a known history."""

from __future__ import annotations

import pytest

from tests.apps import trainer_app
from tests.test_stats import history, today_of
from tests.tui.conftest import keys_at_once, screen_lines, text_of
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.stats import StatsScreen, stats_screen


@pytest.fixture
def stats_app(store, clock, decks_dir):
    history(store, today_of(clock))
    return trainer_app(store, clock, decks_dir, start=stats_screen)


async def test_the_screen_shows_the_figures(stats_app):
    async with stats_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(stats_app.screen, StatsScreen)
        assert text_of(stats_app, "#stats-title") == "Statistics · Monday 2 March 2026"
        figures = text_of(stats_app, "#stats-figures")
        assert "reviews    64 in all · 8 today · 0 due now" in figures
        assert "streak     3 days (best 5)" in figures
        assert "retention  83% of 48 over 7 days · 84% of 64 over 30 days · target 90%" in figures
        assert "quiz       11 answers · 64% correct" in figures
        assert "study next Lupus nephritis 40% · Biologics 83%" in figures
        assert text_of(stats_app, "#calendar-heading") == "Study days · streak 3 · best 5"
        assert text_of(stats_app, "#forecast-heading") == "Due per day · next 30 days · most 8"


async def test_topics_weakest_first(stats_app):
    async with stats_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = stats_app.screen.query_one("#topics")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [["Lupus nephritis", "62% of 16", "40% of 5", "◀ next"],
                        ["Biologics", "88% of 24", "83% of 6", "◀ next"],
                        ["Hydroxychloroquine", "96% of 24", "–", ""]]


async def test_r_cycles_the_reviews_range(stats_app):
    async with stats_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        heading = lambda: text_of(stats_app, "#reviews-heading")  # noqa: E731
        assert heading() == "Reviews per day · last 30 days · most 8 · 64 in all"
        await pilot.press("r")
        assert "last 90 days" in heading()
        await pilot.press("r")
        assert "last 365 days" in heading()
        chart = stats_app.screen.query_one("#reviews-chart")
        assert "days a bar" in str(chart.render())  # a year does not fit one bar a day
        await pilot.press("r")
        assert "last 30 days" in heading()


async def test_escape_goes_home_and_the_screen_opens_from_home(store, clock, decks_dir):
    app = trainer_app(store, clock, decks_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(stats_screen(app))
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert "27 new" in text_of(app, "#stats-figures")
        assert not app.screen.query_one("#topics").display  # nothing studied yet
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_started_on_stats_escape_builds_home(stats_app):
    async with stats_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(stats_app.screen, HomeScreen)


async def test_home_end_and_the_page_keys_scroll_the_screen_even_after_a_click(stats_app):
    """As in any scrollable view, wherever the learner clicked (the topics table took the
    keys for itself: Home did nothing), and a quick run of presses loses none."""
    async with stats_app.run_test(size=(80, 16)) as pilot:  # a short terminal: pages to turn
        await pilot.pause()
        box = stats_app.screen.query_one("#stats")
        page, end = box.scrollable_content_region.height, box.max_scroll_y
        assert end > page  # more than two pages: PageDown stops short of the end
        top = lambda: screen_lines(stats_app)[0].strip()  # noqa: E731

        async def press(*keys: str) -> float:
            await pilot.press(*keys)
            await pilot.wait_for_scheduled_animations()
            return box.scroll_y

        assert await press("end") == end
        await pilot.click("#topics")
        await pilot.wait_for_scheduled_animations()
        assert await press("home") == 0 and top().startswith("Statistics ·")
        assert await press("pagedown") == page
        assert await press("end") == end
        assert await press("pageup") == end - page
        assert await press("home", "down", "down") == 2
        await keys_at_once(pilot, *["down"] * 5, "pagedown")
        await pilot.wait_for_scheduled_animations()
        assert box.scroll_y == 7 + page
