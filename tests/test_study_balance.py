"""The load balancer in study sessions: previews equal what grading applies, easy days hold,
due counts follow grades and undos, and reviews spread flatter than with random fuzz."""

from __future__ import annotations

import statistics
from collections import Counter

from tests.conftest import TZ
from tests.helpers import make_due
from trainer.model import Rating
from trainer.schedule import REVIEW, SchedulerConfig
from trainer.study import Session
from trainer.studysettings import StudySettings


def session_with(store, clock, **settings) -> Session:
    return Session(store, "mini", clock, tz=TZ, settings=StudySettings(
        new_per_day=0, scheduler=SchedulerConfig(fuzz=True), **settings))


def due_reviews(store, clock, n=12, stability=30.0):
    from dataclasses import replace

    ids = [c for (c,) in store.db.rows("SELECT card FROM memory ORDER BY position")][:n]
    for card in ids:
        make_due(store, card, clock, overdue=3600, reps=4)
        store.cards.set_memory(card, replace(store.cards.memory(card), stability=stability))
    return ids


def test_every_preview_is_what_grading_applies_with_the_balancer_on(store, clock):
    due_reviews(store, clock)
    session = session_with(store, clock)
    shown = session.next()
    while shown is not None:
        previewed = {r: shown.outcomes[r].due for r in Rating}
        rating = Rating.GOOD
        graded = session.grade(shown, rating, 2000)
        assert store.cards.memory(shown.card.id).due == previewed[rating]
        shown = graded.next


def test_a_zero_percent_weekday_gets_no_review_when_the_range_has_another_day(store, clock):
    due_reviews(store, clock)
    session = session_with(store, clock, easy_days="sun=0%")
    landed = []
    shown = session.next()
    while shown is not None:
        graded = session.grade(shown, Rating.GOOD, 2000)
        memory = store.cards.memory(shown.card.id)
        if memory.state == REVIEW:
            landed.append(session.calendar.weekday(session.calendar.day_of(memory.due)))
        shown = graded.next
    assert landed and 6 not in landed  # Sunday


def test_undo_takes_the_card_back_out_of_the_day_it_went_to(store, clock):
    due_reviews(store, clock, n=2)
    session = session_with(store, clock)
    shown = session.next()
    balancer = shown.balancer
    before = dict(balancer.due_counts)
    session.grade(shown, Rating.GOOD, 2000)
    assert balancer.due_counts != before
    session.undo()
    assert {d: n for d, n in balancer.due_counts.items() if n} == {d: n for d, n in before.items() if n}


def test_a_thousand_reviews_graded_on_one_day_spread_flatter_than_random_fuzz(tmp_path, clock):
    import json

    from tests.seedtools import FIXTURES
    from trainer.collection import sync_decks
    from trainer.schedule import seconds
    from trainer.store import Store

    # a deck of 1000 cards of one claim each, all reviews due now with the same memory
    deck = json.loads((FIXTURES / "golden" / "mini.json").read_text(encoding="utf-8"))
    template = deck["cards"][0]
    deck["cards"] = [{**template, "id": f"c{i}/qa", "claim": f"c{i}", "content_hash": f"h{i}"}
                     for i in range(1000)]
    deck["quiz"], deck["retired"] = [], []
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "mini.json").write_text(json.dumps(deck), encoding="utf-8")
    spreads = {}
    for balance in (False, True):
        store = Store.open(tmp_path / f"b{balance}.db")
        sync_decks(store, folder, seconds(clock()))
        for i in range(1000):
            make_due(store, f"c{i}/qa", clock, overdue=3600, reps=4)
        session = Session(store, "mini", clock, tz=TZ, settings=StudySettings(
            new_per_day=0, reviews_per_day=9999, load_balance=balance,
            scheduler=SchedulerConfig(fuzz=True)))
        for i in range(1000):
            session.grade(session.show(f"c{i}/qa"), Rating.GOOD, 1000)
        days = Counter(session.calendar.day_of(store.cards.memory(f"c{i}/qa").due) for i in range(1000))
        spreads[balance] = statistics.pstdev(list(days.values()))
        store.close()
    assert spreads[True] < 0.7 * spreads[False]
