"""Snapshots of the quiz at 80x24 and 120x40: a question, feedback, the results
(review changes: pytest --snapshot-update). Fixed seed and fake clock keep them deterministic."""

from __future__ import annotations

import pytest

from tests.apps import SIZES


def typed(text: str):
    """Fill the answer box without key presses: no blinking cursor in the picture."""
    async def run(pilot) -> None:
        await pilot.pause()
        box = pilot.app.screen.answer_input
        box.cursor_blink = False
        box.value = text
        await pilot.press("enter")
        await pilot.pause()
    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
class TestQuizSnapshots:
    def test_choice_question(self, snap_compare, quiz_app, size):
        assert snap_compare(quiz_app(mode="choice", count=3), press=["_"], terminal_size=size)

    def test_choice_feedback_wrong(self, snap_compare, quiz_app, size):
        # hcq-every-patient: option 1 is leflunomide, the answer is option 3
        assert snap_compare(quiz_app(mode="choice", count=3), press=["_", "1"],
                            terminal_size=size)

    def test_typed_feedback_near_miss(self, snap_compare, quiz_app, size):
        assert snap_compare(quiz_app(mode="typed", count=3), run_before=typed("hydroxychloroqiune"),
                            terminal_size=size)

    def test_truefalse_question(self, snap_compare, quiz_app, size):
        assert snap_compare(quiz_app(mode="truefalse", count=3), press=["_", "t", "enter", "_"],
                            terminal_size=size)

    def test_results(self, snap_compare, quiz_app, clock, size):
        async def answer_three(pilot) -> None:
            await pilot.pause()
            clock.advance(seconds=20)
            await typed("hcq")(pilot)  # right
            await pilot.press("enter")
            clock.advance(seconds=15)
            await pilot.press("1", "enter")  # wrong: option 1 is not hydroxychloroquine
            clock.advance(seconds=10)
            await pilot.press("f", "enter")  # right: the leflunomide statement is false
            await pilot.pause()
        assert snap_compare(quiz_app(count=3), run_before=answer_three, terminal_size=size)
