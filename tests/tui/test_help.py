"""The help screen: each key once, and open at the keys of the screen it was opened from."""

from __future__ import annotations

import re

from tests.apps import screen_output, trainer_app
from tests.tui.conftest import keys_at_once, screen_lines, text_of
from trainer.tui.screens.help import HelpScreen


def sections(keys: str) -> dict[str, list[list[str]]]:
    """Each section's lines, split into (key, description words)."""
    found: dict[str, list[list[str]]] = {}
    for block in keys.split("\n\n"):
        title, *lines = block.splitlines()
        found[title] = [line.split() for line in lines]
    return found


async def test_help_lists_each_key_once(quiz_app):
    app = quiz_app(mode="choice", count=3)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = text_of(app, "#help-keys")
        found = sections(keys)
        for title, lines in found.items():
            listed = [line[0] for line in lines]
            assert len(listed) == len(set(listed)), (title, listed)
        quiz = [line[0] for line in found["Quiz"]]
        assert "1-4" in quiz and not {"1", "2", "3", "4"} & set(quiz)  # the range says them
        assert sum(line == ["?", "Help"] for lines in found.values() for line in lines) == 1
        assert ["?", "Help"] in found["Everywhere"]


async def test_help_opens_at_the_current_screens_keys(store, clock):
    from trainer.tui.screens.stats import stats_screen

    app = trainer_app(store, clock, start=stats_screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        shown = screen_output(app)
        assert "Statistics" in shown and "30/90/365 days" in shown
        assert "Everywhere" not in shown and "Show/Good" not in shown  # scrolled past the rest
        await pilot.press("escape", "escape")  # back to stats, then home
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        shown = screen_output(app)
        assert "Home" in shown and "Browse" in shown and "Statistics" not in shown


async def test_help_from_study_starts_at_the_study_heading(store, clock):
    """The box's first line of keys is the section's heading (not the end of the one before,
    whose 'q Quit' read as a study key), and how to close it stays in the border."""
    app = trainer_app(store, clock, start=lambda a: a.study_screen())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        painted = re.split(r"\x1b\[\d+;1H", screen_output(app))  # one piece per screen row
        lines = [re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", row) for row in painted]
        top = next(i for i, line in enumerate(lines) if "╭" in line)
        assert "Escape closes" in lines[top]
        inside = [line.strip("│ \n") for line in lines[top + 1:] if line.strip("│ \n")]
        assert inside[0] == "Study", inside[:3]


async def test_quick_arrow_presses_scroll_a_line_each(store, clock):
    """Ten quick presses of Down (a held key) scroll ten lines, and ten of Up come back: none
    is lost to the scroll animation of the press before."""
    app = trainer_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        box = app.screen.query_one("#help")
        # the box's rows, from its first line of keys to its last, without the scrollbar
        keys = lambda: [line[4:60] for line in screen_lines(app)[3:20]]  # noqa: E731
        before, start = keys(), box.scroll_y
        await keys_at_once(pilot, *["down"] * 10)
        await pilot.wait_for_scheduled_animations()
        assert box.scroll_y == start + 10
        assert keys()[:7] == before[10:]  # what was ten lines down is at the top
        await keys_at_once(pilot, *["up"] * 10)
        await pilot.wait_for_scheduled_animations()
        assert keys() == before
