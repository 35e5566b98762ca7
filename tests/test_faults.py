"""Storage failures after open, made real: a full database, read-only file and folder, a file
deleted or replaced while open, a lock held too long, an I/O error, a damaged file. Each is one
line with its fix, and no answer given before it is lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trainer.cli import app as cli_app
from trainer.collection import sync_decks
from trainer.commands.messages import describe
from trainer.errors import StorageFailure
from trainer.model import Rating
from trainer.schedule import seconds
from trainer.store import Store
from trainer.study import Session


@contextmanager
def read_only(path: Path):
    """Make a file or folder read-only for real: chattr +i as root (root ignores modes), the
    mode bits otherwise."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"chattr is not supported here: {done.stderr.decode().strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


def opened(tmp_path, decks_dir, clock) -> tuple[Store, Session]:
    store = Store.open(tmp_path / "t.db")
    sync_decks(store, decks_dir, seconds(clock()))
    return store, Session.open(store, "mini", clock)


def grade_next(session: Session):
    shown = session.next()
    return shown, session.grade(shown, Rating.GOOD, 1000)


def review_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        conn.close()


def test_a_full_database_refuses_the_grade_and_keeps_the_earlier_ones(tmp_path, decks_dir, clock):
    store, session = opened(tmp_path, decks_dir, clock)
    grade_next(session)
    # SQLite's own "database or disk is full" path: the file may not grow by another page
    pages = store.db.one("PRAGMA page_count")
    store.db.conn.execute(f"PRAGMA max_page_count = {pages}")
    shown = session.next()
    before = store.cards.memory(shown.card.id)
    with pytest.raises(StorageFailure) as failure:
        for _ in range(200):  # the WAL fills first: some grades may still fit
            shown = session.next()
            before = store.cards.memory(shown.card.id)
            session.grade(shown, Rating.GOOD, 1000)
    assert describe(failure.value).endswith("the disk is full; free some disk space and try again")
    assert store.cards.memory(shown.card.id) == before  # the failed grade wrote nothing
    saved = session.summary.reviewed
    store.close()
    assert review_count(tmp_path / "t.db") == saved  # every grade reported saved is there


def test_a_read_only_file_is_one_line_and_changes_nothing(tmp_path, decks_dir, clock):
    store, session = opened(tmp_path, decks_dir, clock)
    grade_next(session)
    store.close()
    db = tmp_path / "t.db"
    before = db.read_bytes()
    with read_only(db):
        store = Store.open(db)
        session = Session.open(store, "mini", clock)
        with pytest.raises(StorageFailure) as failure:
            grade_next(session)
        store.close()
    assert "read-only" in describe(failure.value) and "choose another --db path" in describe(failure.value)
    assert db.read_bytes() == before


def test_a_read_only_folder_is_one_line_at_open(tmp_path, decks_dir):
    folder = tmp_path / "data"
    folder.mkdir()
    Store.open(folder / "t.db").close()
    with read_only(folder):
        result = CliRunner().invoke(cli_app, ["--db", str(folder / "t.db"), "--decks",
                                              str(decks_dir), "decks"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0] and "Traceback" not in result.output


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_file_deleted_or_replaced_while_open_refuses_every_write(tmp_path, decks_dir, clock, how):
    store, session = opened(tmp_path, decks_dir, clock)
    grade_next(session)
    db = tmp_path / "t.db"
    if how == "deleted":
        db.unlink()
    else:
        other = Store.open(tmp_path / "other.db")
        other.close()
        os.replace(tmp_path / "other.db", db)
    with pytest.raises(StorageFailure) as failure:
        grade_next(session)
    assert "deleted or replaced while in use" in str(failure.value)
    assert "put the file back" in describe(failure.value)
    store.close()


def test_a_lock_held_past_the_busy_timeout_is_one_line(tmp_path, decks_dir, clock, monkeypatch):
    import trainer.store.base as base

    store, session = opened(tmp_path, decks_dir, clock)
    store.db.conn.execute("PRAGMA busy_timeout = 50")
    monkeypatch.setattr(base, "BUSY_ATTEMPTS", 2)
    holder = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        shown = session.next()
        with pytest.raises(StorageFailure) as failure:
            session.grade(shown, Rating.GOOD, 1000)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert describe(failure.value).endswith("close the other program using the database and try again")
    session.grade(shown, Rating.GOOD, 1000)  # once the lock is free, the same grade goes through
    store.close()


class FailingCommit:
    """A connection whose COMMIT fails with an I/O error: SQLite's answer to a dying disk."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def execute(self, sql, *args):
        if sql == "COMMIT":
            raise sqlite3.OperationalError("disk I/O error")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_an_io_error_keeps_nothing_of_the_answer(tmp_path, decks_dir, clock):
    store, session = opened(tmp_path, decks_dir, clock)
    shown = session.next()
    before = store.cards.memory(shown.card.id)
    real = store.db.conn
    store.db.conn = FailingCommit(real)
    with pytest.raises(StorageFailure) as failure:
        session.grade(shown, Rating.GOOD, 1000)
    store.db.conn = real
    assert "I/O error" in str(failure.value) and "check the disk" in describe(failure.value)
    assert store.cards.memory(shown.card.id) == before and store.reviews.count() == 0
    store.close()


def test_restore_from_a_backup_only_when_the_file_is_damaged(tmp_path, decks_dir, clock):
    store, session = opened(tmp_path, decks_dir, clock)
    grade_next(session)
    store.close()
    db = tmp_path / "t.db"
    data = bytearray(db.read_bytes())
    page = 4096
    for start in range(2 * page, len(data), page):  # every page but the header and the schema
        data[start:start + page] = b"\xee" * page
    db.write_bytes(bytes(data))
    result = CliRunner().invoke(cli_app, ["--db", str(db), "--decks", str(decks_dir), "stats"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "restore it from a backup" in result.output
