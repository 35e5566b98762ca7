"""GradeBar: "Show answer" before the reveal; Again / Hard / Good / Easy with intervals after."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from trainer.model import Rating

NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}


class GradeKey(Static):
    """A clickable label. Lighter than a Button, which matters on the path to the first card
    painted; it never takes focus, so Enter and Space always reach the screen's bindings."""

    def __init__(self, label: str, rating: Rating | None, **kwargs: Any):
        super().__init__(label, markup=False, **kwargs)
        self.rating = rating

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(GradeBar.Chosen(self.rating))


class GradeBar(Horizontal):
    """Keys for the mouse; the keyboard goes through the study screen's bindings."""

    class Chosen(Message):
        def __init__(self, rating: Rating | None):
            super().__init__()
            self.rating = rating  # None: "Show answer"

    def compose(self) -> ComposeResult:
        yield GradeKey("Show answer  (space)", None, id="show-answer")
        for rating in Rating:
            yield GradeKey(NAMES[rating], rating, id=f"grade-{int(rating)}",
                           classes=f"grade {NAMES[rating].lower()}")

    def set_previews(self, previews: dict[Rating, str] | None) -> None:
        """None: before the reveal. Otherwise the label of each key: "3 Good · 10m"."""
        self.query_one("#show-answer").display = previews is None
        for rating in Rating:
            key = self.query_one(f"#grade-{int(rating)}", GradeKey)
            if previews:
                key.update(f"{int(rating)} {NAMES[rating]} · {previews[rating]}")
            key.display = previews is not None
