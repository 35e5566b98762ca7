"""GradeBar: "Show answer" before the reveal; Again / Hard / Good / Easy with intervals after."""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.content import Content
from textual.geometry import Offset
from textual.message import Message
from textual.widget import Widget

from trainer.model import Rating

NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}
SHOW_ANSWER = "Show answer  (space)"
KEY_MIN_WIDTH, KEY_PADDING, KEY_GAP = 14, 2, 1  # cells: each key's least width, its inner margin
HEIGHT = 3  # lines: every key is three lines high, its label on the middle one


class Key(NamedTuple):
    rating: Rating | None  # None: "Show answer"
    label: str
    start: int  # first cell of the key
    width: int

    @property
    def style(self) -> str:
        return "show" if self.rating is None else NAMES[self.rating].lower()


class GradeBar(Widget):
    """Keys for the mouse; the keyboard goes through the study screen's bindings.

    One widget that draws its keys itself (their colours are the `grade-bar--*` component
    classes in app.tcss), so going from "Show answer" to the four grades and back is a
    repaint of three lines: nothing is shown, hidden or laid out again."""

    COMPONENT_CLASSES = {"grade-bar--key"} | {
        f"grade-bar--{name}{hover}" for name in ("show", "again", "hard", "good", "easy")
        for hover in ("", "-hover")}

    class Chosen(Message):
        def __init__(self, rating: Rating | None):
            super().__init__()
            self.rating = rating  # None: "Show answer"

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.labels: list[tuple[Rating | None, str]] = [(None, SHOW_ANSWER)]  # what it shows
        self._hover: int | None = None  # which key the mouse is over

    def set_previews(self, previews: dict[Rating, str] | None) -> None:
        """None: before the reveal. Otherwise the label of each key: "3 Good · 10m" ("3 Good"
        when its preview is "": an answer that schedules nothing)."""
        labels: list[tuple[Rating | None, str]] = (
            [(None, SHOW_ANSWER)] if previews is None
            else [(r, f"{int(r)} {NAMES[r]}" + (f" · {previews[r]}" if previews[r] else "")) for r in Rating])
        if labels != self.labels:
            self.labels, self._hover = labels, None
            self.refresh()

    def keys(self) -> list[Key]:
        """Where each key lies across the bar: centred together, one cell apart. Too narrow a
        terminal for the whole labels gets them without the grade's name ("3 · 10m": its
        number and colour say it), each key no wider than its label: never a label cut in two."""
        labels = self.labels
        widths = [max(KEY_MIN_WIDTH, Content(label).cell_length + 2 * KEY_PADDING) for _, label in labels]
        if self.size.width and sum(widths) + KEY_GAP * (len(widths) + 1) > self.size.width:
            labels = [(r, label if r is None else label.replace(f" {NAMES[r]}", "", 1))
                      for r, label in labels]
            widths = [Content(label).cell_length + 2 for _, label in labels]
        total = sum(widths) + KEY_GAP * (len(widths) + 1)
        x = max(0, (self.size.width - total) // 2) + KEY_GAP
        keys = []
        for (rating, label), width in zip(labels, widths, strict=True):
            keys.append(Key(rating, label, x, width))
            x += width + KEY_GAP
        return keys

    def key_at(self, x: int) -> int | None:
        """The index of the key at cell `x`, if any."""
        return next((i for i, k in enumerate(self.keys()) if k.start <= x < k.start + k.width),
                    None)

    def key_offset(self, rating: Rating | None) -> Offset:
        """The middle of a key, from the bar's top left corner (for a click)."""
        key = next(k for k in self.keys() if k.rating == rating)
        return Offset(key.start + key.width // 2, HEIGHT // 2)

    def render(self) -> Content:
        lines = []
        for row in range(HEIGHT):
            pieces: list[str | tuple[str, object]] = []
            x = 0
            for i, key in enumerate(self.keys()):
                hover = "-hover" if i == self._hover else ""
                style = self.get_visual_style("grade-bar--key", f"grade-bar--{key.style}{hover}")
                text = key.label if row == HEIGHT // 2 else ""
                left = max(0, key.width - Content(text).cell_length) // 2  # centred in its key
                cell = (" " * left + text).ljust(key.width)
                pieces += [" " * (key.start - x), (cell, style)]
                x = key.start + key.width
            lines.append(Content.assemble(*pieces))  # type: ignore[arg-type]
        return Content("\n").join(lines)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.key_at(event.x))

    def on_leave(self, _: events.Leave) -> None:
        self._set_hover(None)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        index = self.key_at(event.x)
        if index is not None:
            self.post_message(self.Chosen(self.keys()[index].rating))
