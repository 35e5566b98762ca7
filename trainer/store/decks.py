"""Decks in the store: their rows, and deck sync (the sync itself is in decksync.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from trainer.store.base import Database
from trainer.store.records import DeckRow, SyncResult

if TYPE_CHECKING:
    from trainer.decklines import Incoming, RawCard
    from trainer.deckmodel import Deck, DeckInfo


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
        """Sync a deck record held in memory (tests, tools): the same path as a deck file's."""
        from trainer.store.decksync import sync_deck

        return sync_deck(self.db, deck, file_hash, now)

    def sync_lines(self, info: DeckInfo, raws: Iterable[RawCard],
                   parse: Callable[[RawCard], Incoming], file_hash: str, now: int,
                   where: str = "", peek: bool = True) -> SyncResult:
        """Bring the store up to date with a deck's cards, given one at a time (see
        trainer.store.decksync); `parse` turns a card line into a record (raising for a broken one)."""
        # imported here: a start whose deck files are unchanged never syncs, and need not
        # build the sync's records and the deck line parser's
        from trainer.store.decksync import sync_lines

        return sync_lines(self.db, info, raws, parse, file_hash, now, where, peek)
