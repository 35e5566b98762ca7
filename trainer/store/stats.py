"""Store queries behind the progress figures (`trainer stats`, the stats screen)."""

from __future__ import annotations

from trainer.schedule import NEW, REVIEW


class StatsQueries:
    """Mixed into Store: one query per figure or series, never every review loaded in Python."""

    def basic_stats(self, now: int, day: int, since_ms: int) -> dict:
        c = self.conn
        cards = self._one("SELECT count(*) FROM cards WHERE NOT retired")
        reviews = self._one("SELECT count(*) FROM reviews")
        today = self._one("SELECT count(*) FROM reviews WHERE day = ?", (day,)) if reviews else 0
        due_now = self._one(
            f"SELECT count(*) FROM memory WHERE state != {NEW} AND due <= ? AND NOT retired "
            "AND NOT suspended AND (buried_until IS NULL OR buried_until <= ?)", (now, now))
        kept, total = c.execute(
            f"SELECT coalesce(sum(rating > 1), 0), count(*) FROM reviews "
            f"WHERE prev_state = {REVIEW} AND reviewed_at >= ?", (since_ms,)).fetchone()
        return {"cards": cards, "reviews": reviews, "reviews_today": today, "due_now": due_now,
                "retention_30d": round(kept / total, 4) if total else None,
                "retention_30d_reviews": total}

