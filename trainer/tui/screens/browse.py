"""BrowseScreen: every card in a table under a search box; Enter opens a card (CardScreen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Input, Static

from trainer.browse import (
    LIMIT,
    MAX_QUERY,
    SYNTAX,
    Browser,
    CardDetails,
    CardLine,
    Results,
    SearchError,
    state_label,
)
from trainer.text import one_line, printable
from trainer.tui.screen import TrainerModal, TrainerScreen
from trainer.tui.widgets.bounded_input import BoundedInput
from trainer.tui.widgets.card_detail import CardDetail

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

# column key -> the sort it stands for (the other columns keep the deck's order)
SORT_COLUMNS = {"card": "order", "due": "due", "stability": "stability", "difficulty": "difficulty",
                "lapses": "lapses"}
ARROWS = {False: " ▲", True: " ▼"}


def browse_screen(app: TrainerApp, query: str = "") -> BrowseScreen:
    """The browse screen on the app's store and clock, starting from `query`."""
    services = app.services
    return BrowseScreen(Browser(app.store, services.clock, services.tz), query)


def clip(text: str, width: int) -> str:
    """File text on one line of at most `width` characters, control characters made visible."""
    text = one_line(text)
    return text if len(text) <= width else text[:width - 1] + "…"


def clip_id(card_id: str, width: int) -> str:
    """A card id cut in its claim, never in its kind: "personalised-ther…/cloze", so the qa
    and cloze cards of a long claim stay apart."""
    card_id = one_line(card_id)
    if len(card_id) <= width or "/" not in card_id:
        return clip(card_id, width)
    claim, kind = card_id.rsplit("/", 1)
    return clip(claim, max(1, width - len(kind) - 1)) + "/" + kind


