"""Decks in the store: their rows, and deck sync as a pure diff plus one applying transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from trainer.errors import BadDeckFile
from trainer.model import Card, Deck
from trainer.store.base import Database, chunks, marks
from trainer.store.records import DeckRow, SyncResult

BATCH = 2000  # cards per sync transaction: each holds the write lock for a few milliseconds


@dataclass(frozen=True)
class Known:
    """What the store holds of a card before a sync."""

    content_hash: str
    position: int
    retired: bool
    changed_at: int


@dataclass
class DeckDiff:
    """What syncing a deck file changes: computed without touching the database."""

    added: list[tuple[Card, int]] = field(default_factory=list)  # (card, position)
    updated: list[tuple[Card, int, int]] = field(default_factory=list)  # (card, position, changed_at)
    moved: list[tuple[int, str]] = field(default_factory=list)  # (position, card id)
    revived: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # ids to retire

    def result(self, deck_id: str) -> SyncResult:
        return SyncResult(deck_id, added=len(self.added), updated=len(self.updated),
                          moved=len(self.moved), retired=len(self.gone), revived=len(self.revived))


def diff_deck(deck: Deck, known: Mapping[str, Known], now: int) -> DeckDiff:
    """New ids are added, changed content updates the card (changed_at moves strictly forward,
    even within one second), ids gone from the deck are retired, and a retired id that comes
    back is revived. Pure: the same inputs give the same diff."""
    diff = DeckDiff()
    incoming = set()
    for position, card in enumerate(deck.cards):
        if card.id in incoming:
            raise BadDeckFile(deck.path or deck.info.id, f"card id '{card.id}' appears twice")
        incoming.add(card.id)
        old = known.get(card.id)
        if old is None:
            diff.added.append((card, position))
            continue
        if old.retired:
            diff.revived.append(card.id)
        if old.content_hash != card.content_hash:
            diff.updated.append((card, position, max(now, old.changed_at + 1)))
        elif old.position != position or old.retired:
            diff.moved.append((position, card.id))
    diff.gone = [i for i, old in known.items() if i not in incoming and not old.retired]
    return diff


def card_json(card: Card) -> str:
    return json.dumps(asdict(card), sort_keys=True, ensure_ascii=False)


class Decks:
    """The decks table and deck sync."""

    def __init__(self, db: Database):
        self.db = db

    def all(self) -> list[DeckRow]:
        rows = self.db.rows(
            "SELECT d.id, d.name, d.tag, d.description, "
            "(SELECT count(*) FROM cards c WHERE c.deck = d.id AND NOT c.retired) "
            "FROM decks d ORDER BY d.name, d.id")
        return [DeckRow(*r) for r in rows]

    def file_hash(self, deck_id: str) -> str | None:
        return self.db.one("SELECT file_hash FROM decks WHERE id = ?", (deck_id,))

    def sync(self, deck: Deck, file_hash: str, now: int) -> SyncResult:
        """Bring the store up to date with one deck file. The work is written in batches of
        short transactions, so a grade in another window never waits long for the lock; the
        file's hash is stored last, so a sync cut short is simply done again next time. Every
        batch is idempotent, so two windows syncing the same file at once do no harm."""
        info = deck.info
        with self.db.write() as c:  # the deck row first: cards refer to it
            c.execute(
                "INSERT INTO decks (id, name, tag, description, file_hash, synced_at) "
                "VALUES (?, ?, ?, ?, '', ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                "tag = excluded.tag, description = excluded.description",
                (info.id, info.name, info.tag, info.description, now))
        known = {row[0]: Known(row[1], row[2], bool(row[3]), row[4]) for row in self.db.rows(
            "SELECT id, content_hash, position, retired, changed_at FROM cards WHERE deck = ?",
            (info.id,))}
        diff = diff_deck(deck, known, now)
        self._refuse_foreign_ids(deck, [card.id for card, _ in diff.added])
        for batch in chunks(diff.added, BATCH):
            with self.db.write():
                self._add(info.id, batch, now)
        for batch in chunks(diff.updated, BATCH):
            with self.db.write():
                self._update(batch)
        for batch in chunks(diff.moved, BATCH):
            with self.db.write() as c:
                c.executemany("UPDATE cards SET position = ?, retired = 0 WHERE id = ?", batch)
                c.executemany("UPDATE memory SET position = ?, retired = 0 WHERE card = ?", batch)
        for batch in chunks([(i,) for i in diff.gone], BATCH):
            with self.db.write() as c:
                c.executemany("UPDATE cards SET retired = 1 WHERE id = ?", batch)
                c.executemany("UPDATE memory SET retired = 1 WHERE card = ?", batch)
        with self.db.write() as c:
            c.execute("UPDATE decks SET file_hash = ?, synced_at = ? WHERE id = ?",
                      (file_hash, now, info.id))
        return diff.result(info.id)

    def _add(self, deck_id: str, batch: Sequence[tuple[Card, int]], now: int) -> None:
        c = self.db.conn
        c.executemany(
            "INSERT INTO cards (id, deck, claim, kind, topic, position, content_hash, data, "
            "created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO NOTHING",
            [(card.id, deck_id, card.claim, card.kind, card.topic, pos, card.content_hash,
              card_json(card), now, now) for card, pos in batch])
        c.executemany(
            "INSERT INTO memory (card, deck, claim, position, priority) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(card) DO NOTHING",
            [(card.id, deck_id, card.claim, pos, card.priority) for card, pos in batch])

    def _update(self, batch: Sequence[tuple[Card, int, int]]) -> None:
        c = self.db.conn
        c.executemany(
            "UPDATE cards SET topic = ?, position = ?, content_hash = ?, data = ?, retired = 0, "
            "changed_at = ? WHERE id = ?",
            [(card.topic, pos, card.content_hash, card_json(card), changed, card.id)
             for card, pos, changed in batch])
        c.executemany("UPDATE memory SET position = ?, priority = ?, retired = 0 WHERE card = ?",
                      [(pos, card.priority, card.id) for card, pos, _ in batch])

    def _refuse_foreign_ids(self, deck: Deck, ids: list[str]) -> None:
        for chunk in chunks(ids, 500):
            row = self.db.conn.execute(
                f"SELECT id, deck FROM cards WHERE id IN ({marks(len(chunk))}) LIMIT 1",
                list(chunk)).fetchone()
            if row:
                raise BadDeckFile(deck.path or deck.info.id, f"card id '{row[0]}' already belongs to deck "
                                           f"'{row[1]}'; claim ids must be unique across sources")
