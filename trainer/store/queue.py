"""The study queue's queries: the next card of each kind, how many are left, when the next is due.

Every query reads the memory table alone through its covering indexes (see schema.py) and
uses the store's one definition of a showable card (base.SHOWABLE).
"""

from __future__ import annotations

from trainer.schedule import LEARNING, NEW, RELEARNING, REVIEW
from trainer.store.base import IN_PLAY, SHOWABLE, Database

# a card whose claim had a review today is a buried sibling until the next study day
NOT_SIBLING = ("m.claim NOT IN (SELECT claim FROM reviews WHERE deck = :deck AND day = :day "
               "AND kind != 'cram')")
# studying ahead unburies siblings, but a card answered today never comes back ahead of time:
# the ahead queue ends, and no card can lapse twice in one day
NOT_ANSWERED = ("m.card NOT IN (SELECT card FROM reviews WHERE deck = :deck AND day = :day "
                "AND kind != 'cram')")


_NO_DETAIL = "AND m.priority = 'core'"


def _review_filter(ahead: bool) -> str:
    return f"AND {NOT_ANSWERED if ahead else NOT_SIBLING}"


class Queue:
    def __init__(self, db: Database):
        self.db = db

    def first_learning(self, deck: str, due_by: int, now: int) -> str | None:
        """The learning or relearning card due first (by `due_by`). One indexed probe per
        state: an IN over both states would sort every learning card."""
        found = []
        for state in (LEARNING, RELEARNING):
            row = self.db.conn.execute(
                f"SELECT card, due, position FROM memory m WHERE deck = :deck AND state = {state} "
                f"AND due <= :due AND {SHOWABLE} ORDER BY due, position LIMIT 1",
                {"deck": deck, "due": due_by, "now": now}).fetchone()
            if row:
                found.append(row)
        return min(found, key=lambda r: (r[1], r[2]))[0] if found else None

    def count_learning(self, deck: str, due_by: int, now: int, cap: int = 999) -> int:
        return int(self.db.one(
            f"SELECT count(*) FROM (SELECT 1 FROM memory m WHERE deck = :deck AND state IN "
            f"({LEARNING}, {RELEARNING}) AND due <= :due AND {SHOWABLE} LIMIT :cap)",
            {"deck": deck, "due": due_by, "now": now, "cap": cap}))

    def first_review(self, deck: str, due_before: int, day: int, now: int,
                     ahead: bool = False) -> str | None:
        """The review due first (before `due_before`). Ahead: siblings unburied, cards
        answered today left out."""
        return self.db.one(
            f"SELECT card FROM memory m WHERE deck = :deck AND state = {REVIEW} AND due < :due "
            f"AND {SHOWABLE} {_review_filter(ahead)} ORDER BY due, position LIMIT 1",
            {"deck": deck, "due": due_before, "day": day, "now": now})

    def count_reviews(self, deck: str, due_before: int, day: int, now: int, cap: int,
                      ahead: bool = False) -> int:
        return int(self.db.one(
            f"SELECT count(*) FROM (SELECT 1 FROM memory m WHERE deck = :deck AND state = {REVIEW} "
            f"AND due < :due AND {SHOWABLE} {_review_filter(ahead)} LIMIT :cap)",
            {"deck": deck, "due": due_before, "day": day, "now": now, "cap": cap}))

    def first_new(self, deck: str, day: int, now: int, detail: bool = True) -> str | None:
        """The next new card in deck order (core cards come first there); without `detail`,
        detail cards are never introduced."""
        return self.db.one(
            f"SELECT card FROM memory m WHERE deck = :deck AND state = {NEW} AND {SHOWABLE} "
            f"AND {NOT_SIBLING} {_NO_DETAIL if not detail else ''} ORDER BY position LIMIT 1",
            {"deck": deck, "day": day, "now": now})

    def count_new(self, deck: str, day: int, now: int, cap: int, detail: bool = True) -> int:
        return int(self.db.one(
            f"SELECT count(*) FROM (SELECT 1 FROM memory m WHERE deck = :deck AND state = {NEW} "
            f"AND {SHOWABLE} AND {NOT_SIBLING} {_NO_DETAIL if not detail else ''} LIMIT :cap)",
            {"deck": deck, "day": day, "now": now, "cap": cap}))

    def done_today(self, deck: str, day: int) -> tuple[int, int]:
        """(new cards introduced, review-state cards answered) on a study day."""
        new, reviewed = self.db.conn.execute(
            f"SELECT coalesce(sum(prev_state = {NEW}), 0), coalesce(sum(prev_state = {REVIEW}), 0) "
            "FROM reviews WHERE deck = ? AND day = ? AND kind != 'cram'", (deck, day)).fetchone()
        return int(new), int(reviewed)

    def next_due(self, deck: str, day: int, day_end: int, review_floor: int) -> int | None:
        """When the next studied card will really be shown: a learning card at its step; a
        review at its due time, but not before the next study day when it is a buried sibling,
        nor before `review_floor` (the next day when today's review limit is used up)."""
        return self.db.one(
            f"SELECT min(CASE WHEN state IN ({LEARNING}, {RELEARNING}) "
            "THEN max(due, coalesce(buried_until, 0)) "
            f"WHEN {NOT_SIBLING} THEN max(due, coalesce(buried_until, 0), :floor) "
            "ELSE max(due, coalesce(buried_until, 0), :floor, :day_end) END) "
            f"FROM memory m WHERE deck = :deck AND state != {NEW} AND {IN_PLAY}",
            {"deck": deck, "day": day, "day_end": day_end, "floor": review_floor})

    def due_times(self) -> list[int]:
        """The due time of every scheduled card in play, every deck (the load balancer's counts:
        the memory_forecast index holds exactly these)."""
        return [r[0] for r in self.db.rows(
            f"SELECT due FROM memory m WHERE m.state != {NEW} AND {IN_PLAY} AND due IS NOT NULL")]

    def has_new(self, deck: str, detail: bool = True) -> bool:
        return self.db.one(f"SELECT 1 FROM memory m WHERE deck = ? AND state = {NEW} AND {IN_PLAY} "
                           f"{_NO_DETAIL if not detail else ''} LIMIT 1", (deck,)) is not None
