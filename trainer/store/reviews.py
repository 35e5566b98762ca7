"""The review log: record an answer with the card's new memory, undo it, read a card's history."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any, NamedTuple

from trainer.errors import Conflict, TrainerError
from trainer.schedule import Memory
from trainer.store.base import Database
from trainer.store.cards import write_memory
from trainer.store.records import ReviewRow
from trainer.store.schema import KIND_CRAM, KIND_REVIEW, MEMORY_COLUMNS, REVIEW_DAYS_TRIGGERS


class Reviews:
    def __init__(self, db: Database):
        self.db = db

    def record(self, card_id: str, rating: int, reviewed_at_ms: int, day: int,
               duration_ms: int, before: Memory, after: Memory, version: int,
               kind: str = KIND_REVIEW) -> tuple[int, int]:
        """The review and the card's new memory, in one transaction, durable on return; only
        if the card's memory is still `version` (the one shown, read as `before`), else
        Conflict and nothing is written. Returns (review id, the memory's new version)."""
        # only the columns the answer changes: an index over none of them (memory_new, for a
        # review that stays a review) is not rewritten, one page less in the log. The others
        # must still hold `before`'s values (they do when `before` was read at `version`): the
        # row is then exactly `after`, with no read first
        new, old = after.to_dict(), before.to_dict()
        for m in (new, old):
            m["suspended"] = int(m["suspended"])
        changed = {k: v for k, v in new.items() if old[k] != v}
        kept = [k for k in new if k not in changed]
        with self.db.write() as c:
            cur = c.execute(f"UPDATE memory SET {''.join(f'{k} = ?, ' for k in changed)}"
                            f"version = version + 1 WHERE card = ? AND version = ?"
                            f"{''.join(f' AND {k} IS ?' for k in kept)}",
                            (*changed.values(), card_id, version, *(old[k] for k in kept)))
            if cur.rowcount != 1:
                raise Conflict(card_id)  # another process answered, reset or removed it
            cur = c.execute(
                "INSERT INTO reviews (card, deck, claim, rating, reviewed_at, day, duration_ms, "
                "prev_state, state_before, state_after, kind) "
                "SELECT card, deck, claim, ?, ?, ?, ?, ?, ?, ?, ? FROM memory WHERE card = ?",
                (int(rating), reviewed_at_ms, day, duration_ms, before.state, before.to_json(),
                 after.to_json(), kind, card_id))
            return int(cur.lastrowid or 0), version + 1

    def record_cram(self, card_id: str, rating: int, reviewed_at_ms: int, day: int,
                    duration_ms: int, memory: Memory) -> int:
        """An answer in a cram session that leaves the schedule alone: logged (kind cram, the
        memory before and after the same), the card's memory not written at all."""
        with self.db.write() as c:
            deck, claim = c.execute("SELECT deck, claim FROM memory WHERE card = ?",
                                    (card_id,)).fetchone()
            state = memory.to_json()
            cur = c.execute(
                "INSERT INTO reviews (card, deck, claim, rating, reviewed_at, day, duration_ms, "
                "prev_state, state_before, state_after, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, deck, claim, int(rating), reviewed_at_ms, day, duration_ms, memory.state,
                 state, state, KIND_CRAM))
            return int(cur.lastrowid or 0)

    def forget_cram(self, review_id: int) -> None:
        """Undo a cram answer: only its log entry goes (it changed nothing else)."""
        with self.db.write() as c:
            c.execute("DELETE FROM reviews WHERE id = ? AND kind = ?", (review_id, KIND_CRAM))

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
            if not write_memory(c, card_id, Memory.from_json(before),
                                expected_version=version, new_version=version - 1):
                raise Conflict(card_id)
            c.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return str(card_id)

    def of_card(self, card_id: str) -> list[ReviewRow]:
        rows = self.db.rows(
            "SELECT id, card, rating, reviewed_at, duration_ms, state_before, state_after "
            "FROM reviews WHERE card = ? ORDER BY id", (card_id,))
        return [ReviewRow(r[0], r[1], r[2], r[3], r[4], Memory.from_json(r[5]),
                          Memory.from_json(r[6])) for r in rows]

    def count(self) -> int:
        return int(self.db.one("SELECT count(*) FROM reviews"))


class Answer(NamedTuple):
    """One answer in a card's history, as a replay needs it (ours, or imported from Anki).
    A named tuple: an import makes one per answer, and a frozen dataclass cost 4x."""

    id: int  # our review id; 0 for an answer not yet in the log
    rating: int
    reviewed_at: int  # unix milliseconds
    duration_ms: int
    kind: str
    anki_id: int | None = None
    prev_state: int | None = None  # what the log says the card was before (ours only)


class DaySums:
    """Changes to review_days gathered in Python, written in one statement per day and topic
    (the arithmetic of the review_days triggers, see schema.py)."""

    def __init__(self) -> None:
        # answers counted by what the sums need of them: (day, topic, again, recall)
        self.counts: dict[tuple[int, str, bool, bool], int] = {}

    def add(self, day: int, topic: str, rating: int, kind: str, sign: int) -> None:
        key = (day, topic, rating == 1, kind == KIND_REVIEW)
        self.counts[key] = self.counts.get(key, 0) + sign

    def rows(self) -> list[tuple[int, str, int, int, int, int]]:
        """(day, topic, reviews, again, recalls, kept) to add, one per day and topic."""
        sums: dict[tuple[int, str], list[int]] = {}
        for (day, topic, again, recall), n in self.counts.items():
            s = sums.setdefault((day, topic), [0, 0, 0, 0])
            s[0] += n
            s[1] += n * again
            s[2] += n * recall
            s[3] += n * (recall and not again)
        return [(day, topic, s[0], s[1], s[2], s[3]) for (day, topic), s in sums.items()]

    def write(self, c: sqlite3.Connection) -> None:
        c.executemany(
            "INSERT INTO review_days (day, topic, reviews, again, recalls, kept) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, topic) DO UPDATE SET "
            "reviews = reviews + excluded.reviews, again = again + excluded.again, "
            "recalls = recalls + excluded.recalls, kept = kept + excluded.kept", self.rows())


