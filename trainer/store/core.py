"""The store core: opening and migrating the file, deck sync, cards, memory, queue, reviews."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from trainer.errors import TrainerError
from trainer.model import Card, Deck
from trainer.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory
from trainer.store.browse import BrowseQueries
from trainer.store.quiz import QuizQueries
from trainer.store.schema import APPLICATION_ID, LATEST, MEMORY_COLUMNS, SQLITE_MAGIC, migrate
from trainer.store.stats import StatsQueries


@dataclass(frozen=True)
class SyncResult:
    deck: str
    added: int = 0
    updated: int = 0
    moved: int = 0
    retired: int = 0
    revived: int = 0
    skipped: bool = False  # the file had not changed since the last sync

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.moved or self.retired or self.revived)


@dataclass(frozen=True)
class DeckRow:
    id: str
    name: str
    tag: str
    description: str
    cards: int


@dataclass(frozen=True)
class ReviewRow:
    id: int
    card: str
    rating: int
    reviewed_at: int
    duration_ms: int
    before: Memory
    after: Memory


def _check_file(path: Path) -> None:
    """Refuse, without writing a byte (not even a -wal or -shm file beside it), a file that is
    not a trainer database of a known schema: the header says which program wrote it."""
    name = str(path)
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise TrainerError(f"{name}: is a folder; give --db a file path")
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100 or header[:16] != SQLITE_MAGIC:
        raise TrainerError(f"{name}: not a trainer database (not an SQLite file); "
                           "choose another --db path")
    version = int.from_bytes(header[60:64], "big")
    app_id = int.from_bytes(header[68:72], "big", signed=True)
    if app_id != APPLICATION_ID and (version or _has_tables(path)):
        raise TrainerError(f"{name}: an SQLite database of another program, not a trainer "
                           "database; choose another --db path")
    _refuse_newer(name, version)


def _has_tables(path: Path) -> bool:
    """immutable=1: read the schema without locks, so SQLite creates no file beside it."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise TrainerError(f"{path}: unreadable database ({exc}); restore it from a backup "
                           "or choose another --db path") from None


def _refuse_newer(name: str, version: int) -> None:
    if version > LATEST:
        raise TrainerError(f"{name}: written by a newer trainer (schema {version}, this version "
                           f"knows {LATEST}); upgrade trainer to open it")


