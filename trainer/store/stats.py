"""The queries behind the progress figures (`trainer stats`, the stats screen)."""

from __future__ import annotations

from collections.abc import Sequence

from trainer.schedule import NEW, REVIEW
from trainer.store.base import IN_PLAY, SHOWABLE, Database
from trainer.store.schema import REVIEW_DAYS_FILL
from trainer.store.views import BasicStats, CardStates

# a scheduled card: what the forecast counts (the exact terms of the memory_forecast index)
_SCHEDULED = f"m.state != {NEW} AND {IN_PLAY}"


class Stats:
    """One query per figure or series, never every review loaded in Python.
    Review series read review_days (the log summed per study day and topic); windows run from
    a first study day to today."""

    def __init__(self, db: Database):
        self.db = db

    def check_review_days(self) -> int:
        """The number of reviews; review_days is rebuilt from the log first if their totals
        disagree (a tool edited the log, or a table rebuild dropped the triggers)."""
        total = self.db.one("SELECT count(*) FROM reviews")
        if self.db.one("SELECT coalesce(sum(reviews), 0) FROM review_days") != total:
            with self.db.write() as c:
                c.execute("DELETE FROM review_days")
                c.execute(REVIEW_DAYS_FILL)
        return int(total)

    def basic(self, now: int, day: int, since_day: int) -> BasicStats:
        reviews = self.check_review_days()
        # memory mirrors cards.retired in narrow rows: no need to read every card's text
        cards = self.db.one("SELECT count(*) FROM memory WHERE NOT retired")
        today = self.db.one("SELECT coalesce(sum(reviews), 0) FROM review_days WHERE day = ?", (day,))
        due_now = self.db.one(
            f"SELECT count(*) FROM memory m WHERE m.state != {NEW} AND m.due <= :now AND {SHOWABLE}",
            {"now": now})
        [(kept, total)] = self.retention_since([since_day])
        return BasicStats(cards=cards, reviews=reviews, reviews_today=today, due_now=due_now,
                          retention_30d=round(kept / total, 4) if total else None,
                          retention_30d_reviews=total)

    def reviews_per_day(self, first_day: int, last_day: int) -> list[tuple[int, int, int]]:
        """(day, reviews, graded Again) for each study day in the range that has reviews."""
        return self.db.conn.execute(
            "SELECT day, sum(reviews), sum(again) FROM review_days WHERE day BETWEEN ? AND ? "
            "AND reviews > 0 GROUP BY day ORDER BY day", (first_day, last_day)).fetchall()

    def current_streak(self, today: int) -> int:
        """Study days in a row up to today, or up to yesterday while today is not studied yet
        (the streak is alive until the day ends)."""
        return self.db.one(
            "WITH RECURSIVE studied AS (SELECT DISTINCT day FROM review_days WHERE reviews > 0), "
            "run(d) AS (SELECT CASE WHEN :today IN studied THEN :today ELSE :today - 1 END "
            " UNION ALL SELECT d - 1 FROM run WHERE d IN studied) "
            "SELECT count(*) - 1 FROM run", {"today": today})

    def longest_streak(self, today: int) -> int:
        """The longest run of consecutive study days up to today (gaps and islands)."""
        return self.db.one(
            "WITH d AS (SELECT DISTINCT day FROM review_days WHERE reviews > 0 AND day <= ?), "
            "runs AS (SELECT count(*) AS n FROM (SELECT day - row_number() OVER (ORDER BY day) "
            "AS island FROM d) GROUP BY island) "
            "SELECT coalesce(max(n), 0) FROM runs", (today,))

    def due_per_window(self, windows: Sequence[tuple[int, int]]) -> list[int]:
        """Scheduled cards due in each [start, end) window of unix seconds, in order."""
        if not windows:
            return []
        values = ", ".join("(?, ?, ?)" for _ in windows)
        params = [x for k, (lo, hi) in enumerate(windows) for x in (k, lo, hi)]
        rows = self.db.conn.execute(
            f"WITH w(k, lo, hi) AS (VALUES {values}) "
            f"SELECT (SELECT count(*) FROM memory m WHERE {_SCHEDULED} AND due >= w.lo "
            "AND due < w.hi) FROM w ORDER BY k", params).fetchall()
        return [r[0] for r in rows]

    def card_states(self) -> CardStates:
        """Every card once: retired, else suspended, else by its state (relearning counts as
        learning); and the average stability (days) of the cards studied and still in play."""
        retired, suspended, new, review, total, stability = self.db.conn.execute(
            "SELECT coalesce(sum(retired), 0), coalesce(sum(NOT retired AND suspended), 0), "
            f"coalesce(sum(NOT retired AND NOT suspended AND state = {NEW}), 0), "
            f"coalesce(sum(NOT retired AND NOT suspended AND state = {REVIEW}), 0), count(*), "
            f"avg(CASE WHEN NOT retired AND state != {NEW} THEN stability END) FROM memory"
        ).fetchone()
        return CardStates(new=new, learning=total - retired - suspended - new - review,
                          review=review, suspended=suspended, retired=retired,
                          average_stability=stability)

    def retention_since(self, first_days: Sequence[int]) -> list[tuple[int, int]]:
        """(kept, recalls) from each first day on: true retention counts the reviews of
        review-state cards, and keeps those not graded Again."""
        sums = ", ".join("coalesce(sum(kept) FILTER (WHERE day >= ?), 0), "
                         "coalesce(sum(recalls) FILTER (WHERE day >= ?), 0)" for _ in first_days)
        row = self.db.conn.execute(
            f"SELECT {sums} FROM review_days WHERE day >= ?",
            [d for d in first_days for _ in (0, 1)] + [min(first_days)]).fetchone()
        return [(row[i], row[i + 1]) for i in range(0, len(row), 2)]

    def retention_by_topic(self, first_day: int) -> list[tuple[str, int, int]]:
        """(topic, kept, recalls) per topic from first_day on, topics with recalls only."""
        return self.db.conn.execute(
            "SELECT topic, sum(kept), sum(recalls) FROM review_days WHERE day >= ? "
            "GROUP BY topic HAVING sum(recalls) > 0 ORDER BY topic", (first_day,)).fetchall()

    def quiz_by_topic(self) -> list[tuple[str, int, int]]:
        """(topic, correct, attempts) over every quiz answer ever given."""
        return self.db.conn.execute(
            "SELECT topic, sum(correct), count(*) FROM quiz_attempts GROUP BY topic "
            "ORDER BY topic").fetchall()
