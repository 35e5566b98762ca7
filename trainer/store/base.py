"""The connection every store part shares: pragmas, write transactions, one-row helpers."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from trainer.errors import StorageFailure

Params = Sequence[Any] | Mapping[str, Any]

# A card that is in play: still in its deck and not suspended (what the forecast counts).
IN_PLAY = "NOT m.retired AND NOT m.suspended"
# A card that can be shown now: in play and not buried (bound :now). Every query that picks,
# counts or finds showable cards uses this one definition.
SHOWABLE = f"{IN_PLAY} AND (m.buried_until IS NULL OR m.buried_until <= :now)"

BUSY_TIMEOUT_MS = 10_000  # how long one attempt waits for another process's write lock
BUSY_ATTEMPTS = 3  # a grade waits this many times over before it gives up
# SQLite's automatic checkpoint would copy the write-ahead log into the database inside the
# commit of whichever answer crosses 1000 pages (every ~80 answers, 20-40 ms). It is off; the
# log is folded back when the program is idle (Database.checkpoint), and at the latest by the
# commit after this many rows were written since the last checkpoint (a big sync at once, a
# long run of answers without an idle moment after ~300): the log never grows without bound.
CHECKPOINT_ROWS = 1000
# an idle moment folds the log back once this many rows wait in it (~100 answers, 4 MB). Not
# after every few answers: the first commit into a log folded back syncs the log's header too,
# a second fsync, and that answer is slow; one in a hundred stays out of the 99th percentile.
# After the first fold the log file is written over, not grown (a commit that grows the file
# costs about twice one that writes over it).
IDLE_CHECKPOINT_ROWS = 300


class Database:
    """One SQLite connection (autocommit mode: every write is an explicit transaction)."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path
        self.identity: tuple[int, int] | None = None  # the file opened (set by configure)
        self._checkpointed = 0  # conn.total_changes at the last checkpoint

    def _identity(self) -> tuple[int, int] | None:
        if self.path == ":memory:":
            return None
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def check_file(self) -> None:
        """Refuse to write into a database file that was deleted or replaced while open: SQLite
        would write into the unlinked file, and every answer would be lost with it."""
        if self.identity is not None and self._identity() != self.identity:
            raise StorageFailure(self.path, "the database file was deleted or replaced while in use")

    def configure(self) -> None:
        c = self.conn
        # wait for another process's write, never fail at once
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if self.path != ":memory:":
            c.execute("PRAGMA journal_mode = WAL")
            c.execute("PRAGMA wal_autocheckpoint = 0")  # see CHECKPOINT_ROWS
        # FULL: a committed review survives power loss too, not only a killed process
        c.execute("PRAGMA synchronous = FULL")
        c.execute("PRAGMA foreign_keys = ON")
        self.identity = self._identity()  # WAL mode has written the file: it exists now

    def data_version(self) -> int:
        """Moves whenever another connection commits to the file: cached figures are stale."""
        return int(self.one("PRAGMA data_version"))

    @property
    def version(self) -> int:
        return int(self.one("PRAGMA user_version"))

    def checkpoint(self, at_least: int = 1) -> None:
        """Fold the write-ahead log back into the database if this connection wrote `at_least`
        rows since the last time. PASSIVE: it never waits for another process, and it touches
        no committed answer (they are durable in the log already); what a reader holds stays
        in the log until a later checkpoint."""
        if self.path == ":memory:" or self.conn.in_transaction or \
                self.conn.total_changes - self._checkpointed < at_least:
            return
        try:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            return  # housekeeping only: the next idle moment tries again
        self._checkpointed = self.conn.total_changes

    def close(self) -> None:
        """Close, folding the WAL back into the file first (a clean exit leaves one file)."""
        try:
            if self.path != ":memory:":
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # never waits on others
        except sqlite3.Error:
            pass  # another process may hold the file: its own close will checkpoint
        self.conn.close()

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the database written to the (new, empty) file `target`, with
        SQLite's online backup: safe while other connections write."""
        dest = sqlite3.connect(target)
        try:
            with dest:
                self.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        except sqlite3.Error as exc:
            raise self.failure(exc) from None
        finally:
            dest.close()

    def restore_from(self, source: Path) -> None:
        """Overwrite this database with the content of another (SQLite's backup, in reverse)."""
        self.check_file()
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            src.backup(self.conn)
        except sqlite3.Error as exc:
            raise self.failure(exc) from None
        finally:
            src.close()

    @contextmanager
    def write(self, fold: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front, so a second process
        waits (busy timeout) instead of failing with "database is locked" on upgrade. A failure
        of the file itself (full disk, read-only, I/O) is a StorageFailure; nothing is kept.
        `fold=False`: no checkpoint after the commit, for a run of big writes that ends with one."""
        self.check_file()
        self._begin()
        try:
            yield self.conn
            self.conn.execute("COMMIT")
            if fold:
                self.checkpoint(CHECKPOINT_ROWS)  # the bound on the log when no idle moment came
        except BaseException as exc:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the failure below says what went wrong; SQLite rolls back anyway
            if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError) and \
                    not isinstance(exc, sqlite3.IntegrityError):
                raise self.failure(exc) from None
            raise

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting out another process's long write (a deck sync) a few times."""
        for attempt in range(BUSY_ATTEMPTS):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == BUSY_ATTEMPTS - 1:
                    raise self.failure(exc) from None
                time.sleep(0.05)
            except sqlite3.Error as exc:
                raise self.failure(exc) from None

    def failure(self, exc: sqlite3.Error) -> StorageFailure:
        """What a failed SQLite call means for the user's file."""
        from trainer.store.faults import storage_failure

        return storage_failure(self, exc)

    def one(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def marks(n: int) -> str:
    """n SQL placeholders: "?,?,?"."""
    return ",".join("?" * n)
