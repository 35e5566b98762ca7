"""The review log as the optimizer and the simulator read it: plain events, and a deck's size.

Our log has no row for a reset (browse's "forget this card" only rewrites the card's memory),
so resets are read back from what they leave behind, which is exact: a reset is the only way a
studied card's memory returns to new. A graded answer that met a new card (`prev_state` 0)
after the card had earlier answers was preceded by a reset; a card whose memory is new now,
though it has answers, was reset after the last of them. Each gets a `Kind.RESET` event, so
the optimizer drops the history before it, as Anki drops the history before a "forget".
Cram answers leave the memory as it was, so they neither show nor hide a reset.
"""

from __future__ import annotations

from trainer.optimize import Kind, ReviewEvent
from trainer.schedule import NEW
from trainer.store.base import IN_PLAY, Database
from trainer.store.schema import REVIEW_KINDS

_KINDS = {k: Kind(k) for k in REVIEW_KINDS}  # our kind column names FSRS's kinds one for one


class History:
    def __init__(self, db: Database):
        self.db = db

    def events(self, deck: str | None = None) -> list[ReviewEvent]:
        """Every answer in the log (of one deck, or of all), each card's in time order, with
        the resets they imply. One query."""
        where, params = ("WHERE r.deck = ?", (deck,)) if deck is not None else ("", ())
        rows = self.db.rows(
            "SELECT r.card, r.reviewed_at, r.day, r.rating, r.duration_ms, r.kind, r.prev_state, "
            f"coalesce(m.state, -1) FROM reviews r LEFT JOIN memory m ON m.card = r.card {where} "
            "ORDER BY r.card, r.reviewed_at, r.id", params)
        out: list[ReviewEvent] = []
        card, answered, last = None, False, None
        for cid, at, day, rating, duration, kind_name, prev_state, state_now in rows:
            if cid != card:
                if answered and last is not None and last[-1] == NEW:
                    out.append(_reset(card, last[0], last[1]))
                card, answered = cid, False
            kind = _KINDS.get(kind_name, Kind.MANUAL)
            if kind != Kind.CRAM:
                if answered and prev_state == NEW:
                    out.append(_reset(cid, at, day))
                answered = True
            out.append(ReviewEvent(cid, at, day, rating, duration, kind))
            last = (at, day, state_now)
        if answered and last is not None and last[-1] == NEW:
            out.append(_reset(card, last[0], last[1]))
        return out

    def active_cards(self, deck: str | None = None) -> int:
        """Cards still in their deck and not suspended: what a simulation of the deck learns."""
        where, params = ("AND m.deck = ?", (deck,)) if deck is not None else ("", ())
        return int(self.db.one(f"SELECT count(*) FROM memory m WHERE {IN_PLAY} {where}", params))


def _reset(card: str | None, at: int, day: int) -> ReviewEvent:
    """A reset at `at`: listed before the answer it precedes (or after the card's last one),
    and the optimizer's sort by time is stable, so it stays there."""
    assert card is not None
    return ReviewEvent(card, at, day, 0, 0, Kind.RESET)
