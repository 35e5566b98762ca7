"""Counts a study session keeps answer by answer always equal a fresh recount from the database."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trainer.today as today
from tests.conftest import TZ, Clock
from tests.helpers import make_due
from tests.seedtools import FIXTURES
from trainer.collection import sync_decks
from trainer.errors import Conflict
from trainer.model import Rating
from trainer.schedule import SchedulerConfig, seconds
from trainer.store import Store
from trainer.study import Counts, Session
from trainer.studysettings import StudySettings

EXACT = SchedulerConfig(fuzz=False)
REVIEWS = ["hcq-tlr/qa", "mmf-impdh/qa", "belimumab-blys/qa", "anifrolumab-ifnar/qa",
           "hcq-every-patient/cloze", "belimumab-blys/cloze"]


def make(store, clock, **settings) -> Session:
    return Session(store, "mini", clock, tz=TZ, settings=StudySettings(scheduler=EXACT, **settings))


def recount(session: Session) -> Counts:
    """What the database says is left, counted from scratch by the store's own count queries
    (no lineup, no cache): the figures a newly opened session would show."""
    store, deck, s = session.store, session.deck, session.settings
    now = session.clock()
    n, day, end = seconds(now), session.study_day(now), session.day_end(now)
    new_done, reviews_done = store.queue.done_today(deck, day)
    new_cap = max(0, s.new_per_day - new_done)
    review_cap = max(0, s.reviews_per_day - reviews_done)
    due_before = session.ahead_until or end
    return Counts(
        new=store.queue.count_new(deck, day, n, new_cap, s.detail_cards) if new_cap else 0,
        learning=store.queue.count_learning(deck, end, n),
        review=store.queue.count_reviews(deck, due_before, day, n, review_cap, session.ahead)
        if review_cap else 0)


def seen(session: Session) -> Counts:
    """The counts the learner sees, checked against a recount (and returned)."""
    counts = session.counts()
    assert counts == recount(session)
    return counts


def with_reviews(store, clock) -> None:
    for overdue, card in enumerate(REVIEWS):
        make_due(store, card, clock, overdue=(len(REVIEWS) - overdue) * 86400, reps=3,
                 last_review_days=6)


def test_counts_after_every_grade_of_a_day(store, clock):
    with_reviews(store, clock)
    session = make(store, clock, new_per_day=6, reviews_per_day=5)
    before = seen(session)
    assert before.new == 6 and before.review == 5
    ratings = [Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.HARD]
    shown, answered = session.next(), 0
    while shown is not None:
        shown = session.grade(shown, ratings[answered % 4], 3000).next
        answered += 1
        clock.advance(minutes=2)
        seen(session)
    after = seen(session)
    assert answered > 11 and after.new == 0 and after.review == 0


def test_siblings_leave_the_counts_when_a_card_is_answered(store, clock):
    # belimumab-blys/qa and /cloze are siblings: answering one buries the other for the day
    with_reviews(store, clock)
    session = make(store, clock, new_per_day=0)
    assert seen(session).review == len(REVIEWS)
    session.grade(session.show("belimumab-blys/qa"), Rating.GOOD, 1000)
    assert seen(session).review == len(REVIEWS) - 2


def test_counts_after_undo(store, clock):
    with_reviews(store, clock)
    session = make(store, clock, new_per_day=4, reviews_per_day=3)
    history = [seen(session)]
    shown = session.next()
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.GOOD, Rating.AGAIN):
        shown = session.grade(shown, rating, 2000).next
        history.append(seen(session))
    while history[:-1]:
        history.pop()
        assert session.undo() is not None
        assert seen(session) == history[-1]  # each undo gives back exactly what its answer took
    assert session.undo() is None


def test_counts_after_suspend_unsuspend_and_undo(store, clock):
    with_reviews(store, clock)
    session = make(store, clock, new_per_day=100)  # every new card counted, none held back
    start = seen(session)
    session.suspend("hcq-tlr/qa")  # a review
    assert seen(session).review == start.review - 1
    session.suspend("hcq-every-patient/qa")  # a new card
    assert seen(session).new == start.new - 1
    session.undo()
    session.undo()
    assert seen(session) == start
    session.suspend("mmf-impdh/qa")
    session.unsuspend("mmf-impdh/qa")
    assert seen(session) == start


def test_a_leech_leaves_the_counts(store, clock):
    with_reviews(store, clock)
    memory = store.cards.memory("hcq-tlr/qa")
    store.cards.set_memory("hcq-tlr/qa", replace(memory, lapses=7))
    session = make(store, clock, new_per_day=0)
    start = seen(session)
    graded = session.grade(session.show("hcq-tlr/qa"), Rating.AGAIN, 1000)
    assert graded.leech and seen(session).review == start.review - 1
    session.undo()
    assert seen(session) == start


def test_a_card_buried_until_later_comes_back_when_its_time_comes(store, clock):
    with_reviews(store, clock)
    later = seconds(clock()) + 3600
    store.cards.set_memory("mmf-impdh/qa", replace(store.cards.memory("mmf-impdh/qa"),
                                                   buried_until=later))
    store.cards.set_memory("hcq-every-patient/qa", replace(
        store.cards.memory("hcq-every-patient/qa"), buried_until=later))
    session = make(store, clock, new_per_day=50)
    start = seen(session)
    clock.advance(minutes=61)
    back = seen(session)
    assert back.review == start.review + 1 and back.new == start.new + 1


def test_another_connections_writes_show_in_the_counts(store, clock):
    with_reviews(store, clock)
    session = make(store, clock)
    seen(session)
    other = Store.open(store.path)  # another window on the same file
    try:
        elsewhere = make(other, clock)
        shown = elsewhere.next()
        elsewhere.grade(shown, Rating.GOOD, 1000)
        after_grade = seen(session)
        other.cards.set_suspended("belimumab-blys/qa", True)
        assert seen(session).review == after_grade.review - 1
        elsewhere.grade(elsewhere.next(), Rating.EASY, 1000)
        seen(session)
    finally:
        other.close()
    # and this session goes on from there: its own answers still counted exactly
    session.grade(session.next(), Rating.GOOD, 1000)
    seen(session)


def test_writes_outside_the_session_on_the_same_connection_show_in_the_counts(store, clock):
    with_reviews(store, clock)
    session = make(store, clock)
    start = seen(session)
    store.cards.set_suspended("hcq-tlr/qa", True)  # browse, in the same program
    assert seen(session).review == start.review - 1


def test_counts_after_the_day_turns(store, clock):
    clock.now = datetime(2026, 3, 2, 21, 0, tzinfo=UTC)  # 23:00 local
    with_reviews(store, clock)
    session = make(store, clock, new_per_day=2, reviews_per_day=2)
    while (shown := session.next()) is not None:
        session.grade(shown, Rating.GOOD, 1000)
    assert seen(session) == Counts(0, seen(session).learning, 0)
    clock.now = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)  # 04:00 local: a new study day
    fresh = seen(session)
    assert fresh.new == 2


def test_counts_while_studying_ahead(store, clock):
    # reviews due over the next days; studying ahead counts them, siblings unburied
    now = seconds(clock())
    for days, card in enumerate(REVIEWS, start=1):
        make_due(store, card, clock, overdue=-days * 86400 + 3600, reps=3, last_review_days=6)
    session = make(store, clock, new_per_day=0)
    assert seen(session).review == 0
    shown = session.study_ahead(days=3)
    assert seen(session).review > 0 and session.ahead_until > now
    while shown is not None:
        shown = session.grade(shown, Rating.GOOD, 1000).next
        seen(session)
    session.undo()
    seen(session)


def test_learning_cards_counted_through_their_steps(store, clock):
    session = make(store, clock, new_per_day=3)
    shown = session.next()
    session.grade(shown, Rating.AGAIN, 1000)  # learning, due in a minute
    assert seen(session).learning == 1
    clock.advance(minutes=1)
    again = session.next()
    assert again.card.id == shown.card.id
    session.grade(again, Rating.GOOD, 1000)  # next step, 10 minutes
    assert seen(session).learning == 1
    clock.advance(minutes=10)
    session.grade(session.show(shown.card.id), Rating.GOOD, 1000)  # graduates: days away
    assert seen(session).learning == 0


def test_a_lineup_that_runs_short_reads_the_cards_again(store, clock, monkeypatch):
    # no spare rows: every sibling buried sends the session back to the database
    monkeypatch.setattr(today, "SPARE", 0)
    with_reviews(store, clock)
    session = make(store, clock, new_per_day=2, reviews_per_day=3)
    shown = session.next()
    while shown is not None:
        seen(session)
        shown = session.grade(shown, Rating.GOOD, 1000).next
    seen(session)


# -- any sequence of what a learner (and another window) does --------------------------------

ACTIONS = st.lists(st.sampled_from(["again", "hard", "good", "easy", "undo", "suspend",
                                    "wait", "night", "other", "ahead"]), max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=ACTIONS, new=st.integers(0, 5), reviews=st.integers(0, 5))
def test_any_sequence_of_actions_keeps_the_counts_exact(actions, new, reviews):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "decks").mkdir()
        (folder / "decks" / "mini.json").write_bytes((FIXTURES / "golden" / "mini.json").read_bytes())
        clock = Clock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
        store = Store.open(folder / "trainer.db")
        other = None
        try:
            sync_decks(store, folder / "decks", seconds(clock()))
            with_reviews(store, clock)
            session = make(store, clock, new_per_day=new, reviews_per_day=reviews)
            other = Store.open(folder / "trainer.db")
            shown = session.next()
            for action in actions:
                if action in ("again", "hard", "good", "easy") and shown is not None:
                    rating = {"again": Rating.AGAIN, "hard": Rating.HARD, "good": Rating.GOOD,
                              "easy": Rating.EASY}[action]
                    try:
                        shown = session.grade(shown, rating, 1000).next
                    except Conflict:  # the other window answered it first
                        shown = session.show(shown.card.id)
                elif action == "undo":
                    try:
                        shown = session.undo() or session.next()
                    except Conflict:
                        shown = session.next()
                elif action == "suspend" and shown is not None:
                    shown = session.suspend(shown.card.id)
                elif action == "wait":
                    clock.advance(minutes=7)
                    shown = session.next()
                elif action == "night":
                    clock.advance(hours=9)
                    shown = session.next()
                elif action == "other":
                    elsewhere = make(other, clock, new_per_day=new + 1, reviews_per_day=reviews + 1)
                    card = elsewhere.next()
                    if card is not None:
                        elsewhere.grade(card, Rating.GOOD, 1000)
                    shown = session.next()
                elif action == "ahead":
                    shown = session.study_ahead(days=2)
                seen(session)
        finally:
            if other is not None:
                other.close()
            store.close()
