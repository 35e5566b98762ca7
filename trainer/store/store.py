"""Store: one trainer database, opened and migrated, with one object per concern.

    store.decks     deck rows and deck sync          store.reviews   the review log, undo
    store.cards     cards and their memory           store.settings  stored settings
    store.queue     the study queue's queries        store.stats     progress figures
    store.search    card search for browse           store.quiz      quiz attempts
    store.merge     answers merged from Anki         store.history   the log for the optimizer

Every part shares one Database (store.db): the connection, write transactions and helpers.
"""

from __future__ import annotations

import sqlite3
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.errors import CannotWrite, MissingFolder, NotADatabase, StorageFailure
from trainer.store.base import BUSY_TIMEOUT_MS, Database
from trainer.store.cards import Cards
from trainer.store.decks import Decks
from trainer.store.faults import storage_failure
from trainer.store.files import check_file, refuse_newer
from trainer.store.queue import Queue
from trainer.store.reviews import Merge, Reviews
from trainer.store.schema import LATEST, migrate
from trainer.store.settings import Settings

if TYPE_CHECKING:
    from trainer.store.browse import Search
    from trainer.store.history import History
    from trainer.store.quiz import QuizLog
    from trainer.store.stats import Stats


class Store:
    """One trainer database. The store package is the only place that speaks SQL."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.db = Database(conn, path)
        self.decks = Decks(self.db)
        self.cards = Cards(self.db)
        self.queue = Queue(self.db)
        self.reviews = Reviews(self.db)
        self.settings = Settings(self.db)
        self.merge = Merge(self.db)

    # the parts a study session never uses are imported when first asked for: `trainer study`
    # paints its first card without them

    @cached_property
    def stats(self) -> Stats:
        from trainer.store.stats import Stats

        return Stats(self.db)

    @cached_property
    def search(self) -> Search:
        from trainer.store.browse import Search

        return Search(self.db)

    @cached_property
    def quiz(self) -> QuizLog:
        from trainer.store.quiz import QuizLog

        return QuizLog(self.db)

    @cached_property
    def history(self) -> History:
        from trainer.store.history import History

        return History(self.db)

    @property
    def path(self) -> str:
        return self.db.path

    @property
    def version(self) -> int:
        return self.db.version

    @classmethod
    def open(cls, path: Path | str, migrate_to: int = LATEST, create_folder: bool = False) -> Store:
        """Open (creating the file if needed) and migrate; refuses foreign, newer or broken
        files. The folder is created only for the default location (`create_folder`): a typo
        in a path should be an error, not a new folder."""
        path = Path(path)
        if str(path) != ":memory:":
            check_file(path)
            if create_folder:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise CannotWrite(path.parent, f"cannot create the data folder "
                                                   f"({exc.strerror})") from None
            elif not path.parent.is_dir():
                raise MissingFolder(path.parent)
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            store = cls(conn, str(path))
            refuse_newer(path, store.version)  # a version only the WAL held
            store.db.configure()
            if store.version < migrate_to:
                migrate(conn, migrate_to)
        except sqlite3.OperationalError as exc:
            # the file is ours, but it cannot be used now: read-only, full, locked, I/O
            failure = storage_failure(Database(conn, str(path)), exc) if conn else None
            if conn:
                conn.close()
            raise failure or NotADatabase(path, f"cannot open the database ({exc})") from None
        except sqlite3.DatabaseError as exc:
            if conn:
                conn.close()
            # the header said it is ours (check_file), so the rest of it is damaged
            raise StorageFailure(path, f"the database is damaged ({exc})", corrupt=True) from None
        except BaseException:
            if conn:
                conn.close()
            raise
        return store

    def close(self) -> None:
        self.db.close()