class BrowseScreen(TrainerScreen[None]):
    CSS_PATH = "stats.tcss"  # loaded with the screen, off the start-up path
    BINDINGS = [
        Binding("escape", "back", "Home"),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("down", "focus_table", "Results", show=False),
        Binding("exclamation_mark", "toggle_suspend", "(Un)suspend", key_display="!"),
        Binding("d", "sort('due')", "Due"),
        Binding("s", "sort('stability')", "Stab."),
        Binding("f", "sort('difficulty')", "Diff."),
        Binding("l", "sort('lapses')", "Lapses"),
        Binding("o", "sort('order')", "Order"),
        Binding("m", "more", f"{LIMIT} more"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, browser: Browser, query: str = ""):
        super().__init__()
        self.browser = browser
        self.query_text = query
        self.sort, self.descending = "order", False
        self.results: Results | None = None  # the last page fetched
        self.lines: dict[str, CardLine] = {}  # every row in the table, by card id

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="browse"):
            yield BoundedInput(self.query_text, max_length=MAX_QUERY, what="The search",
                               placeholder="Search questions, answers, ids; tag:, topic:, is:due … "
                               "(Enter: results)", id="search",
                               compact=True)
            yield Static("", id="browse-status", markup=False)
            yield DataTable(id="cards", cursor_type="row", zebra_stripes=True)
            yield Static("", id="browse-preview", markup=False)
            yield Static(SYNTAX, id="browse-syntax", markup=False)
        yield Footer(compact=True)

    @property
    def table(self) -> DataTable:
        return self.query_one("#cards", DataTable)

    @property
    def search_box(self) -> Input:
        return self.query_one("#search", Input)

    def on_mount(self) -> None:
        self.add_columns()
        self.run_search()
        self.search_box.focus()

    def columns(self) -> list[tuple[str, str, int]]:
        """(key, label, width): the card id takes what the others leave; Topic only when the
        screen is wide enough to keep ids readable."""
        fixed = [("due", "Due", 8), ("stability", "Stab.", 6), ("difficulty", "Diff.", 5),
                 ("lapses", "Lapses", 6), ("state", "State", 10)]
        width = self.app.size.width
        topic = [("topic", "Topic", 18)] if width >= 100 else []
        used = sum(w + 2 for _, _, w in fixed + topic) + 6  # cell padding, margins, scrollbar
        return [("card", "Card", max(16, min(40, width - used))), *topic, *fixed]

    def add_columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        for key, label, width in self.columns():
            mark = ARROWS[self.descending] if SORT_COLUMNS.get(key) == self.sort else ""
            table.add_column(label + mark, key=key, width=width)

    # -- searching ----------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.run_search()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.action_focus_table()

    def run_search(self, keep: str | None = None) -> None:
        """Search and refill the table with the first page, or with as many pages as it held
        when `keep` (the card to stay on) is given; a query that cannot be read leaves the last
        results in place and says why."""
        status = self.query_one("#browse-status", Static)
        rows = max(LIMIT, len(self.lines)) if keep else LIMIT
        try:
            self.results = self.browser.search(self.query_text, self.sort, self.descending, rows)
        except SearchError as exc:
            # the rows stay (a search being typed passes through such states: "is:d" before
            # "is:due"), said to be the last search's, so they do not read as this one's
            status.update(f"⚠ {exc} · below: the last search's cards")
            status.add_class("error")
            return
        status.remove_class("error")
        self.lines = {}
        self.table.clear()
        self.fill(self.results, keep)

    def status_text(self, r: Results) -> str:
        cards = f"{r.total} card{'s' * (r.total != 1)}"
        shown = len(self.lines)
        more = f" · showing {shown} · m: {min(LIMIT, r.total - shown)} more" if shown < r.total else ""
        order = "deck order" if r.sort == "order" else \
            f"{r.sort} {'high to low' if r.descending else 'low to high'}"
        return f"{cards}{more} · sorted by {order}" if r.total else "No card matches."

    def fill(self, r: Results, keep: str | None = None) -> None:
        """Add a page of results under the rows already in the table."""
        table = self.table
        for line in r.rows:
            if line.id not in self.lines:  # a card moved up by a change since the last page
                self.lines[line.id] = line
                table.add_row(*self.cells(line), key=line.id)
        if keep and keep in self.lines:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self.query_one("#browse-status", Static).update(self.status_text(r))
        self.show_preview()

    def action_more(self) -> None:
        """The next page of results, under the ones shown; the cursor stays where it was."""
        r = self.results
        if r is None or len(self.lines) >= r.total:
            return
        try:
            self.results = self.browser.search(self.query_text, self.sort, self.descending,
                                               LIMIT, offset=len(self.lines))
        except SearchError:
            return  # the query was read a moment ago; the box may hold a half-typed one
        self.fill(self.results)

    def cells(self, line: CardLine) -> list[Text | str]:
        """The row of a card. Text from the deck file goes in as Text: a str cell is read as
        markup. The other cells are the screen's own words and numbers."""
        widths = {key: width for key, _, width in self.columns()}
        values: dict[str, Text | str] = {
            "card": Text(clip_id(line.id, widths["card"])),
            "topic": Text(clip(line.topic, widths.get("topic", 0))),
            "due": self.browser.due_label(line),
            "stability": "" if line.stability is None else f"{line.stability:.1f}d",
            "difficulty": "" if line.difficulty is None else f"{line.difficulty:.1f}",
            "lapses": str(line.lapses),
            "state": state_label(line.state, line.suspended, line.retired),
        }
        return [values[key] for key in widths]

    # -- the highlighted card -----------------------------------------------------------------

    def selected(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected_line(self) -> CardLine | None:
        card = self.selected()
        return self.lines.get(card) if card is not None else None

    @on(DataTable.RowHighlighted, "#cards")
    def show_preview(self) -> None:
        line = self.selected_line()
        self.query_one("#browse-preview", Static).update(printable(line.question) if line else "")

    @on(DataTable.RowSelected, "#cards")
    def open_card(self, event: DataTable.RowSelected) -> None:
        card_id = event.row_key.value
        if card_id is not None:
            self.app.push_screen(CardScreen(self.browser, card_id),
                                 callback=lambda _: self.run_search(keep=card_id))

    @on(DataTable.HeaderSelected, "#cards")
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        sort = SORT_COLUMNS.get(event.column_key.value or "")
        if sort:
            self.action_sort(sort)

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, _parameters: tuple[object, ...]) -> bool | None:
        """Letter keys sort only when the table has focus; in the search box they are text."""
        if action in ("sort", "toggle_suspend"):
            return self.focused is self.table and bool(self.table.row_count)
        if action == "more":  # shown only while some results are not in the table
            return self.focused is self.table and self.results is not None and \
                len(self.lines) < self.results.total
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_sort(self, sort: str) -> None:
        """Sort by `sort`; asking for the same sort again reverses it."""
        self.descending = not self.descending if sort == self.sort else sort == "lapses"
        self.sort = sort
        self.add_columns()
        self.run_search()  # from the top: the point of a new order is its first rows

    def action_toggle_suspend(self) -> None:
        line = self.selected_line()
        if line:
            card, suspended = line.id, not line.suspended
            self.browser.set_suspended(card, suspended)
            self.notify(f"{'Suspended' if suspended else 'Unsuspended'} {one_line(card)}",
                        timeout=3, markup=False)
            self.run_search(keep=card)

    def action_focus_search(self) -> None:
        self.search_box.focus()

    def action_focus_table(self) -> None:
        if self.table.row_count:
            self.table.focus()

    def action_back(self) -> None:
        self.app.go_home()


