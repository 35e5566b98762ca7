"""GradeBar: "Show answer" before the reveal; Again / Hard / Good / Easy with intervals after."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from trainer.model import Rating

NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}
VARIANTS = {Rating.AGAIN: "error", Rating.HARD: "warning", Rating.GOOD: "success",
            Rating.EASY: "primary"}


class GradeBar(Horizontal):
    """Buttons for the mouse; the keyboard goes through the screen's bindings, so no button
    takes focus (Enter and Space must never be swallowed by a focused button)."""

    class Chosen(Message):
        def __init__(self, rating: Rating | None):
            super().__init__()
            self.rating = rating  # None: the "Show answer" button

    def compose(self) -> ComposeResult:
        show = Button("Show answer  (space)", id="show-answer", variant="primary")
        show.can_focus = False
        yield show
        for rating in Rating:
            button = Button(NAMES[rating], id=f"grade-{int(rating)}", variant=VARIANTS[rating],
                            classes="grade")
            button.can_focus = False
            yield button

    def set_previews(self, previews: dict[Rating, str] | None) -> None:
        """None: before the reveal. Otherwise the label of each button: "3 Good · 10m"."""
        self.query_one("#show-answer").display = previews is None
        for rating in Rating:
            button = self.query_one(f"#grade-{int(rating)}", Button)
            if previews:
                button.label = f"{int(rating)} {NAMES[rating]} · {previews[rating]}"
            button.display = previews is not None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "show-answer":
            self.post_message(self.Chosen(None))
        else:
            self.post_message(self.Chosen(Rating(int(event.button.id.split("-")[1]))))
