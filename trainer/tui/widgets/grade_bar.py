"""GradeBar: "Show answer" before the reveal; Again / Hard / Good / Easy with intervals after."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Container, Horizontal
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


class GradeBar(Container):
    """Keys for the mouse; the keyboard goes through the study screen's bindings.

    The two rows, "Show answer" and the four grades, lie one over the other in the same three
    lines and only their visibility changes: no layout moves between question and answer."""

    class Chosen(Message):
        def __init__(self, rating: Rating | None):
            super().__init__()
            self.rating = rating  # None: "Show answer"

    def compose(self) -> ComposeResult:
        with Horizontal(id="grade-keys", classes="grade-row"):
            for rating in Rating:
                yield GradeKey(NAMES[rating], rating, id=f"grade-{int(rating)}",
                               classes=f"grade {NAMES[rating].lower()}")
        with Horizontal(id="show-row", classes="grade-row"):
            yield GradeKey("Show answer  (space)", None, id="show-answer")

    def on_mount(self) -> None:
        self._grades = [self.query_one(f"#grade-{int(rating)}", GradeKey) for rating in Rating]
        self._rows = (self.query_one("#grade-keys"), self.query_one("#show-row"))
        self._labels: dict[GradeKey, str] = {}
        self._revealed: bool | None = None

    def set_previews(self, previews: dict[Rating, str] | None) -> None:
        """None: before the reveal. Otherwise the label of each key: "3 Good · 10m"."""
        if previews:
            for rating, key in zip(Rating, self._grades, strict=True):
                label = f"{int(rating)} {NAMES[rating]} · {previews[rating]}"
                if self._labels.get(key) != label:
                    self._labels[key] = label
                    key.update(label)
        revealed = previews is not None
        if revealed != self._revealed:
            self._revealed = revealed
            grades, show = self._rows
            # each widget's own visibility: a hidden row must not catch the clicks meant for
            # the row under it, nor a key stay visible in a hidden row
            for widget in (grades, *grades.children):
                widget.visible = revealed
            for widget in (show, *show.children):
                widget.visible = not revealed
