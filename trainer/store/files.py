"""Checks on a database path before SQLite touches it: refuse what is not ours, write nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from trainer.errors import BadBackup, NewerSchema, NotADatabase
from trainer.store.schema import APPLICATION_ID, LATEST, SQLITE_MAGIC


def check_file(path: Path) -> None:
    """Refuse, without writing a byte (not even a -wal or -shm file beside it), a file that is
    not a trainer database of a known schema: the header says which program wrote it."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return
    if path.is_dir():
        raise NotADatabase(path, "is a folder, not a database file")
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100 or header[:16] != SQLITE_MAGIC:
        raise NotADatabase(path, "not a trainer database (not an SQLite file)")
    version = int.from_bytes(header[60:64], "big")
    app_id = int.from_bytes(header[68:72], "big", signed=True)
    if app_id != APPLICATION_ID and (version or has_tables(path)):
        raise NotADatabase(path, "an SQLite database of another program, not a trainer database")
    refuse_newer(path, version)


def has_tables(path: Path) -> bool:
    """immutable=1: read the schema without locks, so SQLite creates no file beside it."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(path, f"an unreadable database ({exc})") from None


def refuse_newer(path: Path | str, version: int) -> None:
    if version > LATEST:
        raise NewerSchema(path, version, LATEST)


def check_backup(path: Path) -> None:
    """A file given to restore: one of ours, of a schema this version knows, and sound."""
    if not path.is_file():
        raise BadBackup(path, "no such backup file")
    try:
        check_file(path)
    except (NotADatabase, NewerSchema) as exc:
        raise BadBackup(path, exc.problem) from None
    if path.stat().st_size == 0:
        raise BadBackup(path, "an empty file, not a backup")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BadBackup(path, f"an unreadable database ({exc})") from None
    if not ok:
        raise BadBackup(path, "a damaged database (its integrity check fails)")
    if not {"cards", "memory", "reviews"} <= tables:
        raise BadBackup(path, "not a trainer database (no review log)")
