"""The custom-study dialog (c on the study screen), driven with Pilot."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import screen_lines, text_of
from trainer.cram import CramSession
from trainer.tui.screens.custom import CustomStudy
from trainer.tui.screens.study import StudyScreen


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def memory_table(store) -> list[tuple]:
    return store.db.rows("SELECT * FROM memory ORDER BY card")


async def test_cram_a_topic_shows_its_cards_and_leaves_the_schedule_alone(make_app, store):
    app = make_app(study=True, deck="mini")
    before = memory_table(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, CustomStudy)
        await pilot.press("4")
        await pilot.press(*"hydroxychloroquine", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and isinstance(screen.session, CramSession)
        assert not screen.session.reschedule
        assert screen.shown.card.topic == "Hydroxychloroquine"
        await pilot.press("space")
        # nothing is rescheduled: the keys name the grades with no interval to preview
        assert [label for _, label in screen.grade_bar.labels] == ["1 Again", "2 Hard", "3 Good", "4 Easy"]
        await pilot.press("3")
        assert memory_table(store) == before  # graded, logged as cram, nothing rescheduled
        assert store.db.rows("SELECT card, kind FROM reviews") == [(screen.session.cards[0], "cram")]


async def test_forgotten_today_brings_back_the_card_answered_again(make_app):
    app = make_app(study=True, deck="mini")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        forgot = app.screen.shown.card.id
        await pilot.press("c", "2")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen) and not isinstance(app.screen.session, CramSession)
        assert "no cards match" in toasts(app)[-1]  # nothing forgotten yet: one line, no crash
        await pilot.press("space", "1", "c", "2")
        await pilot.pause()
        session = app.screen.session
        assert isinstance(session, CramSession) and session.reschedule
        assert session.cards == [forgot] and app.screen.shown.card.id == forgot


async def test_review_ahead_asks_for_days_and_refuses_what_is_not_a_number(make_app):
    """What is not a number of days is said in the dialog, which stays open to correct it."""
    app = make_app(study=True, deck="mini")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        asked: list[int] = []
        app.screen.session.study_ahead = lambda days: asked.append(days)  # nothing to show
        await pilot.press("c", "1", *"abc", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CustomStudy)
        assert text_of(app, "#custom-error") == "Give a number of days from 1 to 365."
        assert app.screen.query_one(Input).value == "abc" and app.screen.query_one(Input).has_focus
        await pilot.press("backspace", "backspace", "backspace")
        assert text_of(app, "#custom-error") == ""  # typing again clears the complaint
        await pilot.press("0", "enter")
        assert isinstance(app.screen, CustomStudy) and "1 to 365" in text_of(app, "#custom-error")
        await pilot.press("backspace", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen) and asked == [2]


async def test_escape_closes_the_dialog_and_the_card_is_still_there(make_app, store):
    app = make_app(study=True, deck="mini")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        card = app.screen.shown.card.id
        await pilot.press("c", "escape")
        assert isinstance(app.screen, StudyScreen) and app.screen.shown.card.id == card
        assert store.reviews.count() == 0


async def test_review_ahead_with_nothing_to_show_says_why_not_that_nothing_is_due(make_app):
    app = make_app(study=True, deck="mini")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        # a card learnt this morning is due in a few days, but review ahead leaves it out
        app.screen.session.study_ahead = lambda **_: None
        await pilot.press("c", "1", *"3", "enter")
        await pilot.pause()
        assert toasts(app)[-1] == ("No reviews to study ahead within the next 3 days: cards answered "
                                   "today wait for their day, and new cards come with the next study day.")


async def test_which_topic_lists_the_decks_topics(make_app):
    app = make_app(study=True, deck="mini")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "4")
        assert isinstance(app.screen, CustomStudy)
        shown = " ".join(" ".join(line.strip(" │") for line in screen_lines(app)).split())
        assert ("Topics (5): Hydroxychloroquine, Immunosuppressants, Biologics, Pipeline, "
                "Lupus nephritis") in shown  # in deck order, as the cards come


async def test_new_cards_of_a_topic_lists_the_topics_with_new_cards(make_app, store, clock):
    from tests.helpers import make_due

    for (card,) in store.db.rows("SELECT id FROM cards WHERE topic = 'Pipeline'"):
        make_due(store, card, clock, overdue=-86400)  # learnt: no new card left in the topic
    app = make_app(study=True, deck="mini")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "3")
        topics = text_of(app, "#custom-topics")
        assert topics.startswith("Topics with new cards (4): ") and "Pipeline" not in topics


async def test_a_topic_is_found_whatever_its_case(make_app):
    app = make_app(study=True, deck="mini")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "4", *"lupus", "space", *"NEPHRITIS", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and isinstance(screen.session, CramSession)
        assert screen.shown.card.topic == "Lupus nephritis"


async def test_a_topic_the_deck_does_not_have_keeps_the_dialog_open(make_app):
    app = make_app(study=True, deck="mini")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "4", *"cardio", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CustomStudy)
        assert text_of(app, "#custom-error").startswith("No topic has “cardio”")
        await pilot.press("enter")  # unchanged: still refused
        assert isinstance(app.screen, CustomStudy)
        await pilot.press(*["backspace"] * 6, "enter")
        assert text_of(app, "#custom-error") == "Type a topic first."
        await pilot.press(*"bio", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen) and app.screen.shown.card.topic == "Biologics"


def test_a_long_list_of_topics_ends_with_an_ellipsis():
    from trainer.tui.screens.custom import MAX_TOPICS_TEXT, topics_line

    names = [f"Topic number {n}" for n in range(40)]
    line = topics_line("Topics", names)
    assert line.startswith("Topics (40): Topic number 0, Topic number 1, ") and line.endswith(", …")
    assert len(line) <= MAX_TOPICS_TEXT
    assert topics_line("Topics", ["A", "B"]) == "Topics (2): A, B"
