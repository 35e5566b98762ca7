"""Property: whatever grades and undos happen, each card's state equals replaying its review log."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import TZ, Clock
from tests.seedtools import FIXTURES
from trainer.collection import sync_decks
from trainer.model import Rating
from trainer.schedule import Memory, SchedulerConfig, is_leech, review, seconds, utc
from trainer.store import Store
from trainer.study import Session
from trainer.studysettings import StudySettings

EXACT = SchedulerConfig(fuzz=False)
step = st.tuples(st.sampled_from(["grade", "undo"]), st.sampled_from(list(Rating)),
                 st.integers(min_value=0, max_value=3 * 24 * 60))


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(step, max_size=40))
def test_state_equals_replay_of_the_log(steps):
    with tempfile.TemporaryDirectory() as tmp:
        decks = Path(tmp) / "decks"
        decks.mkdir()
        shutil.copy(FIXTURES / "golden" / "mini.json", decks / "mini.json")
        clock = Clock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
        store = Store.open(Path(tmp) / "t.db")
        sync_decks(store, decks, seconds(clock()))
        session = Session(store, "mini", clock, tz=TZ,
                          settings=StudySettings(scheduler=EXACT, new_per_day=5))
        for action, rating, minutes in steps:
            clock.advance(minutes=minutes)
            if action == "undo":
                session.undo()
                continue
            shown = session.next() or session.study_ahead(days=30)
            if shown:
                session.grade(shown, rating, 1000)
        for (card_id,) in store.db.conn.execute("SELECT card FROM memory").fetchall():
            memory = Memory()
            for log in store.reviews.of_card(card_id):
                assert log.before == memory  # the log is one unbroken chain
                after = review(memory, Rating(log.rating), utc(log.reviewed_at // 1000), EXACT)
                memory = replace(after, suspended=True) if is_leech(memory, after) else after
                assert log.after == memory
            assert store.cards.memory(card_id) == memory
        store.close()
