"""Cards and their memory: read a card, its bookkeeping and FSRS state; suspend, reset."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from trainer.errors import UnknownCard
from trainer.model import Card
from trainer.schedule import Memory
from trainer.store.base import Database, marks
from trainer.store.records import CardRow
from trainer.store.schema import MEMORY_COLUMNS


def memory_of(row: Sequence[Any]) -> Memory:
    values = dict(zip(MEMORY_COLUMNS, row, strict=True))
    values["suspended"] = bool(values["suspended"])
    return Memory(**values)


def write_memory(c: sqlite3.Connection, card_id: str, m: Memory,
                 expected_version: int | None = None, new_version: int | None = None) -> bool:
    """Write a card's memory and move its version on (or to `new_version`: an undo puts back
    the version the restored memory had). With `expected_version`, only if the memory is
    still that version (no other process wrote it since): False when it was not."""
    guard = "" if expected_version is None else " AND version = ?"
    version = "version + 1" if new_version is None else str(int(new_version))
    cur = c.execute(
        "UPDATE memory SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
        f"last_review = ?, reps = ?, lapses = ?, suspended = ?, buried_until = ?, "
        f"version = {version} WHERE card = ?{guard}",
        (m.state, m.step, m.stability, m.difficulty, m.due, m.last_review, m.reps, m.lapses,
         int(m.suspended), m.buried_until, card_id,
         *(() if expected_version is None else (expected_version,))))
    return cur.rowcount == 1


class Cards:
    """The cards table (what the deck files hold) and the memory table (what the learner knows)."""

    def __init__(self, db: Database):
        self.db = db

    def get(self, card_id: str) -> Card:
        data = self.db.one("SELECT data FROM cards WHERE id = ?", (card_id,))
        if data is None:
            raise UnknownCard(card_id)
        return Card.from_dict(json.loads(data))

    def row(self, card_id: str) -> CardRow | None:
        row = self.db.conn.execute(
            "SELECT id, deck, claim, kind, topic, position, content_hash, retired, created_at, "
            "changed_at FROM cards WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            return None
        return CardRow(id=row[0], deck=row[1], claim=row[2], kind=row[3], topic=row[4],
                       position=row[5], content_hash=row[6], retired=bool(row[7]),
                       created_at=row[8], changed_at=row[9])

    def changed_times(self, deck_ids: Iterable[str]) -> dict[str, int]:
        """card id -> unix seconds of its last content change."""
        ids = list(deck_ids)
        return dict(self.db.rows(
            f"SELECT id, changed_at FROM cards WHERE deck IN ({marks(len(ids))})", ids))

    def decks_of(self) -> dict[str, str]:
        """Every card id the store has ever held (retired ones too) -> its deck."""
        return dict(self.db.rows("SELECT card, deck FROM memory"))

    def states(self, card_ids: Iterable[str]) -> dict[str, int]:
        """Each card's study state (new, learning, review, relearning), in one query."""
        return dict(self.db.rows("SELECT card, state FROM memory WHERE card IN "
                                 "(SELECT value FROM json_each(?))", (json.dumps(list(card_ids)),)))

    def memory(self, card_id: str) -> Memory:
        row = self.db.conn.execute(
            f"SELECT {', '.join(MEMORY_COLUMNS)} FROM memory WHERE card = ?", (card_id,)).fetchone()
        if row is None:
            raise UnknownCard(card_id)
        return memory_of(row)

    def versioned(self, card_id: str) -> tuple[Memory, int]:
        """A card's memory and its version: what a grade must still find to apply."""
        row = self.db.conn.execute(
            f"SELECT {', '.join(MEMORY_COLUMNS)}, version FROM memory WHERE card = ?",
            (card_id,)).fetchone()
        if row is None:
            raise UnknownCard(card_id)
        return memory_of(row[:-1]), int(row[-1])

    def version(self, card_id: str) -> int:
        return int(self.db.one("SELECT version FROM memory WHERE card = ?", (card_id,)) or 0)

    def set_suspended(self, card_id: str, suspended: bool) -> None:
        with self.db.write() as c:
            c.execute("UPDATE memory SET suspended = ?, version = version + 1 WHERE card = ?",
                      (int(suspended), card_id))

    def set_memory(self, card_id: str, memory: Memory) -> None:
        with self.db.write() as c:
            write_memory(c, card_id, memory)
