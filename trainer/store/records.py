"""Records the store hands out: plain frozen dataclasses, never rows or dicts."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.schedule import Memory


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
    cards: int  # cards still in the deck (not retired)


@dataclass(frozen=True)
class CardRow:
    """A card's bookkeeping: where it sits, when it came and last changed."""

    id: str
    deck: str
    claim: str
    kind: str
    topic: str
    position: int
    content_hash: str
    retired: bool
    created_at: int
    changed_at: int


@dataclass(frozen=True)
class ReviewRow:
    id: int
    card: str
    rating: int
    reviewed_at: int  # unix milliseconds
    duration_ms: int
    before: Memory
    after: Memory
