"""SQLite failures after a database is open, told as what happened to the user's file."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.errors import StorageFailure

if TYPE_CHECKING:
    from trainer.store.base import Database

# SQLite's message (lower case) -> the cause a user can act on
_CAUSES = (
    ("database or disk is full", "the disk is full"),
    ("readonly", "the database file or its folder is read-only"),
    ("read-only", "the database file or its folder is read-only"),
    ("database is locked", "another program has held the database locked for too long"),
    ("disk i/o error", "an I/O error (the disk or its connection failed)"),
    # SQLite cannot open the file, or create the -wal and -shm files WAL mode keeps beside it
    ("unable to open", "the database file or its folder is read-only, or not permitted"),
)


def storage_failure(db: Database, exc: sqlite3.Error) -> StorageFailure:
    """The failure, with its cause; `corrupt` only when SQLite's integrity check says so."""
    text = str(exc).lower()
    if db.path != ":memory:" and not Path(db.path).exists():
        return StorageFailure(db.path, "the database file was deleted or replaced while in use")
    cause = next((c for key, c in _CAUSES if key in text), None)
    if cause is None:
        if _corrupt(db):
            return StorageFailure(db.path, f"the database is damaged ({exc})", corrupt=True)
        cause = f"a database error ({exc})"
    return StorageFailure(db.path, cause)


def _corrupt(db: Database) -> bool:
    try:
        return db.conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        return True
