"""Studying ahead over two simulated days: the queue runs down and ends, answers are logged as
early, and no card lapses twice in a day."""

from __future__ import annotations

from tests.conftest import TZ
from tests.helpers import make_due
from trainer.model import Rating
from trainer.schedule import REVIEW, SchedulerConfig
from trainer.study import Session
from trainer.studysettings import StudySettings

AHEAD = ["hcq-every-patient/qa", "hcq-tlr/qa", "belimumab-blys/qa", "mmf-impdh/qa"]


def setup(store, clock) -> Session:
    # four reviews due tomorrow afternoon: nothing is due today
    for card in AHEAD:
        make_due(store, card, clock, overdue=-30 * 3600, reps=3)
    store.settings.set("global", "new_per_day", 0)  # reviews only, in every session opened later
    return Session(store, "mini", clock, tz=TZ,
                   settings=StudySettings(new_per_day=0, scheduler=SchedulerConfig(fuzz=False)))


def drain(session, clock, rating_for) -> list[str]:
    """Answer what the session shows until it shows nothing (at most 100 cards)."""
    seen = []
    shown = session.next()
    for _ in range(100):
        if shown is None:
            return seen
        seen.append(shown.card.id)
        clock.advance(seconds=20)
        shown = session.grade(shown, rating_for(shown), 8000).next
    raise AssertionError(f"the queue never ended: {seen[-12:]}")


def test_study_ahead_runs_down_and_ends_even_when_every_card_is_forgotten(store, clock):
    session = setup(store, clock)
    assert session.next() is None
    first = session.study_ahead(days=1)
    assert first is not None and session.counts().review == 4
    # forget every card once, then recall it in relearning: the ahead queue must still end
    seen = [first.card.id]
    counts = [session.counts().review]
    shown = session.grade(first, Rating.AGAIN, 8000).next
    while shown is not None and len(seen) < 100:
        seen.append(shown.card.id)
        counts.append(session.counts().review)
        rating = Rating.AGAIN if shown.memory.state == REVIEW else Rating.GOOD
        clock.advance(minutes=11)  # past the relearning step, so relearning cards come back
        shown = session.grade(shown, rating, 8000).next
    assert shown is None, f"the queue never ended: {seen[-12:]}"
    assert sorted(set(seen)) == sorted(AHEAD)
    assert counts[0] == 4 and counts == sorted(counts, reverse=True)  # the counter counts down
    for card in AHEAD:
        assert store.cards.memory(card).lapses == 1  # one lapse each: no same-day repeats
        assert not store.cards.memory(card).suspended


def test_early_answers_are_logged_as_such_and_stay_out_of_retention(store, clock):
    from trainer.stats import report

    session = setup(store, clock)
    session.study_ahead(days=1)
    drain(session, clock, lambda _shown: Rating.GOOD)
    kinds = {k for (k,) in store.db.rows("SELECT kind FROM reviews")}
    assert kinds == {"early"}
    r = report(store, clock(), TZ)
    assert r.basic.reviews == 4 and r.basic.retention_30d_reviews == 0


def test_the_next_day_cards_answered_ahead_come_back_only_when_due(store, clock):
    session = setup(store, clock)
    session.study_ahead(days=1)
    assert len(drain(session, clock, lambda _shown: Rating.HARD)) == 4
    clock.advance(days=1)  # the next study day: the day the four cards were first due
    tomorrow = Session.open(store, "mini", clock, TZ)
    due = {store.cards.memory(c).due for c in AHEAD}
    # answered a day early with Hard, each got a new interval of several days from yesterday
    assert min(due) > tomorrow.day_end(clock())
    assert tomorrow.next() is None and tomorrow.counts().review == 0
    assert tomorrow.next_due() == min(due)
    clock.now = clock.now.fromtimestamp(min(due) + 60, clock.now.tzinfo)
    later = Session.open(store, "mini", clock, TZ)
    assert later.next() is not None  # once due, a card is shown as any review
