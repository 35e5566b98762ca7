"""What a study session hands the interface: the card shown with its previews, the counts of
cards left, a grade's result, and the session's summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from trainer.balance import Balancer
from trainer.model import Card, Rating
from trainer.schedule import NEW, Memory, SchedulerConfig, interval_label, outcomes, seconds


@dataclass(frozen=True)
class Shown:
    """A card put in front of the learner. Its four outcomes are computed once, when first
    needed (the reveal), from the moment it was shown: the preview on a button is exactly
    what grading applies, since fsrs fuzz is random."""

    card: Card
    memory: Memory
    shown_at: datetime
    config: SchedulerConfig
    version: int = 0  # the memory's version in the store: a grade applies only to it
    balancer: Balancer | None = None  # spreads reviews over the days of their fuzz range

    @cached_property
    def outcomes(self) -> dict[Rating, Memory]:
        return outcomes(self.memory, self.shown_at, self.config, self.balancer)

    def preview(self, rating: Rating) -> str:
        """"10m", "3d"...: exactly the interval grading `rating` will apply."""
        return interval_label(seconds(self.shown_at), self.outcomes[rating].due)

    @property
    def is_new(self) -> bool:
        return self.memory.state == NEW


@dataclass(frozen=True)
class Counts:
    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True)
class Graded:
    review_id: int
    memory: Memory
    leech: bool  # the lapse made it a leech: it is now suspended
    next: Shown | None


@dataclass
class Summary:
    reviewed: int = 0
    again: int = 0
    duration_ms: int = 0
    next_due: int | None = None

    @property
    def again_rate(self) -> float:
        return self.again / self.reviewed if self.reviewed else 0.0
