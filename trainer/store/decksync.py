"""Deck sync: a pure diff of each batch of a deck file's cards, then an apply.

Sync goes through a deck file's cards in batches: an unchanged card (same id, position and
content hash) is recognised from its line without being parsed; the others are parsed,
compared (`diff_batch`, pure) and written in one short transaction per batch, so a grade in
another window never waits long for the lock. The file's hash is stored last: a sync cut
short is simply done again next time. Every batch is idempotent, so two windows syncing the
same file at once do no harm.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from trainer.collector import collector_paused
from trainer.decklines import Incoming, RawCard
from trainer.deckmodel import Deck, DeckInfo
from trainer.errors import BadDeckFile
from trainer.model import Card
from trainer.store.base import Database, chunks, marks
from trainer.store.records import SyncResult

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
    """What syncing (part of) a deck file changes: computed without touching the database."""

    added: list[tuple[Incoming, int]] = field(default_factory=list)  # (card, position)
    updated: list[tuple[Incoming, int, int]] = field(default_factory=list)  # (card, position, changed_at)
    moved: list[tuple[int, str]] = field(default_factory=list)  # (position, card id)
    revived: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # ids to retire

    def counts(self) -> tuple[int, int, int, int, int]:
        return (len(self.added), len(self.updated), len(self.moved), len(self.gone),
                len(self.revived))


def diff_batch(cards: Iterable[tuple[Incoming, int]], known: Mapping[str, Known],
               now: int) -> DeckDiff:
    """New ids are added, changed content updates the card (changed_at moves strictly forward,
    even within one second), a moved or revived card gets its new position. Pure."""
    diff = DeckDiff()
    for card, position in cards:
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
    return diff


def incoming(card: Card) -> Incoming:
    """A card record (built in code, or read whole) as deck sync takes it."""
    return Incoming(card.id, card.claim, card.kind, card.topic, card.priority, card.content_hash,
                    card.changed_at, json.dumps(asdict(card), sort_keys=True, ensure_ascii=False))


def sync_deck(db: Database, deck: Deck, file_hash: str, now: int) -> SyncResult:
    """Sync a deck record held in memory (tests, tools): the same path as a deck file's."""
    records = [incoming(card) for card in deck.cards]
    raws = (RawCard(i, "", 0) for i in range(len(records)))
    return sync_lines(db, deck.info, raws, lambda raw: records[raw.position], file_hash, now,
                      where=deck.path or deck.info.id, peek=False)


def sync_lines(db: Database, info: DeckInfo, raws: Iterable[RawCard],
               parse: Callable[[RawCard], Incoming], file_hash: str, now: int,
               where: str = "", peek: bool = True) -> SyncResult:
    """Bring the store up to date with a deck's cards, given one at a time (see the module
    docstring); `parse` turns a card line into a record (raising for a broken one)."""
    with db.write() as c:  # the deck row first: cards refer to it
        c.execute(
            "INSERT INTO decks (id, name, tag, description, file_hash, synced_at) "
            "VALUES (?, ?, ?, ?, '', ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "tag = excluded.tag, description = excluded.description",
            (info.id, info.name, info.tag, info.description, now))
    known = {row[0]: Known(row[1], row[2], bool(row[3]), row[4]) for row in db.rows(
        "SELECT id, content_hash, position, retired, changed_at FROM cards WHERE deck = ?",
        (info.id,))}
    seen: set[str] = set()
    totals = [0, 0, 0, 0, 0]  # counts only: a batch's records are freed once it is written
    batch: list[tuple[Incoming, int]] = []
    # the collector would rescan the growing `seen` and `known` again and again: reference
    # counting frees everything a batch leaves behind
    with collector_paused():
        for raw in raws:
            plain = raw.peek() if peek else None
            if plain is not None:
                card_id, content_hash = plain
                old = known.get(card_id)
                if old is not None and old.content_hash == content_hash and \
                        old.position == raw.position and not old.retired:
                    if card_id in seen:
                        raise BadDeckFile(where, f"card id '{card_id}' appears twice", raw.line)
                    seen.add(card_id)
                    continue  # unchanged: not even parsed
            card = parse(raw)
            if card.id in seen:
                raise BadDeckFile(where, f"card id '{card.id}' appears twice", raw.line)
            seen.add(card.id)
            batch.append((card, raw.position))
            if len(batch) == BATCH:
                _tally(totals, _apply(db, info.id, diff_batch(batch, known, now), now, where))
                batch = []
        _tally(totals, _apply(db, info.id, diff_batch(batch, known, now), now, where))
        gone = [card_id for card_id, old in known.items() if card_id not in seen and not old.retired]
        for part in chunks(gone, BATCH):
            with db.write() as c:
                c.executemany("UPDATE cards SET retired = 1 WHERE id = ?", [(i,) for i in part])
                c.executemany("UPDATE memory SET retired = 1 WHERE card = ?", [(i,) for i in part])
        totals[3] = len(gone)
    with db.write() as c:
        c.execute("UPDATE decks SET file_hash = ?, synced_at = ? WHERE id = ?",
                  (file_hash, now, info.id))
    added, updated, moved, retired, revived = totals
    return SyncResult(info.id, added=added, updated=updated, moved=moved, retired=retired,
                      revived=revived)


def _tally(totals: list[int], diff: DeckDiff) -> None:
    for i, n in enumerate(diff.counts()):
        totals[i] += n


def _apply(db: Database, deck_id: str, diff: DeckDiff, now: int, where: str) -> DeckDiff:
    """One batch's changes, in one transaction."""
    if not (diff.added or diff.updated or diff.moved):
        return diff
    _refuse_foreign_ids(db, deck_id, [card.id for card, _ in diff.added], where)
    with db.write() as c:
        c.executemany(
            "INSERT INTO cards (id, deck, claim, kind, topic, position, content_hash, data, "
            "created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO NOTHING",
            [(card.id, deck_id, card.claim, card.kind, card.topic, pos, card.content_hash,
              card.data, now, now) for card, pos in diff.added])
        c.executemany(
            "INSERT INTO memory (card, deck, claim, position, priority) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(card) DO NOTHING",
            [(card.id, deck_id, card.claim, pos, card.priority) for card, pos in diff.added])
        c.executemany(
            "UPDATE cards SET topic = ?, position = ?, content_hash = ?, data = ?, retired = 0, "
            "changed_at = ? WHERE id = ?",
            [(card.topic, pos, card.content_hash, card.data, changed, card.id)
             for card, pos, changed in diff.updated])
        c.executemany("UPDATE memory SET position = ?, priority = ?, retired = 0 WHERE card = ?",
                      [(pos, card.priority, card.id) for card, pos, _ in diff.updated])
        c.executemany("UPDATE cards SET position = ?, retired = 0 WHERE id = ?", diff.moved)
        c.executemany("UPDATE memory SET position = ?, retired = 0 WHERE card = ?", diff.moved)
    return diff


def _refuse_foreign_ids(db: Database, deck_id: str, ids: Sequence[str], where: str) -> None:
    for chunk in chunks(ids, 500):
        row = db.conn.execute(
            f"SELECT id, deck FROM cards WHERE id IN ({marks(len(chunk))}) AND deck != ? LIMIT 1",
            [*chunk, deck_id]).fetchone()
        if row:
            raise BadDeckFile(where or deck_id, f"card id '{row[0]}' already belongs to deck "
                                                f"'{row[1]}'; claim ids must be unique across sources")
