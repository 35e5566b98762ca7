"""The database schema as ordered migrations (built with sqlite-utils), and the file's marks."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x54524E52  # "TRNR": marks a file as a trainer database
SQLITE_MAGIC = b"SQLite format 3\x00"
MEMORY_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps",
                  "lapses", "suspended", "buried_until")


def _v1(db) -> None:
    """Decks, cards, memory, the review log and settings."""
    db["decks"].create({
        "id": str, "name": str, "tag": str, "description": str,
        "file_hash": str,  # sha256 of the deck file last synced: unchanged file, no work
        "synced_at": int,
    }, pk="id", not_null={"name", "tag", "description", "file_hash"},
        defaults={"tag": "", "description": "", "file_hash": ""})
    db["cards"].create({
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
    db["memory"].create({
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
    db["memory"].create_index(["deck", "state", "due"], index_name="memory_due")
    db["memory"].create_index(["deck", "state", "position"], index_name="memory_new")
    db["reviews"].create({
        "id": int, "card": str, "deck": str, "claim": str, "rating": int,
        "reviewed_at": int,  # unix milliseconds
        "day": int,  # local study day (rollover applied), days since 1970-01-01
        "duration_ms": int,
        "prev_state": int,  # state before: daily limits and true retention
        "state_before": str, "state_after": str,  # memory as JSON: undo and the optimizer
    }, pk="id", foreign_keys=[("card", "cards", "id")],
        not_null={"card", "deck", "claim", "rating", "reviewed_at", "day", "duration_ms",
                  "prev_state", "state_before", "state_after"})
    db["reviews"].create_index(["card", "id"], index_name="reviews_card")
    db["reviews"].create_index(["deck", "day", "claim"], index_name="reviews_day")
    db["reviews"].create_index(["reviewed_at"], index_name="reviews_time")
    db["settings"].create({
        "scope": str,  # 'global' or a deck id
        "key": str, "value": str,  # value is JSON
    }, pk=("scope", "key"), not_null={"scope", "key", "value"})


def _v2(db) -> None:
    """Quiz attempts."""
    db["quiz_attempts"].create({
        "id": int,
        "run": str,  # one quiz sitting
        "item": str,  # quiz item id, <claim id>/<kind>
        "claim": str, "kind": str, "topic": str, "deck": str,
        "answered_at": int,  # unix milliseconds
        "response": str, "correct": int, "duration_ms": int,
    }, pk="id", not_null={"run", "item", "claim", "kind", "topic", "deck", "answered_at",
                          "response", "correct", "duration_ms"})
    db["quiz_attempts"].create_index(["run", "id"], index_name="quiz_run")
    db["quiz_attempts"].create_index(["deck", "topic"], index_name="quiz_topic")


# MIGRATIONS[n] takes a database from user_version n to n + 1. Append only; never edit one
# that has shipped.
MIGRATIONS: list[Callable] = [_v1, _v2]
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
