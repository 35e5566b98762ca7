"""CustomStudy: Anki's custom study in a dialog: review ahead, forgotten today, more new cards
of a topic, cram a topic (schedule untouched)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from trainer.tui.screen import TrainerModal

# key, kind, what it does, what the field below asks for ("" when nothing)
CHOICES = (
    ("1", "ahead", "Review ahead: the cards due in the next days", "How many days ahead? [1]"),
    ("2", "forgotten", "Review again the cards you forgot today (rescheduled)", ""),
    ("3", "new", "More new cards of a topic, beyond today's limit", "Which topic?"),
    ("4", "cram", "Cram a topic: your schedule is left exactly as it is", "Which topic?"),
)
MAX_VALUE = 100  # characters: a topic name or a number of days


@dataclass(frozen=True)
class Choice:
    """What the learner chose: the kind, and the days or the topic typed ("" for none)."""

    kind: str
    text: str = ""


class CustomStudy(TrainerModal[Choice | None]):
    CSS = """
    CustomStudy { align: center middle; }
    #custom { width: 72; max-width: 100%; height: auto; padding: 1 2; border: round $accent;
              background: $surface; }
    #custom-title { text-style: bold; padding-bottom: 1; }
    #custom-ask { margin-top: 1; }
    """
    BINDINGS = [
        Binding("1", "choose('ahead')", "Review ahead"),
        Binding("2", "choose('forgotten')", "Forgotten today"),
        Binding("3", "choose('new')", "New cards of a topic"),
        Binding("4", "choose('cram')", "Cram a topic"),
        Binding("escape", "close", "Close"),
    ]

    AUTO_FOCUS = None  # the hidden field must not take the 1-4 meant for the choice

    def __init__(self) -> None:
        super().__init__()
        self.kind = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="custom"):
            yield Static("Custom study · 1-4 to choose, Escape to close", id="custom-title")
            yield Static("\n".join(f"{key}  {label}" for key, _, label, _ in CHOICES), markup=False)
            yield Static("", id="custom-ask", markup=False)
            yield Input(id="custom-value", max_length=MAX_VALUE, disabled=True)

    def on_mount(self) -> None:
        self.query_one("#custom-ask").display = False
        self.query_one(Input).display = False

    def action_choose(self, kind: str) -> None:
        if self.kind:  # the field is open: digits are typed into it
            return
        ask = next(question for _, k, _, question in CHOICES if k == kind)
        if not ask:
            self.dismiss(Choice(kind))
            return
        self.kind = kind
        self.query_one("#custom-ask", Static).update(ask + "  (Enter to start)")
        self.query_one("#custom-ask").display = True
        field = self.query_one(Input)
        field.display, field.disabled = True, False
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.kind:
            return
        self.dismiss(Choice(self.kind, event.value.strip()))

    def action_close(self) -> None:
        self.dismiss(None)
