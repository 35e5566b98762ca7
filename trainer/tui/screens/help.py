"""HelpScreen: every key of every screen, read from the screens' own bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from trainer.tui.screen import TrainerModal


def key_table(title: str, bindings: list[Binding]) -> str:
    rows = [f"{title}"]
    seen = set()
    for b in bindings:
        key = b.key_display or b.key
        if (key, b.description) in seen or not b.description:
            continue
        seen.add((key, b.description))
        rows.append(f"  {key:<14} {b.description}")
    return "\n".join(rows)


class HelpScreen(TrainerModal[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        from trainer.tui.app import TrainerApp
        from trainer.tui.screens.browse import BrowseScreen, CardScreen, ConfirmReset
        from trainer.tui.screens.home import HomeScreen
        from trainer.tui.screens.quiz import QuizResultsScreen, QuizScreen
        from trainer.tui.screens.stats import StatsScreen
        from trainer.tui.screens.study import StudyScreen
        from trainer.tui.screens.summary import SummaryScreen

        sections = [("Everywhere", TrainerApp.BINDINGS), ("Home", HomeScreen.BINDINGS),
                    ("Study", StudyScreen.BINDINGS), ("End of session", SummaryScreen.BINDINGS),
                    ("Quiz", QuizScreen.BINDINGS), ("Quiz results", QuizResultsScreen.BINDINGS),
                    ("Statistics", StatsScreen.BINDINGS), ("Browse", BrowseScreen.BINDINGS),
                    ("A card in browse", CardScreen.BINDINGS),
                    ("Reset a card?", ConfirmReset.BINDINGS)]
        text = "\n\n".join(key_table(title, [k for k in b if isinstance(k, Binding)])
                             for title, b in sections)
        with VerticalScroll(id="help"):
            yield Static("Keys · Escape closes this help, arrows scroll", id="help-title")
            yield Static(text + "\n\nMouse: click a deck, the answer buttons, or the footer keys.",
                         id="help-keys", markup=False)
