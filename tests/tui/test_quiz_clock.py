"""The quiz's clock above the question and the results' time are one clock."""

from __future__ import annotations

from tests.tui.conftest import text_of
from trainer.tui.screens.quiz import QuizResultsScreen


async def test_the_quiz_clock_stops_at_the_answer_and_the_results_say_the_same(quiz_app, clock):
    app = quiz_app(mode="choice", count=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        clock.advance(seconds=65)
        app.screen.refresh_progress()
        assert text_of(app, "#quiz-progress").endswith("·  1m 05s")  # running, as the results say it
        await pilot.press("1")
        clock.advance(minutes=2)  # reading the answer: not quiz time
        app.screen.refresh_progress()
        assert text_of(app, "#quiz-progress").endswith("·  1m 05s")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizResultsScreen)
        assert text_of(app, "#results-figures").startswith("Time   1m 05s")
