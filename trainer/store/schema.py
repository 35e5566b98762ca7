"""The database schema as ordered migrations (built with sqlite-utils), and the file's marks."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

APPLICATION_ID = 0x54524E52  # "TRNR": marks a file as a trainer database
SQLITE_MAGIC = b"SQLite format 3\x00"
MEMORY_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps",
                  "lapses", "suspended", "buried_until")


def _v1(db: Database) -> None:
    """Decks, cards, memory, the review log and settings."""
    db.table("decks").create({
        "id": str, "name": str, "tag": str, "description": str,
        "file_hash": str,  # sha256 of the deck file last synced: unchanged file, no work
        "synced_at": int,
    }, pk="id", not_null={"name", "tag", "description", "file_hash"},
        defaults={"tag": "", "description": "", "file_hash": ""})
    db.table("cards").create({
        "id": str,  # <claim id>/<kind>, never reused
        "deck": str, "claim": str, "kind": str, "topic": str,
        "position": int,  # order in the deck file: new cards come in this order
        "content_hash": str,
        "data": str,  # the card as the deck file holds it (JSON)
        "retired": int,  # gone from the deck file; its history is kept
        "created_at": int,
        "changed_at": int,  # last content change, unix seconds (the Anki note mtime)
    }, pk="id", foreign_keys=[("deck", "decks", "id")],
        not_null={"deck", "claim", "kind", "topic", "position", "content_hash", "data",
                  "retired", "created_at", "changed_at"}, defaults={"retired": 0})
    db.table("memory").create({
        "card": str,
        # deck, claim, position and retired mirror cards, so the queue reads one table
        "deck": str, "claim": str, "position": int, "retired": int,
        "state": int,  # 0 new, 1 learning, 2 review, 3 relearning
        "step": int, "stability": float, "difficulty": float,
        "due": int, "last_review": int,  # unix seconds
        "reps": int, "lapses": int, "suspended": int, "buried_until": int,
    }, pk="card", foreign_keys=[("card", "cards", "id")],
        not_null={"deck", "claim", "position", "retired", "state", "reps", "lapses", "suspended"},
        defaults={"retired": 0, "state": 0, "reps": 0, "lapses": 0, "suspended": 0})
    # the queue's indexes carry every column its filters read (retired, suspended, buried,
    # claim for siblings), so counting today's cards never visits the table
    queue_filters = ["retired", "suspended", "buried_until", "claim"]
    db.table("memory").create_index(["deck", "state", "due", "position", *queue_filters],
                              index_name="memory_due")
    db.table("memory").create_index(["deck", "state", "position", *queue_filters],
                              index_name="memory_new")
    db.table("reviews").create({
        "id": int, "card": str, "deck": str, "claim": str, "rating": int,
        "reviewed_at": int,  # unix milliseconds
        "day": int,  # local study day (rollover applied), days since 1970-01-01
        "duration_ms": int,
        "prev_state": int,  # state before: daily limits and true retention
        "state_before": str, "state_after": str,  # memory as JSON: undo and the optimizer
    }, pk="id", foreign_keys=[("card", "cards", "id")],
        not_null={"card", "deck", "claim", "rating", "reviewed_at", "day", "duration_ms",
                  "prev_state", "state_before", "state_after"})
    db.table("reviews").create_index(["card", "id"], index_name="reviews_card")
    # covers both the daily limits (prev_state) and the buried siblings (claim) of a study day
    db.table("reviews").create_index(["deck", "day", "prev_state", "claim"], index_name="reviews_day")
    db.table("reviews").create_index(["reviewed_at"], index_name="reviews_time")
    db.table("settings").create({
        "scope": str,  # 'global' or a deck id
        "key": str, "value": str,  # value is JSON
    }, pk=("scope", "key"), not_null={"scope", "key", "value"})


def _v2(db: Database) -> None:
    """Quiz attempts."""
    db.table("quiz_attempts").create({
        "id": int,
        "run": str,  # one quiz sitting
        "item": str,  # quiz item id, <claim id>/<kind>
        "claim": str, "kind": str, "topic": str, "deck": str,
        "answered_at": int,  # unix milliseconds
        "response": str, "correct": int, "duration_ms": int,
    }, pk="id", not_null={"run", "item", "claim", "kind", "topic", "deck", "answered_at",
                          "response", "correct", "duration_ms"})
    db.table("quiz_attempts").create_index(["run", "id"], index_name="quiz_run")
    db.table("quiz_attempts").create_index(["deck", "topic"], index_name="quiz_topic")


# review_days: the review log summed per study day and topic, kept by triggers, so every
# stats series reads a few thousand rows however long the log grows. A review counts under
# its card's topic; "recalls" are reviews of review-state cards, "kept" those not graded Again.
# (As v3 built it; v4 counts only on-time reviews as recalls, see REVIEW_DAYS_FILL.)
_REVIEW_DAYS_FILL_V3 = (
    "INSERT INTO review_days (day, topic, reviews, again, recalls, kept) "
    "SELECT r.day, coalesce(c.topic, ''), count(*), sum(r.rating = 1), sum(r.prev_state = 2), "
    "sum(r.prev_state = 2 AND r.rating > 1) FROM reviews r LEFT JOIN cards c ON c.id = r.card "
    "GROUP BY r.day, coalesce(c.topic, '')")
_TOPIC_OF = "coalesce((SELECT topic FROM cards WHERE id = {r}.card), '')"
_REVIEW_DAYS_TRIGGERS = (
    "CREATE TRIGGER review_days_insert AFTER INSERT ON reviews BEGIN "
    "INSERT INTO review_days (day, topic, reviews, again, recalls, kept) "
    f"VALUES (new.day, {_TOPIC_OF.format(r='new')}, 1, new.rating = 1, new.prev_state = 2, "
    "new.prev_state = 2 AND new.rating > 1) ON CONFLICT (day, topic) DO UPDATE SET "
    "reviews = reviews + 1, again = again + excluded.again, recalls = recalls + excluded.recalls, "
    "kept = kept + excluded.kept; END",
    "CREATE TRIGGER review_days_delete AFTER DELETE ON reviews BEGIN "
    "UPDATE review_days SET reviews = reviews - 1, again = again - (old.rating = 1), "
    "recalls = recalls - (old.prev_state = 2), kept = kept - (old.prev_state = 2 AND old.rating > 1) "
    f"WHERE day = old.day AND topic = {_TOPIC_OF.format(r='old')}; END",
)


def _v3(db: Database) -> None:
    """Stats: reviews summed per day and topic, the forecast index. Browse: a trigram index of
    the cards' words and an index for the deck order."""
    db.table("review_days").create({
        "day": int, "topic": str, "reviews": int, "again": int, "recalls": int, "kept": int,
    }, pk=("day", "topic"), not_null={"day", "topic", "reviews", "again", "recalls", "kept"})
    for trigger in _REVIEW_DAYS_TRIGGERS:
        db.execute(trigger)
    db.execute(_REVIEW_DAYS_FILL_V3)
    # the due forecast counts scheduled cards per day; new, suspended and retired never count
    db.execute("CREATE INDEX memory_forecast ON memory (due) "
               "WHERE state != 0 AND NOT suspended AND NOT retired")
    db.table("memory").create_index(["deck", "position"], index_name="memory_order")
    # rowid = memory.rowid; filled lazily by the store when the decks changed, so deck sync
    # paid nothing for it (dropped by v5: browse matches words in memory)
    db.execute("CREATE VIRTUAL TABLE card_search USING fts5(cid UNINDEXED, topic, tags, text, "
               "tokenize = 'trigram')")
    db.table("card_search_state").create({"token": str})


