"""The review log: record an answer with the card's new memory, undo it, read a card's history."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from trainer.errors import Conflict, TrainerError
from trainer.schedule import Memory
from trainer.store.base import Database
from trainer.store.cards import memory_of, write_memory
from trainer.store.records import ReviewRow
from trainer.store.schema import KIND_REVIEW, MEMORY_COLUMNS


class Reviews:
    def __init__(self, db: Database):
        self.db = db

    def record(self, card_id: str, rating: int, reviewed_at_ms: int, day: int,
               duration_ms: int, before: Memory, after: Memory, version: int,
               kind: str = KIND_REVIEW) -> tuple[int, int]:
        """The review and the card's new memory, in one transaction, durable on return; only
        if the card's memory is still `version` (the one shown), else Conflict and nothing is
        written. Returns (review id, the memory's new version)."""
        with self.db.write() as c:
            if not write_memory(c, card_id, after, expected_version=version):
                raise Conflict(card_id)
            deck, claim = c.execute("SELECT deck, claim FROM memory WHERE card = ?",
                                    (card_id,)).fetchone()
            cur = c.execute(
                "INSERT INTO reviews (card, deck, claim, rating, reviewed_at, day, duration_ms, "
                "prev_state, state_before, state_after, kind) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, deck, claim, int(rating), reviewed_at_ms, day, duration_ms, before.state,
                 json.dumps(before.to_dict()), json.dumps(after.to_dict()), kind))
            return int(cur.lastrowid or 0), version + 1

    def undo(self, review_id: int, version: int) -> str:
        """Delete a review and put its card's memory back exactly as it was before it; only if
        nothing changed the card since the review (its memory is still `version`), else
        Conflict: a grade from another window is never undone from this one."""
        with self.db.write() as c:
            row = c.execute("SELECT card, state_before FROM reviews WHERE id = ?",
                            (review_id,)).fetchone()
            if row is None:
                raise TrainerError(f"review {review_id} is gone; nothing to undo")
            card_id, before = row
            # the memory goes back to what it was before the grade, and so does its version:
            # a window that showed the card before this grade may still answer it
            if not write_memory(c, card_id, Memory.from_dict(json.loads(before)),
                                expected_version=version, new_version=version - 1):
                raise Conflict(card_id)
            c.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return str(card_id)

    def of_card(self, card_id: str) -> list[ReviewRow]:
        rows = self.db.rows(
            "SELECT id, card, rating, reviewed_at, duration_ms, state_before, state_after "
            "FROM reviews WHERE card = ? ORDER BY id", (card_id,))
        return [ReviewRow(r[0], r[1], r[2], r[3], r[4], Memory.from_dict(json.loads(r[5])),
                          Memory.from_dict(json.loads(r[6]))) for r in rows]

    def count(self) -> int:
        return int(self.db.one("SELECT count(*) FROM reviews"))


@dataclass(frozen=True)
class Answer:
    """One answer in a card's history, as a replay needs it (ours, or imported from Anki)."""

    id: int  # our review id; 0 for an answer not yet in the log
    rating: int
    reviewed_at: int  # unix milliseconds
    duration_ms: int
    kind: str
    anki_id: int | None = None


@dataclass(frozen=True)
class Replayed:
    """What a replay makes of one answer: the memory before and after it, and how it stands."""

    before: Memory
    after: Memory
    kind: str


Replay = Callable[[str, list[Answer]], list[Replayed]]  # (card id, its history)


class Merge:
    """Answers from elsewhere (Anki) merged into the log, each card's history replayed."""

    def __init__(self, db: Database):
        self.db = db

    def known_anki_ids(self) -> set[int]:
        return {r[0] for r in self.db.rows("SELECT anki_id FROM reviews WHERE anki_id IS NOT NULL")}

    def card_batch(self, incoming: dict[str, list[Answer]], day_of: Callable[[int], int],
                   replay: Replay) -> int:
        """Merge the answers of a few cards in one transaction: insert those not in the log yet
        (keyed by Anki's id, so a second import adds nothing), then replay each card's whole
        history in time order and rewrite every entry's memory and the card's own. Returns how
        many answers were added."""
        added = 0
        with self.db.write() as c:
            for card_id, answers in incoming.items():
                deck, claim = c.execute("SELECT deck, claim FROM memory WHERE card = ?",
                                        (card_id,)).fetchone()
                for a in answers:
                    cur = c.execute(
                        "INSERT INTO reviews (card, deck, claim, rating, reviewed_at, day, "
                        "duration_ms, prev_state, state_before, state_after, kind, anki_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, 0, '{}', '{}', ?, ?) "
                        "ON CONFLICT DO NOTHING",
                        (card_id, deck, claim, a.rating, a.reviewed_at, day_of(a.reviewed_at // 1000),
                         a.duration_ms, a.kind, a.anki_id))
                    added += cur.rowcount
                history = [Answer(*r) for r in c.execute(
                    "SELECT id, rating, reviewed_at, duration_ms, kind, anki_id FROM reviews "
                    "WHERE card = ? ORDER BY reviewed_at, id", (card_id,))]
                replayed = replay(card_id, history)
                # review_days follows through its update trigger
                c.executemany(
                    "UPDATE reviews SET prev_state = ?, kind = ?, state_before = ?, state_after = ? "
                    "WHERE id = ?",
                    [(r.before.state, r.kind, json.dumps(r.before.to_dict()),
                      json.dumps(r.after.to_dict()), a.id) for a, r in zip(history, replayed, strict=True)])
                if replayed:
                    current = memory_of(c.execute(
                        f"SELECT {', '.join(MEMORY_COLUMNS)} FROM memory WHERE card = ?",
                        (card_id,)).fetchone())
                    final = replace(replayed[-1].after, suspended=current.suspended,
                                    buried_until=current.buried_until)
                    write_memory(c, card_id, final)
        return added
