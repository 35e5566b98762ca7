"""HomeScreen: the decks with new / learning / due counts; Enter studies the selected deck."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, LoadingIndicator, Static

from trainer.stats import deck_counts
from trainer.text import one_line
from trainer.tui.screen import TrainerScreen


class HomeScreen(TrainerScreen[None]):
    CSS_PATH = "home.tcss"  # loaded with the screen, off the start-up path
    BINDINGS = [
        Binding("enter", "study", "Study", priority=True),
        Binding("z", "quiz", "Quiz"),
        Binding("s", "stats", "Stats"),
        Binding("b", "browse", "Browse"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static("trainer · flashcards and quizzes", id="home-title")
            yield Static("Syncing decks…", id="syncing")
            yield LoadingIndicator(id="sync-spinner")
            yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
            yield Static("", id="home-hint", markup=False)
        yield Footer(compact=True)

    @property
    def decks_table(self) -> DataTable:
        return self.query_one("#decks", DataTable)

    def on_mount(self) -> None:
        table = self.decks_table
        table.add_column("Deck", key="deck")
        for label in ("New", "Learn", "Due", "Cards"):
            table.add_column(label, key=label.lower())
        self.set_syncing(not self.app.ready)
        if self.app.ready:
            self.refresh_decks()

    def set_syncing(self, syncing: bool, spinner: bool = False) -> None:
        """While decks sync, the table waits; the spinner only appears after half a second."""
        self.query_one("#syncing").display = syncing and spinner
        self.query_one("#sync-spinner").display = syncing and spinner
        self.decks_table.display = not syncing

    def on_screen_resume(self) -> None:
        if self.app.ready:
            self.refresh_decks()

    def refresh_decks(self) -> None:
        self.set_syncing(False)
        table = self.decks_table
        row = table.cursor_row
        table.clear()
        for d in deck_counts(self.app.store, self.app.services.clock, self.app.services.tz):
            # a deck name is data: a Text cell (a str cell would be read as markup), and
            # control characters in it shown as symbols
            table.add_row(Text(one_line(d.name)), str(d.new), str(d.learning), str(d.due),
                          str(d.cards), key=d.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
            table.focus()
        hint = ("Enter: study · z: quiz · s: stats · b: browse · ?: every key · q: quit"
                if table.row_count
                else "No decks found: run 'trainer generate' in a checkout or pass --decks DIR.")
        self.query_one("#home-hint", Static).update(hint)

    def selected_deck(self) -> str | None:
        table = self.decks_table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_study(self) -> None:
        deck = self.selected_deck()
        if deck:
            self.app.study(deck)

    def action_quiz(self) -> None:
        deck = self.selected_deck()
        if deck:
            self.app.open_quiz(deck)

    def action_stats(self) -> None:
        self.app.open_stats()

    def action_browse(self) -> None:
        self.app.open_browse()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.study(event.row_key.value)
