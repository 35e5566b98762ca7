"""AnswerOptions: the numbered choices (or True / False) of a quiz question, clickable and marked."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

SLOTS = 4  # choice items have 4 options (lint: choice-options)


class AnswerOption(Static):
    """One option line, "1  rituximab". Option text is data: rendered with markup off."""

    can_focus = False

    def __init__(self, slot: int):
        super().__init__("", markup=False, classes="quiz-option", id=f"option-{slot}")
        self.slot = slot

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if not self.has_class("answered"):
            self.post_message(AnswerOptions.Picked(self.slot))


class AnswerOptions(Vertical):
    """The keyboard goes through the screen's bindings; the mouse comes here and is passed on."""

    class Picked(Message):
        def __init__(self, slot: int):
            super().__init__()
            self.slot = slot  # 1-based, as the keys

    def compose(self) -> ComposeResult:
        for slot in range(1, SLOTS + 1):
            yield AnswerOption(slot)

    def show(self, labels: list[tuple[str, str]]) -> None:
        """`labels` are (key, text) pairs; unused slots are hidden."""
        for slot, option in enumerate(self.query(AnswerOption), 1):
            used = slot <= len(labels)
            option.display = used
            option.update(f"{labels[slot - 1][0]}  {labels[slot - 1][1]}" if used else "")
            option.set_classes("quiz-option")

    def mark(self, right: int | None, picked: int) -> None:
        """After the answer: the right option in green, a wrong pick in red, the rest dimmed."""
        for slot, option in enumerate(self.query(AnswerOption), 1):
            option.add_class("answered")
            option.set_class(slot == right, "right")
            option.set_class(slot == picked and slot != right, "wrong")