# Review kinds (reviews.kind): how a review stands for retention figures and the optimizer.
KIND_LEARN, KIND_REVIEW, KIND_RELEARN = "learn", "review", "relearn"
KIND_EARLY = "early"  # a review-state card answered before its due day (study ahead)
KIND_CRAM = "cram"  # custom study that leaves the schedule untouched
REVIEW_KINDS = (KIND_LEARN, KIND_REVIEW, KIND_RELEARN, KIND_EARLY, KIND_CRAM)

# From v4: "recalls" are on-time reviews of review-state cards only, so neither an early
# answer nor a cram session moves true retention.
_RECALL = "{r}.kind = 'review'"
REVIEW_DAYS_FILL = (
    "INSERT INTO review_days (day, topic, reviews, again, recalls, kept) "
    "SELECT r.day, coalesce(c.topic, ''), count(*), sum(r.rating = 1), "
    f"sum({_RECALL.format(r='r')}), sum({_RECALL.format(r='r')} AND r.rating > 1) "
    "FROM reviews r LEFT JOIN cards c ON c.id = r.card GROUP BY r.day, coalesce(c.topic, '')")
REVIEW_DAYS_TRIGGERS = (
    "CREATE TRIGGER review_days_insert AFTER INSERT ON reviews BEGIN "
    "INSERT INTO review_days (day, topic, reviews, again, recalls, kept) "
    f"VALUES (new.day, {_TOPIC_OF.format(r='new')}, 1, new.rating = 1, "
    f"{_RECALL.format(r='new')}, {_RECALL.format(r='new')} AND new.rating > 1) "
    "ON CONFLICT (day, topic) DO UPDATE SET reviews = reviews + 1, again = again + excluded.again, "
    "recalls = recalls + excluded.recalls, kept = kept + excluded.kept; END",
    "CREATE TRIGGER review_days_delete AFTER DELETE ON reviews BEGIN "
    "UPDATE review_days SET reviews = reviews - 1, again = again - (old.rating = 1), "
    f"recalls = recalls - ({_RECALL.format(r='old')}), "
    f"kept = kept - ({_RECALL.format(r='old')} AND old.rating > 1) "
    f"WHERE day = old.day AND topic = {_TOPIC_OF.format(r='old')}; END",
    # a merge from Anki rewrites a review's kind after replaying the card's history
    "CREATE TRIGGER review_days_update AFTER UPDATE OF kind, rating, day ON reviews BEGIN "
    "UPDATE review_days SET again = again - (old.rating = 1), "
    f"recalls = recalls - ({_RECALL.format(r='old')}), "
    f"kept = kept - ({_RECALL.format(r='old')} AND old.rating > 1), reviews = reviews - 1 "
    f"WHERE day = old.day AND topic = {_TOPIC_OF.format(r='old')}; "
    "INSERT INTO review_days (day, topic, reviews, again, recalls, kept) "
    f"VALUES (new.day, {_TOPIC_OF.format(r='new')}, 1, new.rating = 1, "
    f"{_RECALL.format(r='new')}, {_RECALL.format(r='new')} AND new.rating > 1) "
    "ON CONFLICT (day, topic) DO UPDATE SET reviews = reviews + 1, again = again + excluded.again, "
    "recalls = recalls + excluded.recalls, kept = kept + excluded.kept; END",
)