class CardScreen(TrainerScreen[None]):
    """One card: both sides, its sources, its memory and history; suspend or reset it."""

    CSS_PATH = "stats.tcss"  # loaded with the screen, off the start-up path
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("exclamation_mark", "toggle_suspend", "(Un)suspend", key_display="!"),
        Binding("r", "reset", "Reset to new"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, browser: Browser, card_id: str):
        super().__init__()
        self.browser = browser
        self.card_id = card_id
        self.details: CardDetails | None = None

    def compose(self) -> ComposeResult:
        yield CardDetail(id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_card()
        self.query_one(CardDetail).focus()

    def refresh_card(self) -> None:
        self.details = self.browser.details(self.card_id)
        self.query_one(CardDetail).show(self.details, self.browser.clock(), self.browser.calendar.tz)
        self.refresh_bindings()

    def check_action(self, action: str, _parameters: tuple[object, ...]) -> bool | None:
        """A retired card is out of study: nothing to suspend or reset."""
        retired = self.details is not None and self.details.retired
        return not (action in ("toggle_suspend", "reset") and retired)

    def action_toggle_suspend(self) -> None:
        if self.details is None:
            return
        suspended = not self.details.memory.suspended
        self.browser.set_suspended(self.card_id, suspended)
        self.notify(f"{'Suspended' if suspended else 'Unsuspended'} {one_line(self.card_id)}",
                    timeout=3, markup=False)
        self.refresh_card()

    def action_reset(self) -> None:
        if self.details is None:
            return
        self.app.push_screen(ConfirmReset(self.card_id, len(self.details.history)),
                             callback=self.reset_confirmed)

    def reset_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.browser.reset(self.card_id)
            self.notify(f"{one_line(self.card_id)} is new again; its history is kept", timeout=4,
                        markup=False)
            self.refresh_card()

    def action_back(self) -> None:
        self.dismiss(None)


class ConfirmReset(TrainerModal[bool]):
    """Reset cannot be undone from the app, so it asks first."""

    CSS_PATH = "stats.tcss"  # loaded with the screen, off the start-up path
    BINDINGS = [Binding("y", "answer(True)", "Reset"), Binding("n,escape", "answer(False)", "Keep")]

    def __init__(self, card_id: str, reviews: int):
        super().__init__()
        self.card_id, self.reviews = card_id, reviews

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-reset"):
            yield Static(f"Reset {one_line(self.card_id)} to a new card?", id="confirm-title",
                         markup=False)
            yield Static(f"Its stability, difficulty and lapses are cleared; its {self.reviews} "
                         f"review{'s' * (self.reviews != 1)} stay{'s' * (self.reviews == 1)} in the history.",
                         markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("y  Reset", id="confirm-yes", variant="error")
                yield Button("n  Keep", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()  # Enter keeps the card: the safe default

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

