"""The write-ahead log is folded back off the answer path, and never grows without bound."""

from __future__ import annotations

import os

from tests.conftest import TZ
from tests.helpers import make_due
from trainer.model import Rating
from trainer.schedule import SchedulerConfig
from trainer.store.base import CHECKPOINT_ROWS
from trainer.study import Session
from trainer.studysettings import StudySettings


def wal_size(store) -> int:
    path = f"{store.path}-wal"
    return os.path.getsize(path) if os.path.exists(path) else 0


def test_the_log_stops_growing_without_any_idle_moment(store):
    def toggle(times: int) -> None:
        for i in range(times):
            store.cards.set_suspended("hcq-tlr/qa", i % 2 == 0)

    toggle(CHECKPOINT_ROWS + 100)  # past the bound once: folded back, then written over
    plateau = wal_size(store)
    toggle(3 * CHECKPOINT_ROWS)
    assert 0 < wal_size(store) <= plateau * 1.1


def test_idle_moments_keep_the_log_small_and_lose_nothing(store, clock):
    cards = ["hcq-tlr/qa", "mmf-impdh/qa", "belimumab-blys/qa", "anifrolumab-ifnar/qa"]
    for card in cards:
        make_due(store, card, clock, overdue=86400)
    session = Session(store, "mini", clock, tz=TZ,
                      settings=StudySettings(new_per_day=100, scheduler=SchedulerConfig(fuzz=False)))
    shown, answered = session.next(), 0
    sizes = []
    while answered < 300:
        if shown is None:  # today's cards are done: the next day's
            clock.advance(days=1)
            shown = session.next()
            continue
        shown = session.grade(shown, Rating.AGAIN, 1000).next
        answered += 1
        clock.advance(minutes=11)
        session.idle()  # the card is on screen
        sizes.append(wal_size(store))
    # an idle moment once ~100 answers wait folds the log back: later answers write over it
    # (without idle moments it grows to the bound, twice and more this size)
    assert max(sizes) < 1.4 * max(sizes[:150])
    assert store.reviews.count() == 300
