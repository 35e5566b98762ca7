"""HelpScreen: every key of every screen, read from the screens' own bindings, each key once."""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from trainer.tui.screen import TrainerModal
from trainer.tui.widgets.card_view import KeyScroll

_NAMES = {"question_mark": "?", "exclamation_mark": "!"}  # keys shown as what they type
_RANGE = re.compile(r"^(\w)-(\w)$")  # a display such as "1-4" stands for the keys 1 to 4
EVERYWHERE = "Everywhere"
HELP_LINE = ("?", "Help")  # every screen has it: listed once, under EVERYWHERE


def key_lines(bindings: list[Binding]) -> list[tuple[str, str]]:
    """(key, description) for each key once: a binding of several keys ("escape,q") gives a
    line each, a key a range display covers ("1-4" on key 1) is not listed again, and a key
    bound twice keeps its first line."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    ranges: list[tuple[str, str]] = []
    for b in bindings:
        if not b.description:
            continue
        for key in (k.strip() for k in b.key.split(",")):
            name = b.key_display if b.key_display and "," not in b.key else _NAMES.get(key, key)
            covered = len(key) == 1 and any(lo <= key <= hi for lo, hi in ranges)
            if key in seen or name in seen or covered:
                continue
            seen.update((key, name))
            if m := _RANGE.match(name):
                ranges.append((m.group(1), m.group(2)))
            rows.append((name, b.description))
    return rows


def key_table(title: str, bindings: list[Binding]) -> str:
    return "\n".join([title, *(f"  {key:<14} {what}" for key, what in key_lines(bindings))])


class HelpScreen(TrainerModal[None]):
    """Opens at the section of the screen it was opened from (`current`)."""

    CSS_PATH = "home.tcss"  # loaded with the screen, off the start-up path

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, current: Screen | None = None):
        super().__init__()
        self.current = current

    def sections(self) -> list[tuple[str, type | None, list[Binding]]]:
        from trainer.tui.app import TrainerApp
        from trainer.tui.screens.browse import BrowseScreen, CardScreen, ConfirmReset
        from trainer.tui.screens.home import HomeScreen
        from trainer.tui.screens.quiz import QuizResultsScreen, QuizScreen
        from trainer.tui.screens.stats import StatsScreen
        from trainer.tui.screens.study import StudyScreen
        from trainer.tui.screens.summary import SummaryScreen

        everywhere = [b for b in TrainerApp.BINDINGS if isinstance(b, Binding)]
        everywhere.append(Binding("question_mark", "app.help", "Help", key_display="?"))
        screens: list[tuple[str, type[Screen[Any]]]] = [
            ("Home", HomeScreen), ("Study", StudyScreen), ("End of session", SummaryScreen),
            ("Quiz", QuizScreen), ("Quiz results", QuizResultsScreen), ("Statistics", StatsScreen),
            ("Browse", BrowseScreen), ("A card in browse", CardScreen),
            ("Reset a card?", ConfirmReset)]
        found: list[tuple[str, type | None, list[Binding]]] = [(EVERYWHERE, None, everywhere)]
        found += [(title, cls, [b for b in cls.BINDINGS if isinstance(b, Binding)])
                  for title, cls in screens]
        return found

    def compose(self) -> ComposeResult:
        tables = []
        self.section_line = 0  # the line of help-keys where the current screen's section starts
        line = 0
        for title, cls, bindings in self.sections():
            table = key_table(title, bindings)
            if cls is not None:  # "? Help" is said once, for every screen
                lines = table.splitlines()
                table = "\n".join(x for x in lines if x.split() != list(HELP_LINE))
            if cls is not None and self.current is not None and type(self.current) is cls:
                self.section_line = line
            tables.append(table)
            line += table.count("\n") + 2  # the section's lines and the blank line after it
        with KeyScroll(id="help") as box:
            # in the border: seen wherever the keys are scrolled to
            box.border_title = "Keys · Escape closes this help, arrows scroll"
            yield Static("\n\n".join(tables)
                         + "\n\nMouse: click a deck, the answer buttons, or the footer keys.",
                         id="help-keys", markup=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self._scroll_to_section)

    def _scroll_to_section(self) -> None:
        """The current screen's keys first: its section at the top of the box."""
        # the keys are the box's first line: their line n is scrolled to with y = n
        self.query_one("#help", KeyScroll).scroll_to(y=self.section_line, animate=False)
