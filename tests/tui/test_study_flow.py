"""Pilot tests of the study flow, asserting on the screen and on the store."""

from __future__ import annotations

import json

from tests.apps import trainer_app
from tests.tui.conftest import card_part, text_of
from trainer.model import Rating
from trainer.schedule import LEARNING, NEW
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.study import StudyScreen
from trainer.tui.screens.summary import SummaryScreen
from trainer.tui.widgets.grade_bar import GradeBar


async def test_home_lists_decks_with_counts(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.decks_table
        assert [str(c) for c in table.get_row("mini")] == ["SLE mini", "20", "0", "0", "27"]


async def test_enter_studies_the_selected_deck_and_reveal_shows_answer_and_source(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)
        assert "every patient with systemic lupus" in card_part(app, "question")
        assert card_part(app, "answer") is None and card_part(app, "sources") is None
        assert app.screen.grade_bar.labels == [(None, "Show answer  (space)")]
        await pilot.press("space")
        assert card_part(app, "answer") == "hydroxychloroquine"
        sources = card_part(app, "sources")
        assert "[67] Fanouriakis et al. 2019 · doi:10.1136/annrheumdis-2019-215089" in sources
        assert "EULAR update recommends" in card_part(app, "extra")
        labels = [label for _, label in app.screen.grade_bar.labels]
        assert labels == ["1 Again · 1m", "2 Hard · 6m", "3 Good · 10m", "4 Easy · 8d"]
        assert all(label in str(app.screen.grade_bar.render()) for label in labels)


async def test_each_grade_key_writes_that_rating(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        graded = []
        for key in ("1", "2", "3", "4"):
            card = app.screen.shown.card.id
            await pilot.press("space", key)
            graded.append(card)
            assert [r.rating for r in store.reviews.of_card(card)][-1] == int(key)
        assert len(set(graded)) == 4  # each grade moved on to another card


async def test_grade_keys_do_nothing_before_the_reveal(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "3")
        assert store.reviews.count() == 0


async def test_space_after_reveal_means_good(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space", "space")
        [log] = store.reviews.of_card("hcq-every-patient/qa")
        assert log.rating == 3 and store.cards.memory("hcq-every-patient/qa").state == LEARNING
        assert app.screen.shown.card.id == "hcq-preeclampsia/qa"


async def test_undo_shows_the_card_again_with_state_restored(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space", "1")
        assert store.reviews.count() == 1
        await pilot.press("u")
        assert app.screen.shown.card.id == "hcq-every-patient/qa"
        assert store.reviews.count() == 0 and store.cards.memory("hcq-every-patient/qa").state == NEW
        await pilot.press("space", "4", "ctrl+z")
        assert store.reviews.count() == 0 and app.screen.shown.card.id == "hcq-every-patient/qa"


async def test_suspend_key(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "exclamation_mark")
        assert store.cards.memory("hcq-every-patient/qa").suspended
        assert app.screen.shown.card.id != "hcq-every-patient/qa"


async def test_progress_line_counts_down(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert text_of(app, "#progress").startswith("20 new · 0 learning · 0 review")
        await pilot.press("space", "3")
        assert text_of(app, "#progress").startswith("19 new · 1 learning · 0 review")


async def test_end_of_session_summary_then_home(store, clock, make_app):
    store.settings.set("mini", "new_per_day", 2)
    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space", "4", "space", "1")
        clock.advance(minutes=1)
        await pilot.press("space", "4")
        assert isinstance(app.screen, SummaryScreen)
        figures = text_of(app, "#summary-figures")
        assert "Cards reviewed   3" in figures and "Again            1 (33%)" in figures
        assert "Next card due    in" in figures
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.decks_table.get_row("mini")[1] == "0"  # no new cards left today


async def test_a_session_left_with_a_learning_card_shown_early_says_now_and_when_it_is_due(store, make_app):
    store.settings.set("mini", "new_per_day", 1)
    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space", "3")  # its 10-minute step: shown early, nothing else is left
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        assert "cards are still due" in text_of(app, "#summary-title")
        assert "Next card due    now (shown early; due in 10m (" in text_of(app, "#summary-figures")


async def test_escape_mid_session_shows_summary_or_goes_home(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "escape")
        assert isinstance(app.screen, HomeScreen)  # nothing answered: straight home
        await pilot.press("enter", "space", "3", "escape")
        assert isinstance(app.screen, SummaryScreen)


async def test_started_on_study_the_first_screen_is_the_card(store, clock):
    """`trainer study`: the study screen is the app's first screen (no blank screen under it,
    so the first frame holds the card); Escape still goes home, and a session with answers
    still ends in its summary, then home."""
    def started():
        return trainer_app(store, clock, start=lambda app: app.study_screen("mini"))

    app = started()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen_stack == [app.screen] and isinstance(app.screen, StudyScreen)
        assert "every patient with systemic lupus" in card_part(app, "question")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 1
        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)
    app = started()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "3", "q")  # q leaves as Escape does, on the summary too
        assert isinstance(app.screen, SummaryScreen) and len(app.screen_stack) == 1
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)


async def test_nothing_due_says_when_and_offers_study_ahead(store, clock, make_app):
    store.settings.set("mini", "new_per_day", 0)
    from dataclasses import replace

    from trainer.schedule import REVIEW, seconds
    memory = replace(store.cards.memory("hcq-tlr/qa"), state=REVIEW, stability=3.0, difficulty=5.0,
                     due=seconds(clock()) + 30 * 3600, last_review=seconds(clock()) - 86400)
    store.cards.set_memory("hcq-tlr/qa", memory)
    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        message = text_of(app, "#nothing-due")
        assert "Nothing is due in SLE mini" in message and "in 1d (Tue 03 Mar)" in message
        await pilot.press("a")
        assert app.screen.shown.card.id == "hcq-tlr/qa"


async def test_study_command_opens_straight_on_the_first_card(make_app):
    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.shown.card.id == "hcq-every-patient/qa"


async def test_unknown_deck_fails_with_one_line(make_app):
    app = make_app(study=True, deck="nope")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert app.return_code == 2 and "no deck named 'nope'" in app.error


async def test_mouse_click_reveals_and_grades(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        bar = app.screen.grade_bar
        await pilot.click(GradeBar, offset=bar.key_offset(None))  # "Show answer"
        assert card_part(app, "answer") == "hydroxychloroquine"
        await pilot.click(GradeBar, offset=(0, 1))  # beside the keys: nothing
        assert store.reviews.count() == 0
        await pilot.click(GradeBar, offset=bar.key_offset(Rating.EASY))
        assert [r.rating for r in store.reviews.of_card("hcq-every-patient/qa")] == [4]


async def test_help_lists_every_study_key(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "question_mark")
        keys = text_of(app, "#help-keys")
        for key, what in [("space", "Show/Good"), ("1", "Again"), ("4", "Easy"), ("u", "Undo"),
                          ("ctrl+z", "Undo"), ("!", "Suspend"), ("escape", "Home")]:
            assert any(line.split()[:1] == [key] and what in line for line in keys.splitlines()), key
        await pilot.press("escape")
        assert isinstance(app.screen, StudyScreen)


async def test_theme_toggle_is_remembered(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        assert store.settings.get("global", "theme") == "textual-light"


async def test_sync_runs_in_a_worker_on_a_fresh_database(tmp_path, decks_dir, clock):
    from trainer.store import Store

    store = Store.open(tmp_path / "fresh.db")
    store.settings.set("global", "fuzz", False)
    app = trainer_app(store, clock, decks_dir, sync=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.decks_table.get_row("mini")[1] == "20"
    store.close()


async def test_card_text_is_never_markup(tmp_path, decks_dir, clock):
    from trainer.store import Store

    deck = json.loads((decks_dir / "mini.json").read_text())
    deck["cards"][0]["question"] = "Is [bold]this[/bold] bold? See [1] and [red]x[/]."
    deck["cards"][0]["answer"] = "[b]no[/b] <i>&amp;</i>"
    (decks_dir / "mini.json").write_text(json.dumps(deck))
    store = Store.open(tmp_path / "markup.db")
    store.settings.set("global", "fuzz", False)
    app = trainer_app(store, clock, decks_dir, start=lambda app: app.study_screen(), sync=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("space")
        assert card_part(app, "question") == "Is [bold]this[/bold] bold? See [1] and [red]x[/]."
        assert card_part(app, "answer") == "[b]no[/b] <i>&amp;</i>"
    store.close()


async def palette_choice(app, pilot, query: str) -> None:
    """Open the command palette on home, type `query` and take the first match."""
    from textual.command import CommandPalette

    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("ctrl+p")
    await pilot.pause(0.5)
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    await pilot.pause(0.5)
    await pilot.press("down", "enter")  # the first match, highlighted
    await pilot.pause(0.5)


async def test_command_palette_lists_the_main_actions(make_app):
    from trainer.tui.screens.quiz import QuizScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await palette_choice(app, pilot, "quiz")
        assert isinstance(app.screen, QuizScreen)


async def test_the_command_palette_opens_custom_study_on_the_deck(make_app):
    from trainer.tui.screens.custom import CustomStudy

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await palette_choice(app, pilot, "custom")
        assert isinstance(app.screen, CustomStudy)
        await pilot.press("escape")
        assert isinstance(app.screen, StudyScreen) and app.screen.shown is not None


async def test_the_session_tidies_up_while_a_card_is_read_not_on_the_key_path(make_app):
    app = make_app(study=True, deck="mini")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        calls = []
        app.screen.session.idle = lambda: calls.append(app.screen.shown.card.id)
        await pilot.press("space", "3")
        assert calls == []  # nothing during the answer itself
        await pilot.pause(0.8)
        assert calls == [app.screen.shown.card.id]  # once the next card has been on screen a while
