"""Progress figures for `trainer stats` and the stats screen (computed in SQL by the store)."""

from __future__ import annotations

from datetime import datetime

from trainer.schedule import seconds
from trainer.store import Store
from trainer.study import Session, StudySettings, study_day

MS_PER_DAY = 86_400_000


def basic(store: Store, now: datetime, tz=None) -> dict:
    """cards, reviews, reviews_today, due_now, retention over the last 30 days."""
    rollover = StudySettings.load(store, "global").rollover_hour
    since = int(now.timestamp() * 1000) - 30 * MS_PER_DAY
    return store.basic_stats(seconds(now), study_day(now, rollover, tz), since)


def deck_counts(store: Store, clock, tz=None) -> list[dict]:
    """Each deck with what is left today: new, learning, due (limits applied, as Anki shows)."""
    out = []
    for deck in store.decks():
        counts = Session(store, deck.id, clock, tz).counts()
        out.append({"id": deck.id, "name": deck.name, "cards": deck.cards, "new": counts.new,
                    "learning": counts.learning, "due": counts.review})
    return out
