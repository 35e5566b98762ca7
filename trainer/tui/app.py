"""TrainerApp: receives its services, syncs the decks in a worker, and moves between screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import Provider
from textual.message import Message
from textual.screen import Screen

from trainer.errors import TrainerError
from trainer.store import Store
from trainer.study import Session
from trainer.studysettings import GLOBAL
from trainer.tui.screens.study import StudyScreen

# home, help and summary are imported where they are used: `trainer study` paints its first
# card without them

SPINNER_DELAY = 0.5  # seconds: a quick sync shows no spinner at all
BACKUP_DELAY = 10.0  # seconds after start before the first automatic backup check
BACKUP_CHECK_SECONDS = 300  # how often the app asks whether an automatic backup is due
THEMES = ("textual-dark", "textual-light")


def _deck_commands() -> type[Provider]:
    from trainer.tui.commands import DeckCommands

    return DeckCommands


@dataclass
class Services:
    """What the app works with, handed in by the caller (the CLI, or a test)."""

    store: Store
    clock: Callable[[], datetime]  # aware UTC
    decks_dir: Path  # the deck files: synced into the store, and read for quiz items
    tz: tzinfo | None = None  # where study days start; None: the machine's zone
    synced: bool = False  # the caller already synced decks_dir: no worker needed


class TrainerApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "trainer"
    COMMANDS = App.COMMANDS | {_deck_commands}  # loaded on first use of the palette
    BINDINGS = [
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False),
    ]

    class Synced(Message):
        """The deck sync worker finished."""

    class SyncFailed(Message):
        def __init__(self, error: str):
            super().__init__()
            self.error = error

    def __init__(self, services: Services,
                 start: Callable[[TrainerApp], Screen[None]] | None = None):
        """`start` builds the screen to open once the decks are synced (`trainer study`,
        `trainer quiz`...); it may raise TrainerError, which ends the app with that line."""
        super().__init__()
        self.services = services
        self.start = start
        self.store: Store = services.store
        self.ready = False  # the decks are synced: the store may be read
        self.error: str | None = None  # one line for the terminal when the app cannot go on
        self.failure: str | None = None  # the last write that failed: the app exits non-zero
        theme = services.store.settings.get(GLOBAL, "theme", THEMES[0])
        self.theme = theme if theme in self.available_themes else THEMES[0]
        self._saved_theme = theme  # what the settings hold: a write only when it changes
        self._freeze_after_paint = False  # see run()

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run in the terminal (the CLI's way in; tests use run_test). What the start made
        (modules, the store, the synced decks) lives as long as the app: frozen out of the
        garbage collector's full passes, which otherwise rescan it all (about 30 ms, landing
        on a key or a frame every few dozen cards); the screen built next joins it once the
        first frame is painted, and only then does the collector, paused since the start by
        trainer.entry, run again (paused all the way, the first card painted ~8% sooner)."""
        import gc

        gc.freeze()
        self._freeze_after_paint = True
        return super().run(*args, **kwargs)

    def get_default_screen(self) -> Screen[None]:
        """The first screen: home, or the start screen itself when the decks are already
        synced (`trainer study` skips home), so the first frame holds it. Pushed over
        Textual's blank default screen instead, it came two frames later: that screen is
        styled and laid out first, and the frame drawn during the app's start-up batch is
        thrown away."""
        if self.start is None:
            from trainer.tui.screens.home import HomeScreen

            screen: Screen[None] = HomeScreen()
        elif not self.services.synced:
            return super().get_default_screen()  # until the sync worker is done
        else:
            try:
                screen = self.start(self)
            except TrainerError as exc:
                self.call_later(self.fail, exc)  # once the app is up: it cannot exit mid-compose
                return super().get_default_screen()
        # what push_screen and switch_screen give a screen they put on the stack, and Textual's
        # default screen goes without: its own CSS file, and the result callback that
        # switch_screen (going home) takes off (else IndexError, see Textual issue #2650)
        self._load_screen_css(screen)
        screen._push_result_callback(self, None)
        return screen

    def on_mount(self) -> None:
        # the theme however it is chosen (ctrl+t, the palette's "Change theme") is remembered
        self.theme_changed_signal.subscribe(self, lambda _theme: self._remember_theme())
        if self.services.synced:
            self.post_message(self.Synced())
            return
        self._spinner = self.set_timer(SPINNER_DELAY, self._show_spinner)
        self.run_worker(self._sync, thread=True, exclusive=True, name="sync")

    def _sync(self) -> None:
        """Runs in a thread: only posts messages, never touches widgets."""
        from trainer.collection import sync_decks
        from trainer.commands.messages import describe
        from trainer.errors import TrainerError
        from trainer.schedule import seconds

        try:
            sync_decks(self.services.store, self.services.decks_dir, seconds(self.services.clock()))
        except TrainerError as exc:
            self.post_message(self.SyncFailed(describe(exc)))
            return
        self.post_message(self.Synced())

    def _show_spinner(self) -> None:
        from trainer.tui.screens.home import HomeScreen

        if not self.ready and isinstance(self.screen, HomeScreen):
            self.screen.set_syncing(True, spinner=True)

    def on_trainer_app_synced(self, _: Synced) -> None:
        if hasattr(self, "_spinner"):
            self._spinner.stop()
        self.ready = True
        self._remember_theme()  # a theme chosen while the decks synced
        # the first backup waits until the first card is up and being read: it copies the
        # whole database in a thread and syncs it to disk, which would slow the first paint
        # and the first answers (whose commits wait behind its writes on the disk)
        self.set_timer(BACKUP_DELAY, self._auto_backup)
        self.set_interval(BACKUP_CHECK_SECONDS, self._auto_backup)
        if self.start is None:
            from trainer.tui.screens.home import HomeScreen

            # not mounted yet (the first screen, decks synced before the app ran): its own
            # mount fills the table, now that the app is ready
            if isinstance(self.screen, HomeScreen) and self.screen.is_mounted:
                self.screen.refresh_decks()
        elif not self.services.synced:
            self._push_start()
        if self._freeze_after_paint:
            self.call_after_refresh(self._collector_on)

    @staticmethod
    def _collector_on() -> None:
        import gc

        gc.freeze()
        gc.enable()

    def _push_start(self) -> None:
        assert self.start is not None
        try:
            self.push_screen(self.start(self))
        except TrainerError as exc:
            self.fail(exc)

    def _auto_backup(self) -> None:
        """An automatic backup when one is due, in a thread with its own connection (a
        connection is never shared between threads); a failure is told, never fatal."""
        if self.services.store.path != ":memory:":
            self.run_worker(self._back_up, thread=True, exclusive=True, group="backup")

    def _back_up(self) -> None:
        from trainer import backup
        from trainer.commands.messages import describe

        try:
            store = Store.open(self.services.store.path)
            try:
                now = self.services.clock().astimezone().replace(tzinfo=None, microsecond=0)
                backup.automatic(store, now)
            finally:
                store.close()
        except TrainerError as exc:
            self.call_from_thread(self.notify, f"Automatic backup failed: {describe(exc)}",
                                  severity="warning", markup=False)

    def on_trainer_app_sync_failed(self, message: SyncFailed) -> None:
        self.fail(message.error)

    def fail(self, error: str | TrainerError) -> None:
        """Leave the app; the CLI prints `error` as one line and exits with code 2."""
        from trainer.commands.messages import describe

        self.error = error if isinstance(error, str) else describe(error)
        self.exit(return_code=2)

    def _handle_exception(self, error: Exception) -> None:
        """A user-facing error that a screen did not handle itself (a full disk while browsing,
        a database replaced under the stats screen) is told in a toast, and the app keeps
        running, then exits non-zero; anything else is a bug and ends the app as Textual does."""
        import sqlite3

        from trainer.commands.messages import describe, unexpected_storage

        if isinstance(error, sqlite3.Error | OSError) and not isinstance(error, BrokenPipeError):
            error = unexpected_storage(error, self.services.store.path)
        if isinstance(error, TrainerError):
            self.failure = describe(error)
            self.notify(self.failure, severity="error", timeout=15, markup=False)
            return
        super()._handle_exception(error)

    def warn(self, error: TrainerError) -> None:
        """Tell the user about an error and carry on (a toast, worded as on the command line)."""
        from trainer.commands.messages import describe

        self.notify(describe(error), severity="error", markup=False)

    # -- navigation -----------------------------------------------------------------------------

    def deck_name(self, deck_id: str) -> str:
        """The deck's name as screens show it (titles, headers): on one line, its control
        characters as symbols. Screens still show it with markup off: it is file text."""
        from trainer.text import one_line

        return one_line(next((d.name for d in self.store.decks.all() if d.id == deck_id), deck_id))

    def study_screen(self, deck: str | None = None) -> StudyScreen:
        """A study session on `deck` (id or name; None: the first deck)."""
        from trainer.collection import resolve_deck

        deck_id = resolve_deck(self.store, deck)
        session = Session.open(self.store, deck_id, self.services.clock, self.services.tz)
        return StudyScreen(session, self.deck_name(deck_id))

    def cram_screen(self, deck_id: str, query: str, reschedule: bool = False) -> StudyScreen:
        """Custom study of the cards a search finds (trainer.cram)."""
        from trainer.cram import CramSession, cards_for

        cards = cards_for(self.store, query, self.services.clock, deck_id, self.services.tz)
        session = CramSession.over(self.store, deck_id, self.services.clock, cards, reschedule,
                                   self.services.tz)
        how = "rescheduled" if reschedule else "schedule untouched"
        return StudyScreen(session, f"{self.deck_name(deck_id)} · cram {query} ({how})")

    def study(self, deck_id: str) -> None:
        self.push_screen(self.study_screen(deck_id))

    def custom_study(self, deck_id: str) -> None:
        """The deck's study screen with its custom-study dialog open (c on that screen)."""
        screen = self.study_screen(deck_id)
        self.push_screen(screen)
        self.call_after_refresh(screen.action_custom_study)

    def open_quiz(self, deck_id: str) -> None:
        """A mixed quiz of 20 questions on a deck (`trainer quiz` has the options)."""
        from trainer.tui.screens.quiz import quiz_screen

        try:
            self.push_screen(quiz_screen(self, deck_id))
        except TrainerError as exc:
            self.warn(exc)

    def open_stats(self) -> None:
        if self.ready:
            from trainer.tui.screens.stats import stats_screen

            self.push_screen(stats_screen(self))

    def open_browse(self) -> None:
        if self.ready:
            from trainer.tui.screens.browse import browse_screen

            self.push_screen(browse_screen(self))

    def go_home(self) -> None:
        """Back to the home screen, building it if the app started on another screen."""
        from trainer.tui.screens.home import HomeScreen

        if any(isinstance(s, HomeScreen) for s in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    def show_summary(self, session: Session) -> None:
        from trainer.tui.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(session, self.deck_name(session.deck)))

    def action_help(self) -> None:
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))  # opens at this screen's keys

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[0] if self.current_theme.dark is False else THEMES[1]

    def _remember_theme(self) -> None:
        """Store the theme in the settings, as ctrl+t and the palette leave it. Not while the
        decks sync: the sync worker's thread is writing through the store's connection, and a
        connection is never used by two threads at once; the sync's end stores it then."""
        if not self.ready or self.theme == self._saved_theme:
            return
        self._saved_theme = self.theme
        self.services.store.settings.set(GLOBAL, "theme", self.theme)
