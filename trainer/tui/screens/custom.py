"""CustomStudy: Anki's custom study in a dialog: review ahead, forgotten today, more new cards
of a topic, cram a topic (schedule untouched)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from trainer.tui.screen import TrainerModal
from trainer.tui.screens.study import AHEAD_DAYS_WANTED, MAX_AHEAD_DAYS

# key, kind, what it does, what the field below asks for ("" when nothing)
CHOICES = (
    ("1", "ahead", "Review ahead: the cards due in the next days", "How many days ahead? [1]"),
    ("2", "forgotten", "Review again the cards you forgot today (rescheduled)", ""),
    ("3", "new", "More new cards of a topic, beyond today's limit", "Which topic?"),
    ("4", "cram", "Cram a topic: your schedule is left exactly as it is", "Which topic?"),
)
MAX_VALUE = 100  # characters: a topic name or a number of days
MAX_TOPICS_TEXT = 260  # characters of the topics line: four lines of the dialog at most
TOPIC_CARDS = 9999  # cards read to list the topics (a cram takes as many at most)
# the cards whose topics each choice offers: the cards that choice would study
TOPIC_SEARCH = {"new": ("Topics with new cards", "is:new"), "cram": ("Topics", "")}


@dataclass(frozen=True)
class Choice:
    """What the learner chose: the kind, and the days or the topic typed ("" for none)."""

    kind: str
    text: str = ""


def topics_line(title: str, topics: list[str]) -> str:
    """"Topics (14): Biologics, Glucocorticoids, …": as many as fit MAX_TOPICS_TEXT."""
    head = f"{title} ({len(topics)}): "
    shown: list[str] = []
    for topic in topics:
        if len(head) + len(", ".join([*shown, topic, "…"])) > MAX_TOPICS_TEXT:
            return head + ", ".join([*shown, "…"])
        shown.append(topic)
    return head + ", ".join(shown)


class CustomStudy(TrainerModal[Choice | None]):
    """`deck`: the deck id whose topics the topic choices list (None: no list)."""

    CSS = """
    CustomStudy { align: center middle; }
    #custom { width: 72; max-width: 100%; height: auto; padding: 1 2; border: round $accent;
              background: $surface; }
    #custom-title { text-style: bold; padding-bottom: 1; }
    #custom-ask { margin-top: 1; }
    #custom-topics { color: $text-muted; }
    #custom-error { color: $error; text-style: bold; }
    """
    BINDINGS = [
        Binding("1", "choose('ahead')", "Review ahead"),
        Binding("2", "choose('forgotten')", "Forgotten today"),
        Binding("3", "choose('new')", "New cards of a topic"),
        Binding("4", "choose('cram')", "Cram a topic"),
        Binding("escape", "close", "Close"),
    ]

    AUTO_FOCUS = None  # the hidden field must not take the 1-4 meant for the choice

    def __init__(self, deck: str | None = None) -> None:
        super().__init__()
        self.deck = deck
        self.kind = ""
        self.topics: list[str] | None = None  # the topics listed; None: not known in full

    def compose(self) -> ComposeResult:
        with Vertical(id="custom"):
            yield Static("Custom study · 1-4 to choose, Escape to close", id="custom-title")
            yield Static("\n".join(f"{key}  {label}" for key, _, label, _ in CHOICES), markup=False)
            yield Static("", id="custom-ask", markup=False)
            yield Static("", id="custom-topics", markup=False)
            yield Input(id="custom-value", max_length=MAX_VALUE, disabled=True)
            yield Static("", id="custom-error", markup=False)

    def on_mount(self) -> None:
        for part in ("#custom-ask", "#custom-topics", "#custom-value", "#custom-error"):
            self.query_one(part).display = False

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
        if kind in TOPIC_SEARCH and self.deck is not None:
            self.show_topics(kind, self.deck)
        field = self.query_one(Input)
        field.display, field.disabled = True, False
        field.focus()

    def show_topics(self, kind: str, deck: str) -> None:
        """The topics of the cards this choice would study, in deck order: what to type."""
        from trainer.browse import Browser

        title, search = TOPIC_SEARCH[kind]
        services = self.app.services
        # the cards a cram takes (trainer.cram.cards_for): neither retired nor suspended
        found = Browser(self.app.store, services.clock, services.tz).search(
            f"deck:{deck} {search} -is:retired -is:suspended", limit=TOPIC_CARDS, finished=True)
        topics = list(dict.fromkeys(line.topic for line in found.rows))
        self.topics = topics if found.total <= len(found.rows) else None
        line = self.query_one("#custom-topics", Static)
        line.update(topics_line(title, topics) if topics else
                    "No new cards left in this deck." if kind == "new" else "No cards to cram.")
        line.display = True

    def unknown_topic(self, text: str) -> bool:
        """Whether no topic listed holds `text` (as the search matches: any case, any part).
        A wildcard (* or _) is left to the search, and so is a list not read in full."""
        if self.topics is None or "*" in text or "_" in text:
            return False
        return not any(text.casefold() in topic.casefold() for topic in self.topics)

    def complaint(self, text: str) -> str:
        """What is wrong with `text` for the open choice ("" when nothing): said in the dialog,
        which stays open to correct it."""
        if self.kind == "ahead":
            days = int(text) if text.isdecimal() else 0 if text else 1
            return "" if 1 <= days <= MAX_AHEAD_DAYS else AHEAD_DAYS_WANTED
        if not text:
            return "Type a topic first."
        if self.unknown_topic(text):
            return f"No topic has “{text}”: type one listed above, or a part of it."
        return ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.kind:
            return
        text = event.value.strip()
        error = self.query_one("#custom-error", Static)
        if complaint := self.complaint(text):
            error.update(complaint)
            error.display = True
            return
        self.dismiss(Choice(self.kind, text))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        error = self.query_one("#custom-error", Static)
        error.update("")  # typing again: the complaint was about the text before
        error.display = False

    def action_close(self) -> None:
        self.dismiss(None)