def _v4(db: Database) -> None:
    """A version per card's memory (a grade applies only to the memory that was shown); a kind
    per review (early and cram answers kept apart); Anki's review id for imported reviews; the
    card's priority beside its memory (new cards can leave detail cards out)."""
    db.table("memory").add_column("version", int, not_null_default=0)
    db.table("memory").add_column("priority", str, not_null_default="core")
    db.execute("UPDATE memory SET priority = coalesce((SELECT json_extract(data, '$.priority') "
               "FROM cards WHERE cards.id = memory.card), 'core')")
    db.table("reviews").add_column("kind", str, not_null_default=KIND_REVIEW)
    # a review answered more than a day before its due time was studied ahead
    db.execute(
        f"UPDATE reviews SET kind = CASE prev_state WHEN 2 THEN CASE WHEN "
        f"coalesce(json_extract(state_before, '$.due'), 0) - reviewed_at / 1000 > 86400 "
        f"THEN '{KIND_EARLY}' ELSE '{KIND_REVIEW}' END WHEN 3 THEN '{KIND_RELEARN}' "
        f"ELSE '{KIND_LEARN}' END")
    db.table("reviews").add_column("anki_id", int)  # Anki's revlog id: a second import adds nothing
    db.execute("CREATE UNIQUE INDEX reviews_anki ON reviews (anki_id) WHERE anki_id IS NOT NULL")
    db.execute("DROP TRIGGER review_days_insert")
    db.execute("DROP TRIGGER review_days_delete")
    for trigger in REVIEW_DAYS_TRIGGERS:
        db.execute(trigger)
    db.execute("DELETE FROM review_days")
    db.execute(REVIEW_DAYS_FILL)


def _v5(db: Database) -> None:
    """Browse matches the cards' words in memory (trainer.store.browse): the trigram index v3
    built on disk goes, and with it the space it took (about 1 KB a card)."""
    db.execute("DROP TABLE IF EXISTS card_search")
    db.execute("DROP TABLE IF EXISTS card_search_state")


def _v6(db: Database) -> None:
    """The log's reviewed_at index goes: no query ranges over the time of a review (stats read
    review_days, a card's history reads reviews_card), and every answer wrote one more page."""
    db.execute("DROP INDEX IF EXISTS reviews_time")


def _v7(db: Database) -> None:
    """The log's memories are written as JSON arrays of MEMORY_COLUMNS from here (schedule.
    Memory.to_json): a third of the bytes of the objects before. Rows written before keep their
    objects, and both are read; nothing to convert, but an older trainer, which reads objects
    only, must not open the file (it refuses a newer version)."""


# MIGRATIONS[n] takes a database from user_version n to n + 1. Append only; never edit one
# that has shipped.
MIGRATIONS: list[Callable[[Database], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7]
LATEST = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> None:
    """Apply the missing migrations in order, each in its own transaction with its version."""
    import sqlite_utils  # only needed here: keeps it off the start-up path

    db = sqlite_utils.Database(conn, execute_plugins=False)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    while version < target:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            MIGRATIONS[version](db)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        version += 1