class Store(QuizQueries, StatsQueries, BrowseQueries):
    """One trainer database. The store package is the only place that speaks SQL."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, migrate_to: int = LATEST, create_folder: bool = False) -> Store:
        """Open (creating the file if needed) and migrate; refuses foreign, newer or broken
        files. The folder is created only for the default location (`create_folder`): a typo
        in --db should be an error, not a new folder."""
        path = Path(path)
        memory = str(path) == ":memory:"
        if not memory:
            _check_file(path)
            if create_folder:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise TrainerError(f"{path.parent}: cannot create the data folder "
                                       f"({exc.strerror}); pass --db PATH") from None
            elif not path.parent.is_dir():
                raise TrainerError(f"{path.parent}: no such folder; create it or choose another "
                                   "--db path")
        try:
            conn = sqlite3.connect(str(path), timeout=10, isolation_level=None,
                                   check_same_thread=False)
            store = cls(conn, str(path))
            _refuse_newer(str(path), store.version)  # a version only the WAL held
            store._configure()
            store._migrate(migrate_to)
        except sqlite3.DatabaseError as exc:
            raise TrainerError(f"{path}: cannot open the database ({exc}); restore it from a "
                               "backup or choose another --db path") from None
        return store

    def _configure(self) -> None:
        c = self.conn
        c.execute("PRAGMA busy_timeout = 10000")  # wait for another process's write, never fail
        if self.path != ":memory:":
            c.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed review survives power loss too, not only a killed process
        c.execute("PRAGMA synchronous = FULL")
        c.execute("PRAGMA foreign_keys = ON")

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, target: int) -> None:
        if self.version < target:
            migrate(self.conn, target)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front, so a second process
        waits (busy timeout) instead of failing with "database is locked" on upgrade."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _one(self, sql: str, params: Sequence = ()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # -- decks and deck sync --------------------------------------------------------------------

    def deck_file_hash(self, deck_id: str) -> str | None:
        return self._one("SELECT file_hash FROM decks WHERE id = ?", (deck_id,))

    def decks(self) -> list[DeckRow]:
        rows = self.conn.execute(
            "SELECT d.id, d.name, d.tag, d.description, "
            "(SELECT count(*) FROM cards c WHERE c.deck = d.id AND NOT c.retired) "
            "FROM decks d ORDER BY d.name, d.id").fetchall()
        return [DeckRow(*r) for r in rows]

    def sync_deck(self, deck: Deck, file_hash: str, now: int) -> SyncResult:
        """Upsert a deck's cards by id in one transaction: new ids are added, changed content
        updates the card (history kept, changed_at moves strictly forward), ids gone from the
        deck are retired, and a retired id that comes back is revived."""
        info = deck.info
        with self.write() as c:
            c.execute(
                "INSERT INTO decks (id, name, tag, description, file_hash, synced_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                "tag = excluded.tag, description = excluded.description, "
                "file_hash = excluded.file_hash, synced_at = excluded.synced_at",
                (info.id, info.name, info.tag, info.description, file_hash, now))
            existing = {row[0]: row[1:] for row in c.execute(
                "SELECT id, content_hash, position, retired, changed_at FROM cards WHERE deck = ?",
                (info.id,))}
            incoming = {card.id for card in deck.cards}
            if len(incoming) != len(deck.cards):
                raise TrainerError(f"{deck.path or info.id}: the same card id appears twice; "
                                   "regenerate the deck with 'trainer generate'")
            self._refuse_foreign_ids(info.id, [i for i in incoming if i not in existing])
            added, updated, moved, revived = [], [], [], []
            for position, card in enumerate(deck.cards):
                old = existing.get(card.id)
                if old is None:
                    added.append((card, position))
                    continue
                old_hash, old_position, old_retired, old_changed = old
                if old_retired:
                    revived.append(card.id)
                if old_hash != card.content_hash:
                    updated.append((card, position, max(now, old_changed + 1)))
                elif old_position != position or old_retired:
                    moved.append((position, card.id))
            c.executemany(
                "INSERT INTO cards (id, deck, claim, kind, topic, position, content_hash, data, "
                "created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(card.id, info.id, card.claim, card.kind, card.topic, pos, card.content_hash,
                  _card_json(card), now, now) for card, pos in added])
            c.executemany(
                "INSERT INTO memory (card, deck, claim, position) VALUES (?, ?, ?, ?)",
                [(card.id, info.id, card.claim, pos) for card, pos in added])
            c.executemany(
                "UPDATE cards SET topic = ?, position = ?, content_hash = ?, data = ?, retired = 0, "
                "changed_at = ? WHERE id = ?",
                [(card.topic, pos, card.content_hash, _card_json(card), changed, card.id)
                 for card, pos, changed in updated])
            c.executemany("UPDATE cards SET position = ?, retired = 0 WHERE id = ?", moved)
            c.executemany(
                "UPDATE memory SET position = ?, retired = 0 WHERE card = ?",
                [(pos, card.id) for card, pos, _ in updated] + moved)
            gone = [(i,) for i, old in existing.items() if i not in incoming and not old[2]]
            c.executemany("UPDATE cards SET retired = 1 WHERE id = ?", gone)
            c.executemany("UPDATE memory SET retired = 1 WHERE card = ?", gone)
        return SyncResult(info.id, added=len(added), updated=len(updated), moved=len(moved),
                          retired=len(gone), revived=len(revived))

    def _refuse_foreign_ids(self, deck_id: str, ids: list[str]) -> None:
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            row = self.conn.execute(
                f"SELECT id, deck FROM cards WHERE id IN ({marks}) LIMIT 1", chunk).fetchone()
            if row:
                raise TrainerError(f"deck '{deck_id}': card id '{row[0]}' already belongs to deck "
                                   f"'{row[1]}'; claim ids must be unique across sources")

    # -- cards --------------------------------------------------------------------------------

    def card(self, card_id: str) -> Card:
        data = self._one("SELECT data FROM cards WHERE id = ?", (card_id,))
        if data is None:
            raise TrainerError(f"no card with id '{card_id}'; check the id ('trainer browse')")
        return Card.from_dict(json.loads(data))

    def changed_times(self, deck_ids: Iterable[str]) -> dict[str, int]:
        """card id -> unix seconds of its last content change (the Anki note mtime)."""
        ids = list(deck_ids)
        marks = ",".join("?" * len(ids))
        return dict(self.conn.execute(
            f"SELECT id, changed_at FROM cards WHERE deck IN ({marks})", ids))

    def card_row(self, card_id: str) -> dict | None:
        row = self.conn.execute(
            "SELECT id, deck, claim, kind, topic, position, content_hash, retired, created_at, "
            "changed_at FROM cards WHERE id = ?", (card_id,)).fetchone()
        keys = ("id", "deck", "claim", "kind", "topic", "position", "content_hash", "retired",
                "created_at", "changed_at")
        return dict(zip(keys, row, strict=True)) if row else None

    # -- memory -------------------------------------------------------------------------------

    def memory(self, card_id: str) -> Memory:
        row = self.conn.execute(
            f"SELECT {', '.join(MEMORY_COLUMNS)} FROM memory WHERE card = ?", (card_id,)).fetchone()
        if row is None:
            raise TrainerError(f"no card with id '{card_id}'")
        return _memory(row)

    def set_suspended(self, card_id: str, suspended: bool) -> None:
        with self.write() as c:
            c.execute("UPDATE memory SET suspended = ? WHERE card = ?", (int(suspended), card_id))

    def set_memory(self, card_id: str, memory: Memory) -> None:
        with self.write() as c:
            _write_memory(c, card_id, memory)

    # -- the study queue ----------------------------------------------------------------------

    _ACTIVE = ("NOT m.retired AND NOT m.suspended AND (m.buried_until IS NULL OR "
               "m.buried_until <= :now)")
    # a card whose claim had a review today is a buried sibling until the next study day
    _NOT_SIBLING = "m.claim NOT IN (SELECT claim FROM reviews WHERE deck = :deck AND day = :day)"

    def first_learning(self, deck: str, due_by: int, now: int) -> str | None:
        """The learning or relearning card due first (by :due_by). One indexed probe per state:
        an IN over both states would sort every learning card."""
        found = []
        for state in (LEARNING, RELEARNING):
            row = self.conn.execute(
                f"SELECT card, due, position FROM memory m WHERE deck = :deck AND state = {state} "
                f"AND due <= :due AND {self._ACTIVE} ORDER BY due, position LIMIT 1",
                {"deck": deck, "due": due_by, "now": now}).fetchone()
            if row:
                found.append(row)
        return min(found, key=lambda r: (r[1], r[2]))[0] if found else None

    def count_learning(self, deck: str, due_by: int, now: int, cap: int = 999) -> int:
        return self._one(
            f"SELECT count(*) FROM (SELECT 1 FROM memory m WHERE deck = :deck AND state IN "
            f"({LEARNING}, {RELEARNING}) AND due <= :due AND {self._ACTIVE} LIMIT :cap)",
            {"deck": deck, "due": due_by, "now": now, "cap": cap})

    def first_review(self, deck: str, due_before: int, day: int, now: int,
                     bury_siblings: bool = True) -> str | None:
        siblings = f"AND {self._NOT_SIBLING}" if bury_siblings else ""
        return self._one(
            f"SELECT card FROM memory m WHERE deck = :deck AND state = {REVIEW} AND due < :due "
            f"AND {self._ACTIVE} {siblings} ORDER BY due, position LIMIT 1",
            {"deck": deck, "due": due_before, "day": day, "now": now})

    def count_reviews(self, deck: str, due_before: int, day: int, now: int, cap: int,
                      bury_siblings: bool = True) -> int:
        siblings = f"AND {self._NOT_SIBLING}" if bury_siblings else ""
        return self._one(
            f"SELECT count(*) FROM (SELECT 1 FROM memory m WHERE deck = :deck AND state = {REVIEW} "
            f"AND due < :due AND {self._ACTIVE} {siblings} LIMIT :cap)",
            {"deck": deck, "due": due_before, "day": day, "now": now, "cap": cap})

    def first_new(self, deck: str, day: int, now: int) -> str | None:
        return self._one(
            f"SELECT card FROM memory m WHERE deck = :deck AND state = {NEW} AND {self._ACTIVE} "
            f"AND {self._NOT_SIBLING} ORDER BY position LIMIT 1",
            {"deck": deck, "day": day, "now": now})

    def count_new(self, deck: str, day: int, now: int, cap: int) -> int:
        return self._one(
            f"SELECT count(*) FROM (SELECT 1 FROM memory m WHERE deck = :deck AND state = {NEW} "
            f"AND {self._ACTIVE} AND {self._NOT_SIBLING} LIMIT :cap)",
            {"deck": deck, "day": day, "now": now, "cap": cap})

    def done_today(self, deck: str, day: int) -> tuple[int, int]:
        """(new cards introduced, review-state cards answered) on a study day."""
        new, reviewed = self.conn.execute(
            f"SELECT coalesce(sum(prev_state = {NEW}), 0), coalesce(sum(prev_state = {REVIEW}), 0) "
            "FROM reviews WHERE deck = ? AND day = ?", (deck, day)).fetchone()
        return new, reviewed

    def next_due(self, deck: str, day: int, day_end: int, review_floor: int) -> int | None:
        """When the next studied card will really be shown: a learning card at its step; a
        review at its due time, but not before the next study day when it is a buried sibling,
        nor before `review_floor` (the next day when today's review limit is used up)."""
        return self._one(
            f"SELECT min(CASE WHEN state IN ({LEARNING}, {RELEARNING}) "
            "THEN max(due, coalesce(buried_until, 0)) "
            f"WHEN {self._NOT_SIBLING} THEN max(due, coalesce(buried_until, 0), :floor) "
            "ELSE max(due, coalesce(buried_until, 0), :floor, :day_end) END) "
            f"FROM memory m WHERE deck = :deck AND state != {NEW} AND NOT retired "
            "AND NOT suspended",
            {"deck": deck, "day": day, "day_end": day_end, "floor": review_floor})

    def has_new(self, deck: str) -> bool:
        return self._one(f"SELECT 1 FROM memory WHERE deck = ? AND state = {NEW} AND NOT retired "
                         "AND NOT suspended LIMIT 1", (deck,)) is not None

    # -- reviews ------------------------------------------------------------------------------

    def record_review(self, card_id: str, rating: int, reviewed_at_ms: int, day: int,
                      duration_ms: int, before: Memory, after: Memory) -> int:
        """The review and the card's new memory, in one transaction, durable on return."""
        with self.write() as c:
            deck, claim = c.execute("SELECT deck, claim FROM memory WHERE card = ?",
                                    (card_id,)).fetchone()
            cur = c.execute(
                "INSERT INTO reviews (card, deck, claim, rating, reviewed_at, day, duration_ms, "
                "prev_state, state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, deck, claim, int(rating), reviewed_at_ms, day, duration_ms, before.state,
                 json.dumps(before.to_dict()), json.dumps(after.to_dict())))
            _write_memory(c, card_id, after)
            return cur.lastrowid

    def undo_review(self, review_id: int) -> str:
        """Delete a review and put its card's memory back exactly as it was before it."""
        with self.write() as c:
            row = c.execute("SELECT card, state_before FROM reviews WHERE id = ?",
                            (review_id,)).fetchone()
            if row is None:
                raise TrainerError(f"review {review_id} is gone; nothing to undo")
            card_id, before = row
            _write_memory(c, card_id, Memory.from_dict(json.loads(before)))
            c.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return card_id

    def reviews_of(self, card_id: str) -> list[ReviewRow]:
        rows = self.conn.execute(
            "SELECT id, card, rating, reviewed_at, duration_ms, state_before, state_after "
            "FROM reviews WHERE card = ? ORDER BY id", (card_id,)).fetchall()
        return [ReviewRow(r[0], r[1], r[2], r[3], r[4], Memory.from_dict(json.loads(r[5])),
                          Memory.from_dict(json.loads(r[6]))) for r in rows]

    def review_count(self) -> int:
        return self._one("SELECT count(*) FROM reviews")

    # -- settings -----------------------------------------------------------------------------

    def setting(self, scope: str, key: str, default=None):
        value = self._one("SELECT value FROM settings WHERE scope = ? AND key = ?", (scope, key))
        return default if value is None else json.loads(value)

    def settings(self, scope: str) -> dict:
        return {k: json.loads(v) for k, v in self.conn.execute(
            "SELECT key, value FROM settings WHERE scope = ?", (scope,))}

    def delete_setting(self, scope: str, key: str) -> None:
        with self.write() as c:
            c.execute("DELETE FROM settings WHERE scope = ? AND key = ?", (scope, key))

    def set_setting(self, scope: str, key: str, value) -> None:
        with self.write() as c:
            c.execute("INSERT INTO settings (scope, key, value) VALUES (?, ?, ?) "
                      "ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value",
                      (scope, key, json.dumps(value)))


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _card_json(card: Card) -> str:
    return json.dumps(asdict(card), sort_keys=True, ensure_ascii=False)


def _memory(row: Sequence) -> Memory:
    values = dict(zip(MEMORY_COLUMNS, row, strict=True))
    values["suspended"] = bool(values["suspended"])
    return Memory(**values)


def _write_memory(c: sqlite3.Connection, card_id: str, m: Memory) -> None:
    c.execute(
        "UPDATE memory SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
        "last_review = ?, reps = ?, lapses = ?, suspended = ?, buried_until = ? WHERE card = ?",
        (m.state, m.step, m.stability, m.difficulty, m.due, m.last_review, m.reps, m.lapses,
         int(m.suspended), m.buried_until, card_id))
