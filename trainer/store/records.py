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


@dataclass(frozen=True)
class AttemptRow:
    """One stored quiz answer (a row of quiz_attempts)."""

    id: int
    run: str
    item: str
    claim: str
    kind: str
    topic: str
    deck: str
    answered_at: int  # unix milliseconds
    response: str
    correct: bool
    duration_ms: int


@dataclass(frozen=True)
class BasicStats:
    """The headline figures: cards, reviews, today's reviews, due now, 30-day retention."""

    cards: int
    reviews: int
    reviews_today: int
    due_now: int
    retention_30d: float | None
    retention_30d_reviews: int


@dataclass(frozen=True)
class CardStates:
    """Every card once: retired, else suspended, else by its study state."""

    new: int
    learning: int  # relearning counts as learning
    review: int
    suspended: int
    retired: int
    average_stability: float | None  # days, over the cards studied and still in play


@dataclass(frozen=True)
class Term:
    """One search term: field is "text", "tag", "topic", "deck" or "is"."""

    field: str
    value: str
    negate: bool = False


@dataclass(frozen=True)
class CardLine:
    """A row of the browse table."""

    id: str
    topic: str
    question: str
    state: int
    due: int | None
    stability: float | None
    difficulty: float | None
    lapses: int
    suspended: bool
    retired: bool
