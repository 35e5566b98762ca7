"""The quiz log: record one answer, read back runs, misses and counts."""

from __future__ import annotations

from typing import Any

from trainer.schedule import NEW
from trainer.store.base import SHOWABLE, Database
from trainer.store.views import AttemptRow

_COLUMNS = ("id, run, item, claim, kind, topic, deck, answered_at, response, correct, "
            "duration_ms")


def _row(v: tuple[Any, ...]) -> AttemptRow:
    return AttemptRow(id=v[0], run=v[1], item=v[2], claim=v[3], kind=v[4], topic=v[5], deck=v[6],
                      answered_at=v[7], response=v[8], correct=bool(v[9]), duration_ms=v[10])


class QuizLog:
    """Recording and reading quiz attempts."""

    def __init__(self, db: Database):
        self.db = db


    def record(self, *, run: str, item: str, claim: str, kind: str, topic: str,
                       deck: str, answered_at_ms: int, response: str, correct: bool,
                       duration_ms: int) -> int:
        """One answer in its own transaction, durable on return (before the next question)."""
        with self.db.write() as c:
            cur = c.execute(
                "INSERT INTO quiz_attempts (run, item, claim, kind, topic, deck, answered_at, "
                "response, correct, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run, item, claim, kind, topic, deck, int(answered_at_ms), response,
                 int(bool(correct)), max(0, int(duration_ms))))
            return int(cur.lastrowid or 0)

    def attempts(self, run: str) -> list[AttemptRow]:
        """A run's answers in the order they were given."""
        rows = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM quiz_attempts WHERE run = ? ORDER BY id", (run,)).fetchall()
        return [_row(r) for r in rows]

    def last_run(self, deck: str) -> str | None:
        """The run of the deck's most recent answer (ids grow with every insert)."""
        return self.db.one("SELECT run FROM quiz_attempts WHERE deck = ? ORDER BY id DESC LIMIT 1",
                         (deck,))

    def missed(self, run: str) -> list[str]:
        """Item ids answered wrongly in a run, in the order they were asked."""
        return [r[0] for r in self.db.conn.execute(
            "SELECT item FROM quiz_attempts WHERE run = ? AND NOT correct ORDER BY id", (run,))]

    def count(self, deck: str | None = None) -> int:
        if deck is None:
            return self.db.one("SELECT count(*) FROM quiz_attempts")
        return self.db.one("SELECT count(*) FROM quiz_attempts WHERE deck = ?", (deck,))

    def due_cards_of_claim(self, deck: str, claim: str, now: int) -> list[str]:
        """The claim's flashcards that are due now (seen before, active): the only ones a quiz
        answer may count as a review for. New cards are not due, so they are left alone."""
        return [r[0] for r in self.db.conn.execute(
            f"SELECT card FROM memory m WHERE deck = :deck AND claim = :claim AND state != {NEW} "
            f"AND due <= :now AND {SHOWABLE} ORDER BY position",
            {"deck": deck, "claim": claim, "now": now})]
