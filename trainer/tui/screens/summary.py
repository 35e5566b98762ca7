"""SummaryScreen: how the session went, and when the next card is due; then home."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from trainer.study import Session
from trainer.text import one_line
from trainer.tui.format import duration, percent, when
from trainer.tui.screen import TrainerScreen


class SummaryScreen(TrainerScreen[None]):
    CSS_PATH = "home.tcss"  # loaded with the screen, off the start-up path
    BINDINGS = [
        Binding("enter", "home", "Home"),
        Binding("escape", "home", "Home", show=False),
        Binding("q", "home", "Home", show=False),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, session: Session, deck_name: str):
        super().__init__()
        self.session = session
        self.deck_name = deck_name

    def compose(self) -> ComposeResult:
        s = self.session.finish()
        upcoming = self.session.next()
        done = upcoming is None
        now, tz = self.session.clock(), self.session.tz
        due = when(s.next_due, now, tz)
        if upcoming is not None:
            # the session has a card to show now, though it may be a learning card shown a few
            # minutes early (as Anki does when nothing else is left): say both
            at = upcoming.memory.due
            early = at is not None and at > now.timestamp()
            due = f"now (shown early; due {when(at, now, tz)})" if early else "now"
        lines = [
            f"Cards reviewed   {s.reviewed}",
            f"Again            {s.again} ({percent(s.again_rate)})",
            f"Time spent       {duration(s.duration_ms)}",
            f"Next card due    {due}",
        ]
        if self.session.leeches:
            lines.append(f"Leeches suspended: {one_line(', '.join(self.session.leeches))}")
        with Vertical(id="summary"):
            title = "Session complete" if done else "Session ended (cards are still due)"
            yield Static(f"{title} · {self.deck_name}", id="summary-title", markup=False)
            yield Static("\n".join(lines), id="summary-figures", markup=False)
            yield Static("Press Enter to go home.", id="summary-hint")
        yield Footer(compact=True)

    def action_home(self) -> None:
        self.app.go_home()
