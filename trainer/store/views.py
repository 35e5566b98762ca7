"""Records of the read-only views (quiz attempts, stats, browse): loaded with the parts that use them."""

from __future__ import annotations

from dataclasses import dataclass

# apart from records.py: a study session needs none of them, and each frozen dataclass costs
# its module about a millisecond to create on the way to the first card


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