# the page cache while a merge writes: its chunk of log rows and their index pages (tens of
# MB) stay in memory until the commit instead of spilling to the write-ahead log on the way
MERGE_CACHE_KIB = 64 * 1024


class StoredCard(NamedTuple):
    """What a merge reads of one card: where it belongs, its own suspension and burial (a
    replay leaves them as they are), and its log rows (LOG_COLUMNS)."""

    deck: str
    claim: str
    topic: str
    suspended: int
    buried_until: int | None
    log: list[tuple[Any, ...]]


# a stored log row as a merge reads it: an Answer's fields first, then what it recorded
LOG_COLUMNS = ("id, rating, reviewed_at, duration_ms, kind, anki_id, prev_state, state_before, "
               "state_after, day")
INSERT_COLUMNS = ("card, deck, claim, rating, reviewed_at, day, duration_ms, prev_state, kind, "
                  "state_before, state_after, anki_id")


class MergeRows:
    """The rows a merge writes, gathered card by card by its planner, then written in a few statements."""

    def __init__(self) -> None:
        self.sums = DaySums()
        self.inserts: list[tuple[Any, ...]] = []  # new log rows, INSERT_COLUMNS
        self.updates: list[tuple[Any, ...]] = []  # (prev_state, kind, state_before, state_after, id)
        self.memories: list[tuple[Any, ...]] = []  # (*MEMORY_COLUMNS, card)

    def write(self, c: sqlite3.Connection) -> None:
        # review_days is kept here in one pass, not row by row: its triggers would cost more
        # than the inserts themselves (they are back before the commit)
        c.execute("DROP TRIGGER review_days_insert")
        c.execute("DROP TRIGGER review_days_update")
        c.executemany(f"INSERT INTO reviews ({INSERT_COLUMNS}) VALUES ({', '.join('?' * 12)})",
                      self.inserts)
        c.executemany("UPDATE reviews SET prev_state = ?, kind = ?, state_before = ?, "
                      "state_after = ? WHERE id = ?", self.updates)
        self.sums.write(c)
        for trigger in REVIEW_DAYS_TRIGGERS:
            if "review_days_delete" not in trigger:
                c.execute(trigger)
        c.executemany(f"UPDATE memory SET {''.join(f'{k} = ?, ' for k in MEMORY_COLUMNS)}"
                      "version = version + 1 WHERE card = ?", self.memories)


# what a merge asks of some cards: the rows to write, from the answers coming in and what the
# store holds of the cards
Planner = Callable[[dict[str, list[Answer]], dict[str, StoredCard]], MergeRows]
# rows planned ahead, with what the store held of their cards when they were planned
Planned = tuple[dict[str, StoredCard], MergeRows]


class Merge:
    """Answers from elsewhere (Anki) merged into the log: the store reads what each card holds
    and writes what the planner (trainer.importing) makes of it."""

    def __init__(self, db: Database):
        self.db = db

    def known_anki_ids(self) -> set[int]:
        return {r[0] for r in self.db.rows("SELECT anki_id FROM reviews WHERE anki_id IS NOT NULL")}

    def stored(self, incoming: dict[str, list[Answer]]) -> dict[str, StoredCard]:
        """What the store holds of these cards now (read outside a write: the cards a planner
        works on ahead, checked again by card_batch before anything is written)."""
        return _stored(self.db.conn, incoming)

    def card_batch(self, incoming: dict[str, list[Answer]], plan: Planner,
                   planned: Planned | None = None) -> int:
        """Merge the answers of some cards in one transaction: each card's stored log and the
        answers coming in go to `plan`, which makes the rows to write; the rows are read and
        written under one write lock, so no answer given meanwhile is missed. `planned`: the
        rows planned already from what the store held of the cards then, taken only if the
        cards still hold exactly that (an answer given in another window since, a reset, a
        suspension: the cards are planned again). Returns how many answers were added."""
        # the log is folded back once, after the last batch (see importing.merge): a fold after
        # each batch wrote the index pages they share into the database again and again
        with self.db.write(fold=False) as c:
            cache = c.execute("PRAGMA cache_size").fetchone()[0]
            c.execute(f"PRAGMA cache_size = -{MERGE_CACHE_KIB}")
            try:
                cards = _stored(c, incoming)
                rows = planned[1] if planned is not None and planned[0] == cards else plan(incoming, cards)
                rows.write(c)
            finally:
                c.execute(f"PRAGMA cache_size = {cache}")
        return len(rows.inserts)


def _stored(c: sqlite3.Connection, incoming: dict[str, list[Answer]]) -> dict[str, StoredCard]:
    ids = json.dumps(list(incoming))  # one parameter, however many cards
    logs: dict[str, list[tuple[Any, ...]]] = {card: [] for card in incoming}
    for r in c.execute(f"SELECT card, {LOG_COLUMNS} FROM reviews "
                       "WHERE card IN (SELECT value FROM json_each(?))", (ids,)):
        logs[r[0]].append(r[1:])
    return {r[0]: StoredCard(r[1], r[2], r[3], r[4], r[5], logs[r[0]]) for r in c.execute(
        "SELECT m.card, m.deck, m.claim, coalesce(c.topic, ''), m.suspended, "
        "m.buried_until FROM memory m LEFT JOIN cards c ON c.id = m.card "
        "WHERE m.card IN (SELECT value FROM json_each(?))", (ids,))}
