"""The grade keys on a narrow terminal: shorter labels, never one cut across two lines."""

from __future__ import annotations

from trainer.model import Rating
from trainer.tui.widgets.grade_bar import GradeBar


async def revealed(app, pilot) -> GradeBar:
    """The first card's answer shown: the bar with its four grade keys."""
    await pilot.press("space")
    await pilot.pause()
    return app.screen.query_one(GradeBar)


async def test_a_narrow_terminal_drops_the_names_and_keeps_every_key_whole(make_app):
    app = make_app(study=True)
    async with app.run_test(size=(60, 24)) as pilot:
        bar = await revealed(app, pilot)
        keys = bar.keys()
        assert [k.label.split(" · ")[0] for k in keys] == ["1", "2", "3", "4"]  # "3 · 10m"
        assert keys[-1].start + keys[-1].width <= bar.size.width  # all four on the bar
        middle = str(bar.render()).split("\n")[1]
        assert all(k.label in middle for k in keys)
        await pilot.click(GradeBar, offset=bar.key_offset(Rating.GOOD))  # and a click still grades
        await pilot.pause()
        assert app.screen.session.summary.reviewed == 1


async def test_a_wide_terminal_keeps_the_names(make_app):
    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        labels = [k.label for k in (await revealed(app, pilot)).keys()]
        assert [label.split(" · ")[0] for label in labels] == ["1 Again", "2 Hard", "3 Good", "4 Easy"]
