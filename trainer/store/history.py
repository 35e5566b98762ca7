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
        append, cram, reset = out.append, Kind.CRAM, Kind.RESET
        card: str | None = None
        answered = reset_after = False  # the card has a graded answer; its memory is new now
        at = day = 0
        for cid, at_, day_, rating, duration, kind_name, prev_state, state_now in rows:
            if cid != card:
                if answered and reset_after:
                    append(ReviewEvent(card or "", at, day, 0, 0, reset))
                card, answered, reset_after = cid, False, state_now == NEW
            at, day = at_, day_
            kind = _KINDS.get(kind_name, Kind.MANUAL)
            if kind is not cram:
                if answered and prev_state == NEW:
                    # listed before the answer it precedes; the optimizer's sort by time is
                    # stable, so it stays there
                    append(ReviewEvent(cid, at, day, 0, 0, reset))
                answered = True
            append(ReviewEvent(cid, at, day, rating, duration, kind))
        if answered and reset_after:
            append(ReviewEvent(card or "", at, day, 0, 0, reset))
        return out

    def active_cards(self, deck: str | None = None) -> int:
        """Cards still in their deck and not suspended: what a simulation of the deck learns."""
        where, params = ("AND m.deck = ?", (deck,)) if deck is not None else ("", ())
        return int(self.db.one(f"SELECT count(*) FROM memory m WHERE {IN_PLAY} {where}", params))

