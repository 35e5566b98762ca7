"""StudyScreen: question, reveal, grade with interval previews, undo, suspend; ends in a summary."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.notifications import SeverityLevel
from textual.widgets import Static

from trainer.commands.messages import describe
from trainer.errors import Conflict, StorageFailure, TrainerError
from trainer.model import Rating
from trainer.schedule import LEECH_LAPSES, seconds, warm_up
from trainer.study import MAX_ANSWER_MS, Session, Shown
from trainer.tui.format import excerpt, when
from trainer.tui.screen import TrainerScreen
from trainer.tui.widgets.card_view import CardView
from trainer.tui.widgets.grade_bar import GradeBar
from trainer.tui.widgets.key_bar import KeyBar
from trainer.tui.widgets.progress_line import ProgressLine

if TYPE_CHECKING:
    from textual.timer import Timer

    from trainer.tui.screens.custom import Choice

MAX_AHEAD_DAYS = 365
AHEAD_DAYS_WANTED = f"Give a number of days from 1 to {MAX_AHEAD_DAYS}."
# study ahead takes reviews only, and leaves out the cards answered today (they would come
# round again and again): "nothing is due" alone was untrue beside a card learned this morning
AHEAD_NONE = ("No reviews to study ahead within {within}: cards answered today wait for their day, "
              "and new cards come with the next study day.")
IDLE_AFTER = 0.5  # seconds a card has been on screen before the session tidies up


class StudyScreen(TrainerScreen[None]):
    """One study session on one deck."""

    BINDINGS = [
        Binding("space", "space", "Show/Good", key_display="space"),
        Binding("enter", "space", "Show/Good", show=False),
        # the answer buttons show 1-4 with their intervals, so the footer leaves them out
        Binding("1", "grade(1)", "Again", show=False),
        Binding("2", "grade(2)", "Hard", show=False),
        Binding("3", "grade(3)", "Good", show=False),
        Binding("4", "grade(4)", "Easy", show=False),
        Binding("up", "scroll('up')", "Scroll up", show=False),
        Binding("down", "scroll('down')", "Scroll down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("exclamation_mark", "suspend", "Suspend", key_display="!"),
        Binding("a", "study_ahead", "Study ahead"),
        Binding("c", "custom_study", "Custom study", show=False),
        Binding("escape", "home", "Home"),
        Binding("q", "home", "Home", show=False),  # as q leaves other terminal tools' views
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, session: Session, deck_name: str):
        super().__init__()
        self.session = session
        self.deck_name = deck_name
        self.shown: Shown | None = None
        self.revealed = False
        self.started = session.clock()
        self.nothing_due = False
        self._idle: Timer | None = None  # runs once a card has been on screen IDLE_AFTER
        self._warmed = False  # fsrs (needed from the first reveal on) is imported or importing

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="study-top"):
            yield Static(self.deck_name, id="deck-title", markup=False)
            yield ProgressLine(id="progress")
        yield CardView(id="card")
        yield Static("", id="nothing-due", markup=False)
        yield GradeBar(id="grades")
        yield KeyBar()

    def on_mount(self) -> None:
        # looked up once: a query per key is time on the way to the next card
        self.card_view = self.query_one(CardView)
        self.grade_bar = self.query_one(GradeBar)
        self.progress = self.query_one(ProgressLine)
        self.display_card(self.session.next())
        self.set_interval(1, self.refresh_progress)

    # -- showing ------------------------------------------------------------------------------

    def display_card(self, shown: Shown | None) -> None:
        self.shown, self.revealed = shown, False
        if shown is None and self.session.summary.reviewed:
            self.app.show_summary(self.session)
            return
        if self.nothing_due != (shown is None):  # restyling the screen is costly: only on change
            self.nothing_due = shown is None
            self.set_class(self.nothing_due, "nothing-due")
            self.refresh_bindings()
        if shown:
            self.card_view.show(shown.card, revealed=False)
            self.grade_bar.set_previews(None)
            # housekeeping while the learner reads, never on the path from a key to the next
            # card: each card shown starts the wait again
            if self._idle is not None:
                self._idle.stop()
            self._idle = self.set_timer(IDLE_AFTER, self.idle, name="idle")
        else:
            due = when(self.session.next_due(), self.session.clock(), self.session.tz)
            self.query_one("#nothing-due", Static).update(
                f"Nothing is due in {self.deck_name}.\nNext card due: {due}.\n\n"
                "Press a to study ahead (cards due in the next day), c for custom study, or "
                "Escape to go home.")
        self.refresh_progress()

    def idle(self) -> None:
        """The card has been read for a moment: fold the write-ahead log back (the session
        knows when that is worth it), and the first time, import fsrs for the reveal in a
        thread (a plain one: a worker would post its state changes through the app)."""
        self.session.idle()
        if not self._warmed:
            self._warmed = True
            threading.Thread(target=warm_up, name="warm-up", daemon=True).start()

    def reveal(self) -> None:
        if self.shown and not self.revealed:
            self.revealed = True
            self.card_view.show(self.shown.card, revealed=True)
            # a cram that leaves the schedule alone has no interval to preview
            schedules = self.session.schedules
            self.grade_bar.set_previews({r: self.shown.preview(r) if schedules else "" for r in Rating})

    def refresh_progress(self) -> None:
        elapsed = seconds(self.session.clock()) - seconds(self.started)
        self.progress.show(self.session.counts(), elapsed, self.session.summary.reviewed)

    def check_action(self, action: str, _parameters: tuple[object, ...]) -> bool | None:
        """The footer stays the same from card to card (rebuilding it on every card costs more
        than the rest of the repaint); keys that do not apply right now simply do nothing.
        Only 'study ahead' comes and goes, with the nothing-due message."""
        if action == "study_ahead":
            return self.nothing_due
        return True

    # -- actions ------------------------------------------------------------------------------

    def action_space(self) -> None:
        if self.revealed:
            self.action_grade(int(Rating.GOOD))
        else:
            self.reveal()

    def say(self, text: str, severity: SeverityLevel = "information", timeout: float = 3) -> None:
        """One toast at a time, so messages never pile up over the card; text is never markup."""
        self.app.clear_notifications()
        self.notify(text, severity=severity, timeout=timeout, markup=False)

    def action_grade(self, rating: int) -> None:
        if not (self.shown and self.revealed):
            return
        shown = self.shown
        spent = seconds(self.session.clock()) - seconds(shown.shown_at)
        try:
            graded = self.session.grade(shown, Rating(rating), min(spent * 1000, MAX_ANSWER_MS))
        except Conflict:
            # another window answered this card since it was shown: nothing was written
            self.say(f"{excerpt(shown.card.question)} was answered in another window; here it "
                     "is as it stands now.", "warning", 6)
            self.display_card(self.session.show(shown.card.id))
            return
        except StorageFailure as exc:
            # the answer was not saved: the card stays on screen so the grade can be retried
            self.app.failure = describe(exc)
            self.say(f"Not saved: {describe(exc)}. Grade again to retry.", "error", 15)
            return
        self.app.failure = None  # saved: a failure retried successfully no longer ends the app
        if graded.leech:
            self.say(f"Leech: {excerpt(shown.card.question)} was forgotten {LEECH_LAPSES} times "
                     "and is now suspended. Rework the claim or unsuspend it in browse.",
                     "warning", 8)
        self.display_card(graded.next)

    def action_scroll(self, where: str) -> None:
        """A long answer with its sources can outgrow a small terminal: the keys scroll it."""
        getattr(self.card_view, f"scroll_{where}")(animate=False)

    def action_undo(self) -> None:
        try:
            shown = self.session.undo()
        except Conflict:
            self.say("Not undone: that card was answered in another window since.", "warning", 6)
            return
        except StorageFailure as exc:
            self.app.failure = describe(exc)
            self.say(f"Not undone: {describe(exc)}", "error", 15)
            return
        if shown:
            self.say(f"Undone: {excerpt(shown.card.question)}", timeout=2)
            self.display_card(shown)
        else:
            self.say("Nothing to undo in this session.", timeout=2)

    def action_suspend(self) -> None:
        if self.shown:
            shown = self.shown
            try:
                self.display_card(self.session.suspend(shown.card.id))
            except StorageFailure as exc:
                self.app.failure = describe(exc)
                self.say(f"Not suspended: {describe(exc)}", "error", 15)
                return
            self.say(f"Suspended {excerpt(shown.card.question)} (u to undo)")

    def action_study_ahead(self) -> None:
        if self.nothing_due:
            shown = self.session.study_ahead(days=1)
            if shown is None:
                self.say(AHEAD_NONE.format(within="the next day"))
            self.display_card(shown)

    def action_custom_study(self) -> None:
        from trainer.tui.screens.custom import CustomStudy

        self.app.push_screen(CustomStudy(self.session.deck), callback=self.custom_chosen)

    def custom_chosen(self, choice: Choice | None) -> None:
        """Start what the custom-study dialog asked for; a choice that finds nothing says so."""
        if choice is None:
            return
        session = self.session
        try:
            if choice.kind == "ahead":
                days = int(choice.text or "1")
                if not 1 <= days <= MAX_AHEAD_DAYS:
                    raise ValueError
                shown = session.study_ahead(days=days)
                if shown is None:
                    self.say(AHEAD_NONE.format(within=f"the next {days} days"))
                    return
                self.display_card(shown)
                return
            query = {"forgotten": "is:forgotten", "new": f'topic:"{choice.text}" is:new',
                     "cram": f'topic:"{choice.text}"'}[choice.kind]
            if choice.kind != "forgotten" and not choice.text:
                self.say("Type a topic first.")
                return
            screen = self.app.cram_screen(session.deck, query, reschedule=choice.kind != "cram")
        except ValueError:
            self.say(AHEAD_DAYS_WANTED)
            return
        except TrainerError as exc:
            self.say(describe(exc), "warning", 6)
            return
        self.app.switch_screen(screen)

    def action_home(self) -> None:
        if self.session.summary.reviewed:
            self.app.show_summary(self.session)
        else:
            self.app.go_home()

    def on_grade_bar_chosen(self, message: GradeBar.Chosen) -> None:
        if message.rating is None:
            self.reveal()
        else:
            self.action_grade(int(message.rating))
